//! End to end with the real OpenSSH client `ssh`, driven through a
//! pseudo-terminal: password or key, then a code, the dashboard, and quit.
//! On SQLite and PostgreSQL. Skipped with a message when `ssh` is missing.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{PASSWORD, TestServer, add_account};
use portico::domain::Role;
use portico::store::Store;

fn ssh_available() -> bool {
    let found = Command::new("ssh").arg("-V").output().is_ok();
    if !found {
        eprintln!("SKIPPED: the OpenSSH client `ssh` is not installed");
    }
    found
}

fn ssh_command(port: u16, handle: &str, extra: &[&str]) -> Command {
    let mut command = Command::new("ssh");
    command
        .args(["-F", "/dev/null", "-tt", "-p", &port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
        ])
        .args(["-o", "ConnectTimeout=10", "-o", "NumberOfPasswordPrompts=1"])
        .args(extra)
        .arg(format!("{handle}@127.0.0.1"))
        .env("TERM", "xterm-256color");
    command
}

/// Runs [`drive`] on a blocking thread, since expectrl blocks, and fails the
/// test with its error.
async fn drive_in_thread(command: Command, password: Option<&str>, code: String) {
    let password = password.map(str::to_string);
    let result = tokio::task::spawn_blocking(move || drive(command, password, code))
        .await
        .expect("join the ssh driver");
    result.expect("OpenSSH session");
}

/// Drives one login to the dashboard and out; runs on a blocking thread.
fn drive(command: Command, password: Option<String>, code: String) -> Result<(), String> {
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn ssh: {error}"))?;
    session
        .get_process_mut()
        .set_window_size(100, 30)
        .map_err(|error| format!("window size: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(15)));

    if let Some(password) = password {
        session
            .expect("password:")
            .map_err(|error| format!("password prompt: {error}"))?;
        session
            .send_line(password)
            .map_err(|error| error.to_string())?;
    }
    session
        .expect("Authenticator code")
        .map_err(|error| format!("code prompt: {error}"))?;
    session.send_line(code).map_err(|error| error.to_string())?;
    // The title row, drawn first, names the customer's organisation.
    session
        .expect("Acme")
        .map_err(|error| format!("organisation name: {error}"))?;
    session
        .expect("Open requests")
        .map_err(|error| format!("dashboard: {error}"))?;

    session.send("2").map_err(|error| error.to_string())?;
    session
        .expect("sorted by")
        .map_err(|error| format!("documents screen: {error}"))?;
    session.send("q").map_err(|error| error.to_string())?;
    session
        .expect("Quit")
        .map_err(|error| format!("quit question: {error}"))?;
    session.send("y").map_err(|error| error.to_string())?;
    session
        .expect(expectrl::Eof)
        .map_err(|error| format!("ssh did not exit: {error}"))?;
    Ok(())
}

on_both_backends!(
    openssh_password_login_to_dashboard,
    |store: Store, _url: String| async move {
        if !ssh_available() {
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
        let command = ssh_command(
            server.address.port(),
            "alice",
            // OpenSSH's default order of methods tries keyboard-interactive
            // before password whenever the server offers it.
            &["-o", "PubkeyAuthentication=no"],
        );
        drive_in_thread(command, Some(PASSWORD), alice.code()).await;
    }
);

on_both_backends!(
    openssh_key_login_to_dashboard,
    |store: Store, _url: String| async move {
        if !ssh_available() {
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
        let dir = tempfile::tempdir().expect("folder");
        let key_path = dir.path().join("id_ed25519");
        alice
            .key
            .write_openssh_file(&key_path, russh::keys::ssh_key::LineEnding::LF)
            .expect("write client key");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600))
                .expect("key mode");
        }
        let key_arg = key_path.display().to_string();
        let command = ssh_command(
            server.address.port(),
            "alice",
            &[
                "-i",
                &key_arg,
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "PreferredAuthentications=publickey,keyboard-interactive",
            ],
        );
        drive_in_thread(command, None, alice.code()).await;
    }
);
