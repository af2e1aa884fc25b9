//! Account security: password hashes, TOTP secrets at rest, replayed codes,
//! resets, login history and the audit chain, on SQLite and PostgreSQL.

mod common;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use common::{Login, PASSWORD, TestServer, add_account, audit_actions, password_login, unix_now};
use portico::auth::password::{self, StoredHash};
use portico::domain::Role;
use portico::service::Portal;
use portico::store::{Store, users};

/// Adds alice, a customer of Acme with TOTP and recovery codes.
async fn alice_of_acme(portal: &Portal) -> common::Account {
    add_account(portal, "alice", Some("Acme"), Role::Customer, true, 1).await
}

async fn stored_hash(store: &Store, id: i64) -> String {
    users::find_by_id(store.pool(), id)
        .await
        .expect("find account")
        .expect("account")
        .password_hash
        .expect("password hash")
}

on_both_backends!(
    weak_hash_upgraded_at_login,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;

        // A hash as an older release with 4 MiB and one pass made it.
        let params = Params::new(4096, 1, 1, None).unwrap();
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        users::set_password_hash(store.pool(), alice.id, &weak)
            .await
            .unwrap();
        assert_eq!(password::inspect(&weak), StoredHash::Weak);

        let (_wrong, refused) =
            password_login(server.address, "alice", "not the password at all", "000000").await;
        assert_eq!(refused, Login::Refused);
        assert_eq!(
            stored_hash(&store, alice.id).await,
            weak,
            "a failed login changes nothing"
        );

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let upgraded = stored_hash(&store, alice.id).await;
        assert_ne!(upgraded, weak);
        assert_eq!(
            password::inspect(&upgraded),
            StoredHash::Current,
            "{upgraded}"
        );
        assert!(
            upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{upgraded}"
        );
        assert!(password::verify_blocking(PASSWORD, &upgraded));
        assert!(
            audit_actions(&store)
                .await
                .contains(&"password-hash-upgraded".to_string()),
            "the upgrade is audited"
        );
    }
);

on_both_backends!(
    absurd_stored_hash_refused,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let absurd = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";
        users::set_password_hash(store.pool(), alice.id, absurd)
            .await
            .unwrap();

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Refused);
        assert_eq!(stored_hash(&store, alice.id).await, absurd);
    }
);

async fn notifications_of(store: &Store, user_id: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT kind, title FROM notifications WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(store.pool())
        .await
        .expect("notifications")
}

async fn history_outcomes(store: &Store, handle: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT method, outcome FROM login_history WHERE handle = $1 ORDER BY id")
        .bind(handle)
        .fetch_all(store.pool())
        .await
        .expect("login history")
}

async fn failures_of(store: &Store, id: i64) -> i64 {
    portico::store::throttle::state(store.pool(), id)
        .await
        .expect("throttle state")
        .consecutive_failures
}

on_both_backends!(
    replayed_code_rejected_and_notified,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let code = alice.code();

        let (_first, accepted) = password_login(server.address, "alice", PASSWORD, &code).await;
        assert_eq!(accepted, Login::Success);
        assert!(notifications_of(&store, alice.id).await.is_empty());

        // The same code again, within its window, on a new connection.
        let (_second, replayed) = password_login(server.address, "alice", PASSWORD, &code).await;
        assert_eq!(replayed, Login::Refused);

        let notifications = notifications_of(&store, alice.id).await;
        assert_eq!(
            notifications,
            vec![(
                "security-alert".to_string(),
                "An already used code was entered".to_string()
            )]
        );
        assert!(history_outcomes(&store, "alice").await.contains(&(
            "totp".to_string(),
            "rejected: code already used".to_string()
        )));
        assert!(
            audit_actions(&store)
                .await
                .contains(&"totp-replay-rejected".to_string())
        );
        assert_eq!(failures_of(&store, alice.id).await, 1);
    }
);

