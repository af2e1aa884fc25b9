//! Shared parts of the integration tests: a database per test on SQLite and
//! PostgreSQL, a server on a free loopback port, seeded accounts and an
//! SSH client.
//!
//! PostgreSQL tests use the server at PORTICO_TEST_POSTGRES (default
//! postgres://postgres@127.0.0.1:5432/postgres). When it cannot be reached
//! they print why and pass as skipped, unless PORTICO_REQUIRE_POSTGRES=1,
//! as CI sets, makes that a failure.

#![allow(dead_code)]

pub mod cluster;
pub mod exec;
pub mod logs;
pub mod mail;
pub mod node;
pub mod openssh;

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use portico::auth::secret_key::SecretKey;
use portico::auth::{PasswordHasher, recovery, totp};
use portico::domain::{DocumentKind, Role};
use portico::service::admin::AccountDraft;
use portico::service::ingest::DocumentDraft;
use portico::service::{Portal, PortalSettings};
use portico::ssh::{self, Limits, Shared};
use portico::store::documents::{self, NewDocument};
use portico::store::{Store, users};
use portico::tui::Theme;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use sqlx::Connection;
use tokio::net::{TcpSocket, TcpStream};

pub const PASSWORD: &str = "correct horse battery staple";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    admin_url: Option<String>,
    name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

static NEXT_DB: AtomicU64 = AtomicU64::new(0);

fn postgres_admin_url() -> String {
    std::env::var("PORTICO_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn postgres_required() -> bool {
    std::env::var("PORTICO_REQUIRE_POSTGRES").is_ok_and(|value| value == "1")
}

/// Tells whether a missing external tool, such as the OpenSSH clients or
/// ssh-audit, fails the test instead of skipping it: PORTICO_REQUIRE_TOOLS=1.
pub fn tools_required() -> bool {
    std::env::var("PORTICO_REQUIRE_TOOLS").is_ok_and(|value| value == "1")
}

/// Returns the current Unix time in seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |time| time.as_secs())
}

impl TestDb {
    /// Creates a fresh database, or returns `None` when PostgreSQL is not
    /// reachable and not required.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", dir.path().join("portico.db").display());
                Some(TestDb {
                    url,
                    admin_url: None,
                    name: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                sqlx::any::install_default_drivers();
                let admin_url = postgres_admin_url();
                let mut connection = match sqlx::AnyConnection::connect(&admin_url).await {
                    Ok(connection) => connection,
                    Err(error) if !postgres_required() => {
                        eprintln!(
                            "SKIPPED: PostgreSQL at {admin_url} is not reachable ({error}); set PORTICO_TEST_POSTGRES"
                        );
                        return None;
                    }
                    Err(error) => {
                        panic!("PostgreSQL at {admin_url} is required but not reachable: {error}")
                    }
                };
                let name = format!(
                    "portico_test_{}_{}_{}",
                    std::process::id(),
                    NEXT_DB.fetch_add(1, Ordering::SeqCst),
                    rand_suffix()
                );
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut connection)
                    .await
                    .expect("create test database");
                let _ = connection.close().await;
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                Some(TestDb {
                    url,
                    admin_url: Some(admin_url),
                    name: Some(name),
                    _dir: None,
                })
            }
        }
    }

    /// Drops a PostgreSQL test database; SQLite files go with their folder.
    pub async fn drop_database(self) {
        if let (Some(admin_url), Some(name)) = (&self.admin_url, &self.name)
            && let Ok(mut connection) = sqlx::AnyConnection::connect(admin_url).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut connection)
            .await;
        }
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |time| u64::from(time.subsec_nanos()))
}

/// Runs `test` against a fresh database of `backend` and drops the
/// database after, also when the test panics.
pub async fn with_database<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(database) = TestDb::create(backend).await else {
        return;
    };
    let store = Store::open(&database.url)
        .await
        .expect("open test database");
    let outcome = tokio::spawn(test(store.clone(), database.url.clone())).await;
    store.close().await;
    database.drop_database().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(error) => panic!("the test task failed: {error}"),
        }
    }
}

/// Declares one test per backend from an async body taking `(store, url)`.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                common::with_database(common::Backend::Sqlite, $body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                common::with_database(common::Backend::Postgres, $body).await;
            }
        }
    };
}

/// Returns the key that encrypts TOTP secrets in tests. Every portal of a
/// test shares it, as the nodes of one installation share the keys folder.
pub fn test_secret_key() -> SecretKey {
    SecretKey::from_bytes(&[42; 32])
}

