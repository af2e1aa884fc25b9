//! The load generator and the seeding of benchmark data, run small: every
//! figure of the report is present and plausible, and the seeded data is
//! complete and scoped like any other. On SQLite and PostgreSQL.
//! Speed itself is measured by running `portico bench` (BENCHMARKS.md),
//! never asserted here.

mod common;

use std::path::PathBuf;

use common::TestServer;
use portico::bench::{self, BenchArgs, LoginMode, Scenario};
use portico::service::seed::SeedPlan;
use portico::store::Store;
use portico::store::documents::{self, DocumentQuery};
use portico::store::users;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::{Ed25519Keypair, PrivateKey};

/// Seeds `organisations` small organisations and writes the accounts file
/// and key the load generator reads.
async fn seed(
    server: &TestServer,
    dir: &std::path::Path,
    organisations: usize,
) -> (PathBuf, PathBuf) {
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&[9; 32]));
    let plan = SeedPlan {
        organisations,
        users_per_organisation: 3,
        documents_per_organisation: 12,
        requests_per_organisation: 2,
        password: "benchmark password 2026".to_string(),
        public_key: key.public_key().to_openssh().expect("public key"),
    };
    let outcome = server.portal.seed(&plan).await.expect("seed");
    assert_eq!(outcome.accounts.len(), organisations * 3);
    assert_eq!(outcome.documents, organisations * 12);
    assert_eq!(outcome.requests, organisations * 2);

    let accounts = dir.join("accounts.jsonl");
    let lines: Vec<String> = outcome
        .accounts
        .iter()
        .map(|account| serde_json::to_string(account).expect("json"))
        .collect();
    std::fs::write(&accounts, lines.join("\n")).expect("accounts file");
    let key_file = dir.join("key");
    std::fs::write(
        &key_file,
        key.to_openssh(LineEnding::LF).expect("key").as_bytes(),
    )
    .expect("key file");
    (accounts, key_file)
}

fn args(server: &TestServer, accounts: PathBuf, key: PathBuf) -> BenchArgs {
    BenchArgs {
        target: server.address,
        accounts,
        key: Some(key),
        scenario: Scenario::Interactive,
        login: LoginMode::Key,
        sessions: 2,
        idle_sessions: 1,
        keys: "jjkk".to_string(),
        key_rate: 4.0,
        login_rate: 1.0,
        duration: 2,
        ramp_concurrency: 4,
        server_pid: Some(std::process::id()),
        cols: 80,
        rows: 24,
        plain_shell: false,
        json: true,
    }
}

on_both_backends!(
    interactive_run_reports_every_figure,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let dir = tempfile::tempdir().expect("folder");
        let (accounts, key) = seed(&server, dir.path(), 3).await;

        let report = bench::run(&args(&server, accounts, key))
            .await
            .expect("bench run");

        assert_eq!(report.failures, 0, "{:?}", report.first_errors);
        assert_eq!(report.login.count, 3, "every session logged in");
        assert_eq!(report.connect_to_first_frame.count, 3);
        assert_eq!(report.login_to_first_frame.count, 3);
        assert!(report.handshake.p50_ms > 0.0);
        assert!(report.handshake.p50_ms <= report.login.p50_ms);
        assert!(report.login.p99_ms <= report.connect_to_first_frame.max_ms);
        assert!(report.keys_sent >= 4, "{report:?}");
        assert_eq!(
            report.keys_unanswered, 0,
            "every j and k moved the selection"
        );
        assert_eq!(report.key_to_frame.count as u64, report.keys_sent);
        assert!(report.key_to_frame.p50_ms > 0.0);
        assert!(report.bytes_per_key_mean > 0.0);
        assert!(report.bytes_per_key_max > 0);
        assert!(report.background_logins.count >= 1, "{report:?}");
        assert!(report.server_rss_mib.is_some_and(|mib| mib > 0.0));
        assert!(report.server_millicores_per_session.is_some());

        let json = serde_json::to_value(&report).expect("json");
        for field in [
            "handshake",
            "login",
            "connect_to_first_frame",
            "key_to_frame",
            "bytes_per_key_mean",
            "logins_per_sec",
            "server_rss_mib",
            "server_millicores_per_session",
        ] {
            assert!(json.get(field).is_some(), "JSON lacks {field}");
        }
        assert!(report.table().contains("key to frame"));
    }
);

on_both_backends!(
    logins_run_counts_logins_per_second,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let dir = tempfile::tempdir().expect("folder");
        let (accounts, key) = seed(&server, dir.path(), 2).await;

        let mut args = args(&server, accounts, key);
        args.scenario = Scenario::Logins;
        args.login = LoginMode::Password;
        args.sessions = 2;
        let report = bench::run(&args).await.expect("bench run");

        assert_eq!(report.failures, 0, "{:?}", report.first_errors);
        assert!(report.login.count >= 2, "{report:?}");
        assert!(report.logins_per_sec > 0.0);
    }
);

on_both_backends!(
    seeded_data_is_complete_and_scoped,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let dir = tempfile::tempdir().expect("folder");
        seed(&server, dir.path(), 2).await;

        let first = users::find_by_handle(store.pool(), "o1u1")
            .await
            .expect("find")
            .expect("seeded account");
        let principal = first.principal();
        let seen = documents::list(
            store.pool(),
            store.backend(),
            &principal,
            &DocumentQuery::default(),
        )
        .await
        .expect("list");
        assert!(
            !seen.is_empty() && seen.len() <= 12,
            "only o1's documents: {}",
            seen.len()
        );
        assert!(
            seen.iter()
                .all(|document| Some(document.organisation_id) == principal.organisation_id)
        );

        // Ids chosen by the loader leave the sequences ready for new rows.
        let added = server
            .portal
            .add_account(&portico::service::admin::AccountDraft {
                handle: "newcomer".to_string(),
                display_name: "New Comer".to_string(),
                email: "newcomer@example.com".to_string(),
                role: portico::domain::Role::Customer,
                organisation: Some("Fresh Start".to_string()),
                password: None,
            })
            .await;
        assert!(added.is_ok(), "{added:?}");

        let plan = SeedPlan {
            organisations: 1,
            users_per_organisation: 1,
            documents_per_organisation: 1,
            requests_per_organisation: 1,
            password: "benchmark password 2026".to_string(),
            public_key:
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMu8Rz5R7Ylc4pIDK2uQ3dH+1I1OEM0KPlO2V9SgZ7eZ"
                    .to_string(),
        };
        let again = server.portal.seed(&plan).await;
        assert!(again.is_err(), "a database with data is refused");
    }
);
