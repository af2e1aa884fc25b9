//! A real PostgreSQL restart under a running server: a private cluster (see
//! `common::cluster`) is stopped with `pg_ctl stop -m fast` and started
//! again two seconds later while a customer and an agent are logged in.
//! Both sessions show that they wait for the database and recover without
//! a key press. The customer's reply and the agent's state change, both
//! sent during the outage, are stored exactly once. Afterwards live events
//! flow again, within the node and through the LISTEN/NOTIFY bridge from
//! another node.
//!
//! Skipped with a printed reason when initdb is not installed, unless
//! PORTICO_REQUIRE_TOOLS=1.

mod common;

use std::time::{Duration, Instant};

use common::cluster::PrivateCluster;
use common::{Screen, TestServer, add_account, add_customer, open_first_request, wait_for};
use portico::domain::{RequestCategory, Role};
use portico::notify::Bridge;
use portico::service::requests::RequestDraft;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);
/// How long the server stays down: longer than the first retries of a
/// session, shorter than the 30 seconds after which it reports a failure.
const OUTAGE: Duration = Duration::from_secs(2);
/// Maximum time from the restarted server accepting connections to both
/// pending writes being stored: the sessions retry at most every 2
/// seconds, and each retry may wait for a new pooled connection.
const RECOVERY: Duration = Duration::from_secs(20);
/// Maximum time for an event to reach another session's screen.
const LIVE: Duration = Duration::from_secs(3);

/// Types `text` as a reply in the open request and sends it with Ctrl-S.
async fn send_reply(channel: &mut russh::Channel<russh::client::Msg>, text: &str) {
    channel.data(&b"r"[..]).await.expect("key");
    channel.data(text.as_bytes()).await.expect("type");
    channel.data(&b"\x13"[..]).await.expect("ctrl-s");
}

/// Waits for `text` on `screen`, failing with the screen and the server log.
async fn expect_on_screen(
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut Screen,
    text: &str,
    within: Duration,
    cluster: &PrivateCluster,
) {
    assert!(
        wait_for(channel, screen, text, within).await,
        "{text:?} not shown:\n{}\nPostgreSQL log:\n{}",
        screen.text(),
        cluster.log()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_survive_postgres_restart() {
    let Some(cluster) = PrivateCluster::start() else {
        return;
    };
    sqlx::any::install_default_drivers();
    let url = cluster.url("postgres");
    let store = Store::open(&url).await.expect("open the private cluster");

    // One node as `portico serve` runs it: SSH sessions and a bridge that
    // relays the events other nodes store.
    let server = TestServer::start(&store).await;
    server
        .portal
        .bus()
        .skip_stored(store.pool())
        .await
        .expect("newest event id");
    let bridge = Bridge::start(&url, store.pool().clone(), server.portal.bus().clone());

    let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
    let dana = add_account(&server.portal, "dana", None, Role::Agent, true, 4).await;
    let alice_principal = common::principal_of(&store, alice.id).await;
    let dana_principal = common::principal_of(&store, dana.id).await;
    let request = server
        .portal
        .open_request(
            &alice_principal,
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

    let (_customer, mut customer, mut customer_screen) =
        open_first_request(server.address, &alice, &alice.code(), "Since Monday.").await;
    let (_agent, mut agent, mut agent_screen) =
        open_first_request(server.address, &dana, &dana.code(), "Since Monday.").await;

    // The customer replies and the agent moves the request to its first
    // next state (under review) with the suggested next step, while
    // PostgreSQL is down.
    assert!(
        !store.is_unreachable().await,
        "the probe reaches the server"
    );
    cluster.stop();
    let stopped = Instant::now();
    // The probe's result from before the stop is reused for at most a second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(
        store.is_unreachable().await,
        "the probe finds the server down"
    );
    send_reply(&mut customer, "Customer reply during the restart").await;
    for key in [&b"s"[..], &b"1"[..], &b"\r"[..]] {
        agent.data(key).await.expect("key");
    }
    for (channel, screen) in [
        (&mut customer, &mut customer_screen),
        (&mut agent, &mut agent_screen),
    ] {
        expect_on_screen(
            channel,
            screen,
            "Connection to the database lost; retrying",
            WAIT,
            &cluster,
        )
        .await;
    }
    tokio::time::sleep(OUTAGE.saturating_sub(stopped.elapsed())).await;
    cluster.start_again();
    let started = Instant::now();

    // Neither user presses a key: the pending writes go through.
    for (channel, screen, done) in [
        (&mut customer, &mut customer_screen, "Reply sent."),
        (
            &mut agent,
            &mut agent_screen,
            "The request status changed to under review.",
        ),
    ] {
        expect_on_screen(channel, screen, done, RECOVERY, &cluster).await;
        assert!(
            !screen.text().contains("retrying"),
            "the notice of the outage is gone:\n{}",
            screen.text()
        );
    }
    eprintln!(
        "both writes were stored {} ms after PostgreSQL accepted connections again",
        started.elapsed().as_millis()
    );
    assert_eq!(
        common::count_messages(&store, "Customer reply during the restart").await,
        1,
        "the customer's reply is stored exactly once"
    );
    let (state_changes,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM request_events WHERE to_state = 'under-review'")
            .fetch_one(store.pool())
            .await
            .expect("count state changes");
    assert_eq!(state_changes, 1, "the state change is stored exactly once");
    // Each session sees the other's write from the outage.
    expect_on_screen(
        &mut customer,
        &mut customer_screen,
        "Status: Under review",
        LIVE,
        &cluster,
    )
    .await;
    expect_on_screen(
        &mut agent,
        &mut agent_screen,
        "Customer reply during the restart",
        LIVE,
        &cluster,
    )
    .await;

    // Past the reuse of the outage's probe result, the probe reaches the
    // server.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(
        !store.is_unreachable().await,
        "the probe reaches the server again"
    );

    // A reply of this node reaches the customer live.
    send_reply(&mut agent, "Printing works again on our side.").await;
    expect_on_screen(
        &mut customer,
        &mut customer_screen,
        "Printing works again on our side.",
        LIVE,
        &cluster,
    )
    .await;

    // A reply stored by another node reaches the customer through the
    // bridge, whose listener connection the restart ended.
    let other_store = Store::open(&url).await.expect("other node's pool");
    let other_node = common::portal(&other_store);
    other_node
        .reply(&dana_principal, request.id, "Sent from the other node.")
        .await
        .expect("reply on the other node");
    expect_on_screen(
        &mut customer,
        &mut customer_screen,
        "Sent from the other node.",
        LIVE,
        &cluster,
    )
    .await;
    assert!(
        bridge.reconnects() >= 1,
        "the bridge's listener connected again"
    );

    other_store.close().await;
    bridge.stop().await;
    drop(server);
    store.close().await;
}
