//! Commands through the real OpenSSH client `ssh`: ten commands over one
//! ControlMaster connection that asks for the code once, with a byte-exact
//! `documents get` among them. On SQLite and PostgreSQL. Skipped with a
//! message when `ssh` is missing.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::openssh::{KEY_LOGIN_OPTIONS, clients_installed, write_client_key};
use common::{TestServer, add_customer, audit_count, document_draft};
use portico::store::Store;

/// Builds an `ssh` command that shares one connection through `control`.
fn ssh(port: u16, key: &Path, control: &Path) -> Command {
    let mut command = Command::new("ssh");
    command
        .args(KEY_LOGIN_OPTIONS)
        .args(["-p", &port.to_string()])
        .args(["-o", "ControlMaster=auto", "-o", "ControlPersist=60"])
        .arg("-o")
        .arg(format!("ControlPath={}", control.display()))
        .arg("-i")
        .arg(key);
    command
}

/// Runs the first command in a pseudo-terminal, types `code` and returns
/// its output up to the organisation name. Runs on a blocking thread
/// because expectrl blocks.
fn first_command(mut command: Command, code: &str) -> Result<String, String> {
    command.args(["alice@127.0.0.1", "whoami"]);
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn ssh: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(15)));
    session
        .expect("Authenticator code")
        .map_err(|error| format!("waiting for the code prompt: {error}"))?;
    session.send_line(code).map_err(|error| error.to_string())?;
    let found = session
        .expect("Acme")
        .map_err(|error| format!("waiting for the whoami table: {error}"))?;
    let output = String::from_utf8_lossy(found.before()).into_owned();
    session
        .expect(expectrl::Eof)
        .map_err(|error| format!("ssh did not exit: {error}"))?;
    Ok(output)
}

/// Runs one command over the shared connection; BatchMode makes `ssh`
/// fail instead of prompting if the connection were not shared.
fn later_command(port: u16, key: &Path, control: &Path, words: &[&str]) -> Output {
    ssh(port, key, control)
        .args(["-o", "BatchMode=yes", "alice@127.0.0.1"])
        .args(words)
        .output()
        .expect("run ssh")
}

on_both_backends!(
    controlmaster_runs_ten_commands,
    |store: Store, _url: String| async move {
        if !clients_installed(&["ssh"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        // Every byte value, line ends and an escape sequence, larger than
        // one SSH channel window.
        let mut content: Vec<u8> = (0..=255u8).cycle().take(3 * 1024 * 1024).collect();
        content.extend_from_slice(b"\r\n\x1b[2J\x00end");
        let id = server
            .portal
            .add_document(
                &document_draft("Acme", "invoice", "Invoice March 2026", "2026-03-31"),
                "march.bin",
                content.clone(),
            )
            .await
            .expect("add invoice");

        let dir = tempfile::tempdir().expect("folder");
        let key = write_client_key(&alice, dir.path());
        let control = dir.path().join("cm");
        let port = server.address.port();

        let command = ssh(port, &key, &control);
        let code = alice.code();
        let first = tokio::task::spawn_blocking(move || first_command(command, &code))
            .await
            .expect("join the ssh driver")
            .expect("first command");
        assert!(first.contains("alice"), "{first}");

        let id_text = id.to_string();
        let commands: Vec<Vec<&str>> = vec![
            vec!["whoami", "--json"],
            vec!["documents", "ls"],
            vec!["documents", "ls", "--json"],
            vec!["documents", "get", &id_text],
            vec!["contracts", "ls"],
            vec!["requests", "ls", "--json"],
            vec!["messages", "ls"],
            vec!["notifications", "ls"],
            vec!["documents", "get", "999999"],
        ];
        let mut outputs = Vec::new();
        for words in &commands {
            let key = key.clone();
            let control = control.clone();
            let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
            let output = tokio::task::spawn_blocking(move || {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                later_command(port, &key, &control, &words)
            })
            .await
            .expect("join ssh");
            outputs.push(output);
        }

        for (words, output) in commands.iter().zip(&outputs).take(8) {
            assert_eq!(
                output.status.code(),
                Some(0),
                "{words:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(outputs[3].stdout.len(), content.len(), "downloaded size");
        assert!(outputs[3].stdout == content, "documents get is byte-exact");
        assert_eq!(outputs[8].status.code(), Some(3), "missing document");
        let json: serde_json::Value =
            serde_json::from_slice(&outputs[0].stdout).expect("whoami JSON");
        assert_eq!(json["handle"], "alice");

        assert_eq!(
            audit_count(&store, "command-run").await,
            10,
            "every command is audited"
        );

        let stop = ssh(port, &key, &control)
            .args(["-O", "exit", "alice@127.0.0.1"])
            .output()
            .expect("stop the master");
        assert!(
            stop.status.success(),
            "{}",
            String::from_utf8_lossy(&stop.stderr)
        );
    }
);
