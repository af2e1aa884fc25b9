//! Log lines of authentication attempts: every attempt is logged with
//! handle, address, method and outcome, in UTC, and a user name holding
//! line breaks or escape sequences cannot forge a log line; on SQLite and
//! PostgreSQL.

mod common;

use common::logs::CapturedLog;
use common::{Login, PASSWORD, TestServer, add_customer, password_login};
use portico::store::Store;

/// The log of this test binary, with a UTC time on each line.
fn captured_log() -> &'static CapturedLog {
    common::logs::capture("info,russh=warn,sqlx=warn", true)
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
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;

        let (_session, outcome) =
            password_login(server.address, FORGING_HANDLE, "guess", "000000").await;
        assert_eq!(outcome, Login::Refused);
        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        // The log lines are written as the handler returns.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;

        let log = captured_log().text();
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
