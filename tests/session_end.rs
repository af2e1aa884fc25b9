//! Ending sessions: from another node, when an account is disabled or its
//! password or authenticator app changes, from
//! the Activity screen, after idling and at the maximum length; on SQLite
//! and PostgreSQL.

mod common;

use std::time::{Duration, Instant};

use common::{
    Login, PASSWORD, Screen, TestServer, add_customer, dashboard_shell, password_login, wait_for,
};
use portico::ssh::Limits;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);

/// Reads the channel until the server closes it or `within` runs out;
/// returns whether it closed.
async fn wait_closed(
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut Screen,
    within: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => screen.parser.process(&data),
            Ok(Some(russh::ChannelMsg::Close)) | Ok(None) => return true,
            Ok(Some(_)) => {}
            Err(_) => return false,
        }
    }
}

fn output_of(screen: &Screen) -> String {
    screen.text()
}

on_both_backends!(
    disabled_account_closed_within_second,
    |store: Store, _url: String| async move {
        // Two nodes on one database: alice is on the second, the operator
        // acts through the first.
        let first_node = TestServer::start(&store).await;
        let second_node = TestServer::start(&store).await;
        let alice = add_customer(&first_node.portal, "alice", "Acme", 1).await;
        let (session, outcome) =
            password_login(second_node.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let (mut channel, mut screen) = dashboard_shell(&session, 80, 24).await;

        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
            .bind(alice.id)
            .execute(store.pool())
            .await
            .expect("disable alice");
        let started = Instant::now();
        let ended = first_node
            .portal
            .end_sessions_of(alice.id, "the account was disabled")
            .await
            .expect("end sessions");
        assert_eq!(ended, 1);

        let closed = wait_closed(&mut channel, &mut screen, Duration::from_secs(1)).await;
        let took = started.elapsed();
        eprintln!(
            "disabled account's session closed after {} ms",
            took.as_millis()
        );
        assert!(
            closed,
            "closed within a second; screen:\n{}",
            output_of(&screen)
        );
        assert!(
            screen.text().contains("the account was disabled"),
            "the reason is shown: {}",
            screen.text()
        );

        let (_again, outcome) =
            password_login(second_node.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(
            outcome,
            Login::Refused,
            "a disabled account cannot log in again"
        );
    }
);

on_both_backends!(
    end_sessions_spares_others,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let bob = add_customer(&server.portal, "bob", "Acme", 2).await;
        let (alice_session, _) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        let (bob_session, _) = password_login(server.address, "bob", PASSWORD, &bob.code()).await;
        let (mut alice_channel, mut alice_screen) = dashboard_shell(&alice_session, 80, 24).await;
        let (mut bob_channel, mut bob_screen) = dashboard_shell(&bob_session, 80, 24).await;

        server
            .portal
            .end_sessions_of(alice.id, "test")
            .await
            .expect("end");
        assert!(
            wait_closed(
                &mut alice_channel,
                &mut alice_screen,
                Duration::from_secs(2)
            )
            .await
        );
        assert!(
            !wait_closed(
                &mut bob_channel,
                &mut bob_screen,
                Duration::from_millis(800)
            )
            .await,
            "bob's session stays open"
        );
    }
);

on_both_backends!(
    activity_ends_other_session,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let (first, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        // The other session is on another node of the same database.
        let other_node = TestServer::start(&store).await;
        let (second, outcome) =
            password_login(other_node.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(outcome, Login::Success);
        let (mut channel, mut screen) = dashboard_shell(&first, 100, 30).await;
        let (mut other_channel, mut other_screen) = dashboard_shell(&second, 100, 30).await;

        channel.data(&b"6"[..]).await.expect("key");
        assert!(
            wait_for(&mut channel, &mut screen, "Open sessions: 2", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(screen.text().contains("this session"), "{}", screen.text());

        // The newest session, the other one, is listed first.
        channel.data(&b"e"[..]).await.expect("key");
        assert!(
            wait_for(&mut channel, &mut screen, "End the selected session?", WAIT).await,
            "{}",
            screen.text()
        );
        channel.data(&b"y"[..]).await.expect("key");
        assert!(
            wait_for(&mut channel, &mut screen, "Session ended.", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(
            wait_for(&mut channel, &mut screen, "Open sessions: 1", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(
            wait_closed(
                &mut other_channel,
                &mut other_screen,
                Duration::from_secs(2)
            )
            .await,
            "the other session closes"
        );
        assert!(
            other_screen.text().contains("ended by the user"),
            "{}",
            other_screen.text()
        );

        // Ending the current session from the list only explains q.
        channel.data(&b"e"[..]).await.expect("key");
        assert!(
            wait_for(
                &mut channel,
                &mut screen,
                "This is the current session",
                WAIT
            )
            .await,
            "{}",
            screen.text()
        );
    }
);

on_both_backends!(
    idle_warning_is_drawn,
    |store: Store, _url: String| async move {
        let limits = Limits {
            idle_timeout: Duration::from_secs(4),
            idle_warning: Duration::from_secs(2),
            stall_timeout: Duration::from_secs(5),
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let (_alice, session) = common::customer_login(&server).await;
        let (mut channel, mut screen) = dashboard_shell(&session, 100, 30).await;

        assert!(
            wait_for(
                &mut channel,
                &mut screen,
                "this session closes in",
                Duration::from_secs(4)
            )
            .await,
            "{}",
            screen.text()
        );
        assert!(
            wait_closed(&mut channel, &mut screen, Duration::from_secs(5)).await,
            "the idle session closes"
        );
    }
);

on_both_backends!(
    session_ends_at_maximum_length,
    |store: Store, _url: String| async move {
        let limits = Limits {
            max_session: Duration::from_secs(2),
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            ..Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let (alice, session) = common::customer_login(&server).await;
        let (mut channel, mut screen) = dashboard_shell(&session, 80, 24).await;
        assert!(wait_closed(&mut channel, &mut screen, Duration::from_secs(5)).await);

        // The end is recorded just after the connection closes.
        let mut reasons: Vec<(Option<String>,)> = Vec::new();
        for _ in 0..20 {
            reasons = sqlx::query_as("SELECT end_reason FROM sessions WHERE user_id = $1")
                .bind(alice.id)
                .fetch_all(store.pool())
                .await
                .expect("sessions");
            if reasons.iter().all(|(reason,)| reason.is_some()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            reasons,
            vec![(Some("maximum session length reached".to_string()),)]
        );
    }
);

/// Returns the ids of the account's open sessions, oldest first.
async fn open_session_ids(store: &Store, user_id: i64) -> Vec<i64> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await
    .expect("open sessions");
    rows.into_iter().map(|(id,)| id).collect()
}

on_both_backends!(
    factor_changes_end_other_sessions,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let principal = common::principal_of(&store, alice.id).await;

        // The session that makes the changes stays open throughout.
        let (keeper, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let (mut keeper_channel, mut keeper_screen) = dashboard_shell(&keeper, 80, 24).await;
        let keep = open_session_ids(&store, alice.id).await[0];

        // A new password ends the other session within a second.
        let (other, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.recovery_codes[0]).await;
        assert_eq!(outcome, Login::Success);
        let (mut other_channel, mut other_screen) = dashboard_shell(&other, 80, 24).await;
        let new_password = "copper meadow lantern 31";
        server
            .portal
            .change_password(
                &principal,
                PASSWORD,
                new_password,
                &alice.recovery_codes[3],
                Some(keep),
            )
            .await
            .expect("change password");
        assert!(
            wait_closed(
                &mut other_channel,
                &mut other_screen,
                Duration::from_secs(1)
            )
            .await,
            "a password change closes the other session within a second: {}",
            output_of(&other_screen)
        );

        // A new authenticator app does the same.
        let (other, outcome) = password_login(
            server.address,
            "alice",
            new_password,
            &alice.recovery_codes[1],
        )
        .await;
        assert_eq!(outcome, Login::Success);
        let (mut other_channel, mut other_screen) = dashboard_shell(&other, 80, 24).await;
        let offer = server
            .portal
            .begin_reenrolment(&principal, &alice.recovery_codes[2])
            .await
            .expect("fresh factor");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let code = portico::auth::totp::code_at(&offer.secret, now).expect("code");
        server
            .portal
            .confirm_reenrolment(&principal, &offer, &code, Some(keep))
            .await
            .expect("new app");
        assert!(
            wait_closed(
                &mut other_channel,
                &mut other_screen,
                Duration::from_secs(1)
            )
            .await,
            "a new authenticator app closes the other session within a second: {}",
            output_of(&other_screen)
        );

        assert!(
            !wait_closed(
                &mut keeper_channel,
                &mut keeper_screen,
                Duration::from_millis(800)
            )
            .await,
            "the session that made the changes stays open"
        );
    }
);

on_both_backends!(
    idle_timeout_after_reconnect_elsewhere,
    |store: Store, _url: String| async move {
        let limits = Limits {
            idle_timeout: Duration::from_secs(4),
            idle_warning: Duration::from_secs(2),
            stall_timeout: Duration::from_secs(5),
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            ..Limits::default()
        };
        let node_a = TestServer::start_with(&store, limits.clone()).await;
        let node_b = TestServer::start_with(&store, limits).await;
        let (alice, session) = common::customer_login(&node_a).await;
        let (mut channel, mut screen) = dashboard_shell(&session, 100, 30).await;
        assert!(
            wait_closed(&mut channel, &mut screen, Duration::from_secs(8)).await,
            "the idle session on node A closes"
        );
        // The client leaves once its only channel closed, as OpenSSH does.
        drop(channel);
        drop(session);

        // Back on node B: the session that idled out on A is recorded as
        // ended for every node, and the new one has its own idle timer.
        // Node A's watcher records the end when the connection closes.
        let (session, outcome) =
            password_login(node_b.address, "alice", PASSWORD, &alice.next_code()).await;
        assert_eq!(outcome, Login::Success);
        let (mut channel, mut screen) = dashboard_shell(&session, 100, 30).await;
        channel.data(&b"6"[..]).await.expect("key");
        assert!(
            wait_for(
                &mut channel,
                &mut screen,
                "Open sessions: 1",
                Duration::from_secs(3)
            )
            .await,
            "{}",
            screen.text()
        );
        let (ended,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE ended_at IS NOT NULL")
                .fetch_one(store.pool())
                .await
                .expect("ended sessions");
        assert_eq!(ended, 1, "node A recorded the end of its session");
        assert!(
            wait_for(
                &mut channel,
                &mut screen,
                "this session closes in",
                Duration::from_secs(4)
            )
            .await,
            "{}",
            screen.text()
        );
        assert!(
            wait_closed(&mut channel, &mut screen, Duration::from_secs(5)).await,
            "the idle session on node B closes"
        );
    }
);

on_both_backends!(
    erased_account_connection_closed,
    |store: Store, _url: String| async move {
        // Erasure deletes the session rows, so the watcher must close
        // connections whose row is gone, not only those marked ended.
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let (mut channel, mut screen) = dashboard_shell(&session, 80, 24).await;

        server
            .portal
            .erase_account("alice")
            .await
            .expect("erase alice");

        let closed = wait_closed(&mut channel, &mut screen, WAIT).await;
        assert!(
            closed,
            "the erased account's session stays open:\n{}",
            output_of(&screen)
        );
        let deadline = Instant::now() + WAIT;
        while !session.is_closed() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let reopened = session.channel_open_session().await;
        assert!(
            reopened.is_err(),
            "the erased account's connection still opens channels"
        );
    }
);
