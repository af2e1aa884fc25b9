//! PostgreSQL drops every connection of the test database while a session
//! is open: the session keeps working and a write afterwards is stored
//! exactly once. A reply under way when the connections drop is tried
//! again with its idempotency key: the session shows that it waits for the
//! database, and the reply is stored once. On SQLite and PostgreSQL, a
//! reply repeated with the same key is stored once.

mod common;

use std::time::Duration;

use common::{
    PASSWORD, Screen, TestServer, add_customer, open_first_request, open_shell, password_login,
    wait_for,
};
use portico::domain::RequestCategory;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use sqlx::Connection;

const WAIT: Duration = Duration::from_secs(10);

/// Terminates every other connection to the test database, as a
/// PostgreSQL restart would, and returns how many there were.
async fn terminate_connections(url: &str) -> i64 {
    let killer = Store::open(url).await.expect("separate pool");
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_one(killer.pool())
    .await
    .expect("terminate connections");
    killer.close().await;
    count
}

/// Adds the customer alice with the open request "Printer offline".
async fn customer_with_request(
    server: &TestServer,
    store: &Store,
) -> (
    common::Account,
    portico::domain::Principal,
    portico::domain::RequestNumber,
) {
    let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
    let principal = common::principal_of(store, alice.id).await;
    let request = server
        .portal
        .open_request(
            &principal,
            &RequestDraft {
                subject: "Printer offline".to_string(),
                category: RequestCategory::Technical,
                body: "Since Monday.".to_string(),
                document_id: None,
                contract_id: None,
            },
        )
        .await
        .expect("open request");
    (alice, principal, request)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_survives_dropped_connections() {
    common::with_database(
        common::Backend::Postgres,
        |store: Store, url: String| async move {
            let server = TestServer::start(&store).await;
            let (alice, principal, request) = customer_with_request(&server, &store).await;

            let (client, outcome) =
                password_login(server.address, "alice", PASSWORD, &alice.code()).await;
            assert_eq!(outcome, common::Login::Success);
            let mut channel = open_shell(&client, 100, 40).await;
            let mut screen = Screen::new(100, 40);
            assert!(wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await);

            let killed = terminate_connections(&url).await;
            assert!(killed >= 1, "the server's pool held connections");

            // The open session reads again after the fault.
            channel.data(&b"3"[..]).await.expect("key");
            assert!(
                wait_for(&mut channel, &mut screen, "Printer offline", WAIT).await,
                "{}",
                screen.text()
            );

            // A write after the fault is stored once.
            server
                .portal
                .reply(&principal, request.id, "Written after the fault")
                .await
                .expect("reply after the fault");
            assert_eq!(
                common::count_messages(&store, "Written after the fault").await,
                1
            );
        },
    )
    .await;
}

/// Returns how many connections of this database wait for a lock.
async fn waiting_on_locks(connection: &mut sqlx::AnyConnection) -> i64 {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .fetch_one(&mut *connection)
    .await
    .expect("count waiting connections");
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_during_fault_stored_once() {
    common::with_database(
        common::Backend::Postgres,
        |store: Store, url: String| async move {
            let server = TestServer::start(&store).await;
            let (alice, _, _) = customer_with_request(&server, &store).await;
            let (_client, mut channel, mut screen) =
                open_first_request(server.address, &alice, &alice.code(), "Since Monday.").await;

            // A lock on messages holds the reply's INSERT until the
            // connections are dropped, so the fault hits the write in
            // progress every time.
            let mut locker = sqlx::AnyConnection::connect(&url)
                .await
                .expect("locking connection");
            sqlx::query("BEGIN")
                .execute(&mut locker)
                .await
                .expect("begin");
            sqlx::query("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE")
                .execute(&mut locker)
                .await
                .expect("lock messages");

            channel.data(&b"r"[..]).await.expect("key");
            channel
                .data(&b"Sent while the database restarts"[..])
                .await
                .expect("type");
            channel.data(&b"\x13"[..]).await.expect("ctrl-s");
            let started = std::time::Instant::now();
            while waiting_on_locks(&mut locker).await == 0 {
                assert!(started.elapsed() < WAIT, "the reply never reached the lock");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }

            let (killed,): (i64,) = sqlx::query_as(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .fetch_one(&mut locker)
            .await
            .expect("terminate connections");
            assert!(killed >= 1, "the reply's connection was dropped");

            // The session shows that it waits; the retry blocks on the lock again.
            assert!(
                wait_for(
                    &mut channel,
                    &mut screen,
                    "Connection to the database lost; retrying",
                    WAIT
                )
                .await,
                "{}",
                screen.text()
            );
            sqlx::query("COMMIT")
                .execute(&mut locker)
                .await
                .expect("unlock");
            let _ = locker.close().await;

            assert!(
                wait_for(&mut channel, &mut screen, "Reply sent.", WAIT).await,
                "{}",
                screen.text()
            );
            assert_eq!(
                common::count_messages(&store, "Sent while the database restarts").await,
                1,
                "the reply is stored exactly once"
            );
        },
    )
    .await;
}

on_both_backends!(
    repeated_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let bob = add_customer(&portal, "bob", "Acme", 2).await;
        let alice = common::principal_of(&store, alice.id).await;
        let bob = common::principal_of(&store, bob.id).await;
        let request = portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Keyed".to_string(),
                    category: RequestCategory::Other,
                    body: "First".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        let key = "0123456789abcdef-retry";

        // A retry after an unclear failure repeats the call with its key.
        for _ in 0..3 {
            portal
                .reply_once(&alice, request.id, "Keyed reply", key)
                .await
                .expect("keyed reply");
        }
        assert_eq!(common::count_messages(&store, "Keyed reply").await, 1);

        // Another user's keyed reply with the same text is its own message.
        portal
            .reply_once(&bob, request.id, "Keyed reply", "another-key-0123456789")
            .await
            .expect("bob's reply");
        assert_eq!(common::count_messages(&store, "Keyed reply").await, 2);

        // The same text without a key is a new message, as the user meant.
        portal
            .reply(&alice, request.id, "Keyed reply")
            .await
            .expect("unkeyed reply");
        assert_eq!(common::count_messages(&store, "Keyed reply").await, 3);

        let invalid = portal
            .reply_once(&alice, request.id, "Bad key", "short")
            .await
            .expect_err("a short key is invalid");
        assert!(
            invalid.to_string().contains("invalid idempotency key"),
            "{invalid}"
        );
        assert_eq!(common::count_messages(&store, "Bad key").await, 0);
    }
);
