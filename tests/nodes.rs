//! Several nodes on one database: events stored on one node reach the
//! sessions of another through the bridge (LISTEN/NOTIFY on PostgreSQL,
//! polling on SQLite), also after the listener connection was killed.

mod common;

use std::time::{Duration, Instant};

use common::{PASSWORD, TestServer, add_account, add_customer, open_first_request, wait_for};
use portico::domain::{RequestCategory, Role};
use portico::notify::{Bridge, LiveEventKind};
use portico::service::requests::RequestDraft;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);
/// Maximum time for an agent's reply on one node to reach the customer's
/// screen on the other.
const LIVE: Duration = Duration::from_secs(1);

fn draft(subject: &str, body: &str) -> RequestDraft {
    RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Technical,
        body: body.to_string(),
        document_id: None,
        contract_id: None,
    }
}

on_both_backends!(
    reply_crosses_to_other_node,
    |store: Store, url: String| async move {
        // Each node has its own pool, portal, bus and SSH listener.
        let node_a = TestServer::start(&store).await;
        let store_b = Store::open(&url).await.expect("second node's pool");
        let node_b = TestServer::start(&store_b).await;
        let bridge_a = Bridge::start(&url, store.pool().clone(), node_a.portal.bus().clone());
        let bridge_b = Bridge::start(&url, store_b.pool().clone(), node_b.portal.bus().clone());

        let alice = add_customer(&node_a.portal, "alice", "Acme", 1).await;
        let dana = add_account(&node_a.portal, "dana", None, Role::Agent, true, 4).await;
        let alice_principal = common::principal_of(&store, alice.id).await;
        node_a
            .portal
            .open_request(
                &alice_principal,
                &draft("Router keeps rebooting", "Every hour."),
            )
            .await
            .expect("open request");

        let (_customer, mut customer_channel, mut customer_screen) =
            open_first_request(node_b.address, &alice, &alice.code(), "Every hour.").await;
        let (_agent, agent_channel, mut agent_screen) =
            open_first_request(node_a.address, &dana, &dana.code(), "Every hour.").await;
        let mut agent_channel = agent_channel;

        agent_channel.data(&b"r"[..]).await.expect("key");
        agent_channel
            .data(&b"Please unplug it for ten seconds."[..])
            .await
            .expect("type");
        let sent = Instant::now();
        agent_channel.data(&b"\x13"[..]).await.expect("ctrl-s");

        // The customer on node B presses nothing.
        assert!(
            wait_for(
                &mut customer_channel,
                &mut customer_screen,
                "Please unplug it for ten seconds.",
                LIVE
            )
            .await,
            "{}",
            customer_screen.text()
        );
        eprintln!(
            "the reply crossed to the other node's screen {} ms after Ctrl-S",
            sent.elapsed().as_millis()
        );
        assert!(
            wait_for(&mut agent_channel, &mut agent_screen, "Reply sent.", WAIT).await,
            "{}",
            agent_screen.text()
        );
        assert!(bridge_b.relayed() >= 1, "node B relayed the reply");

        bridge_a.stop().await;
        bridge_b.stop().await;
        drop(node_b);
        store_b.close().await;
    }
);

