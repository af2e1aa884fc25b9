//! Two real `portico serve` nodes behind HAProxy (the `haproxy` binary on
//! PATH, such as Debian's package), which sends each connection with a
//! PROXY protocol v2 header. A customer and an agent work in the TUI
//! through HAProxy while node 1 and then node 2 get SIGTERM and start
//! again. Meanwhile two scripts, one per role, reply through HAProxy with
//! idempotency keys.
//!
//! Checked: every reply is stored once; users whose node restarted log in
//! again through HAProxy, reach a running node and see their data; the
//! login history and the audit entries of automation key logins contain
//! the clients' own addresses and ports; both nodes' metrics count logins
//! and relayed events.
//!
//! PostgreSQL only: it is the backend for nodes on several machines, and
//! they relay events with LISTEN/NOTIFY. tests/rolling_restart.rs covers
//! two processes on one SQLite file. Without `haproxy` the test prints why
//! and passes as skipped, unless PORTICO_REQUIRE_TOOLS=1 makes that a
//! failure.

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::node::{NodeProcess, write_test_secret_key};
use common::{Account, Backend, Client, Login, PASSWORD, Screen, add_account, wait_for};
use portico::auth::totp;
use portico::domain::{RequestCategory, Role};
use portico::service::automation_keys::AutomationKeyDraft;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

const WAIT: Duration = Duration::from_secs(15);
/// Maximum time for a reply on one node to reach a screen on the other.
const CROSSING: Duration = Duration::from_secs(3);
/// The customer's request, which both users keep open in the TUI.
const SUBJECT: &str = "Through HAProxy";
const FIRST_BODY: &str = "Opened before the restarts.";

type Session = russh::client::Handle<Client>;
type Channel = russh::Channel<russh::client::Msg>;

/// The client-side addresses of every connection the test opened to
/// HAProxy, which the nodes must record instead of HAProxy's own.
type Sources = Arc<Mutex<BTreeSet<SocketAddr>>>;

