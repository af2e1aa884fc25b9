//! The russh server: host key, connection handlers, session channels.

pub mod algorithms;
pub mod backend;
pub mod display;
pub mod effects;
pub mod end_reasons;
pub mod exec;
pub mod handler;
pub mod hostkey;
pub mod input;
mod keyed_writes;
pub mod penalties;
mod privacy_commands;
pub mod proxy;
pub mod registry;
mod request_commands;
pub mod session;
pub mod sftp;
pub mod shared_penalties;
pub mod startups;
pub mod transport;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use russh::Disconnect;
use russh::keys::PrivateKey;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::time::Instant;
use tracing::{debug, info, warn};

use crate::service::Portal;
use crate::tui::Theme;
use handler::Connection;
use penalties::{Ending, PenaltyConfig};
use registry::LiveSessions;
use shared_penalties::SharedPenalties;
use startups::{StartupLimits, Startups};

/// Time limits of sessions and logins.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A session with no key pressed for this long is closed.
    pub idle_timeout: Duration,
    /// A client that takes no output for this long is disconnected.
    pub stall_timeout: Duration,
    /// Every failed login step takes at least this long.
    pub auth_failure_delay: Duration,
    /// Time a connection has to log in, as OpenSSH's `LoginGraceTime`.
    pub login_grace_time: Duration,
    /// Failed authentication requests one connection may make, as
    /// OpenSSH's `MaxAuthTries`.
    pub max_auth_tries: usize,
    /// Limits on connections that have not authenticated yet.
    pub max_startups: StartupLimits,
    /// Connections one source address may have that have not
    /// authenticated yet; 0 means no limit.
    pub per_source_max_startups: usize,
    /// Penalties of source addresses; `None` turns them off.
    pub penalties: Option<PenaltyConfig>,
    /// Maximum length of a logged-in connection.
    pub max_session: Duration,
    /// Time before the idle timeout at which the session is warned.
    pub idle_warning: Duration,
    /// The PROXY protocol, when a load balancer sits in front; `None`
    /// (the default) takes each connection's own address.
    pub proxy: Option<proxy::ProxyProtocol>,
    /// A session that drew nothing and took no input for this long frees
    /// its screen buffers; its next frame rebuilds them and redraws in full.
    pub idle_release: Duration,
    /// Maximum time between the login's second factor and an export over
    /// exec or SFTP, which cannot ask for a fresh code.
    pub export_factor_max_age: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle_timeout: Duration::from_secs(crate::config::DEFAULT_IDLE_TIMEOUT_SECS),
            stall_timeout: Duration::from_secs(crate::config::DEFAULT_STALL_TIMEOUT_SECS),
            auth_failure_delay: Duration::from_secs(1),
            login_grace_time: Duration::from_secs(crate::config::DEFAULT_LOGIN_GRACE_TIME_SECS),
            max_auth_tries: crate::config::DEFAULT_MAX_AUTH_TRIES,
            max_startups: StartupLimits::default(),
            per_source_max_startups: crate::config::DEFAULT_PER_SOURCE_MAX_STARTUPS,
            penalties: Some(PenaltyConfig::default()),
            max_session: Duration::from_secs(crate::config::DEFAULT_MAX_SESSION_SECS),
            idle_warning: Duration::from_secs(crate::config::DEFAULT_IDLE_WARNING_SECS),
            proxy: None,
            idle_release: Duration::from_secs(crate::config::DEFAULT_IDLE_RELEASE_SECS),
            export_factor_max_age: Duration::from_secs(
                crate::service::export_guard::DEFAULT_EXPORT_FACTOR_MAX_AGE_SECS,
            ),
        }
    }
}

/// The state every connection of this node shares. It holds no per-session
/// state, so no lock is shared by all sessions.
pub struct Shared {
    pub portal: Portal,
    pub theme: Theme,
    /// Every theme a user may choose in Preferences.
    pub themes: Arc<crate::tui::theme::ThemeSet>,
    pub limits: Limits,
    /// The sessions this node holds.
    pub live: Arc<LiveSessions>,
}

impl Shared {
    pub fn new(portal: Portal, theme: Theme, limits: Limits) -> Shared {
        Shared {
            portal,
            theme,
            themes: Arc::new(crate::tui::theme::ThemeSet::builtin()),
            limits,
            live: Arc::new(LiveSessions::new()),
        }
    }

