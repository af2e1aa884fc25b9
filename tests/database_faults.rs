//! PostgreSQL drops every connection of the test database while a session
//! is open: the session keeps working and a write afterwards is stored
//! exactly once.

mod common;

use std::time::Duration;

use common::{PASSWORD, Screen, TestServer, add_account, open_shell, password_login, wait_for};
use portico::domain::{RequestCategory, Role};
use portico::service::requests::RequestDraft;
use portico::store::Store;

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

async fn messages_with_body(store: &Store, body: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE body = $1")
        .bind(body)
        .fetch_one(store.pool())
        .await
        .expect("count messages");
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_survives_dropped_connections() {
    common::with_database(
        common::Backend::Postgres,
        |store: Store, url: String| async move {
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
            let principal = common::principal_of(&store, alice.id).await;
            let request = server
                .portal
                .open_request(
                    &principal,
                    &RequestDraft {
                        subject: "Printer offline".to_string(),
                        category: RequestCategory::Technical,
                        body: "Since Monday.".to_string(),
                        document_id: None,
                    },
                )
                .await
                .expect("open request");

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
                messages_with_body(&store, "Written after the fault").await,
                1
            );
        },
    )
    .await;
}
