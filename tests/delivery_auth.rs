//! SMTP authentication of the delivery worker, on SQLite and PostgreSQL:
//! AUTH PLAIN and LOGIN with the right credentials deliver, wrong ones are
//! retried until the row is dead with the relay's 535 reply recorded, and
//! no form of the password reaches the logs.
//!
//! The relay is the minimal real SMTP listener of tests/common/mail.rs on
//! 127.0.0.1, started with the credentials it accepts.

mod common;

use common::add_account;
use common::logs::CapturedLog;
use common::mail::{SmtpAuth, SmtpListener, base64_encode, delivery_settings};
use portico::auth::PasswordHasher;
use portico::domain::{NotificationKind, Role};
use portico::notify::delivery::{DeliverySettings, SmtpCredentials, Worker};
use portico::service::{Portal, PortalSettings};
use portico::store::Store;

const RELAY_USER: &str = "portal-relay";
const RELAY_PASSWORD: &str = "Relay-Pass-9183-kestrel";
const WRONG_PASSWORD: &str = "Wrong-Relay-Pass-5521-heron";

/// Everything every test of this binary logged, at every level.
fn captured() -> &'static CapturedLog {
    common::logs::capture("trace", false)
}

fn relay_auth(mechanisms: &'static str) -> SmtpAuth {
    SmtpAuth {
        user: RELAY_USER.to_string(),
        password: RELAY_PASSWORD.to_string(),
        mechanisms,
    }
}

/// Returns the delivery settings for `smtp`, authenticating with `password`.
fn settings_with_password(smtp: &SmtpListener, password: &str) -> DeliverySettings {
    let mut settings = delivery_settings(smtp, None);
    if let Some(relay) = settings.smtp.as_mut() {
        relay.credentials = Some(SmtpCredentials {
            user: RELAY_USER.to_string(),
            password: password.to_string(),
        });
    }
    settings
}

fn portal_with(store: &Store, delivery: DeliverySettings) -> Portal {
    Portal::new(
        store.clone(),
        PasswordHasher::new(2),
        PortalSettings {
            delivery,
            ..PortalSettings::default()
        },
    )
    .with_secret_key(common::test_secret_key())
}

async fn notify_alice(portal: &Portal, handle: &str) {
    let account = add_account(portal, handle, Some("Acme"), Role::Customer, true, 1).await;
    portal
        .notify(
            account.id,
            NotificationKind::Deadline,
            "Deadline tomorrow",
            "Send the form",
            "",
        )
        .await
        .expect("notify");
}

/// Returns the state, attempts and last error of the only outbox row.
async fn outbox_row(store: &Store) -> (String, i64, String) {
    sqlx::query_as("SELECT state, attempts, last_error FROM outbox")
        .fetch_one(store.pool())
        .await
        .expect("outbox row")
}

/// Asserts that `logs` contain neither `password` nor the base64 forms
/// that AUTH PLAIN and AUTH LOGIN send.
fn assert_password_not_logged(logs: &str, password: &str) {
    assert!(!logs.contains(password), "password in logs");
    let login = base64_encode(password);
    assert!(!logs.contains(&login), "AUTH LOGIN password in logs");
    let plain = base64_encode(&format!("\0{RELAY_USER}\0{password}"));
    assert!(!logs.contains(&plain), "AUTH PLAIN response in logs");
}

on_both_backends!(
    smtp_auth_plain_delivers,
    |store: Store, _url: String| async move {
        let logs = captured();
        let smtp = SmtpListener::start_with_auth(relay_auth("PLAIN LOGIN")).await;
        let settings = settings_with_password(&smtp, RELAY_PASSWORD);
        let portal = portal_with(&store, settings.clone());
        notify_alice(&portal, "alice").await;

        Worker::new(store.clone(), settings)
            .expect("worker")
            .run_until_idle()
            .await
            .expect("deliver");

        assert_eq!(smtp.logins(), vec!["PLAIN ok".to_string()]);
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].to, vec!["alice@example.com".to_string()]);
        let (state, attempts, _) = outbox_row(&store).await;
        assert_eq!(state, "sent");
        assert_eq!(attempts, 1);
        assert_password_not_logged(&logs.text(), RELAY_PASSWORD);
    }
);

on_both_backends!(
    smtp_auth_login_delivers,
    |store: Store, _url: String| async move {
        let logs = captured();
        let smtp = SmtpListener::start_with_auth(relay_auth("LOGIN")).await;
        let settings = settings_with_password(&smtp, RELAY_PASSWORD);
        let portal = portal_with(&store, settings.clone());
        notify_alice(&portal, "alice").await;

        Worker::new(store.clone(), settings)
            .expect("worker")
            .run_until_idle()
            .await
            .expect("deliver");

        assert_eq!(smtp.logins(), vec!["LOGIN ok".to_string()]);
        assert_eq!(smtp.mails().len(), 1);
        assert_password_not_logged(&logs.text(), RELAY_PASSWORD);
    }
);

on_both_backends!(
    smtp_auth_wrong_password_dead,
    |store: Store, _url: String| async move {
        let logs = captured();
        let smtp = SmtpListener::start_with_auth(relay_auth("PLAIN LOGIN")).await;
        let settings = settings_with_password(&smtp, WRONG_PASSWORD);
        assert_eq!(settings.max_attempts, 3);
        let portal = portal_with(&store, settings.clone());
        notify_alice(&portal, "alice").await;

        Worker::new(store.clone(), settings)
            .expect("worker")
            .run_until_idle()
            .await
            .expect("deliver");

        assert!(smtp.mails().is_empty());
        assert_eq!(smtp.logins(), vec!["PLAIN failed".to_string(); 3]);
        let (state, attempts, last_error) = outbox_row(&store).await;
        assert_eq!(state, "dead");
        assert_eq!(attempts, 3);
        assert!(last_error.contains("535"), "{last_error}");
        assert!(!last_error.contains(WRONG_PASSWORD), "{last_error}");

        let text = logs.text();
        assert!(text.contains("535"), "the failure is logged");
        assert_password_not_logged(&text, WRONG_PASSWORD);
    }
);

on_both_backends!(
    smtp_auth_missing_credentials_refused,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start_with_auth(relay_auth("PLAIN LOGIN")).await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        notify_alice(&portal, "alice").await;

        Worker::new(store.clone(), settings)
            .expect("worker")
            .run_until_idle()
            .await
            .expect("deliver");

        assert!(smtp.mails().is_empty());
        let (state, _, last_error) = outbox_row(&store).await;
        assert_eq!(state, "dead");
        assert!(last_error.contains("530"), "{last_error}");
    }
);
