//! The russh server: host key, connection handlers, session channels.

pub mod backend;
pub mod effects;
pub mod handler;
pub mod hostkey;
pub mod input;
mod request_commands;
pub mod session;
pub mod transport;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use russh::Disconnect;
use russh::keys::PrivateKey;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::service::Portal;
use crate::tui::Theme;
use handler::Connection;

/// Time limits of sessions and logins.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A session with no key pressed for this long is closed.
    pub idle_timeout: Duration,
    /// A client that takes no output for this long is disconnected.
    pub stall_timeout: Duration,
    /// Every failed login step takes at least this long.
    pub auth_failure_delay: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle_timeout: Duration::from_secs(crate::config::DEFAULT_IDLE_TIMEOUT_SECS),
            stall_timeout: Duration::from_secs(crate::config::DEFAULT_STALL_TIMEOUT_SECS),
            auth_failure_delay: Duration::from_secs(1),
        }
    }
}

/// The state every connection of this node shares. It holds no per-session
/// state, so no lock is shared by all sessions.
pub struct Shared {
    pub portal: Portal,
    pub theme: Theme,
    pub limits: Limits,
}

/// Builds russh's configuration: our own failure delay replaces russh's
/// rejection time, which would also delay the "none" probe and partial
/// success; TCP_NODELAY is on so keys and frames are not held back.
pub fn russh_config(host_key: PrivateKey) -> russh::server::Config {
    russh::server::Config {
        auth_rejection_time: Duration::ZERO,
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key],
        nodelay: true,
        max_auth_attempts: 10,
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
    pub task: tokio::task::JoinHandle<()>,
}

impl Listening {
    /// Stops accepting connections and disconnects the open ones.
    pub fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }
}

/// Time a connection has to complete its login, as OpenSSH's LoginGraceTime.
pub const LOGIN_GRACE_TIME: Duration = Duration::from_secs(120);

/// Binds `listen` and serves connections in a background task.
pub async fn start(
    shared: Shared,
    host_key: PrivateKey,
    listen: SocketAddr,
) -> std::io::Result<Listening> {
    let listener = TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    let config = Arc::new(russh_config(host_key));
    let shared = Arc::new(shared);
    let (shutdown, shutdown_rx) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, config, shared, shutdown_rx));
    Ok(Listening {
        address,
        shutdown,
        task,
    })
}

async fn accept_loop(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut next_id: u64 = 1;
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => return,
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
        if let Err(error) = socket.set_nodelay(true) {
            debug!(connection = id, error = %error, "cannot set TCP_NODELAY");
        }
        info!(connection = id, peer = %peer, "connection opened");
        let connection = Connection::new(Arc::clone(&shared), id, Some(peer));
        let authenticated = connection.authenticated_flag();
        let stream = transport::StallGuard::new(socket, shared.limits.stall_timeout);
        let config = Arc::clone(&config);
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let session = match russh::server::run_stream(config, stream, connection).await {
                Ok(session) => session,
                Err(error) => {
                    debug!(connection = id, error = %error, "connection setup failed");
                    return;
                }
            };
            let handle = session.handle();
            let grace = tokio::time::sleep(LOGIN_GRACE_TIME);
            tokio::pin!(grace);
            tokio::pin!(session);
            loop {
                tokio::select! {
                    result = &mut session => {
                        if let Err(error) = result {
                            debug!(connection = id, error = %error, "connection ended with an error");
                        }
                        return;
                    }
                    _ = shutdown.changed() => {
                        let _ = handle
                            .disconnect(Disconnect::ByApplication, "the server is stopping".to_string(), String::new())
                            .await;
                        return;
                    }
                    () = &mut grace, if !authenticated.load(Ordering::SeqCst) => {
                        // The flag may have been set after this select began.
                        if authenticated.load(Ordering::SeqCst) {
                            continue;
                        }
                        info!(connection = id, "login not completed in time; disconnecting");
                        let _ = handle
                            .disconnect(Disconnect::ByApplication, "login took too long".to_string(), String::new())
                            .await;
                        return;
                    }
                }
            }
        });
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
        let config = russh_config(key);
        // russh would also delay the "none" probe and partial success;
        // failures wait in our handler instead.
        assert_eq!(config.auth_rejection_time, Duration::ZERO);
        assert_eq!(config.auth_rejection_time_initial, Some(Duration::ZERO));
        assert!(config.nodelay);
    }
}
