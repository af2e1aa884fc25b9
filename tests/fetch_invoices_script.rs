//! scripts/fetch-invoices.sh as cron would run it. The real OpenSSH
//! client with a read-only automation key fetches the invoices issued
//! since the first of last month, byte for byte, and the open requests.
//! A second run fetches nothing new, and the audit trail records each
//! access. On SQLite and PostgreSQL. Skipped with a message when `ssh` or
//! `jq` is missing, unless PORTICO_REQUIRE_TOOLS=1.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use common::{TestServer, add_account, audit_count};
use portico::domain::{RequestCategory, Role};
use portico::service::automation_keys::AutomationKeyDraft;
use portico::service::ingest::DocumentDraft;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use russh::keys::PrivateKey;
use russh::keys::ssh_key::private::Ed25519Keypair;

/// Tells whether `ssh` and `jq` are installed; fails the test when they
/// are missing but required.
fn tools_available() -> bool {
    let missing: Vec<&str> = [("ssh", "-V"), ("jq", "--version")]
        .into_iter()
        .filter(|(tool, flag)| Command::new(tool).arg(flag).output().is_err())
        .map(|(tool, _)| tool)
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !std::env::var("PORTICO_REQUIRE_TOOLS").is_ok_and(|value| value == "1"),
        "PORTICO_REQUIRE_TOOLS=1 but {missing:?} not installed"
    );
    eprintln!("SKIPPED: {missing:?} not installed");
    false
}

fn run_script(port: u16, key: &Path, folder: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fetch-invoices.sh");
    Command::new("sh")
        .arg(script)
        .arg("alice@127.0.0.1")
        .arg(folder)
        .env("PORTICO_PORT", port.to_string())
        .env("PORTICO_KEY", key)
        .env(
            "PORTICO_SSH_OPTIONS",
            "-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o LogLevel=ERROR -o ConnectTimeout=10",
        )
        .output()
        .expect("run the script")
}

async fn add_document(server: &TestServer, kind: &str, date: &str, content: Vec<u8>) {
    server
        .portal
        .add_document(
            &DocumentDraft {
                organisation: "Acme".to_string(),
                kind: kind.to_string(),
                title: format!("{kind} of {date}"),
                date: Some(date.to_string()),
                ..DocumentDraft::default()
            },
            &format!("{kind}-{date}.bin"),
            content,
        )
        .await
        .expect("add document");
}

on_both_backends!(
    script_fetches_new_invoices_once,
    |store: Store, _url: String| async move {
        if !tools_available() {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let today = chrono::Utc::now().date_naive().to_string();
        let mut invoice: Vec<u8> = (0..=255u8).cycle().take(200_000).collect();
        invoice.extend_from_slice(b"\r\n\x1b[2J\x00end");
        add_document(&server, "invoice", &today, invoice.clone()).await;
        add_document(&server, "invoice", "2020-01-31", b"old".to_vec()).await;
        add_document(&server, "letter", &today, b"letter".to_vec()).await;
        let principal = common::principal_of(&store, alice.id).await;
        server
            .portal
            .open_request(
                &principal,
                &RequestDraft {
                    subject: "Router blinks red".to_string(),
                    category: RequestCategory::Technical,
                    body: "details".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");

        let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[44; 32])));
        server
            .portal
            .add_automation_key_for(
                "alice",
                &AutomationKeyDraft {
                    name: "nightly invoices".to_string(),
                    public_key: key.public_key().to_openssh().expect("public key line"),
                    lifetime_days: 30,
                    networks: "127.0.0.0/8".to_string(),
                    read_write: false,
                },
            )
            .await
            .expect("add automation key");
        let dir = tempfile::tempdir().expect("folder");
        let key_file = dir.path().join("portico_automation");
        key.write_openssh_file(&key_file, russh::keys::ssh_key::LineEnding::LF)
            .expect("write key");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600))
                .expect("key mode");
        }
        let folder = dir.path().join("invoices");
        let port = server.address.port();

        let first = tokio::task::spawn_blocking({
            let (key_file, folder) = (key_file.clone(), folder.clone());
            move || run_script(port, &key_file, &folder)
        })
        .await
        .expect("join the script");
        let stdout = String::from_utf8_lossy(&first.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&first.stderr).into_owned();
        assert!(first.status.success(), "{stdout}{stderr}");
        assert!(
            stdout.contains(": 1 fetched, 0 already here; 1 open requests"),
            "{stdout}"
        );

        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .expect("read folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        assert_eq!(files.len(), 2, "one invoice and the requests: {files:?}");
        let invoice_file = files
            .iter()
            .find(|name| name.as_str() != "open-requests.json")
            .expect("the invoice file");
        assert_eq!(
            std::fs::read(folder.join(invoice_file)).expect("read invoice"),
            invoice,
            "byte-exact"
        );
        let requests: serde_json::Value = serde_json::from_slice(
            &std::fs::read(folder.join("open-requests.json")).expect("read requests"),
        )
        .expect("requests JSON");
        assert_eq!(requests["requests"][0]["subject"], "Router blinks red");

        let second = tokio::task::spawn_blocking({
            let (key_file, folder) = (key_file.clone(), folder.clone());
            move || run_script(port, &key_file, &folder)
        })
        .await
        .expect("join the script");
        let stdout = String::from_utf8_lossy(&second.stdout).into_owned();
        assert!(second.status.success(), "{stdout}");
        assert!(stdout.contains(": 0 fetched, 1 already here"), "{stdout}");

        // Three connections in the first run (list, get, requests), two in
        // the second.
        assert_eq!(audit_count(&store, "automation-key-used").await, 5);
        assert_eq!(audit_count(&store, "command-run").await, 5);
        assert_eq!(audit_count(&store, "document-downloaded").await, 1);
    }
);
