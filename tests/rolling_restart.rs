//! A rolling restart of two real `portico` processes on one database:
//! node A gets SIGTERM, drains and starts again, then node B does the same,
//! while a customer and an agent work in the TUI and two scripts send
//! replies to both nodes. No reply is lost or stored twice, and events keep
//! crossing between the nodes. On SQLite (two processes on one file) and
//! PostgreSQL.
//!
//! The scripts, run by the customer bob of another organisation on his own
//! request, play what a load balancer would do for a client whose
//! connection dropped: they connect to the other node. Each reply carries
//! an idempotency key, and a reply whose outcome the script did not see is
//! sent again with the same key.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use common::node::{NodeProcess, write_test_secret_key};
use common::{Client, add_account, open_first_request, wait_for};
use portico::domain::{RequestCategory, Role};
use portico::service::automation_keys::AutomationKeyDraft;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use russh::keys::PrivateKey;
use russh::keys::PrivateKeyWithHashAlg;
use russh::keys::ssh_key::private::Ed25519Keypair;
use tokio::sync::watch;

const WAIT: Duration = Duration::from_secs(15);
/// Maximum time for a reply on one node to reach a screen on the other.
const CROSSING: Duration = Duration::from_secs(3);
const NODE_ARGS: &[&str] = &["--drain-timeout", "5", "--per-source-penalties", "no"];

/// The outcome of one script's run.
struct Written {
    bodies: Vec<String>,
    /// Replies sent again with their key after an unclear outcome.
    resent: usize,
}

/// Logs in with the automation key only; `None` when the node is down.
async fn key_login(
    address: SocketAddr,
    key: Arc<PrivateKey>,
) -> Option<russh::client::Handle<Client>> {
    let config = Arc::new(russh::client::Config::default());
    let mut session = tokio::time::timeout(WAIT, russh::client::connect(config, address, Client))
        .await
        .ok()?
        .ok()?;
    let result = session
        .authenticate_publickey("bob", PrivateKeyWithHashAlg::new(key, None))
        .await
        .ok()?;
    result.success().then_some(session)
}

/// Runs one reply over `session`; returns true only when the command
/// reported success, so anything else is an unclear outcome.
async fn reply(session: &russh::client::Handle<Client>, line: &str, body: &str) -> bool {
    let Ok(mut channel) = session.channel_open_session().await else {
        return false;
    };
    if channel.exec(true, line).await.is_err()
        || channel.data(body.as_bytes()).await.is_err()
        || channel.eof().await.is_err()
    {
        return false;
    }
    let mut status = None;
    while let Ok(Some(message)) = tokio::time::timeout(WAIT, channel.wait()).await {
        match message {
            russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
            russh::ChannelMsg::Close => break,
            _ => {}
        }
    }
    status == Some(0)
}

/// Sends numbered replies to the request until `stop`, switching to the
/// other node whenever a connection fails.
async fn script(
    name: &'static str,
    nodes: [SocketAddr; 2],
    key: Arc<PrivateKey>,
    number: String,
    stop: watch::Receiver<bool>,
) -> Written {
    let mut written = Written {
        bodies: Vec::new(),
        resent: 0,
    };
    let mut session = None;
    let mut next_node = 0;
    let mut index = 0;
    while !*stop.borrow() {
        let body = format!("{name} reply {index}");
        let line = format!("requests reply {number} --idempotency-key {name}-key-{index:06}");
        let mut tries = 0;
        loop {
            tries += 1;
            assert!(tries < 200, "{body} was never acknowledged");
            if session.is_none() {
                session = key_login(nodes[next_node], Arc::clone(&key)).await;
                next_node = 1 - next_node;
                if session.is_none() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            }
            let Some(current) = &session else { continue };
            if reply(current, &line, &body).await {
                break;
            }
            written.resent += 1;
            session = None;
        }
        written.bodies.push(body);
        index += 1;
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    written
}

fn draft(subject: &str, body: &str) -> RequestDraft {
    RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Technical,
        body: body.to_string(),
        document_id: None,
        contract_id: None,
    }
}

