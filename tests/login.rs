//! Two-factor login over SSH with a russh client, on SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::{
    Login, PASSWORD, TestServer, add_account, connect, key_first_factor, password_login,
    second_factor,
};
use portico::domain::Role;
use portico::store::Store;

async fn customer(server: &TestServer, handle: &str, seed: u8) -> common::Account {
    add_account(
        &server.portal,
        handle,
        Some("Acme"),
        Role::Customer,
        true,
        seed,
    )
    .await
}

async fn login_history(store: &Store, handle: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT method, outcome FROM login_history WHERE handle = $1 ORDER BY id")
        .bind(handle)
        .fetch_all(store.pool())
        .await
        .expect("login history")
}

on_both_backends!(
    password_then_code_logs_in,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let history = login_history(&store, "alice").await;
        assert!(
            history.contains(&("password".to_string(), "first factor accepted".to_string())),
            "{history:?}"
        );
        assert!(
            history.contains(&("totp".to_string(), "login".to_string())),
            "{history:?}"
        );
    }
);

on_both_backends!(
    key_then_code_logs_in,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;

        let mut session = connect(server.address).await;
        assert!(key_first_factor(&mut session, "alice", alice.key.clone()).await);
        assert_eq!(
            second_factor(&mut session, "alice", &alice.code()).await,
            Login::Success
        );
    }
);

on_both_backends!(
    each_wrong_factor_is_refused,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;
        let bob = customer(&server, "bob", 2).await;

        let (_s, wrong_password) = password_login(
            server.address,
            "alice",
            "not the password at all",
            &alice.code(),
        )
        .await;
        assert_eq!(wrong_password, Login::Refused);

        let (_s, wrong_code) = password_login(server.address, "alice", PASSWORD, "000000").await;
        assert_eq!(wrong_code, Login::Refused);

        let (_s, malformed_code) =
            password_login(server.address, "alice", PASSWORD, "12ab\u{1b}[31m").await;
        assert_eq!(malformed_code, Login::Refused);

        let (_s, unknown) =
            password_login(server.address, "mallory", PASSWORD, &alice.code()).await;
        assert_eq!(unknown, Login::Refused);

        let mut session = connect(server.address).await;
        assert!(
            !key_first_factor(&mut session, "alice", bob.key.clone()).await,
            "bob's key must not open alice's account"
        );

        let history = login_history(&store, "mallory").await;
        assert_eq!(
            history,
            vec![("password".to_string(), "rejected".to_string())]
        );
    }
);

on_both_backends!(
    code_is_accepted_once,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;
        let code = alice.code();

        let (_first, outcome) = password_login(server.address, "alice", PASSWORD, &code).await;
        assert_eq!(outcome, Login::Success);
        let (_second, replayed) = password_login(server.address, "alice", PASSWORD, &code).await;
        assert_eq!(replayed, Login::Refused);
    }
);

on_both_backends!(
    recovery_code_works_once,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;
        let recovery = alice.recovery_codes[3].to_lowercase();

        let (_first, outcome) = password_login(server.address, "alice", PASSWORD, &recovery).await;
        assert_eq!(outcome, Login::Success);
        let (_second, reused) = password_login(server.address, "alice", PASSWORD, &recovery).await;
        assert_eq!(reused, Login::Refused);
    }
);

on_both_backends!(
    second_factor_without_first_refused,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;

        let mut session = connect(server.address).await;
        assert_eq!(
            second_factor(&mut session, "alice", &alice.code()).await,
            Login::Refused
        );

        let history = login_history(&store, "alice").await;
        assert!(
            history
                .iter()
                .any(|(_, outcome)| outcome == "rejected: no first factor"),
            "{history:?}"
        );
    }
);

on_both_backends!(
    user_name_change_discards_factor,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let _alice = customer(&server, "alice", 1).await;
        let bob = customer(&server, "bob", 2).await;

        let mut session = connect(server.address).await;
        let first = session
            .authenticate_password("alice", PASSWORD)
            .await
            .expect("password request");
        assert!(matches!(
            first,
            russh::client::AuthResult::Failure {
                partial_success: true,
                ..
            }
        ));
        // The password proved alice; a code of bob's must not log in as bob.
        assert_eq!(
            second_factor(&mut session, "bob", &bob.code()).await,
            Login::Refused
        );
    }
);