on_both_backends!(
    failed_codes_counted_across_connections,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;

        // Four failures in all, one short of the count that starts the
        // throttling delay, so the genuine login below goes through at once.
        for attempt in 1..=2 {
            let (_session, outcome) =
                password_login(server.address, "alice", PASSWORD, "000000").await;
            assert_eq!(outcome, Login::Refused);
            assert_eq!(failures_of(&store, alice.id).await, attempt);
        }
        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, "ABCD-EFGH-JKMN-PQRS").await;
        assert_eq!(
            outcome,
            Login::Refused,
            "an unknown recovery code fails too"
        );
        assert_eq!(failures_of(&store, alice.id).await, 3);

        // A second node on the same database shares the count.
        let other_node = common::portal(&store);
        let first = other_node
            .verify_password("alice", PASSWORD, "127.0.0.1:9")
            .await
            .unwrap()
            .expect("first factor");
        assert!(
            other_node
                .verify_second_factor(&first, "999999", "127.0.0.1:9")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(failures_of(&store, alice.id).await, 4);

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        assert_eq!(
            failures_of(&store, alice.id).await,
            0,
            "a success resets the count"
        );
    }
);

/// Dumps the whole database as SQL with the backend's own dump tool.
fn dump_database(url: &str) -> String {
    let output = match url.strip_prefix("sqlite://") {
        Some(path) => std::process::Command::new("sqlite3")
            .arg(path)
            .arg(".dump")
            .output()
            .expect("run sqlite3 (Debian package sqlite3)"),
        None => std::process::Command::new("pg_dump")
            .arg("--dbname")
            .arg(url)
            .output()
            .expect("run pg_dump (Debian package postgresql-client)"),
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

on_both_backends!(
    totp_secret_absent_from_dump,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, false, 1).await;
        let principal = common::principal_of(&store, alice.id).await;
        let offer = portal.offer_enrolment(&principal).await.unwrap();
        let now = unix_now();
        let code = portico::auth::totp::code_at(&offer.secret, now).unwrap();
        portal
            .confirm_enrolment(&principal, &offer, &code)
            .await
            .unwrap();

        // A secret that an older release stored in plaintext.
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, false, 2).await;
        let old_secret = portico::auth::totp::generate_secret();
        users::complete_totp_enrolment(store.pool(), bob.id, &old_secret, 0, &[])
            .await
            .unwrap();
        assert!(
            dump_database(&url).contains(&old_secret),
            "the dump tool sees plaintext"
        );

        let encrypted = portal.encrypt_plaintext_totp_secrets().await.unwrap();
        assert_eq!(encrypted, 1);
        assert_eq!(portal.encrypt_plaintext_totp_secrets().await.unwrap(), 0);

        let dump = dump_database(&url);
        for secret in [&offer.secret, &old_secret] {
            assert!(!dump.contains(secret.as_str()), "secret in the dump");
            let raw = totp_rs::Secret::Encoded(secret.to_string())
                .to_bytes()
                .unwrap();
            assert!(
                !dump.contains(&hex::encode(&raw)),
                "secret's hex in the dump"
            );
        }
        assert!(dump.contains("v1:"), "the encrypted form is stored");

        // Both accounts still log in with their apps' codes.
        let server = TestServer::start(&store).await;
        let (_session, outcome) = password_login(
            server.address,
            "bob",
            PASSWORD,
            &portico::auth::totp::code_at(&old_secret, now).unwrap(),
        )
        .await;
        assert_eq!(outcome, Login::Success);
    }
);

async fn type_text(channel: &russh::Channel<russh::client::Msg>, text: &str) {
    channel.data(text.as_bytes()).await.expect("type");
}