/// Types a reply in the open request and waits for its confirmation.
async fn send_reply(
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut common::Screen,
    text: &str,
) {
    channel.data(&b"r"[..]).await.expect("key");
    channel.data(text.as_bytes()).await.expect("type");
    channel.data(&b"\x13"[..]).await.expect("ctrl-s");
    assert!(
        wait_for(channel, screen, "Reply sent.", WAIT).await,
        "{}",
        screen.text()
    );
}

/// Logs in with the password and `code`, filters the request list for
/// `subject`, opens the first match and waits for `body`.
async fn open_filtered_request(
    address: SocketAddr,
    account: &common::Account,
    code: &str,
    subject: &str,
    body: &str,
) -> (
    russh::client::Handle<Client>,
    russh::Channel<russh::client::Msg>,
    common::Screen,
) {
    let (client, mut channel, mut screen) = common::open_request_list(address, account, code).await;
    channel.data(&b"/"[..]).await.expect("key");
    channel.data(subject.as_bytes()).await.expect("type");
    channel.data(&b"\r"[..]).await.expect("key");
    assert!(
        wait_for(
            &mut channel,
            &mut screen,
            // The filter line names the words with the key that clears them.
            "(W)",
            WAIT
        )
        .await,
        "{}",
        screen.text()
    );
    // Enter is refused with a notice while the filtered list is still on
    // its way from the server; press it again until the request opens.
    let mut opened = false;
    for _ in 0..10 {
        channel.data(&b"\r"[..]).await.expect("key");
        if wait_for(&mut channel, &mut screen, body, Duration::from_secs(2)).await {
            opened = true;
            break;
        }
    }
    assert!(opened, "{}", screen.text());
    (client, channel, screen)
}

/// Restarts `node` on its own port: SIGTERM, the notice on the screen of
/// the session it holds, exit 0, start again.
async fn restart(
    node: NodeProcess,
    url: &str,
    keys: &std::path::Path,
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut common::Screen,
) -> NodeProcess {
    let address = node.address;
    node.terminate();
    assert!(
        wait_for(channel, screen, "service is restarting", WAIT).await,
        "{}",
        screen.text()
    );
    let (status, log) = node.exit(WAIT).await;
    assert_eq!(status.code(), Some(0), "{log:?}");
    NodeProcess::start(url, keys, &address.to_string(), NODE_ARGS).await
}