pub fn portal(store: &Store) -> Portal {
    Portal::new(
        store.clone(),
        PasswordHasher::new(2),
        PortalSettings::default(),
    )
    .with_secret_key(test_secret_key())
}

/// A seeded account with its secrets.
#[derive(Clone)]
pub struct Account {
    pub id: i64,
    pub handle: String,
    pub totp_secret: Option<String>,
    pub recovery_codes: Vec<String>,
    pub key: Arc<PrivateKey>,
}

impl Account {
    /// Returns a TOTP code valid now.
    pub fn code(&self) -> String {
        totp::code_at(
            self.totp_secret.as_deref().expect("enrolled account"),
            unix_now(),
        )
        .expect("code")
    }

    /// Returns a code valid now but for the next time step, so a test can
    /// log in twice within one step.
    pub fn next_code(&self) -> String {
        totp::code_at(
            self.totp_secret.as_deref().expect("enrolled account"),
            unix_now() + 30,
        )
        .expect("code")
    }
}

fn key_from(seed_byte: u8) -> PrivateKey {
    let mut seed = [seed_byte; 32];
    seed[0] = seed_byte.wrapping_mul(31).wrapping_add(7);
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

/// Adds an account with a password, a key and, when `enrolled`, TOTP and
/// recovery codes.
pub async fn add_account(
    portal: &Portal,
    handle: &str,
    organisation: Option<&str>,
    role: Role,
    enrolled: bool,
    seed: u8,
) -> Account {
    let draft = AccountDraft {
        handle: handle.to_string(),
        display_name: format!("{handle} tester"),
        email: format!("{handle}@example.com"),
        role,
        organisation: organisation.map(str::to_string),
        password: Some(PASSWORD.to_string()),
    };
    let id = portal.add_account(&draft).await.expect("add account");
    let key = key_from(seed);
    let line = key.public_key().to_openssh().expect("key line");
    portal.add_key(handle, &line).await.expect("add key");

    let (totp_secret, recovery_codes) = if enrolled {
        let secret = totp::generate_secret();
        let codes = recovery::generate();
        let hashes: Vec<String> = codes.iter().map(|code| recovery::hash(code)).collect();
        let stored = test_secret_key().encrypt(id, &secret).expect("encrypt");
        users::complete_totp_enrolment(portal.store().pool(), id, &stored, 0, &hashes)
            .await
            .expect("enrol");
        (Some(secret), codes)
    } else {
        (None, Vec::new())
    };
    Account {
        id,
        handle: handle.to_string(),
        totp_secret,
        recovery_codes,
        key: Arc::new(key),
    }
}

/// Adds an enrolled customer of `organisation`, as [`add_account`] does.
pub async fn add_customer(portal: &Portal, handle: &str, organisation: &str, seed: u8) -> Account {
    add_account(
        portal,
        handle,
        Some(organisation),
        Role::Customer,
        true,
        seed,
    )
    .await
}

/// Returns the principal an account acts as after logging in.
pub async fn principal_of(store: &Store, id: i64) -> portico::domain::Principal {
    users::find_by_id(store.pool(), id)
        .await
        .expect("find account")
        .expect("account exists")
        .principal()
}

/// Inserts a plain-text document straight into the store, with `title` as
/// its content, issued on 2026-03-01.
pub async fn insert_document(
    store: &Store,
    organisation_id: i64,
    owner: Option<i64>,
    kind: DocumentKind,
    title: &str,
) -> i64 {
    let document = NewDocument {
        organisation_id,
        owner_user_id: owner,
        contract_id: None,
        kind,
        title,
        issue_date: "2026-03-01",
        amount_cents: None,
        currency: None,
        content_type: "text/plain",
        content: title.as_bytes(),
    };
    documents::insert(store.pool(), &document, 1_770_000_000)
        .await
        .expect("insert document")
}

/// Returns a draft for [`Portal::add_document`] issued on `date`.
pub fn document_draft(organisation: &str, kind: &str, title: &str, date: &str) -> DocumentDraft {
    DocumentDraft {
        organisation: organisation.to_string(),
        kind: kind.to_string(),
        title: title.to_string(),
        date: Some(date.to_string()),
        ..DocumentDraft::default()
    }
}

/// Counts the audit entries with `action`.
pub async fn audit_count(store: &Store, action: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_entries WHERE action = $1")
        .bind(action)
        .fetch_one(store.pool())
        .await
        .expect("count audit entries");
    count
}

/// Returns the action of every audit entry, oldest first.
pub async fn audit_actions(store: &Store) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_entries ORDER BY id")
        .fetch_all(store.pool())
        .await
        .expect("audit entries");
    rows.into_iter().map(|(action,)| action).collect()
}

