//! Exports over `ssh HOST export` and over SFTP need the login's second
//! factor to be recent, since neither can ask for a fresh code: a TOTP or
//! recovery code from at most the configured time ago. Older logins are
//! refused with words telling the user to reconnect, automation keys never
//! export, and each refusal is audited. On SQLite and PostgreSQL; the SFTP
//! test uses the real OpenSSH `sftp` and is skipped when it is missing.
//!
//! The servers here allow 1 second, so a test waits past it rather than
//! 5 minutes.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::exec::run;
use common::openssh::{client_files, clients_installed, sftp_batch};
use common::{
    Login, PASSWORD, TestServer, add_account, audit_count, describe, password_login, principal_of,
    test_limits,
};
use portico::domain::Role;
use portico::domain::regional::{DateFormat, Language};
use portico::service::automation_keys::AutomationKeyDraft;
use portico::service::export_archive::archive_name;
use portico::ssh::Limits;
use portico::store::Store;
use russh::keys::PrivateKey;
use russh::keys::PrivateKeyWithHashAlg;
use russh::keys::ssh_key::private::Ed25519Keypair;

/// Longer than the servers' 1-second limit, with a margin for whole-second
/// timestamps.
const PAST_LIMIT: Duration = Duration::from_millis(2_500);

async fn server_with_short_limit(store: &Store) -> TestServer {
    TestServer::start_with(
        store,
        Limits {
            export_factor_max_age: Duration::from_secs(1),
            ..test_limits()
        },
    )
    .await
}

async fn refusals(store: &Store) -> Vec<String> {
    sqlx::query_as::<_, (String,)>(
        "SELECT detail FROM audit_entries WHERE action = 'export-refused' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .expect("read audit entries")
    .into_iter()
    .map(|(detail,)| detail)
    .collect()
}

on_both_backends!(
    exec_export_needs_recent_code,
    |store: Store, _url: String| async move {
        let server = server_with_short_limit(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let fresh = run(&session, "export --json", b"").await;
        assert_eq!(fresh.status, Some(0), "{}", fresh.stderr);
        assert_eq!(fresh.json()["profile"]["handle"], "alice");

        tokio::time::sleep(PAST_LIMIT).await;
        for line in ["export", "export --json"] {
            let stale = run(&session, line, b"").await;
            assert_eq!(stale.status, Some(4), "{line}: {}", stale.stderr);
            assert!(stale.stdout.is_empty(), "{line}: no data is written");
            assert!(stale.stderr.contains("reconnect"), "{}", stale.stderr);
            assert!(stale.stderr.contains("last second"), "{}", stale.stderr);
        }
        let refused = refusals(&store).await;
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].starts_with("ssh export: "), "{refused:?}");
        assert!(refused[0].contains("limit 1 s"), "{refused:?}");
        assert_eq!(audit_count(&store, "personal-data-exported").await, 1);

        // Reconnecting with an unused recovery code makes it fresh again.
        let (again, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.recovery_codes[0]).await;
        assert_eq!(outcome, Login::Success);
        let export = run(&again, "export", b"").await;
        assert_eq!(export.status, Some(0), "{}", export.stderr);
        assert!(!export.stdout.is_empty());
        assert_eq!(audit_count(&store, "personal-data-exported").await, 2);
    }
);

on_both_backends!(
    automation_key_never_exports,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[42; 32])));
        let principal = common::principal_of(&store, alice.id).await;
        let draft = AutomationKeyDraft {
            name: "nightly export".to_string(),
            public_key: key.public_key().to_openssh().expect("public key line"),
            lifetime_days: 30,
            networks: String::new(),
            read_write: true,
        };
        server
            .portal
            .register_automation_key(&principal, &alice.next_code(), &draft, "127.0.0.1:40000")
            .await
            .expect("register automation key");

        let mut session = common::connect(server.address).await;
        let accepted = session
            .authenticate_publickey("alice", PrivateKeyWithHashAlg::new(key, None))
            .await
            .expect("publickey request");
        assert!(accepted.success(), "the key logs in without a code");
        for line in ["export", "export --json"] {
            let export = run(&session, line, b"").await;
            assert_eq!(export.status, Some(4), "{line}: {}", export.stderr);
            assert!(export.stdout.is_empty(), "{line}: no data is written");
            assert!(
                export.stderr.contains("automation keys"),
                "{}",
                export.stderr
            );
        }
        let refused = refusals(&store).await;
        assert_eq!(
            refused,
            vec!["ssh export: automation key".to_string(); 2],
            "{refused:?}"
        );
        assert_eq!(audit_count(&store, "personal-data-exported").await, 0);
    }
);

on_both_backends!(
    sftp_export_needs_recent_code,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp"]) {
            return;
        }
        let server = server_with_short_limit(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let name = archive_name("alice", portico::domain::now());
        let files = client_files(&alice, &alice.code());
        let local = files.dir.path().join("export.tar");
        // `!sleep` runs on the client between login and the export; the
        // `-` prefixes let the batch go on after a failed command.
        let commands = format!(
            "ls /\n!sleep 2.5\n-ls -l /exports\n-get /exports/{name} {}\n",
            local.display()
        );
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(stdout.contains("exports"), "{}", describe(&output));
        assert!(!local.exists(), "{}", describe(&output));
        assert!(
            stderr.contains("reconnect"),
            "the reason reaches the user: {}",
            describe(&output)
        );

        let refused = refusals(&store).await;
        assert_eq!(refused.len(), 1, "refused once per session: {refused:?}");
        assert!(refused[0].starts_with("sftp: "), "{refused:?}");
        assert_eq!(audit_count(&store, "personal-data-exported").await, 0);
    }
);

// russh-sftp serves each SFTP session from a task of its own, so this
// checks that the reason still comes in the user's language.
on_both_backends!(
    sftp_refusal_in_french,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp"]) {
            return;
        }
        let server = server_with_short_limit(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let principal = principal_of(&store, alice.id).await;
        server
            .portal
            .save_regional_preferences(&principal, "UTC", DateFormat::Iso, Some(Language::French))
            .await
            .expect("choose French");
        let name = archive_name("alice", portico::domain::now());
        let files = client_files(&alice, &alice.code());
        let commands = format!("!sleep 2.5\n-get /exports/{name} /dev/null\n");
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.contains("un export demande un second facteur"),
            "the reason is in French: {}",
            describe(&output)
        );
        assert!(
            !stderr.contains("an export needs"),
            "no English reason: {}",
            describe(&output)
        );
    }
);