on_both_backends!(
    relayed_events_arrive_once,
    |store: Store, url: String| async move {
        let node_a = common::portal(&store);
        let store_b = Store::open(&url).await.expect("second node's pool");
        let node_b = common::portal(&store_b);
        let mut sessions_a = node_a.bus().subscribe();
        let mut sessions_b = node_b.bus().subscribe();
        let bridge_a = Bridge::start(&url, store.pool().clone(), node_a.bus().clone());
        let bridge_b = Bridge::start(&url, store_b.pool().clone(), node_b.bus().clone());

        let alice = add_customer(&node_a, "alice", "Acme", 1).await;
        let alice = common::principal_of(&store, alice.id).await;
        let request = node_a
            .open_request(&alice, &draft("Seen once", "Hello"))
            .await
            .expect("open request");

        let first = tokio::time::timeout(WAIT, sessions_b.recv())
            .await
            .expect("node B hears of the request in time")
            .expect("event");
        assert_eq!(first.kind, LiveEventKind::RequestChanged);
        assert_eq!(first.request_id, Some(request.id));

        // Node A published its own event directly; its bridge must not
        // publish it a second time.
        let own = sessions_a.recv().await.expect("own event");
        assert_eq!(own.id, first.id);
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert!(
            sessions_a.try_recv().is_err(),
            "node A relayed its own event again"
        );
        assert!(
            sessions_b.try_recv().is_err(),
            "node B relayed the event twice"
        );
        // Node A's bridge may load the row before the use case publishes
        // it; then the bridge counts it and the use case's copy is dropped.
        assert!(
            bridge_a.relayed() <= 1,
            "node A relayed {}",
            bridge_a.relayed()
        );
        assert_eq!(bridge_b.relayed(), 1);

        bridge_a.stop().await;
        bridge_b.stop().await;
        store_b.close().await;
    }
);

/// Kills the listener connections of the test database, as a PostgreSQL
/// restart or a network fault would, and returns how many there were.
async fn terminate_listeners(store: &Store) -> i64 {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind(portico::notify::bridge::APPLICATION_NAME)
    .fetch_one(store.pool())
    .await
    .expect("terminate listeners");
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_survive_listener_loss() {
    common::with_database(
        common::Backend::Postgres,
        |store: Store, url: String| async move {
            let node_a = common::portal(&store);
            let store_b = Store::open(&url).await.expect("second node's pool");
            let node_b = common::portal(&store_b);
            let mut sessions_b = node_b.bus().subscribe();
            let bridge_b = Bridge::start(&url, store_b.pool().clone(), node_b.bus().clone());

            let alice = add_customer(&node_a, "alice", "Acme", 1).await;
            let alice = common::principal_of(&store, alice.id).await;

            // Wait for the listener to be up before killing it.
            let started = Instant::now();
            let mut killed = 0;
            while killed == 0 && started.elapsed() < WAIT {
                killed = terminate_listeners(&store).await;
                if killed == 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            assert_eq!(killed, 1, "one listener connection was killed");

            // Published while node B has no listener.
            let request = node_a
                .open_request(&alice, &draft("While the listener was down", "Hello"))
                .await
                .expect("open request");
            node_a
                .reply(&alice, request.id, "Still there?")
                .await
                .expect("reply");

            let mut kinds = Vec::new();
            while kinds.len() < 2 {
                let event = tokio::time::timeout(WAIT, sessions_b.recv())
                    .await
                    .expect("events arrive after the listener reconnects")
                    .expect("event");
                assert_eq!(event.request_id, Some(request.id));
                kinds.push(event.kind);
            }
            assert_eq!(
                kinds,
                [LiveEventKind::RequestChanged, LiveEventKind::MessageAdded]
            );
            assert!(bridge_b.reconnects() >= 1, "the listener reconnected");

            bridge_b.stop().await;
            store_b.close().await;
        },
    )
    .await;
}

on_both_backends!(
    account_delay_shared_across_nodes,
    |store: Store, url: String| async move {
        let node_a = common::portal(&store);
        let store_b = Store::open(&url).await.expect("second node's pool");
        let node_b = common::portal(&store_b);
        add_customer(&node_a, "alice", "Acme", 1).await;

        // The failures reach node A; the attacker then tries node B.
        let attacker = "127.0.0.9:50000";
        for attempt in 0..5 {
            let result = node_a
                .verify_password("alice", &format!("wrong {attempt}"), attacker)
                .await
                .expect("verify on node A");
            assert!(result.is_none());
        }
        let on_other_node = node_b
            .verify_password("alice", PASSWORD, "127.0.0.9:50001")
            .await
            .expect("verify on node B");
        assert!(
            on_other_node.is_none(),
            "node B applies the delay that node A's failures started"
        );
        let other_address = node_b
            .verify_password("alice", PASSWORD, "127.0.0.10:40001")
            .await
            .expect("verify on node B");
        assert!(other_address.is_some(), "another address is not delayed");

        store_b.close().await;
    }
);