/// Adds the customer alice of Acme and logs her in with password and code.
pub async fn customer_login(server: &TestServer) -> (Account, russh::client::Handle<Client>) {
    let alice = add_account(
        &server.portal,
        "alice",
        Some("Acme"),
        Role::Customer,
        true,
        1,
    )
    .await;
    let (session, outcome) = password_login(server.address, "alice", PASSWORD, &alice.code()).await;
    assert_eq!(outcome, Login::Success, "alice logs in");
    (alice, session)
}

/// Opens a shell of the given size and waits for the dashboard.
pub async fn dashboard_shell(
    session: &russh::client::Handle<Client>,
    cols: u16,
    rows: u16,
) -> (russh::Channel<russh::client::Msg>, Screen) {
    let mut channel = open_shell(session, u32::from(cols), u32::from(rows)).await;
    let mut screen = Screen::new(cols, rows);
    assert!(
        wait_for(
            &mut channel,
            &mut screen,
            "Dashboard",
            Duration::from_secs(10)
        )
        .await,
        "{}",
        screen.text()
    );
    (channel, screen)
}

/// Logs in over SSH with the password and `code` and shows the request
/// list (key 3).
pub async fn open_request_list(
    address: SocketAddr,
    account: &Account,
    code: &str,
) -> (
    russh::client::Handle<Client>,
    russh::Channel<russh::client::Msg>,
    Screen,
) {
    let (client, outcome) = password_login(address, &account.handle, PASSWORD, code).await;
    assert_eq!(outcome, Login::Success);
    let (mut channel, mut screen) = dashboard_shell(&client, 100, 40).await;
    channel.data(&b"3"[..]).await.expect("key");
    assert!(
        wait_for(&mut channel, &mut screen, "Status", Duration::from_secs(10)).await,
        "{}",
        screen.text()
    );
    (client, channel, screen)
}

/// Logs in over SSH with the password and `code`, opens the first request
/// and waits for `body`.
pub async fn open_first_request(
    address: SocketAddr,
    account: &Account,
    code: &str,
    body: &str,
) -> (
    russh::client::Handle<Client>,
    russh::Channel<russh::client::Msg>,
    Screen,
) {
    let (client, mut channel, mut screen) = open_request_list(address, account, code).await;
    channel.data(&b"\r"[..]).await.expect("key");
    assert!(
        wait_for(&mut channel, &mut screen, body, Duration::from_secs(10)).await,
        "{}",
        screen.text()
    );
    (client, channel, screen)
}

/// Returns how many messages have exactly `body`, to check that a write
/// was stored once.
pub async fn count_messages(store: &Store, body: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE body = $1")
        .bind(body)
        .fetch_one(store.pool())
        .await
        .expect("count messages");
    count
}

/// Finds the base32 secret on the enrolment screen: a line holding eight
/// groups of four base32 characters.
pub fn shown_secret(screen: &str) -> String {
    for line in screen.lines() {
        let groups: Vec<&str> = line
            .split_whitespace()
            .filter(|word| {
                word.len() == 4
                    && word
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
            })
            .collect();
        if groups.len() == 8 {
            return groups.concat();
        }
    }
    String::new()
}

/// Returns a command that runs the `portico` binary on `database`, logging
/// errors only.
pub fn portico_command(database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portico"));
    command
        .env("PORTICO_DATABASE", database)
        .env("PORTICO_LOG", "error");
    command
}

/// Runs the `portico` binary on `database` with `args` and optional
/// standard input.
pub fn portico(database: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = portico_command(database)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start portico");
    if let Some(text) = stdin
        && let Some(mut input) = child.stdin.take()
    {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("portico output")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Formats a finished process's exit status, standard output and standard
/// error for an assertion message.
pub fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    )
}

/// A server on a free loopback port.
pub struct TestServer {
    pub address: SocketAddr,
    pub portal: Portal,
    pub listening: ssh::Listening,
    _keys: tempfile::TempDir,
}