on_both_backends!(
    rolling_restart_keeps_writes,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let bob = add_account(&portal, "bob", Some("Globex"), Role::Customer, true, 2).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let bob_principal = common::principal_of(&store, bob.id).await;
        let scripted = portal
            .open_request(
                &bob_principal,
                &draft("Scripted replies", "Replies follow."),
            )
            .await
            .expect("open bob's request");
        // Opened last, so it heads the agent's list, which puts the most
        // recently updated request first.
        let alice_principal = common::principal_of(&store, alice.id).await;
        portal
            .open_request(
                &alice_principal,
                &draft("Rolling restart", "Written before the restart."),
            )
            .await
            .expect("open alice's request");
        let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[77; 32])));
        portal
            .add_automation_key_for(
                "bob",
                &AutomationKeyDraft {
                    name: "restart script".to_string(),
                    public_key: key.public_key().to_openssh().expect("key line"),
                    lifetime_days: 30,
                    networks: String::new(),
                    read_write: true,
                },
            )
            .await
            .expect("automation key");

        // Both nodes share the database and the keys folder.
        let keys = tempfile::tempdir().expect("key folder");
        write_test_secret_key(keys.path());
        let node_a = NodeProcess::start(&url, keys.path(), "127.0.0.1:0", NODE_ARGS).await;
        let node_b = NodeProcess::start(&url, keys.path(), "127.0.0.1:0", NODE_ARGS).await;
        let nodes = [node_a.address, node_b.address];

        let (_customer, mut customer, mut customer_screen) = open_first_request(
            node_a.address,
            &alice,
            &alice.code(),
            "Written before the restart.",
        )
        .await;
        let (_agent, mut agent, mut agent_screen) = open_first_request(
            node_b.address,
            &dana,
            &dana.code(),
            "Written before the restart.",
        )
        .await;

        let (stop, stop_rx) = watch::channel(false);
        let number_text = scripted.to_string();
        let first = tokio::spawn(script(
            "first",
            nodes,
            Arc::clone(&key),
            number_text.clone(),
            stop_rx.clone(),
        ));
        let second = tokio::spawn(script(
            "second",
            [nodes[1], nodes[0]],
            Arc::clone(&key),
            number_text,
            stop_rx,
        ));
        tokio::time::sleep(Duration::from_millis(500)).await;

        // Node A restarts; the customer comes back to it.
        let node_a = restart(
            node_a,
            &url,
            keys.path(),
            &mut customer,
            &mut customer_screen,
        )
        .await;
        // Each TOTP code logs in once, so the second login takes the next.
        let (_customer, mut customer, mut customer_screen) =
            open_first_request(node_a.address, &alice, &alice.next_code(), "Written before").await;
        send_reply(
            &mut agent,
            &mut agent_screen,
            "Agent on B after A restarted.",
        )
        .await;
        assert!(
            wait_for(
                &mut customer,
                &mut customer_screen,
                "Agent on B after A restarted.",
                CROSSING
            )
            .await,
            "{}",
            customer_screen.text()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;

        // Node B restarts while the scripts still write.
        let node_b = restart(node_b, &url, keys.path(), &mut agent, &mut agent_screen).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let _ = stop.send(true);
        let first = first.await.expect("first script");
        let second = second.await.expect("second script");

        // The agent comes back to node B and finds alice's request first
        // again once she writes; then replies cross both ways.
        send_reply(
            &mut customer,
            &mut customer_screen,
            "Customer on A after B restarted.",
        )
        .await;
        let (_agent, mut agent, mut agent_screen) = open_filtered_request(
            node_b.address,
            &dana,
            &dana.next_code(),
            "Rolling restart",
            "Customer on A after B restarted.",
        )
        .await;
        send_reply(&mut agent, &mut agent_screen, "Agent on restarted B.").await;
        assert!(
            wait_for(
                &mut customer,
                &mut customer_screen,
                "Agent on restarted B.",
                CROSSING
            )
            .await,
            "{}",
            customer_screen.text()
        );
        send_reply(
            &mut customer,
            &mut customer_screen,
            "Customer on restarted A.",
        )
        .await;
        assert!(
            wait_for(
                &mut agent,
                &mut agent_screen,
                "Customer on restarted A.",
                CROSSING
            )
            .await,
            "{}",
            agent_screen.text()
        );

        eprintln!(
            "scripts wrote {} and {} replies; {} and {} were sent again after an unclear outcome",
            first.bodies.len(),
            second.bodies.len(),
            first.resent,
            second.resent
        );
        assert!(first.bodies.len() >= 10, "the first script kept writing");
        assert!(second.bodies.len() >= 10, "the second script kept writing");
        for body in first.bodies.iter().chain(&second.bodies) {
            assert_eq!(
                common::count_messages(&store, body).await,
                1,
                "{body} is stored exactly once"
            );
        }
        let (script_rows,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM messages WHERE body LIKE 'first reply %' OR body LIKE 'second reply %'")
                .fetch_one(store.pool())
                .await
                .expect("count script replies");
        assert_eq!(
            script_rows as usize,
            first.bodies.len() + second.bodies.len()
        );
        assert_eq!(
            common::count_messages(&store, "Agent on B after A restarted.").await,
            1
        );
        for body in [
            "Customer on A after B restarted.",
            "Agent on restarted B.",
            "Customer on restarted A.",
        ] {
            assert_eq!(common::count_messages(&store, body).await, 1, "{body}");
        }

        node_a.terminate();
        node_b.terminate();
        let (status_a, _) = node_a.exit(WAIT).await;
        let (status_b, _) = node_b.exit(WAIT).await;
        assert_eq!(status_a.code(), Some(0));
        assert_eq!(status_b.code(), Some(0));
    }
);