on_both_backends!(
    reset_journey_over_ssh,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let issued = server.portal.reset_account("alice").await.unwrap();
        assert!(issued.expires_at > (unix_now() as i64) + 23 * 3600);

        // Neither the old password nor the registered key opens the account.
        let (_s, old_password) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(old_password, Login::Refused);
        let mut keyed = common::connect(server.address).await;
        assert!(!common::key_first_factor(&mut keyed, "alice", alice.key.clone()).await);

        // The reset code in place of the password, typed in lower case.
        let typed = issued.code.to_lowercase();
        let (session, outcome) = password_login(server.address, "alice", &typed, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&session, 60, 30).await;
        let mut screen = common::Screen::new(60, 30);
        let wait = std::time::Duration::from_secs(10);
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set a new password", wait).await,
            "{}",
            screen.text()
        );

        // A common password is rejected with the reason.
        type_text(&channel, "password1234\rpassword1234\r").await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "too common", wait).await,
            "{}",
            screen.text()
        );

        let new_password = "violet canyon ladder 47";
        type_text(&channel, &format!("{new_password}\r{new_password}\r")).await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set up two-factor login", wait).await,
            "{}",
            screen.text()
        );
        let secret = common::shown_secret(&screen.text());
        assert_eq!(secret.len(), 32, "{}", screen.text());
        let code = portico::auth::totp::code_at(&secret, unix_now()).unwrap();
        type_text(&channel, &format!("{code}\r")).await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "once", wait).await,
            "{}",
            screen.text()
        );
        type_text(&channel, "\r").await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "Dashboard", wait).await,
            "{}",
            screen.text()
        );

        // The reset code worked once; the new password and app work.
        let (_s, reused) = password_login(server.address, "alice", &typed, "").await;
        assert_eq!(reused, Login::Refused);
        let next_code = portico::auth::totp::code_at(&secret, unix_now() + 30).unwrap();
        let (_s, renewed) = password_login(server.address, "alice", new_password, &next_code).await;
        assert_eq!(renewed, Login::Success);

        let user = users::find_by_id(store.pool(), alice.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.must_renew_factors, 0);
        assert_eq!(user.reset_expires_at, None);
        let titles: Vec<String> = notifications_of(&store, alice.id)
            .await
            .into_iter()
            .map(|(_, title)| title)
            .collect();
        assert!(
            titles.contains(&"Your account was reset".to_string()),
            "{titles:?}"
        );
        let actions = audit_actions(&store).await;
        for action in [
            "user-reset",
            "sessions-ended",
            "reset-code-used",
            "password-changed",
            "totp-enrolled",
        ] {
            assert!(
                actions.contains(&action.to_string()),
                "{action} missing: {actions:?}"
            );
        }
    }
);

on_both_backends!(
    reset_code_expires_and_stays_unknown,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        alice_of_acme(&server.portal).await;
        add_account(&server.portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let issued = server.portal.reset_account("alice").await.unwrap();

        // Another account cannot use alice's code.
        let (_s, other) = password_login(server.address, "bob", &issued.code, "").await;
        assert_eq!(other, Login::Refused);

        // An expired code fails.
        sqlx::query("UPDATE users SET reset_expires_at = $1 WHERE handle = 'alice'")
            .bind(unix_now() as i64 - 1)
            .execute(store.pool())
            .await
            .unwrap();
        let (_s, expired) = password_login(server.address, "alice", &issued.code, "").await;
        assert_eq!(expired, Login::Refused);

        let unknown = server.portal.reset_account("mallory").await.unwrap_err();
        assert!(unknown.to_string().contains("mallory"), "{unknown}");
    }
);

on_both_backends!(
    disabled_account_cannot_log_in,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;

        server.portal.disable_account("alice").await.unwrap();
        let (_s, disabled) = password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(disabled, Login::Refused);

        server.portal.enable_account("alice").await.unwrap();
        let (_s, enabled) =
            password_login(server.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(enabled, Login::Success);

        let actions = audit_actions(&store).await;
        for action in ["user-disabled", "sessions-ended", "user-enabled"] {
            assert!(
                actions.contains(&action.to_string()),
                "{action} missing: {actions:?}"
            );
        }
    }
);

on_both_backends!(
    admin_reset_prints_code_once,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        alice_of_acme(&portal).await;

        let reset = common::portico(&url, &["admin", "user", "reset", "alice"], None);
        assert!(reset.status.success(), "{}", common::stderr(&reset));
        let text = common::stdout(&reset);
        let code = text
            .split_whitespace()
            .find(|word| portico::auth::recovery::looks_like_code(word) && word.contains('-'))
            .unwrap_or_else(|| panic!("no code in {text}"))
            .to_string();
        assert!(text.contains("valid until"), "{text}");

        let first = portal
            .verify_password("alice", &code, "127.0.0.1:9")
            .await
            .unwrap();
        assert!(first.is_some(), "the printed code opens the account");
        let dump: Vec<(Option<String>,)> = sqlx::query_as("SELECT reset_code_hash FROM users")
            .fetch_all(store.pool())
            .await
            .unwrap();
        assert!(
            !format!("{dump:?}").contains(&code),
            "only a hash is stored"
        );

        let disable = common::portico(&url, &["admin", "user", "disable", "alice"], None);
        assert!(disable.status.success(), "{}", common::stderr(&disable));
        let unknown = common::portico(&url, &["admin", "user", "disable", "mallory"], None);
        assert_eq!(unknown.status.code(), Some(1));
        assert!(
            common::stderr(&unknown).contains("mallory"),
            "{}",
            common::stderr(&unknown)
        );
        let enable = common::portico(&url, &["admin", "user", "enable", "alice"], None);
        assert!(enable.status.success(), "{}", common::stderr(&enable));
    }
);