/// Tells whether `haproxy -v` runs.
fn haproxy_available() -> bool {
    std::process::Command::new("haproxy")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Returns a loopback port that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

/// Writes the HAProxy configuration: a TCP frontend on `port` and the two
/// nodes as servers that get a PROXY v2 header. The TCP health checks send
/// the header too (`check-send-proxy`) and mark a stopped node down after
/// one failed check. A connection refused by a draining node is tried again
/// on the other one (`option redispatch 1`).
fn write_config(folder: &Path, port: u16, nodes: [SocketAddr; 2]) -> PathBuf {
    let config = format!(
        "global\n\
         \x20   maxconn 200\n\
         \x20   log stderr format short local0 info\n\
         \n\
         defaults\n\
         \x20   mode tcp\n\
         \x20   log global\n\
         \x20   option tcplog\n\
         \x20   timeout connect 2s\n\
         \x20   timeout client 2m\n\
         \x20   timeout server 2m\n\
         \x20   retries 3\n\
         \x20   option redispatch 1\n\
         \n\
         frontend portico\n\
         \x20   bind 127.0.0.1:{port}\n\
         \x20   default_backend portico_nodes\n\
         \n\
         backend portico_nodes\n\
         \x20   balance roundrobin\n\
         \x20   server node1 {} send-proxy-v2 check check-send-proxy inter 200ms fall 1 rise 1\n\
         \x20   server node2 {} send-proxy-v2 check check-send-proxy inter 200ms fall 1 rise 1\n",
        nodes[0], nodes[1]
    );
    let path = folder.join("haproxy.cfg");
    std::fs::write(&path, config).expect("write haproxy.cfg");
    path
}

/// Checks the configuration with `haproxy -c`, starts `haproxy -f CONFIG
/// -db` in the foreground with its log in `log`, and waits until the
/// frontend accepts.
async fn start_haproxy(config: &Path, log: &Path, frontend: SocketAddr) -> tokio::process::Child {
    let check = std::process::Command::new("haproxy")
        .arg("-c")
        .arg("-f")
        .arg(config)
        .output()
        .expect("run haproxy -c");
    assert!(
        check.status.success(),
        "haproxy rejected the configuration: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let child = tokio::process::Command::new("haproxy")
        .arg("-f")
        .arg(config)
        .arg("-db")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("create haproxy.log"))
        .kill_on_drop(true)
        .spawn()
        .expect("start haproxy");
    let started = tokio::time::Instant::now();
    while TcpStream::connect(frontend).await.is_err() {
        assert!(started.elapsed() < WAIT, "haproxy did not listen in time");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The first health checks mark both nodes up.
    tokio::time::sleep(Duration::from_secs(1)).await;
    child
}

/// Opens an SSH connection through HAProxy and records its client-side
/// address; `None` when it fails, as during a restart.
async fn connect_through(frontend: SocketAddr, sources: &Sources) -> Option<Session> {
    let stream = tokio::time::timeout(WAIT, TcpStream::connect(frontend))
        .await
        .ok()?
        .ok()?;
    let source = stream.local_addr().ok()?;
    if let Ok(mut sources) = sources.lock() {
        sources.insert(source);
    }
    let config = Arc::new(russh::client::Config::default());
    tokio::time::timeout(WAIT, russh::client::connect_stream(config, stream, Client))
        .await
        .ok()?
        .ok()
}

/// Hands out TOTP codes of one account in increasing time steps, because
/// a node accepts each step once per account. It waits when the step after
/// the current one is taken.
struct Codes {
    account: Account,
    last_step: Option<u64>,
}

impl Codes {
    fn new(account: &Account) -> Codes {
        Codes {
            account: account.clone(),
            last_step: None,
        }
    }

    async fn next(&mut self) -> String {
        loop {
            let current = common::unix_now() / 30;
            let step = self
                .last_step
                .map_or(current, |last| (last + 1).max(current));
            if step <= current + 1 {
                self.last_step = Some(step);
                let secret = self.account.totp_secret.as_deref().expect("enrolled");
                return totp::code_at(secret, step * 30).expect("code");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// A user in the TUI with the request open, on a screen tall enough for
/// the whole thread of this test.
struct Desk {
    _session: Session,
    channel: Channel,
    screen: Screen,
}

/// Logs `account` in through HAProxy with the password and a TOTP code,
/// filters the request list for the request and opens it, then waits for
/// `expected` in its thread.
async fn open_desk(
    frontend: SocketAddr,
    sources: &Sources,
    account: &Account,
    codes: &mut Codes,
    expected: &str,
) -> Desk {
    let mut session = connect_through(frontend, sources)
        .await
        .expect("connect through haproxy");
    let first = session
        .authenticate_password(&account.handle, PASSWORD)
        .await
        .expect("password request");
    assert!(
        matches!(
            first,
            russh::client::AuthResult::Failure {
                partial_success: true,
                ..
            }
        ),
        "{} passes the password step",
        account.handle
    );
    let code = codes.next().await;
    let outcome = common::second_factor(&mut session, &account.handle, &code).await;
    assert_eq!(outcome, Login::Success, "{} logs in", account.handle);

    let (mut channel, mut screen) = common::dashboard_shell(&session, 100, 70).await;
    channel.data(&b"3"[..]).await.expect("key");
    assert!(
        wait_for(&mut channel, &mut screen, "Status", WAIT).await,
        "{}",
        screen.text()
    );
    channel.data(&b"/"[..]).await.expect("key");
    channel.data(SUBJECT.as_bytes()).await.expect("type");
    channel.data(&b"\r"[..]).await.expect("key");
    // The list's title names the filter words in quotes once applied.
    let applied = format!("\"{SUBJECT}\"");
    assert!(
        wait_for(&mut channel, &mut screen, &applied, WAIT).await,
        "{}",
        screen.text()
    );
    // Enter is refused with a notice while the filtered list is still on
    // its way from the server; press it again until the request opens.
    let mut opened = false;
    for _ in 0..10 {
        channel.data(&b"\r"[..]).await.expect("key");
        if wait_for(&mut channel, &mut screen, expected, Duration::from_secs(2)).await {
            opened = true;
            break;
        }
    }
    assert!(
        opened,
        "{} sees {expected:?}: {}",
        account.handle,
        screen.text()
    );
    Desk {
        _session: session,
        channel,
        screen,
    }
}

/// Types a reply in the open request and waits for its confirmation.
async fn send_reply(desk: &mut Desk, text: &str) {
    desk.channel.data(&b"r"[..]).await.expect("key");
    desk.channel.data(text.as_bytes()).await.expect("type");
    desk.channel.data(&b"\x13"[..]).await.expect("ctrl-s");
    assert!(
        wait_for(&mut desk.channel, &mut desk.screen, "Reply sent.", WAIT).await,
        "{}",
        desk.screen.text()
    );
}

/// Has `from` reply with `text` and waits for it on the screen of `to`.
async fn exchange(from: &mut Desk, to: &mut Desk, text: &str) {
    send_reply(from, text).await;
    assert!(
        wait_for(&mut to.channel, &mut to.screen, text, CROSSING).await,
        "{text:?} did not reach the other user: {}",
        to.screen.text()
    );
}

/// Logs in through HAProxy with an automation key only; `None` when the
/// connection or the login fails.
async fn key_login(
    frontend: SocketAddr,
    sources: &Sources,
    handle: &str,
    key: Arc<PrivateKey>,
) -> Option<Session> {
    let mut session = connect_through(frontend, sources).await?;
    let result = session
        .authenticate_publickey(handle, PrivateKeyWithHashAlg::new(key, None))
        .await
        .ok()?;
    result.success().then_some(session)
}

/// Runs one reply over `session`; returns true only when the command
/// reported success, so anything else is an unclear outcome.
async fn reply(session: &Session, line: &str, body: &str) -> bool {
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

/// A script that replies through HAProxy with an automation key.
#[derive(Clone)]
struct Script {
    name: &'static str,
    handle: &'static str,
    key: Arc<PrivateKey>,
    frontend: SocketAddr,
    sources: Sources,
    /// The request number to reply to.
    number: String,
}

/// The outcome of one script's run.
struct Written {
    bodies: Vec<String>,
    /// Replies sent again with their key after an unclear outcome.
    resent: usize,
}

impl Script {
    /// Sends reply `index` until it is acknowledged, logging in again
    /// through HAProxy whenever the connection fails. Every try sends the
    /// same key. Returns the body and the number of unclear tries.
    async fn reply_once(&self, session: &mut Option<Session>, index: usize) -> (String, usize) {
        let body = format!("{} reply {index}", self.name);
        let line = format!(
            "requests reply {} --idempotency-key {}-key-{index:06}",
            self.number, self.name
        );
        let mut unclear = 0;
        for _ in 0..200 {
            if session.is_none() {
                *session = key_login(
                    self.frontend,
                    &self.sources,
                    self.handle,
                    Arc::clone(&self.key),
                )
                .await;
                if session.is_none() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            }
            let Some(current) = session.as_ref() else {
                continue;
            };
            if reply(current, &line, &body).await {
                return (body, unclear);
            }
            unclear += 1;
            *session = None;
        }
        panic!("{body} was never acknowledged");
    }

    /// Sends numbered replies until `stop`, 30 ms apart.
    async fn run(self, stop: watch::Receiver<bool>) -> Written {
        let mut written = Written {
            bodies: Vec::new(),
            resent: 0,
        };
        let mut session = None;
        while !*stop.borrow() {
            let (body, unclear) = self.reply_once(&mut session, written.bodies.len()).await;
            written.bodies.push(body);
            written.resent += unclear;
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        written
    }
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

/// Adds a read-write automation key for `handle` and returns it.
async fn add_automation_key(
    portal: &portico::service::Portal,
    handle: &str,
    seed: u8,
) -> Arc<PrivateKey> {
    let key = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32])));
    portal
        .add_automation_key_for(
            handle,
            &AutomationKeyDraft {
                name: format!("{handle} script"),
                public_key: key.public_key().to_openssh().expect("key line"),
                lifetime_days: 30,
                networks: String::new(),
                read_write: true,
            },
        )
        .await
        .expect("automation key");
    key
}

/// Starts a node that trusts PROXY headers from 127.0.0.1 and serves
/// metrics on `metrics`.
async fn start_node(url: &str, keys: &Path, listen: &str, metrics: SocketAddr) -> NodeProcess {
    let metrics = metrics.to_string();
    NodeProcess::start(
        url,
        keys,
        listen,
        &[
            "--drain-timeout",
            "5",
            "--per-source-penalties",
            "no",
            "--proxy-protocol-from",
            "127.0.0.1",
            "--metrics",
            &metrics,
        ],
    )
    .await
}

/// Sends SIGTERM to `node`, waits for exit status 0 and starts it again on
/// the same addresses.
async fn restart(node: NodeProcess, url: &str, keys: &Path, metrics: SocketAddr) -> NodeProcess {
    let address = node.address;
    node.terminate();
    let (status, log) = node.exit(WAIT).await;
    assert_eq!(status.code(), Some(0), "{log:?}");
    start_node(url, keys, &address.to_string(), metrics).await
}

/// Tells whether the node ended the session of `desk` for its restart;
/// the notice is on its way before the node exits.
async fn ended_by_restart(desk: &mut Desk) -> bool {
    wait_for(
        &mut desk.channel,
        &mut desk.screen,
        "service is restarting",
        Duration::from_secs(2),
    )
    .await
}

/// Returns the HTTP response to `GET /metrics` from `address`, headers
/// included.
async fn metrics_page(address: SocketAddr) -> String {
    let mut stream = TcpStream::connect(address)
        .await
        .expect("connect to metrics");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("send request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("read metrics");
    response
}

/// Returns the sum of the samples of the metric `name`, over all labels.
fn metric_sum(page: &str, name: &str) -> f64 {
    page.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('{'))
        })
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn count_like(store: &Store, pattern: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE body LIKE $1")
        .bind(pattern)
        .fetch_one(store.pool())
        .await
        .expect("count messages");
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolling_restart_behind_haproxy() {
    if !haproxy_available() {
        assert!(
            !common::tools_required(),
            "haproxy is required (PORTICO_REQUIRE_TOOLS=1) but `haproxy -v` did not run; install Debian's haproxy package"
        );
        eprintln!("SKIPPED: `haproxy -v` did not run; install Debian's haproxy package");
        return;
    }
    common::with_database(Backend::Postgres, behind_haproxy).await;
}

async fn behind_haproxy(store: Store, url: String) {
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
    let alice_principal = common::principal_of(&store, alice.id).await;
    portal
        .open_request(&alice_principal, &draft(SUBJECT, FIRST_BODY))
        .await
        .expect("open alice's request");
    let bob_key = add_automation_key(&portal, "bob", 71).await;
    let dana_key = add_automation_key(&portal, "dana", 72).await;

    // Both nodes share the database and the keys folder.
    let folder = tempfile::tempdir().expect("temporary folder");
    let keys = folder.path().join("keys");
    std::fs::create_dir(&keys).expect("key folder");
    write_test_secret_key(&keys);
    let metrics: [SocketAddr; 2] = [
        SocketAddr::from(([127, 0, 0, 1], free_port())),
        SocketAddr::from(([127, 0, 0, 1], free_port())),
    ];
    let node_1 = start_node(&url, &keys, "127.0.0.1:0", metrics[0]).await;
    let node_2 = start_node(&url, &keys, "127.0.0.1:0", metrics[1]).await;
    let frontend = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let config = write_config(
        folder.path(),
        frontend.port(),
        [node_1.address, node_2.address],
    );
    let haproxy_log = folder.path().join("haproxy.log");
    let mut haproxy = start_haproxy(&config, &haproxy_log, frontend).await;
    let sources: Sources = Arc::default();

    // Round robin sends the first user to node 1 and the second to node 2.
    let mut alice_codes = Codes::new(&alice);
    let mut dana_codes = Codes::new(&dana);
    let mut customer = open_desk(frontend, &sources, &alice, &mut alice_codes, FIRST_BODY).await;
    let mut agent = open_desk(frontend, &sources, &dana, &mut dana_codes, FIRST_BODY).await;
    exchange(
        &mut agent,
        &mut customer,
        "Agent reply before the restarts.",
    )
    .await;
    exchange(
        &mut customer,
        &mut agent,
        "Customer reply before the restarts.",
    )
    .await;

    let (stop, stop_rx) = watch::channel(false);
    let customer_script = Script {
        name: "customer",
        handle: "bob",
        key: Arc::clone(&bob_key),
        frontend,
        sources: Arc::clone(&sources),
        number: scripted.to_string(),
    };
    let agent_script = Script {
        name: "agent",
        handle: "dana",
        key: Arc::clone(&dana_key),
        ..customer_script.clone()
    };
    let customer_run = tokio::spawn(customer_script.clone().run(stop_rx.clone()));
    let agent_run = tokio::spawn(agent_script.clone().run(stop_rx));
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Node 1, then node 2: each restart ends the TUI session it holds, and
    // that user logs in again through HAProxy and finds the last reply.
    let mut nodes = [Some(node_1), Some(node_2)];
    let mut last_reply = "Customer reply before the restarts.".to_string();
    for index in 0..2 {
        let node = nodes[index].take().expect("running node");
        nodes[index] = Some(restart(node, &url, &keys, metrics[index]).await);
        let customer_ended = ended_by_restart(&mut customer).await;
        let agent_ended = ended_by_restart(&mut agent).await;
        assert!(
            customer_ended || agent_ended,
            "the restart of node {} ended no TUI session: HAProxy did not spread the users",
            index + 1
        );
        if customer_ended {
            customer = open_desk(frontend, &sources, &alice, &mut alice_codes, &last_reply).await;
        }
        if agent_ended {
            agent = open_desk(frontend, &sources, &dana, &mut dana_codes, &last_reply).await;
        }
        let agent_text = format!("Agent reply after node {} restarted.", index + 1);
        exchange(&mut agent, &mut customer, &agent_text).await;
        last_reply = format!("Customer reply after node {} restarted.", index + 1);
        exchange(&mut customer, &mut agent, &last_reply).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let _ = stop.send(true);
    let customer_written = customer_run.await.expect("customer script");
    let agent_written = agent_run.await.expect("agent script");

    // Both nodes restarted, so their counters start from zero. Four
    // connections in a row, with no other connection between them, go to
    // each node twice under round robin: each node counts logins and
    // relays the other node's replies.
    let mut closing = Vec::new();
    for index in 0..4 {
        let script = if index % 2 == 0 {
            &customer_script
        } else {
            &agent_script
        };
        let mut session = None;
        let (body, _) = script.reply_once(&mut session, 100_000 + index).await;
        closing.push(body);
    }

    eprintln!(
        "scripts wrote {} and {} replies; {} and {} tries had an unclear outcome",
        customer_written.bodies.len(),
        agent_written.bodies.len(),
        customer_written.resent,
        agent_written.resent
    );
    assert!(
        customer_written.bodies.len() >= 10,
        "the customer script kept writing"
    );
    assert!(
        agent_written.bodies.len() >= 10,
        "the agent script kept writing"
    );
    let bodies: Vec<&String> = customer_written
        .bodies
        .iter()
        .chain(&agent_written.bodies)
        .chain(&closing)
        .collect();
    for body in &bodies {
        assert_eq!(
            common::count_messages(&store, body).await,
            1,
            "{body} is stored exactly once"
        );
    }
    let script_rows =
        count_like(&store, "customer reply %").await + count_like(&store, "agent reply %").await;
    assert_eq!(
        script_rows as usize,
        bodies.len(),
        "no reply is stored twice"
    );
    for body in [
        "Agent reply before the restarts.",
        "Customer reply before the restarts.",
        "Agent reply after node 1 restarted.",
        "Customer reply after node 1 restarted.",
        "Agent reply after node 2 restarted.",
        "Customer reply after node 2 restarted.",
    ] {
        assert_eq!(common::count_messages(&store, body).await, 1, "{body}");
    }

    // The nodes recorded the clients' own addresses and ports from the
    // PROXY v2 headers, never the connections HAProxy opened to them.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT handle, peer FROM login_history ORDER BY id")
            .fetch_all(store.pool())
            .await
            .expect("login history");
    let sources: BTreeSet<String> = sources
        .lock()
        .expect("client addresses")
        .iter()
        .map(ToString::to_string)
        .collect();
    for handle in ["alice", "dana"] {
        assert!(
            rows.iter().any(|(row_handle, _)| row_handle == handle),
            "{handle} is in the login history: {rows:?}"
        );
    }
    for (handle, peer) in &rows {
        assert!(
            peer.starts_with("127.0.0.1:"),
            "{handle} logged in from {peer}"
        );
        assert!(
            sources.contains(peer),
            "{handle}'s login from {peer} is not the address of a connection the test opened"
        );
    }

    // The scripts' automation key logins are in the audit trail, which
    // names the address after "from".
    let key_uses: Vec<(String,)> = sqlx::query_as(
        "SELECT detail FROM audit_entries WHERE action = 'automation-key-used' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .expect("audit entries");
    assert!(
        key_uses.len() >= 4,
        "the scripts logged in with their keys: {key_uses:?}"
    );
    for (detail,) in &key_uses {
        let peer = detail.rsplit(" from ").next().unwrap_or_default();
        assert!(
            sources.contains(peer),
            "automation key use {detail:?} does not name the address of a connection the test opened"
        );
    }

    for (index, address) in metrics.iter().enumerate() {
        let mut page = metrics_page(*address).await;
        let started = tokio::time::Instant::now();
        while metric_sum(&page, "portico_events_relayed_total") < 1.0 && started.elapsed() < WAIT {
            tokio::time::sleep(Duration::from_millis(200)).await;
            page = metrics_page(*address).await;
        }
        assert!(
            metric_sum(&page, "portico_logins_total") >= 1.0,
            "node {} counts logins: {page}\nHAProxy's log:\n{}",
            index + 1,
            std::fs::read_to_string(&haproxy_log).unwrap_or_default()
        );
        assert!(
            metric_sum(&page, "portico_events_relayed_total") >= 1.0,
            "node {} counts relayed events: {page}",
            index + 1
        );
    }

    for node in nodes.into_iter().flatten() {
        node.terminate();
        let (status, _) = node.exit(WAIT).await;
        assert_eq!(status.code(), Some(0));
    }
    haproxy.kill().await.expect("stop haproxy");
}
