//! Login throttling: per-account delays and suspension, source address
//! penalties, MaxAuthTries and LoginGraceTime, on SQLite and PostgreSQL.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    Client, Login, PASSWORD, TestServer, add_account, connect_from, is_served, password_login,
};
use portico::domain::Role;
use portico::service::PortalSettings;
use portico::service::login::{LoginClient, Method};
use portico::service::throttle::AccountThrottle;
use portico::ssh::Limits;
use portico::ssh::penalties::PenaltyConfig;
use portico::ssh::startups::StartupLimits;
use portico::store::Store;
use tokio::io::AsyncReadExt;

/// The second loopback address, which plays the attacker.
const ATTACKER: &str = "127.0.0.2";

async fn outcomes(store: &Store, handle: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT outcome FROM login_history WHERE handle = $1 ORDER BY id")
            .bind(handle)
            .fetch_all(store.pool())
            .await
            .expect("login history");
    rows.into_iter().map(|(outcome,)| outcome).collect()
}

/// Returns a portal that suspends a factor after `failures` in a row and
/// never delays attempts.
fn portal_suspending_after(store: &Store, failures: i64) -> portico::service::Portal {
    let settings = PortalSettings {
        throttle: AccountThrottle {
            backoff_after: 1000,
            suspend_after: failures,
            ..AccountThrottle::default()
        },
        ..PortalSettings::default()
    };
    portico::service::Portal::new(
        store.clone(),
        portico::auth::PasswordHasher::new(2),
        settings,
    )
    .with_secret_key(common::test_secret_key())
}

/// Connects from `source` to the server and tries one wrong password.
/// Returns false when the server refused the connection before the
/// SSH handshake completed.
async fn bad_attempt(server: SocketAddr, source: &str, guess: &str) -> bool {
    let Ok(stream) = connect_from(server, source).await else {
        return false;
    };
    let config = Arc::new(russh::client::Config::default());
    let Ok(mut session) = russh::client::connect_stream(config, stream, Client).await else {
        return false;
    };
    let _ = session.authenticate_password("alice", guess).await;
    true
}

on_both_backends!(
    attack_spares_other_address,
    |store: Store, _url: String| async move {
        let limits = Limits {
            auth_failure_delay: Duration::from_millis(50),
            penalties: Some(PenaltyConfig::default()),
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;

        let address = server.address;
        let attack = tokio::spawn(async move {
            let mut reached = 0;
            let mut refused = 0;
            for attempt in 0..300 {
                if bad_attempt(address, ATTACKER, &format!("guess {attempt}")).await {
                    reached += 1;
                } else {
                    refused += 1;
                }
            }
            (reached, refused)
        });

        // The genuine user logs in while the attack runs.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        let genuine_login = started.elapsed();
        assert_eq!(
            outcome,
            Login::Success,
            "the genuine user logs in during the attack"
        );

        let (reached, refused) = attack.await.expect("attack task");
        eprintln!(
            "attack from {ATTACKER}: {reached} attempts reached the login, {refused} connections refused; \
             server counted {} refused; genuine login from 127.0.0.1 took {} ms",
            server.listening.refused_connections(),
            genuine_login.as_millis()
        );
        assert!(
            refused >= 250,
            "penalized address refused: {refused} of 300"
        );
        assert!(
            reached >= 3,
            "the first attempts reach the login: {reached}"
        );
        assert!(server.listening.refused_connections() >= refused);

        let history = outcomes(&store, "alice").await;
        let rejected = history
            .iter()
            .filter(|outcome| *outcome == "rejected")
            .count();
        assert_eq!(
            rejected, reached,
            "each attempt that reached the login is recorded"
        );
        assert!(history.contains(&"login".to_string()), "{history:?}");
    }
);

on_both_backends!(
    account_delay_after_failures,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;

        let attacker = "192.0.2.9:50000";
        for attempt in 0..5 {
            let result = portal
                .verify_password("alice", &format!("wrong {attempt}"), attacker)
                .await
                .unwrap();
            assert!(result.is_none());
        }
        let right_from_attacker = portal
            .verify_password("alice", PASSWORD, "192.0.2.9:50001")
            .await
            .unwrap();
        assert!(
            right_from_attacker.is_none(),
            "the right password waits out the delay"
        );
        let history = outcomes(&store, "alice").await;
        assert_eq!(
            history.last().map(String::as_str),
            Some("rejected: throttled")
        );

        let right_from_other = portal
            .verify_password("alice", PASSWORD, "198.51.100.1:40001")
            .await
            .unwrap();
        assert!(right_from_other.is_some(), "another address is not delayed");

        // The delay runs out: 5 failures wait 1 second.
        tokio::time::sleep(Duration::from_millis(2100)).await;
        let after_wait = portal
            .verify_password("alice", PASSWORD, "192.0.2.9:50002")
            .await
            .unwrap();
        assert!(after_wait.is_some(), "the delay ends");
    }
);