async fn login_rows(
    store: &Store,
    user_id: i64,
) -> Vec<(String, Option<String>, Option<String>, Option<String>)> {
    sqlx::query_as(
        "SELECT peer, key_fingerprint, client_version, network FROM login_history \
         WHERE user_id = $1 AND outcome = 'login' ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await
    .expect("login rows")
}

async fn key_login(server: &TestServer, account: &common::Account, code: &str) -> Login {
    let mut session = common::connect(server.address).await;
    assert!(common::key_first_factor(&mut session, &account.handle, account.key.clone()).await);
    common::second_factor(&mut session, &account.handle, code).await
}

on_both_backends!(
    login_history_records_details,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;

        assert_eq!(
            key_login(&server, &alice, &alice.code()).await,
            Login::Success
        );
        let rows = login_rows(&store, alice.id).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        let (peer, key, client, network) = &rows[0];
        assert!(peer.starts_with("127.0.0.1:"), "{peer}");
        let fingerprint = portico::service::admin::fingerprint(alice.key.public_key());
        assert_eq!(key.as_deref(), Some(fingerprint.as_str()));
        assert!(
            client
                .as_deref()
                .is_some_and(|client| client.starts_with("SSH-2.0-")),
            "{client:?}"
        );
        assert_eq!(network.as_deref(), Some("127.0.0.0/24"));
        assert!(
            notifications_of(&store, alice.id).await.is_empty(),
            "a first login has nothing to compare with"
        );

        let (_s, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(outcome, Login::Success);
        let rows = login_rows(&store, alice.id).await;
        assert_eq!(rows[1].1, None, "no key for a password login");
        assert!(
            notifications_of(&store, alice.id).await.is_empty(),
            "same network, no alert"
        );
    }
);

on_both_backends!(
    unusual_login_alerts_account,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let (_s, outcome) = password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        // Until now alice logged in from another network only.
        sqlx::query("UPDATE login_history SET network = '198.51.100.0/24' WHERE user_id = $1")
            .bind(alice.id)
            .execute(store.pool())
            .await
            .unwrap();
        assert_eq!(
            key_login(&server, &alice, &alice.next_code()).await,
            Login::Success
        );

        let notifications = notifications_of(&store, alice.id).await;
        assert_eq!(
            notifications,
            vec![(
                "security-alert".to_string(),
                "Login from a new place".to_string()
            )]
        );
        let (body,): (String,) =
            sqlx::query_as("SELECT body FROM notifications WHERE user_id = $1")
                .bind(alice.id)
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert!(body.contains("127.0.0.0/24"), "{body}");
        assert!(
            body.contains("with the key SHA256:"),
            "the key is new too: {body}"
        );
        assert!(
            audit_actions(&store)
                .await
                .contains(&"unusual-login".to_string())
        );

        // Logins more than 90 days old no longer count as known.
        sqlx::query("UPDATE login_history SET created_at = created_at - $1 WHERE user_id = $2")
            .bind(91 * 24 * 3600_i64)
            .bind(alice.id)
            .execute(store.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE users SET totp_last_step = NULL WHERE id = $1")
            .bind(alice.id)
            .execute(store.pool())
            .await
            .unwrap();
        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        assert_eq!(
            notifications_of(&store, alice.id).await.len(),
            2,
            "the network was last seen more than 90 days ago"
        );

        // The dashboard of the new session shows the alert.
        let mut channel = common::open_shell(&session, 100, 30).await;
        let mut screen = common::Screen::new(100, 30);
        assert!(
            common::wait_for(
                &mut channel,
                &mut screen,
                "Security alert: Login from a new place",
                std::time::Duration::from_secs(10)
            )
            .await,
            "{}",
            screen.text()
        );
    }
);

on_both_backends!(
    recovery_codes_regenerated_with_fresh_factor,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = alice_of_acme(&portal).await;
        let principal = common::principal_of(&store, alice.id).await;
        assert_eq!(portal.recovery_codes_left(&principal).await.unwrap(), 10);

        let wrong = portal.regenerate_recovery_codes(&principal, "000000").await;
        assert!(
            wrong
                .unwrap_err()
                .to_string()
                .contains("wrong or already used")
        );

        let code = alice.code();
        let fresh = portal
            .regenerate_recovery_codes(&principal, &code)
            .await
            .unwrap();
        assert_eq!(fresh.len(), 10);
        let replayed = portal.regenerate_recovery_codes(&principal, &code).await;
        assert!(replayed.is_err(), "a code counts as fresh once");

        // The old codes died; a new one works once as a fresh factor.
        assert!(
            portal
                .regenerate_recovery_codes(&principal, &alice.recovery_codes[0])
                .await
                .is_err()
        );
        let newer = portal
            .regenerate_recovery_codes(&principal, &fresh[0])
            .await
            .unwrap();
        assert_ne!(newer, fresh);
        assert_eq!(portal.recovery_codes_left(&principal).await.unwrap(), 10);
        assert!(
            audit_actions(&store)
                .await
                .contains(&"recovery-codes-regenerated".to_string())
        );
    }
);