    /// Replaces the themes users may choose, such as those of the themes
    /// folder.
    pub fn with_themes(mut self, themes: crate::tui::theme::ThemeSet) -> Shared {
        self.themes = Arc::new(themes);
        self
    }
}

/// Builds russh's configuration: our own failure delay replaces russh's
/// rejection time, which would also delay the "none" probe and partial
/// success; TCP_NODELAY is on so keys and frames are not held back.
///
/// russh counts every rejected request towards `max_auth_attempts`, the
/// "none" probe that OpenSSH clients send first included, while OpenSSH's
/// `MaxAuthTries` does not count it; one more attempt is allowed for it.
pub fn russh_config(host_key: PrivateKey, limits: &Limits) -> russh::server::Config {
    russh::server::Config {
        auth_rejection_time: Duration::ZERO,
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key],
        nodelay: true,
        max_auth_attempts: limits.max_auth_tries.saturating_add(1),
        preferred: algorithms::preferred(),
        inactivity_timeout: Some(Duration::from_secs(3600)),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 4,
        ..Default::default()
    }
}

/// A running server: its address and the handle that stops it.
pub struct Listening {
    pub address: SocketAddr,
    shutdown: watch::Sender<bool>,
    /// Stops the accept loop but leaves open connections alone.
    accepting: watch::Sender<bool>,
    live: Arc<LiveSessions>,
    connections: Arc<AtomicU64>,
    refused: Arc<AtomicU64>,
    pub task: tokio::task::JoinHandle<()>,
}

impl Listening {
    /// Returns how many connections were refused at accept time, for a
    /// penalized source address or over the startup limit.
    pub fn refused_connections(&self) -> u64 {
        self.refused.load(Ordering::SeqCst)
    }

    /// Stops accepting connections and disconnects the open ones.
    pub fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// Returns how many connections are open.
    pub fn open_connections(&self) -> u64 {
        self.connections.load(Ordering::SeqCst)
    }

    /// Stops accepting connections, ends every logged-in session with
    /// `notice` on its screen, and waits up to `wait` for the connections
    /// to close. Returns how many connections were still open; call
    /// [`Listening::shutdown`] next to disconnect them.
    pub async fn drain(&self, notice: &str, wait: Duration) -> u64 {
        let _ = self.accepting.send(true);
        let ended = self.live.end_all(notice);
        info!(
            sessions = ended,
            wait_secs = wait.as_secs(),
            "stopped accepting connections; ending sessions"
        );
        let deadline = Instant::now() + wait;
        while self.open_connections() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.open_connections()
    }
}

/// Binds `listen` and serves connections in a background task.
pub async fn start(
    shared: Shared,
    host_key: PrivateKey,
    listen: SocketAddr,
) -> std::io::Result<Listening> {
    let listener = TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    let config = Arc::new(russh_config(host_key, &shared.limits));
    let (shutdown, shutdown_rx) = watch::channel(false);
    let gate = Arc::new(Gate {
        penalties: SharedPenalties::start(
            shared.limits.penalties,
            shared.portal.store().pool().clone(),
            shutdown_rx.clone(),
        ),
        startups: Arc::new(Startups::new(
            shared.limits.max_startups,
            shared.limits.per_source_max_startups,
        )),
        refused: Arc::new(AtomicU64::new(0)),
        connections: Arc::new(AtomicU64::new(0)),
    });
    let refused = Arc::clone(&gate.refused);
    let shared = Arc::new(shared);
    let (accepting, accepting_rx) = watch::channel(false);
    let live = Arc::clone(&shared.live);
    let connections = Arc::clone(&gate.connections);
    tokio::spawn(registry::watch_ended(
        shared.portal.clone(),
        Arc::clone(&shared.live),
        shutdown_rx.clone(),
    ));
    let task = tokio::spawn(accept_loop(
        listener,
        config,
        shared,
        gate,
        shutdown_rx,
        accepting_rx,
    ));
    Ok(Listening {
        address,
        shutdown,
        accepting,
        live,
        connections,
        refused,
        task,
    })
}

/// What decides, at accept time, whether a connection is served.
struct Gate {
    /// Penalties of source addresses, shared with the other nodes.
    penalties: Arc<SharedPenalties>,
    startups: Arc<Startups>,
    refused: Arc<AtomicU64>,
    /// Connections being served.
    connections: Arc<AtomicU64>,
}

