//! Live updates across sessions over SSH with a russh client: what one
//! session changes appears in another without a key press. On SQLite and
//! PostgreSQL.

mod common;

use std::time::Duration;

use common::{
    Login, PASSWORD, Screen, TestServer, add_account, add_customer, open_shell, password_login,
    wait_for,
};
use portico::domain::{RequestCategory, Role};
use portico::service::requests::RequestDraft;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);
/// Maximum time for an agent's reply to reach the customer's screen.
const LIVE: Duration = Duration::from_secs(1);

on_both_backends!(
    agent_reply_reaches_customer_live,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let dana = add_account(&server.portal, "dana", None, Role::Agent, true, 4).await;
        let alice_principal = common::principal_of(&store, alice.id).await;
        server
            .portal
            .open_request(
                &alice_principal,
                &RequestDraft {
                    subject: "Router keeps rebooting".to_string(),
                    category: RequestCategory::Technical,
                    body: "Every hour.".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");

        let (customer, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let mut customer_channel = open_shell(&customer, 100, 40).await;
        let mut customer_screen = Screen::new(100, 40);
        assert!(
            wait_for(
                &mut customer_channel,
                &mut customer_screen,
                "Dashboard",
                WAIT
            )
            .await
        );
        // The dashboard lists the request too, so wait for the table header.
        customer_channel.data(&b"3"[..]).await.expect("key");
        assert!(
            wait_for(&mut customer_channel, &mut customer_screen, "Status", WAIT).await,
            "{}",
            customer_screen.text()
        );
        customer_channel.data(&b"\r"[..]).await.expect("key");
        assert!(
            wait_for(
                &mut customer_channel,
                &mut customer_screen,
                "Every hour.",
                WAIT
            )
            .await,
            "{}",
            customer_screen.text()
        );

        let (agent, outcome) = password_login(server.address, "dana", PASSWORD, &dana.code()).await;
        assert_eq!(outcome, Login::Success);
        let mut agent_channel = open_shell(&agent, 100, 40).await;
        let mut agent_screen = Screen::new(100, 40);
        assert!(wait_for(&mut agent_channel, &mut agent_screen, "Dashboard", WAIT).await);
        agent_channel.data(&b"3"[..]).await.expect("key");
        assert!(
            wait_for(&mut agent_channel, &mut agent_screen, "Status", WAIT).await,
            "{}",
            agent_screen.text()
        );
        agent_channel.data(&b"\r"[..]).await.expect("key");
        assert!(
            wait_for(&mut agent_channel, &mut agent_screen, "Every hour.", WAIT).await,
            "{}",
            agent_screen.text()
        );
        agent_channel.data(&b"r"[..]).await.expect("key");
        agent_channel
            .data(&b"Please unplug it for ten seconds."[..])
            .await
            .expect("type");
        let sent = std::time::Instant::now();
        agent_channel.data(&b"\x13"[..]).await.expect("ctrl-s");

        // The customer presses nothing; the reply must be drawn within a second.
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
            "the reply reached the customer's screen {} ms after the agent's Ctrl-S",
            sent.elapsed().as_millis()
        );
        assert!(
            wait_for(&mut agent_channel, &mut agent_screen, "Reply sent.", WAIT).await,
            "{}",
            agent_screen.text()
        );
    }
);

on_both_backends!(
    second_node_catches_up_from_events,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = common::principal_of(&store, alice.id).await;

        // Another node shares the database but not this node's broadcast.
        let other_node = portico::notify::Bus::new();
        let mut other_sessions = other_node.subscribe();
        let number = portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Seen on every node".to_string(),
                    category: RequestCategory::Other,
                    body: "Hello".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        portal
            .reply(&alice, number.id, "One more thing")
            .await
            .expect("reply");
        assert!(other_sessions.try_recv().is_err(), "nothing crossed yet");

        let delivered = other_node.catch_up(store.pool()).await.expect("catch up");
        assert_eq!(delivered, 2);
        let first = other_sessions.try_recv().expect("first event");
        let second = other_sessions.try_recv().expect("second event");
        assert_eq!(first.kind, portico::notify::LiveEventKind::RequestChanged);
        assert_eq!(second.kind, portico::notify::LiveEventKind::MessageAdded);
        assert_eq!(second.request_id, Some(number.id));
        assert!(first.id < second.id);
        assert!(second.concerns(&alice));
        assert_eq!(other_node.delivered(), second.id);

        // Catching up again delivers nothing new.
        assert_eq!(other_node.catch_up(store.pool()).await.expect("again"), 0);
    }
);
