//! SIGTERM on the real binary: the node stops accepting, a connected
//! session shows that the service is restarting, and the process exits 0.
//! On SQLite and PostgreSQL.

mod common;

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use common::{Login, PASSWORD, Screen, add_account, open_shell, password_login, wait_for};
use portico::domain::Role;
use portico::store::Store;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const WAIT: Duration = Duration::from_secs(15);

/// Reads JSON log lines until "portico started" and returns its address.
async fn started_address(
    lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStderr>>,
) -> SocketAddr {
    loop {
        let line = lines
            .next_line()
            .await
            .expect("read log")
            .expect("the server logs its start");
        let entry: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|error| panic!("log line is not JSON ({error}): {line}"));
        if entry["fields"]["message"] == "portico started" {
            return entry["fields"]["address"]
                .as_str()
                .expect("address field")
                .parse()
                .expect("socket address");
        }
    }
}

on_both_backends!(
    sigterm_shows_notice_and_exits,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let keys = tempfile::tempdir().expect("key folder");
        // The accounts' TOTP secrets were encrypted with the test key.
        std::fs::write(
            keys.path().join("totp_secret_key"),
            format!("{}\n", "2a".repeat(32)),
        )
        .expect("write TOTP key");

        let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args([
                "--log-format",
                "json",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--drain-timeout",
                "5",
            ])
            .arg("--database")
            .arg(&url)
            .arg("--keys")
            .arg(keys.path())
            .env("PORTICO_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start portico");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let address = tokio::time::timeout(WAIT, started_address(&mut lines))
            .await
            .expect("the server starts in time");
        // Keep draining the log so the server never blocks on a full pipe.
        let log = tokio::spawn(async move {
            let mut rest = Vec::new();
            while let Ok(Some(line)) = lines.next_line().await {
                rest.push(line);
            }
            rest
        });

        let (client, outcome) = password_login(address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let mut channel = open_shell(&client, 100, 40).await;
        let mut screen = Screen::new(100, 40);
        assert!(
            wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
            "{}",
            screen.text()
        );

        let pid = child.id().expect("process id").to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("run kill");
        assert!(killed.success());

        assert!(
            wait_for(&mut channel, &mut screen, "service is restarting", WAIT).await,
            "{}",
            screen.text()
        );
        let status = tokio::time::timeout(WAIT, child.wait())
            .await
            .expect("the server exits in time")
            .expect("exit status");
        assert_eq!(status.code(), Some(0));

        let log = log.await.expect("log lines");
        assert!(
            log.iter()
                .any(|line| line.contains("stopped accepting connections")),
            "{log:?}"
        );
        assert!(
            log.iter().any(|line| line.contains("portico stopped")),
            "{log:?}"
        );
        assert!(
            tokio::net::TcpStream::connect(address).await.is_err(),
            "the stopped server still accepts connections"
        );
    }
);