impl Gate {
    /// Tells whether a connection from `peer` must be refused, and counts
    /// it if so.
    fn refuses(&self, id: u64, peer: SocketAddr) -> bool {
        let reason = if self.penalties.is_refused(peer.ip(), Instant::now()) {
            "source address penalized"
        } else if let Some(reason) = self.startups.refusal(peer.ip()) {
            reason
        } else {
            return false;
        };
        self.refused.fetch_add(1, Ordering::SeqCst);
        debug!(connection = id, peer = %peer, reason, "connection refused");
        true
    }

    /// Adds the penalty for a connection that ended as `ending`.
    fn penalize(&self, id: u64, peer: SocketAddr, ending: Ending) {
        if self.penalties.record(peer.ip(), ending, Instant::now()) {
            info!(connection = id, peer = %peer, ending = ?ending, "source address penalized: its new connections are refused for a while");
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    gate: Arc<Gate>,
    mut shutdown: watch::Receiver<bool>,
    mut accepting: watch::Receiver<bool>,
) {
    let mut next_id: u64 = 1;
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => return,
            _ = accepting.changed() => return,
            accepted = listener.accept() => accepted,
        };
        let (socket, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Running out of file descriptors is the usual cause; wait
                // instead of spinning.
                warn!(error = %error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let id = next_id;
        next_id += 1;
        let Some(proxy) = shared.limits.proxy.clone() else {
            admit(id, socket, peer, &config, &shared, &gate, &shutdown);
            continue;
        };
        if !proxy.trusts(peer.ip()) {
            gate.refused.fetch_add(1, Ordering::SeqCst);
            info!(connection = id, peer = %peer, "connection refused: the PROXY protocol is on and this address is not a trusted load balancer");
            drop(socket);
            continue;
        }
        // The header is read in its own task, so a slow load balancer
        // does not hold up the accept loop.
        let config = Arc::clone(&config);
        let shared = Arc::clone(&shared);
        let gate = Arc::clone(&gate);
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            let mut socket = socket;
            let client = match proxy::read_header(&mut socket, proxy::HEADER_TIMEOUT).await {
                Ok(client) => client.unwrap_or(peer),
                Err(error) => {
                    gate.refused.fetch_add(1, Ordering::SeqCst);
                    info!(connection = id, load_balancer = %peer, %error, "connection refused");
                    return;
                }
            };
            debug!(connection = id, load_balancer = %peer, client = %client, "PROXY protocol header read");
            admit(id, socket, client, &config, &shared, &gate, &shutdown);
        });
    }
}

/// Serves an accepted connection from `peer` (the client's address, which
/// the PROXY protocol may have supplied) in its own task, unless the gate
/// refuses it.
fn admit(
    id: u64,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    config: &Arc<russh::server::Config>,
    shared: &Arc<Shared>,
    gate: &Arc<Gate>,
    shutdown: &watch::Receiver<bool>,
) {
    if gate.refuses(id, peer) {
        drop(socket);
        return;
    }
    if let Err(error) = socket.set_nodelay(true) {
        debug!(connection = id, error = %error, "cannot set TCP_NODELAY");
    }
    info!(connection = id, peer = %peer, "connection opened");
    let connection = Connection::new(Arc::clone(shared), id, Some(peer));
    let state = connection.state();
    let socket = transport::VersionTap::new(socket, connection.client_version_slot());
    let stream = transport::StallGuard::new(socket, shared.limits.stall_timeout);
    let task = serve_connection(
        Arc::clone(config),
        Arc::clone(shared),
        Arc::clone(gate),
        stream,
        connection,
        peer,
        shutdown.clone(),
    );
    let gate = Arc::clone(gate);
    let shared = Arc::clone(shared);
    gate.connections.fetch_add(1, Ordering::SeqCst);
    tokio::spawn(async move {
        let (ending, reason) = task.await;
        gate.connections.fetch_sub(1, Ordering::SeqCst);
        gate.penalize(id, peer, ending);
        if let Some((session_id, _)) = state.session.get() {
            shared.live.remove(*session_id);
            if let Err(error) = shared.portal.finish_session(*session_id, reason).await {
                warn!(connection = id, session = session_id, error = %error, "cannot record the end of a session");
            }
        }
    });
}

/// Runs one connection to its end under the login grace time, the maximum
/// session length and the session's end signal. Returns how it ended, for
/// the source address's penalty, and the reason recorded for its session.
/// Returns the text and language tag of a disconnect message (RFC 4253,
/// section 11.1), in the account's language once the user logged in and
/// in English before.
fn disconnect_text(
    state: &handler::ConnectionState,
    id: &str,
    args: Option<&crate::i18n::FluentArgs>,
) -> (String, String) {
    let language = state.language.get().copied().unwrap_or_default();
    let text = crate::i18n::text_in(language, id, args);
    (text, language.code().to_string())
}