on_both_backends!(
    factor_suspended_after_limit,
    |store: Store, _url: String| async move {
        let portal = portal_suspending_after(&store, 3);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let principal = common::principal_of(&store, alice.id).await;
        let peer = "192.0.2.9:50000";

        for attempt in 0..3 {
            assert!(
                portal
                    .verify_password("alice", &format!("wrong {attempt}"), peer)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        assert!(
            portal
                .verify_password("alice", PASSWORD, peer)
                .await
                .unwrap()
                .is_none(),
            "a suspended password does not log in"
        );
        let history = outcomes(&store, "alice").await;
        assert_eq!(
            history.last().map(String::as_str),
            Some("rejected: factor suspended")
        );

        let notifications = portal
            .notifications(&principal)
            .await
            .expect("notifications");
        assert!(
            notifications
                .iter()
                .any(|n| n.title == "Password login suspended"),
            "the user is told"
        );

        // A new password, set from a session opened with the key, lifts
        // the suspension.
        let new_password = "violet tangerine orbit 42";
        portal
            .change_password(
                &principal,
                PASSWORD,
                new_password,
                &alice.recovery_codes[0],
                None,
            )
            .await
            .unwrap();
        assert!(
            portal
                .verify_password("alice", new_password, peer)
                .await
                .unwrap()
                .is_some()
        );
    }
);

on_both_backends!(
    wrong_codes_suspend_totp,
    |store: Store, _url: String| async move {
        let portal = portal_suspending_after(&store, 2);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let peer = "192.0.2.9:50000";
        let first = portal
            .verify_password("alice", PASSWORD, peer)
            .await
            .unwrap()
            .unwrap();

        assert!(
            portal
                .verify_second_factor(&first, "000000", peer)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            portal
                .verify_second_factor(&first, "999999", peer)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            portal
                .verify_second_factor(&first, &alice.code(), peer)
                .await
                .unwrap()
                .is_none(),
            "a suspended TOTP factor does not log in"
        );
        let recovered = portal
            .verify_second_factor(&first, &alice.recovery_codes[0], peer)
            .await
            .unwrap();
        assert_eq!(
            recovered,
            Some(Method::RecoveryCode),
            "a recovery code still works"
        );
    }
);

on_both_backends!(
    max_auth_tries_disconnects,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let mut session = common::connect(server.address).await;

        for attempt in 0..20 {
            if session
                .authenticate_password("alice", format!("wrong {attempt}"))
                .await
                .is_err()
            {
                break;
            }
        }
        // Six tries, and one more that russh keeps for the "none" probe
        // that this client does not send.
        let checked = outcomes(&store, "alice").await.len();
        assert!(
            checked <= 7,
            "{checked} passwords checked on one connection"
        );
        assert!(
            checked >= 6,
            "{checked} passwords checked on one connection"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(session.is_closed(), "the server disconnects");
    }
);

on_both_backends!(
    login_grace_time_disconnects,
    |store: Store, _url: String| async move {
        let limits = Limits {
            login_grace_time: Duration::from_secs(1),
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let mut stream = tokio::net::TcpStream::connect(server.address)
            .await
            .expect("connect");

        // Read the server's version line, then wait without logging in.
        let started = Instant::now();
        let mut buffer = vec![0u8; 4096];
        let closed = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => return true,
                    Ok(_) => {}
                }
            }
        })
        .await
        .unwrap_or(false);
        assert!(
            closed,
            "the server closes a connection that does not log in"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
    }
);