/// Returns the limits of [`TestServer::start`]: a short failure delay and
/// stall timeout, and no penalties.
pub fn test_limits() -> Limits {
    Limits {
        idle_timeout: Duration::from_secs(300),
        stall_timeout: Duration::from_secs(3),
        auth_failure_delay: Duration::from_millis(50),
        // Tests fail logins on purpose from 127.0.0.1; the tests of
        // penalties turn them on.
        penalties: None,
        ..Limits::default()
    }
}

impl TestServer {
    pub async fn start(store: &Store) -> TestServer {
        Self::start_with(store, test_limits()).await
    }

    pub async fn start_with(store: &Store, limits: Limits) -> TestServer {
        let keys = tempfile::tempdir().expect("key folder");
        let (host_key, _) = ssh::hostkey::load_or_create(keys.path()).expect("host key");
        let portal = portal(store);
        let theme = Theme::builtin("default").expect("default theme");
        let shared = Shared::new(portal.clone(), theme, limits);
        let listening = ssh::start(shared, host_key, "127.0.0.1:0".parse().expect("address"))
            .await
            .expect("start server");
        TestServer {
            address: listening.address,
            portal,
            listening,
            _keys: keys,
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.listening.shutdown();
    }
}

/// A russh client that trusts any host key: the tests start the server.
pub struct Client;

impl russh::client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Opens a TCP connection to `server` from the loopback address `source`,
/// such as 127.0.0.2.
pub async fn connect_from(server: SocketAddr, source: &str) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{source}:0").parse().expect("source address"))?;
    socket.connect(server).await
}

/// Tells whether the server sends its version line, which it does only
/// for a connection it serves.
pub async fn is_served(stream: &mut TcpStream) -> bool {
    use tokio::io::AsyncReadExt;
    let mut version = [0u8; 8];
    let read = tokio::time::timeout(Duration::from_secs(8), stream.read_exact(&mut version))
        .await
        .expect("the server answers or closes in time");
    read.is_ok() && &version == b"SSH-2.0-"
}

pub async fn connect(address: SocketAddr) -> russh::client::Handle<Client> {
    let config = Arc::new(russh::client::Config::default());
    russh::client::connect(config, address, Client)
        .await
        .expect("connect")
}

/// The outcome of a full login attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Login {
    Success,
    Refused,
}

/// Answers keyboard-interactive prompts with `answer` until the server
/// decides.
pub async fn second_factor(
    session: &mut russh::client::Handle<Client>,
    handle: &str,
    answer: &str,
) -> Login {
    use russh::client::KeyboardInteractiveAuthResponse as Response;
    // A server that already closed the connection has refused the login.
    let Ok(mut reply) = session
        .authenticate_keyboard_interactive_start(handle, None::<String>)
        .await
    else {
        return Login::Refused;
    };
    for _ in 0..3 {
        match reply {
            Response::Success => return Login::Success,
            Response::Failure { .. } => return Login::Refused,
            Response::InfoRequest { prompts, .. } => {
                let answers = prompts.iter().map(|_| answer.to_string()).collect();
                let Ok(next) = session
                    .authenticate_keyboard_interactive_respond(answers)
                    .await
                else {
                    return Login::Refused;
                };
                reply = next;
            }
        }
    }
    Login::Refused
}

/// Logs in with the password and then `code`.
pub async fn password_login(
    address: SocketAddr,
    handle: &str,
    password: &str,
    code: &str,
) -> (russh::client::Handle<Client>, Login) {
    let mut session = connect(address).await;
    let first = session
        .authenticate_password(handle, password)
        .await
        .expect("password request");
    let russh::client::AuthResult::Failure {
        partial_success: true,
        ..
    } = first
    else {
        return (session, Login::Refused);
    };
    let outcome = second_factor(&mut session, handle, code).await;
    (session, outcome)
}

/// Authenticates with a key as the first factor; true on partial success.
pub async fn key_first_factor(
    session: &mut russh::client::Handle<Client>,
    handle: &str,
    key: Arc<PrivateKey>,
) -> bool {
    let hash = session
        .best_supported_rsa_hash()
        .await
        .ok()
        .flatten()
        .flatten();
    let result = session
        .authenticate_publickey(handle, PrivateKeyWithHashAlg::new(key, hash))
        .await
        .expect("publickey request");
    matches!(
        result,
        russh::client::AuthResult::Failure {
            partial_success: true,
            ..
        }
    )
}

/// A terminal screen fed from channel output.
pub struct Screen {
    pub parser: vt100::Parser,
}

