//! The Documents screen end to end with the real OpenSSH client `ssh` in a
//! pseudo-terminal: search a word that only a PDF's text contains, open the
//! match, and read its preview and download command. On SQLite and
//! PostgreSQL. Skipped with a message when `ssh` is missing.

mod common;

use std::process::Command;
use std::time::Duration;

use common::openssh::{KEY_LOGIN_OPTIONS, clients_installed, write_client_key};
use common::{TestServer, add_customer, document_draft};
use portico::service::extract::simple_pdf;
use portico::service::ingest::DocumentDraft;
use portico::store::Store;

/// Logs in with the key and `code`, searches and opens the document; runs
/// on a blocking thread because expectrl blocks.
fn search_and_open(command: Command, code: &str) -> Result<(), String> {
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn ssh: {error}"))?;
    session
        .get_process_mut()
        .set_window_size(120, 40)
        .map_err(|error| format!("window size: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(15)));
    let step = |session: &mut expectrl::Session, send: &str, expect: &str| -> Result<(), String> {
        if !send.is_empty() {
            session.send(send).map_err(|error| error.to_string())?;
        }
        session
            .expect(expect)
            .map(|_| ())
            .map_err(|error| format!("waiting for {expect:?}: {error}"))
    };

    step(&mut session, "", "Authenticator code")?;
    session.send_line(code).map_err(|error| error.to_string())?;
    step(&mut session, "", "Open requests")?;
    step(&mut session, "2", "sorted by")?;
    step(&mut session, "/", "Filter")?;
    // Typing hides both rows, since neither title contains the word; the
    // server search on Enter brings back the one whose PDF text does. The
    // expected text is one word: a frame writes only the cells that
    // changed, so spaces kept from the previous frame split a phrase.
    step(&mut session, "gearbox", "matches")?;
    step(&mut session, "\r", "Invoice March 2026")?;
    // The detail view draws the download command above the preview. The
    // test server keeps the default public address 127.0.0.1:2222.
    step(
        &mut session,
        "\r",
        "sftp -P 2222 alice@127.0.0.1:/documents/invoice/2026/",
    )?;
    step(&mut session, "", "Text preview")?;
    step(&mut session, "", "Gearbox overhaul")?;
    session.send("q").map_err(|error| error.to_string())?;
    step(&mut session, "", "Quit")?;
    session.send("y").map_err(|error| error.to_string())?;
    session
        .expect(expectrl::Eof)
        .map(|_| ())
        .map_err(|error| format!("ssh did not exit: {error}"))
}

on_both_backends!(
    openssh_search_opens_pdf_preview,
    |store: Store, _url: String| async move {
        if !clients_installed(&["ssh"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let draft = document_draft("Acme", "invoice", "Invoice March 2026", "2026-03-31");
        let pdf = simple_pdf(&["Invoice March 2026", "Gearbox overhaul for turbine 7"]);
        server
            .portal
            .add_document(&draft, "march.pdf", pdf)
            .await
            .expect("add invoice");
        server
            .portal
            .add_document(
                &DocumentDraft {
                    title: "Welcome letter".to_string(),
                    kind: "letter".to_string(),
                    ..draft.clone()
                },
                "welcome.txt",
                b"Welcome".to_vec(),
            )
            .await
            .expect("add letter");

        let dir = tempfile::tempdir().expect("folder");
        let key_path = write_client_key(&alice, dir.path());
        let mut command = Command::new("ssh");
        command
            .args(KEY_LOGIN_OPTIONS)
            .args(["-tt", "-p", &server.address.port().to_string()])
            .arg("-i")
            .arg(&key_path)
            .arg("alice@127.0.0.1")
            .env("TERM", "xterm-256color");
        let code = alice.code();
        let result = tokio::task::spawn_blocking(move || search_and_open(command, &code))
            .await
            .expect("join the ssh driver");
        result.expect("OpenSSH session");
    }
);
