//! Runs the login journeys with every log level on, then searches the
//! captured logs for each secret that passed through them: passwords,
//! TOTP codes and secrets, recovery codes and reset codes.

mod common;

use std::time::Duration;

use common::logs::CapturedLog;
use common::{Login, PASSWORD, TestServer, add_customer, password_login, unix_now};
use portico::auth::totp;
use portico::store::Store;

/// Everything every test of this binary logged. The lines carry no time,
/// whose digits could pass for a leaked code.
fn captured() -> &'static CapturedLog {
    common::logs::capture("trace", false)
}

/// Tells whether `logs` contain `secret` as a whole token: a 6-digit code
/// inside a longer number, such as a port, does not count.
fn contains_token(logs: &str, secret: &str) -> bool {
    logs.match_indices(secret).any(|(start, _)| {
        let before = logs[..start].chars().next_back();
        let after = logs[start + secret.len()..].chars().next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        !(secret.bytes().all(|b| b.is_ascii_digit()) && (digit(before) || digit(after)))
    })
}

on_both_backends!(
    login_journeys_log_no_secret,
    |store: Store, _url: String| async move {
        let logs = captured();
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let mut secrets: Vec<String> = vec![PASSWORD.to_string()];
        let alice_secret = alice.totp_secret.clone().unwrap();
        secrets.push(alice_secret.clone());
        secrets.extend(alice.recovery_codes.iter().cloned());

        // Password and code; the same code replayed; wrong factors.
        let code = alice.code();
        secrets.push(code.clone());
        assert_eq!(
            password_login(server.address, "alice", PASSWORD, &code)
                .await
                .1,
            Login::Success
        );
        assert_eq!(
            password_login(server.address, "alice", PASSWORD, &code)
                .await
                .1,
            Login::Refused
        );
        let wrong_password = "Wrong-horse-battery-41";
        secrets.push(wrong_password.to_string());
        assert_eq!(
            password_login(server.address, "alice", wrong_password, &code)
                .await
                .1,
            Login::Refused
        );
        let wrong_code = if code == "135792" { "246801" } else { "135792" };
        secrets.push(wrong_code.to_string());
        assert_eq!(
            password_login(server.address, "alice", PASSWORD, wrong_code)
                .await
                .1,
            Login::Refused
        );

        // A recovery code, then a key with a code.
        let recovery = alice.recovery_codes[0].clone();
        assert_eq!(
            password_login(server.address, "alice", PASSWORD, &recovery)
                .await
                .1,
            Login::Success
        );
        let mut session = common::connect(server.address).await;
        assert!(common::key_first_factor(&mut session, "alice", alice.key.clone()).await);
        let next = alice.next_code();
        secrets.push(next.clone());
        assert_eq!(
            common::second_factor(&mut session, "alice", &next).await,
            Login::Success
        );

        // New recovery codes from Preferences with a fresh factor.
        let principal = common::principal_of(&store, alice.id).await;
        let fresh = alice.recovery_codes[1].clone();
        let regenerated = server
            .portal
            .regenerate_recovery_codes(&principal, &fresh)
            .await
            .unwrap();
        secrets.extend(regenerated);

        // A reset, the reset code in place of the password, a new password
        // and a new authenticator app.
        let issued = server.portal.reset_account("alice").await.unwrap();
        secrets.push(issued.code.clone());
        secrets.push(issued.code.replace('-', ""));
        let (session, outcome) = password_login(server.address, "alice", &issued.code, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&session, 60, 30).await;
        let mut screen = common::Screen::new(60, 30);
        let wait = Duration::from_secs(10);
        assert!(common::wait_for(&mut channel, &mut screen, "Set a new password", wait).await);
        let new_password = "violet canyon ladder 47";
        secrets.push(new_password.to_string());
        channel
            .data(format!("{new_password}\r{new_password}\r").as_bytes())
            .await
            .unwrap();
        assert!(common::wait_for(&mut channel, &mut screen, "Set up two-factor login", wait).await);
        let new_secret = common::shown_secret(&screen.text());
        assert_eq!(new_secret.len(), 32, "{}", screen.text());
        secrets.push(new_secret.clone());
        let enrol_code = totp::code_at(&new_secret, unix_now()).unwrap();
        secrets.push(enrol_code.clone());
        channel
            .data(format!("{enrol_code}\r").as_bytes())
            .await
            .unwrap();
        assert!(
            common::wait_for(&mut channel, &mut screen, "once", wait).await,
            "{}",
            screen.text()
        );
        let shown_codes: Vec<String> = screen
            .text()
            .split_whitespace()
            .filter(|word| portico::auth::recovery::looks_like_code(word))
            .map(str::to_string)
            .collect();
        assert_eq!(shown_codes.len(), 10, "{}", screen.text());
        secrets.extend(shown_codes);

        tokio::time::sleep(Duration::from_millis(200)).await;
        let text = logs.text();
        assert!(text.contains("alice"), "the journeys were logged");
        assert!(
            text.contains("replayed TOTP code rejected"),
            "warnings are captured"
        );
        assert!(
            text.contains("DEBUG") && text.contains("TRACE"),
            "every level is captured"
        );
        for secret in &secrets {
            assert!(
                !contains_token(&text, secret),
                "secret {secret:?} found in the logs"
            );
            let lower = secret.to_lowercase();
            assert!(
                !contains_token(&text, &lower),
                "secret {lower:?} found in the logs"
            );
        }
        for secret in [&alice_secret, &new_secret] {
            let raw = totp_rs::Secret::Encoded(secret.clone()).to_bytes().unwrap();
            assert!(
                !text.contains(&hex::encode(&raw)),
                "a TOTP secret's hex in the logs"
            );
        }
    }
);

#[test]
fn token_search_respects_digits() {
    assert!(contains_token("code 123456 rejected", "123456"));
    assert!(contains_token("password=hunter2hunter2", "hunter2hunter2"));
    assert!(!contains_token("peer 127.0.0.1:1234567", "123456"));
    assert!(!contains_token("nothing here", "123456"));
}