impl Screen {
    pub fn new(cols: u16, rows: u16) -> Screen {
        Screen {
            parser: vt100::Parser::new(rows, cols, 0),
        }
    }

    pub fn text(&self) -> String {
        self.parser.screen().contents()
    }
}

/// Opens a shell with a pty of the given size.
pub async fn open_shell(
    session: &russh::client::Handle<Client>,
    cols: u32,
    rows: u32,
) -> russh::Channel<russh::client::Msg> {
    let channel = session.channel_open_session().await.expect("open session");
    channel
        .request_pty(true, "xterm-256color", cols, rows, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(true).await.expect("shell");
    channel
}

/// Reads channel output into `screen` until its text contains `needle` or
/// the time runs out; returns whether it was found.
pub async fn wait_for(
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut Screen,
    needle: &str,
    within: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if screen.text().contains(needle) {
            return true;
        }
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => screen.parser.process(&data),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return screen.text().contains(needle),
        }
    }
}

/// A TCP relay between a client and the server that can stop reading the
/// server's output, as a client whose network or reader stalled would.
pub struct StallingRelay {
    pub address: SocketAddr,
    stalled: tokio::sync::watch::Sender<bool>,
    server_closed: Arc<std::sync::atomic::AtomicBool>,
}

impl StallingRelay {
    /// Relays one connection at a time to `target`.
    pub async fn start(target: SocketAddr) -> StallingRelay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind relay");
        let address = listener.local_addr().expect("relay address");
        let (stalled, stalled_rx) = tokio::sync::watch::channel(false);
        let server_closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let closed = Arc::clone(&server_closed);
        tokio::spawn(async move {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let Ok(server) = tokio::net::TcpStream::connect(target).await else {
                return;
            };
            let (mut client_read, mut client_write) = client.into_split();
            let (mut server_read, mut server_write) = server.into_split();
            tokio::spawn(async move {
                let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
            });
            relay_server_output(&mut server_read, &mut client_write, stalled_rx, &closed).await;
        });
        StallingRelay {
            address,
            stalled,
            server_closed,
        }
    }

    /// Stops reading the server's output; with `false`, reads it again but
    /// discards it, since the client no longer matters then.
    pub fn set_stalled(&self, stalled: bool) {
        let _ = self.stalled.send(stalled);
    }

    /// Tells whether the server closed its side of the connection.
    pub fn server_closed(&self) -> bool {
        self.server_closed.load(Ordering::SeqCst)
    }
}

async fn relay_server_output(
    server: &mut tokio::net::tcp::OwnedReadHalf,
    client: &mut tokio::net::tcp::OwnedWriteHalf,
    mut stalled: tokio::sync::watch::Receiver<bool>,
    closed: &std::sync::atomic::AtomicBool,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buffer = vec![0u8; 64 * 1024];
    let mut was_stalled = false;
    loop {
        if *stalled.borrow() {
            was_stalled = true;
            if stalled.changed().await.is_err() {
                return;
            }
            continue;
        }
        match server.read(&mut buffer).await {
            Ok(0) | Err(_) => {
                closed.store(true, Ordering::SeqCst);
                return;
            }
            Ok(read) => {
                if !was_stalled && client.write_all(&buffer[..read]).await.is_err() {
                    was_stalled = true;
                }
            }
        }
    }
}

/// Returns this process's resident memory in KiB, from /proc (Linux).
pub fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| {
                    line.split_whitespace()
                        .nth(1)
                        .and_then(|value| value.parse().ok())
                })
        })
        .unwrap_or(0)
}

/// Reads a tar archive, such as a data export, into its paths and bytes.
pub fn tar_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut archive = tar::Archive::new(bytes);
    let mut entries = std::collections::BTreeMap::new();
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        let path = entry.path().expect("path").display().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        entries.insert(path, content);
    }
    entries
}

/// Adds a plain-text document of `kind` issued on 2026-03-31 to
/// `organisation`, visible to the customer `user` alone when set, with
/// `content` as its bytes, and returns its id.
pub async fn add_text_document(
    portal: &Portal,
    organisation: &str,
    user: Option<&str>,
    kind: &str,
    title: &str,
    content: &[u8],
) -> i64 {
    let mut draft = document_draft(organisation, kind, title, "2026-03-31");
    draft.user = user.map(str::to_string);
    portal
        .add_document(&draft, &format!("{title}.txt"), content.to_vec())
        .await
        .expect("add document")
}