on_both_backends!(
    signature_by_other_key_refused,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer(&server, "alice", 1).await;
        let bob = customer(&server, "bob", 2).await;

        // Offer alice's public key but sign with bob's private key. Like an
        // agent, the signer appends the signature blob to the signed data.
        struct ForeignSigner(std::sync::Arc<russh::keys::PrivateKey>);
        impl russh::Signer for ForeignSigner {
            type Error = russh::AgentAuthError;
            async fn auth_sign(
                &mut self,
                _key: &russh::keys::agent::AgentIdentity,
                _hash_alg: Option<russh::keys::HashAlg>,
                mut to_sign: Vec<u8>,
            ) -> Result<Vec<u8>, Self::Error> {
                use russh::keys::signature::Signer;
                use russh::keys::ssh_encoding::Encode;
                let failed = || russh::AgentAuthError::Key(russh::keys::Error::CouldNotReadKey);
                let signature: russh::keys::ssh_key::Signature =
                    self.0.try_sign(&to_sign).map_err(|_| failed())?;
                let blob = signature.encode_vec().map_err(|_| failed())?;
                blob.encode(&mut to_sign).map_err(|_| failed())?;
                Ok(to_sign)
            }
        }

        let mut session = connect(server.address).await;
        let result = session
            .authenticate_publickey_with(
                "alice",
                alice.key.public_key().clone(),
                None,
                &mut ForeignSigner(bob.key.clone()),
            )
            .await;
        let rejected = matches!(
            result,
            Ok(russh::client::AuthResult::Failure {
                partial_success: false,
                ..
            })
        );
        assert!(
            rejected,
            "a signature by bob's key must not prove alice's key: {result:?}"
        );
        assert_eq!(
            second_factor(&mut session, "alice", &alice.code()).await,
            Login::Refused
        );
    }
);

on_both_backends!(
    first_login_enrols_totp,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        add_account(
            &server.portal,
            "erin",
            Some("Acme"),
            Role::Customer,
            false,
            5,
        )
        .await;

        let (session, outcome) = password_login(server.address, "erin", PASSWORD, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&session, 120, 40).await;
        let mut screen = common::Screen::new(120, 40);
        assert!(
            common::wait_for(
                &mut channel,
                &mut screen,
                "authenticator",
                Duration::from_secs(10)
            )
            .await,
            "{}",
            screen.text()
        );

        let user = portico::store::users::find_by_handle(store.pool(), "erin")
            .await
            .expect("user")
            .expect("erin");
        assert!(
            user.totp_secret.is_none(),
            "nothing is stored before a code confirms it"
        );
        let secret = common::shown_secret(&screen.text());
        assert_eq!(
            secret.len(),
            32,
            "secret shown as base32 groups: {}",
            screen.text()
        );

        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_secs();
        let code = portico::auth::totp::code_at(&secret, now).expect("code");
        channel
            .data(format!("{code}\r").as_bytes())
            .await
            .expect("type code");
        assert!(
            common::wait_for(&mut channel, &mut screen, "once", Duration::from_secs(10)).await,
            "{}",
            screen.text()
        );
        let user = portico::store::users::find_by_handle(store.pool(), "erin")
            .await
            .expect("user")
            .expect("erin");
        let stored = user.totp_secret.expect("stored secret");
        assert_ne!(stored, secret, "the secret is stored encrypted");
        assert_eq!(
            common::test_secret_key()
                .decrypt(user.id, &stored)
                .expect("decrypt"),
            secret
        );
        let remaining = portico::store::users::remaining_recovery_codes(store.pool(), user.id)
            .await
            .expect("count");
        assert_eq!(remaining, 10);
    }
);

on_both_backends!(
    failure_delay_spares_successful_steps,
    |store: Store, _url: String| async move {
        // With a long failure delay, a login whose steps all succeed must not
        // wait for it: not after the "none" probe, not after the first factor.
        let limits = portico::ssh::Limits {
            idle_timeout: Duration::from_secs(60),
            stall_timeout: Duration::from_secs(5),
            auth_failure_delay: Duration::from_secs(3),
            penalties: None,
            ..portico::ssh::Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let alice = customer(&server, "alice", 1).await;

        let started = std::time::Instant::now();
        let mut session = connect(server.address).await;
        let probe = session
            .authenticate_none("alice")
            .await
            .expect("none probe");
        assert!(!probe.success());
        let first = session
            .authenticate_password("alice", PASSWORD)
            .await
            .expect("password");
        assert!(matches!(
            first,
            russh::client::AuthResult::Failure {
                partial_success: true,
                ..
            }
        ));
        assert_eq!(
            second_factor(&mut session, "alice", &alice.code()).await,
            Login::Success
        );
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(3),
            "a successful login took {elapsed:?}"
        );

        // A wrong password does wait.
        let started = std::time::Instant::now();
        let mut session = connect(server.address).await;
        let rejected = session
            .authenticate_password("alice", "wrong password here")
            .await
            .expect("password");
        assert!(!rejected.success());
        assert!(
            started.elapsed() >= Duration::from_secs(3),
            "a failure answered after {:?}",
            started.elapsed()
        );
    }
);
