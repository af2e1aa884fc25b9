//! Log lines of authentication attempts: every attempt is logged with
//! handle, address, method and outcome, in UTC, and a user name holding
//! line breaks or escape sequences cannot forge a log line; on SQLite and
//! PostgreSQL.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::{Login, PASSWORD, TestServer, add_account, password_login};
use portico::domain::Role;
use portico::store::Store;

/// The log of this test binary, written by a subscriber installed once.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buffer);
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn captured_log() -> &'static Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info,russh=warn,sqlx=warn")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        captured
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&captured_log().0.lock().expect("log buffer")).into_owned()
}

/// A user name that, written raw, would end the log line and start a
/// forged one announcing a successful login of the operator, then clear
/// the terminal line.
const FORGING_HANDLE: &str = "mallory\n2030-01-01T00:00:00.000000Z  INFO login attempt: handle=olivia outcome=\"success\"\u{1b}[2K\r";

on_both_backends!(
    handle_cannot_forge_log_line,
    |store: Store, _url: String| async move {
        captured_log();
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

        let (_session, outcome) =
            password_login(server.address, FORGING_HANDLE, "guess", "000000").await;
        assert_eq!(outcome, Login::Refused);
        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        // The log lines are written as the handler returns.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;

        let log = log_text();
        assert!(!log.contains('\u{1b}'), "no ESC reaches the log");
        assert!(
            !log.lines().any(|line| line.starts_with("2030-01-01")),
            "no forged line:\n{log}"
        );
        let attempt = log
            .lines()
            .find(|line| line.contains("handle=mallory\\n2030"))
            .unwrap_or_else(|| panic!("the escaped attempt is logged:\n{log}"));
        assert!(attempt.contains("\\e[2K\\r"), "{attempt}");
        assert!(
            attempt.contains("method=\"password\"") || attempt.contains("method=password"),
            "{attempt}"
        );
        assert!(
            attempt.contains("outcome=\"rejected\"") || attempt.contains("outcome=rejected"),
            "{attempt}"
        );
        assert!(attempt.contains("peer=127.0.0.1:"), "{attempt}");

        // Each line starts with a UTC time, and alice's steps are logged.
        for line in log.lines().filter(|line| line.contains("login attempt")) {
            let time = line.split_whitespace().next().unwrap_or_default();
            assert!(
                time.ends_with('Z') && time.contains('T'),
                "UTC time in {line}"
            );
        }
        let alice_lines: Vec<&str> = log
            .lines()
            .filter(|line| line.contains("login attempt") && line.contains("handle=alice"))
            .collect();
        assert!(
            alice_lines
                .iter()
                .any(|line| line.contains("first factor accepted")),
            "{alice_lines:?}"
        );
        assert!(
            alice_lines.iter().any(|line| line.contains("success")),
            "{alice_lines:?}"
        );
    }
);