async fn serve_connection(
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    gate: Arc<Gate>,
    stream: transport::StallGuard<transport::VersionTap<tokio::net::TcpStream>>,
    connection: Connection,
    peer: SocketAddr,
    mut shutdown: watch::Receiver<bool>,
) -> (Ending, &'static str) {
    let id = connection.id();
    let state = connection.state();
    let mut startup_slot = gate.startups.enter(peer.ip());
    let grace_time = shared.limits.login_grace_time;
    let grace = tokio::time::sleep(grace_time);
    tokio::pin!(grace);

    // The version exchange and key exchange count towards the grace time.
    let session = tokio::select! {
        setup = russh::server::run_stream(config, stream, connection) => match setup {
            Ok(session) => session,
            Err(error) => {
                debug!(connection = id, error = %error, "connection setup failed");
                return (Ending::NoAuth, "connection closed");
            }
        },
        () = &mut grace => {
            info!(connection = id, grace_secs = grace_time.as_secs(), "no SSH handshake in time; disconnecting");
            return (Ending::GraceExceeded, "login took too long");
        }
    };
    let handle = session.handle();
    tokio::pin!(session);
    let mut logged_in = false;
    let mut end_signal = None;
    let session_deadline = tokio::time::sleep(Duration::MAX);
    tokio::pin!(session_deadline);
    loop {
        tokio::select! {
            result = &mut session => {
                if let Err(error) = result {
                    debug!(connection = id, error = %error, "connection ended with an error");
                }
                return (state.ending(), "connection closed");
            }
            _ = shutdown.changed() => {
                let (text, tag) = disconnect_text(&state, "texts-disconnect-server-stopping", None);
                let _ = handle.disconnect(Disconnect::ByApplication, text, tag).await;
                return (state.ending(), "server stopped");
            }
            () = state.login.notified(), if !logged_in => {
                logged_in = true;
                startup_slot.release();
                end_signal = state.session.get().map(|(_, signal)| signal.clone());
                let max_session = shared.limits.max_session;
                session_deadline.as_mut().reset(Instant::now() + max_session);
            }
            reason = registry::ended(&mut end_signal) => {
                // The session tasks show the reason before the connection goes.
                tokio::time::sleep(Duration::from_millis(200)).await;
                info!(connection = id, reason = %reason, "session ended elsewhere; disconnecting");
                let language = state.language.get().copied().unwrap_or_default();
                let mut args = crate::i18n::FluentArgs::new();
                args.set("reason", end_reasons::end_reason_in(language, &reason));
                let (text, tag) = disconnect_text(&state, "texts-disconnect-session-ended", Some(&args));
                let _ = handle.disconnect(Disconnect::ByApplication, text, tag).await;
                return (state.ending(), "ended elsewhere");
            }
            () = &mut session_deadline, if logged_in => {
                info!(connection = id, max_secs = shared.limits.max_session.as_secs(), "session reached its maximum length; disconnecting");
                let (text, tag) = disconnect_text(&state, "texts-disconnect-max-length", None);
                let _ = handle.disconnect(Disconnect::ByApplication, text, tag).await;
                return (state.ending(), "maximum session length reached");
            }
            () = &mut grace, if !logged_in => {
                info!(connection = id, grace_secs = grace_time.as_secs(), "login not completed in time; disconnecting");
                let _ = handle
                    .disconnect(Disconnect::ByApplication, "login took too long".to_string(), String::new())
                    .await;
                return (Ending::GraceExceeded, "login took too long");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russh_adds_no_rejection_delay() {
        let key = PrivateKey::from(russh::keys::ssh_key::private::Ed25519Keypair::from_seed(
            &[7; 32],
        ));
        let config = russh_config(key, &Limits::default());
        // russh would also delay the "none" probe and partial success;
        // failures wait in our handler instead.
        assert_eq!(config.auth_rejection_time, Duration::ZERO);
        assert_eq!(config.auth_rejection_time_initial, Some(Duration::ZERO));
        assert!(config.nodelay);
        // MaxAuthTries 6 plus the "none" probe.
        assert_eq!(config.max_auth_attempts, 7);
    }
}