on_both_backends!(
    totp_reenrolled_with_fresh_factor,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let principal = common::principal_of(&store, alice.id).await;

        assert!(
            server
                .portal
                .begin_reenrolment(&principal, "000000")
                .await
                .is_err()
        );
        let offer = server
            .portal
            .begin_reenrolment(&principal, &alice.recovery_codes[2])
            .await
            .unwrap();
        assert_ne!(Some(&offer.secret), alice.totp_secret.as_ref());
        let wrong = server
            .portal
            .confirm_reenrolment(&principal, &offer, "000000", None)
            .await;
        assert!(wrong.is_err());

        let code = portico::auth::totp::code_at(&offer.secret, unix_now()).unwrap();
        let codes = server
            .portal
            .confirm_reenrolment(&principal, &offer, &code, None)
            .await
            .unwrap();
        assert_eq!(codes.len(), 10);

        // The old app's codes stop working, the new app's work.
        let (_s, old_app) =
            password_login(server.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(old_app, Login::Refused);
        let next = portico::auth::totp::code_at(&offer.secret, unix_now() + 30).unwrap();
        let (_s, new_app) = password_login(server.address, "alice", PASSWORD, &next).await;
        assert_eq!(new_app, Login::Success);

        let titles: Vec<String> = notifications_of(&store, alice.id)
            .await
            .into_iter()
            .map(|(_, title)| title)
            .collect();
        assert!(
            titles.contains(&"New authenticator app".to_string()),
            "{titles:?}"
        );
        let actions = audit_actions(&store).await;
        assert!(actions.contains(&"totp-reenrolled".to_string()));
        assert!(actions.contains(&"sessions-ended".to_string()));
    }
);

/// A login history row: method, outcome, key fingerprint, client version
/// and network.
type HistoryRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

on_both_backends!(
    failed_attempts_record_details,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let fingerprint = portico::service::admin::fingerprint(alice.key.public_key());

        // A wrong password, then the key and a wrong code, then the key
        // and the right code, each on its own connection.
        let mut wrong_password = common::connect(server.address).await;
        let _ = wrong_password
            .authenticate_password("alice", "not the password")
            .await
            .expect("password request");
        drop(wrong_password);
        assert_eq!(key_login(&server, &alice, "000000").await, Login::Refused);
        assert_eq!(
            key_login(&server, &alice, &alice.code()).await,
            Login::Success
        );

        let rows: Vec<HistoryRow> = sqlx::query_as(
            "SELECT method, outcome, key_fingerprint, client_version, network \
                 FROM login_history WHERE user_id = $1 ORDER BY id",
        )
        .bind(alice.id)
        .fetch_all(store.pool())
        .await
        .expect("login history");
        let expected = [
            ("password", "rejected", None),
            ("publickey", "first factor accepted", Some(&fingerprint)),
            ("totp", "rejected", Some(&fingerprint)),
            ("publickey", "first factor accepted", Some(&fingerprint)),
            ("totp", "accepted", Some(&fingerprint)),
            ("totp", "login", Some(&fingerprint)),
        ];
        assert_eq!(rows.len(), expected.len(), "{rows:?}");
        for (row, (method, outcome, key)) in rows.iter().zip(expected) {
            let (row_method, row_outcome, row_key, client, network) = row;
            assert_eq!(
                (row_method.as_str(), row_outcome.as_str()),
                (method, outcome)
            );
            assert_eq!(row_key.as_ref(), key, "{row:?}");
            assert!(
                client
                    .as_deref()
                    .is_some_and(|client| client.starts_with("SSH-2.0-")),
                "every attempt records the client version: {row:?}"
            );
            assert_eq!(network.as_deref(), Some("127.0.0.0/24"), "{row:?}");
        }
    }
);