on_both_backends!(
    max_startups_refuses_beyond_full,
    |store: Store, _url: String| async move {
        let limits = Limits {
            max_startups: StartupLimits::parse("3").expect("limits"),
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;

        // Three connections that never log in fill the startup slots.
        let mut pending = Vec::new();
        for _ in 0..3 {
            let mut stream = connect_from(server.address, "127.0.0.1")
                .await
                .expect("connect");
            assert!(is_served(&mut stream).await);
            pending.push(stream);
        }

        let mut refused = connect_from(server.address, "127.0.0.1")
            .await
            .expect("connect");
        assert!(
            !is_served(&mut refused).await,
            "a fourth connection is closed unserved"
        );
        assert_eq!(server.listening.refused_connections(), 1);

        // Once they go, connections are served again.
        drop(pending);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut served = connect_from(server.address, "127.0.0.1")
            .await
            .expect("connect");
        assert!(is_served(&mut served).await);
    }
);

on_both_backends!(
    one_address_cannot_fill_startups,
    |store: Store, _url: String| async move {
        let limits = Limits {
            per_source_max_startups: 2,
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;

        let mut held = Vec::new();
        for _ in 0..2 {
            let mut stream = connect_from(server.address, ATTACKER)
                .await
                .expect("connect");
            assert!(is_served(&mut stream).await);
            held.push(stream);
        }

        let mut third = connect_from(server.address, ATTACKER)
            .await
            .expect("connect");
        assert!(
            !is_served(&mut third).await,
            "a third pending connection from one address is closed"
        );

        let mut genuine = connect_from(server.address, "127.0.0.1")
            .await
            .expect("connect");
        assert!(is_served(&mut genuine).await, "another address is served");
        drop(held);
    }
);

/// Opens an SSH session from the loopback address `source`.
async fn session_from(server: SocketAddr, source: &str) -> russh::client::Handle<Client> {
    let stream = connect_from(server, source).await.expect("connect");
    let config = Arc::new(russh::client::Config::default());
    russh::client::connect_stream(config, stream, Client)
        .await
        .expect("SSH handshake")
}

on_both_backends!(
    penalty_applied_when_connection_closes,
    |store: Store, _url: String| async move {
        // One failed connection is enough to refuse the address, so any
        // penalty taken too early shows.
        let limits = Limits {
            auth_failure_delay: Duration::from_millis(50),
            penalties: Some(
                PenaltyConfig::parse("authfail:5s noauth:1s min:5s").expect("penalties"),
            ),
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;

        // A mistyped password, then the right one on the same connection:
        // the connection ends logged in, so the address is not penalized.
        let mut mistyped = session_from(server.address, ATTACKER).await;
        let wrong = mistyped
            .authenticate_password("alice", "not the password")
            .await
            .expect("password request");
        assert!(matches!(
            wrong,
            russh::client::AuthResult::Failure {
                partial_success: false,
                ..
            }
        ));
        mistyped
            .authenticate_password("alice", PASSWORD)
            .await
            .expect("password request");
        assert_eq!(
            common::second_factor(&mut mistyped, "alice", &alice.code()).await,
            Login::Success
        );
        drop(mistyped);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut after_login = connect_from(server.address, ATTACKER)
            .await
            .expect("connect");
        assert!(
            is_served(&mut after_login).await,
            "a connection that ended logged in leaves its address unpenalized"
        );
        drop(after_login);

        // A failed connection still open: its outcome is not known yet, so
        // the address is still served.
        let mut failing = session_from(server.address, ATTACKER).await;
        let _ = failing
            .authenticate_password("alice", "wrong again")
            .await
            .expect("password request");
        let mut meanwhile = connect_from(server.address, ATTACKER)
            .await
            .expect("connect");
        assert!(
            is_served(&mut meanwhile).await,
            "no penalty before the failed connection closes"
        );
        drop(meanwhile);

        // Once it closes having failed, the address is refused, and
        // another address is not.
        drop(failing);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut refused = connect_from(server.address, ATTACKER)
            .await
            .expect("connect");
        assert!(
            !is_served(&mut refused).await,
            "a connection that closed after failing penalizes its address"
        );
        let mut other = connect_from(server.address, "127.0.0.1")
            .await
            .expect("connect");
        assert!(is_served(&mut other).await, "another address is served");
    }
);

on_both_backends!(
    throttled_attempt_held_then_checked,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let peer = "192.0.2.9:50000";
        for attempt in 0..5 {
            let result = portal
                .verify_password("alice", &format!("wrong {attempt}"), peer)
                .await
                .unwrap();
            assert!(result.is_none());
        }

        // Five failures delay the next attempt by 1 second, which fits in
        // the wait allowed, so the attempt is held and then checked.
        let started = Instant::now();
        let held = portal
            .verify_password_waiting(
                "alice",
                PASSWORD,
                &LoginClient::at("192.0.2.9:50001"),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
        assert!(
            held.is_some(),
            "the held attempt is checked after the delay"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "the attempt waited the delay: {:?}",
            started.elapsed()
        );
        let history = outcomes(&store, "alice").await;
        assert_eq!(
            history.last().map(String::as_str),
            Some("first factor accepted")
        );
        assert!(
            !history
                .iter()
                .any(|outcome| outcome == "rejected: throttled"),
            "{history:?}"
        );
    }
);

on_both_backends!(
    throttled_login_waits_over_ssh,
    |store: Store, _url: String| async move {
        let limits = Limits {
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;

        // The user mistypes five times from one address, so the account
        // delays that address's next attempt.
        for attempt in 0..5 {
            assert!(bad_attempt(server.address, ATTACKER, &format!("typo {attempt}")).await);
        }

        // The right password from that address is held, not rejected.
        let address = server.address;
        let code = alice.code();
        let held = tokio::spawn(async move {
            let started = Instant::now();
            let mut session = session_from(address, ATTACKER).await;
            let first = session
                .authenticate_password("alice", PASSWORD)
                .await
                .expect("password request");
            let waited = started.elapsed();
            let outcome = match first {
                russh::client::AuthResult::Failure {
                    partial_success: true,
                    ..
                } => common::second_factor(&mut session, "alice", &code).await,
                _ => Login::Refused,
            };
            (outcome, waited, session)
        });

        // While the attempt is held, the server goes on serving: a login
        // from another address completes meanwhile.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let other_started = Instant::now();
        // A recovery code, so the TOTP code of the held login stays unused.
        let (_other, other) =
            password_login(server.address, "alice", PASSWORD, &alice.recovery_codes[0]).await;
        let other_took = other_started.elapsed();
        assert_eq!(other, Login::Success, "another address is not delayed");
        assert!(!held.is_finished(), "the held attempt is still waiting");

        let (outcome, waited, _session) = held.await.expect("held login");
        eprintln!(
            "held password attempt answered after {} ms; login from 127.0.0.1 meanwhile took {} ms",
            waited.as_millis(),
            other_took.as_millis()
        );
        assert_eq!(outcome, Login::Success, "the user who waits gets in");
        assert!(
            waited >= Duration::from_millis(900),
            "the attempt waited the delay: {waited:?}"
        );
        let history = outcomes(&store, "alice").await;
        assert!(
            !history
                .iter()
                .any(|outcome| outcome == "rejected: throttled"),
            "{history:?}"
        );
    }
);

on_both_backends!(
    penalty_shared_across_nodes,
    |store: Store, url: String| async move {
        let limits = Limits {
            auth_failure_delay: Duration::from_millis(50),
            penalties: Some(PenaltyConfig::default()),
            ..Limits::default()
        };
        let node_a = TestServer::start_with(&store, limits.clone()).await;
        let store_b = Store::open(&url).await.expect("second node's pool");
        let node_b = TestServer::start_with(&store_b, limits).await;
        add_account(
            &node_a.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;

        // The attacker fails on node A until node A refuses it.
        let mut attempts = 0;
        while bad_attempt(node_a.address, ATTACKER, &format!("guess {attempts}")).await {
            attempts += 1;
            assert!(attempts < 20, "node A never refused the attacker");
            // Lets the penalty of the closed connection be recorded.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        eprintln!("node A refused the attacker after {attempts} failed attempts");

        // Node B refuses it too, after its next refresh from the database.
        let started = Instant::now();
        let mut refused_on_b = false;
        while started.elapsed() < Duration::from_secs(5) {
            let mut stream = connect_from(node_b.address, ATTACKER)
                .await
                .expect("TCP connect to node B");
            if !is_served(&mut stream).await {
                refused_on_b = true;
                break;
            }
            drop(stream);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(refused_on_b, "node B refuses the address node A penalized");
        eprintln!(
            "node B refused the attacker {} ms after node A did",
            started.elapsed().as_millis()
        );
        assert!(node_b.listening.refused_connections() >= 1);

        // Another address still reaches node B.
        let mut stream = connect_from(node_b.address, "127.0.0.1")
            .await
            .expect("TCP connect to node B");
        assert!(is_served(&mut stream).await, "another address is served");

        let (rows,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM source_penalties WHERE source = $1 AND enforced = 1",
        )
        .bind(ATTACKER)
        .fetch_one(store.pool())
        .await
        .expect("count penalties");
        assert_eq!(rows, 1, "the penalty is stored once, shared by both nodes");

        drop(node_b);
        store_b.close().await;
    }
);
