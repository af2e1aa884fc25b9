//! The data export over SFTP with the real OpenSSH `sftp` client: the
//! archive listed in `/exports/`, downloaded, complete and limited to the
//! caller's own data, and audited. Also `ssh HOST export` through the
//! russh test client. On SQLite and PostgreSQL. Skipped with a message
//! when `sftp` is missing.

mod common;

use std::collections::BTreeMap;

use common::describe;
use common::exec::run;
use common::openssh::{client_files, clients_installed, sftp_batch};
use common::{Login, PASSWORD, TestServer, add_account, add_text_document, password_login};
use portico::domain::Role;
use portico::service::export_archive::archive_name;
use portico::store::Store;

async fn add_document(
    server: &TestServer,
    organisation: &str,
    user: Option<&str>,
    kind: &str,
    title: &str,
) {
    let content = format!("content of {title}");
    add_text_document(
        &server.portal,
        organisation,
        user,
        kind,
        title,
        content.as_bytes(),
    )
    .await;
}

/// Adds alice and bob of Acme and carol of Globex, each organisation with
/// an invoice, and a pay slip for alice and one for bob.
async fn seed(server: &TestServer) -> common::Account {
    let alice = add_account(
        &server.portal,
        "alice",
        Some("Acme"),
        Role::Customer,
        true,
        1,
    )
    .await;
    add_account(&server.portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
    add_account(
        &server.portal,
        "carol",
        Some("Globex"),
        Role::Customer,
        true,
        3,
    )
    .await;
    add_document(server, "Acme", None, "invoice", "Acme invoice").await;
    add_document(server, "Acme", Some("alice"), "pay-slip", "Alice pay slip").await;
    add_document(server, "Acme", Some("bob"), "pay-slip", "Bob pay slip").await;
    add_document(server, "Globex", None, "invoice", "Globex invoice").await;
    alice
}

fn entries(bytes: &[u8]) -> BTreeMap<String, String> {
    common::tar_entries(bytes)
        .into_iter()
        .map(|(path, content)| (path, String::from_utf8_lossy(&content).into_owned()))
        .collect()
}

/// Checks that an archive contains alice's documents and data, and nothing
/// of bob's pay slip or of Globex.
fn assert_own_data_only(entries: &BTreeMap<String, String>) {
    let everything: String = entries.values().cloned().collect();
    assert!(
        everything.contains("content of Acme invoice"),
        "{entries:?}"
    );
    assert!(
        everything.contains("content of Alice pay slip"),
        "{entries:?}"
    );
    assert!(!everything.contains("Bob pay slip"), "{entries:?}");
    assert!(!everything.contains("Globex"), "{entries:?}");
    let data: serde_json::Value =
        serde_json::from_str(entries.get("data.json").expect("data.json")).expect("json");
    assert_eq!(data["profile"]["handle"], "alice");
    assert!(
        data["login_history"]
            .as_array()
            .is_some_and(|logins| !logins.is_empty()),
        "the login of this connection is in the export: {data}"
    );
}

async fn export_audits(store: &Store) -> Vec<String> {
    sqlx::query_as::<_, (String,)>(
        "SELECT detail FROM audit_entries WHERE action = 'personal-data-exported' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .expect("read audit entries")
    .into_iter()
    .map(|(detail,)| detail)
    .collect()
}

on_both_backends!(
    export_over_openssh_sftp,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = seed(&server).await;
        let name = archive_name("alice", portico::domain::now());

        let files = client_files(&alice, &alice.code());
        let local = files.dir.path().join("export.tar");
        let commands = format!(
            "ls -l /\nls -l /exports\nget /exports/{name} {}\nput {} /exports/upload.tar\n",
            local.display(),
            local.display()
        );
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(stdout.contains("exports"), "{}", describe(&output));
        assert!(stdout.contains(&name), "{}", describe(&output));
        assert!(
            !output.status.success(),
            "the read-only folder rejects the put: {}",
            describe(&output)
        );

        let bytes = std::fs::read(&local).expect("downloaded archive");
        assert_own_data_only(&entries(&bytes));
        let audits = export_audits(&store).await;
        assert_eq!(audits.len(), 1, "{audits:?}");
        assert!(audits[0].starts_with("sftp:"), "{audits:?}");
    }
);

on_both_backends!(
    export_over_ssh_exec,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = seed(&server).await;
        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let export = run(&session, "export", b"").await;
        assert_eq!(export.status, Some(0), "{}", export.stderr);
        assert_own_data_only(&entries(&export.stdout));
        let audits = export_audits(&store).await;
        assert_eq!(audits.len(), 1, "{audits:?}");
        assert!(audits[0].starts_with("ssh export:"), "{audits:?}");
    }
);