on_both_backends!(
    reset_code_single_use_across_sessions,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = alice_of_acme(&server.portal).await;
        let issued = server.portal.reset_account("alice").await.unwrap();
        let wait = std::time::Duration::from_secs(10);

        // The first session uses the code and stops at the new password.
        let (first, outcome) = password_login(server.address, "alice", &issued.code, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&first, 60, 30).await;
        let mut screen = common::Screen::new(60, 30);
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set a new password", wait).await,
            "{}",
            screen.text()
        );

        // While it is half done, the same code opens no second login.
        let (_s, second) = password_login(server.address, "alice", &issued.code, "").await;
        assert_eq!(second, Login::Refused, "a reset code works once");

        // The first session sets the password, then ends before the app.
        let new_password = "amber harbour kettle 58";
        type_text(&channel, &format!("{new_password}\r{new_password}\r")).await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set up two-factor login", wait).await,
            "{}",
            screen.text()
        );
        drop(channel);
        drop(first);

        // The next login, with the new password, resumes at the app
        // without asking for the password again; the code stays used.
        let (_s, reused) = password_login(server.address, "alice", &issued.code, "").await;
        assert_eq!(reused, Login::Refused, "the code is used up");
        let mut keyed = common::connect(server.address).await;
        assert!(
            !common::key_first_factor(&mut keyed, "alice", alice.key.clone()).await,
            "the key stays refused until the renewal ends"
        );
        let (resumed, outcome) = password_login(server.address, "alice", new_password, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&resumed, 60, 30).await;
        let mut screen = common::Screen::new(60, 30);
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set up two-factor login", wait).await,
            "{}",
            screen.text()
        );
        assert!(
            !screen.text().contains("Set a new password"),
            "{}",
            screen.text()
        );
        let secret = common::shown_secret(&screen.text());
        let code = portico::auth::totp::code_at(&secret, unix_now()).unwrap();
        type_text(&channel, &format!("{code}\r")).await;
        assert!(
            common::wait_for(&mut channel, &mut screen, "once", wait).await,
            "{}",
            screen.text()
        );
        let user = users::find_by_id(store.pool(), alice.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.must_renew_factors, 0, "the renewal is complete");

        // Two logins racing with one new code: exactly one gets in.
        let again = server.portal.reset_account("alice").await.unwrap();
        let (left, right) = tokio::join!(
            server
                .portal
                .verify_password("alice", &again.code, "127.0.0.1:40001"),
            server
                .portal
                .verify_password("alice", &again.code, "127.0.0.1:40002"),
        );
        let opened = [left.unwrap(), right.unwrap()]
            .iter()
            .filter(|first| first.is_some())
            .count();
        assert_eq!(opened, 1, "one code, one login");
    }
);

on_both_backends!(
    code_accepted_once_across_nodes,
    |store: Store, _url: String| async move {
        // Two portals on one database stand for two nodes.
        let first_node = common::portal(&store);
        let second_node = common::portal(&store);
        let alice = alice_of_acme(&first_node).await;
        let on_first = first_node
            .verify_password("alice", PASSWORD, "127.0.0.1:40001")
            .await
            .unwrap()
            .expect("password");
        let on_second = second_node
            .verify_password("alice", PASSWORD, "127.0.0.1:40002")
            .await
            .unwrap()
            .expect("password");

        let code = alice.code();
        let (left, right) = tokio::join!(
            first_node.verify_second_factor(&on_first, &code, "127.0.0.1:40001"),
            second_node.verify_second_factor(&on_second, &code, "127.0.0.1:40002"),
        );
        let accepted = [left.unwrap(), right.unwrap()]
            .iter()
            .filter(|method| method.is_some())
            .count();
        assert_eq!(accepted, 1, "one code, one login across nodes");
        let outcomes = history_outcomes(&store, "alice").await;
        assert!(
            outcomes
                .iter()
                .any(|(_, outcome)| outcome == "rejected: code already used"),
            "{outcomes:?}"
        );
    }
);
