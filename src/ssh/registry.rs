//! The sessions this node serves, and the watcher that closes those ended
//! elsewhere: by another node, an operator or the user from another
//! session. The database is the shared truth; each node polls it for its
//! own sessions, which works the same on SQLite and PostgreSQL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::RngCore;
use tokio::sync::watch;
use tracing::{debug, warn};

use crate::service::Portal;

/// How often the watcher queries the database for ended sessions; a session
/// ended elsewhere closes within about this long.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Receives the reason once the session has been ended.
pub type EndSignal = watch::Receiver<Option<String>>;

/// The live sessions of this node, by session id.
pub struct LiveSessions {
    node: String,
    sessions: Mutex<HashMap<i64, watch::Sender<Option<String>>>>,
}

impl Default for LiveSessions {
    fn default() -> Self {
        LiveSessions::new()
    }
}

impl LiveSessions {
    /// Names this node by process id and a random suffix, so two nodes on
    /// one machine, or one restarted, never share a name.
    pub fn new() -> LiveSessions {
        let mut suffix = [0u8; 6];
        rand::thread_rng().fill_bytes(&mut suffix);
        LiveSessions {
            node: format!("{}-{}", std::process::id(), hex::encode(suffix)),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    /// Adds a session and returns the signal its tasks wait on.
    pub fn register(&self, id: i64) -> EndSignal {
        let (sender, receiver) = watch::channel(None);
        if let Ok(mut sessions) = self.sessions.lock()
            && sessions.insert(id, sender).is_none()
        {
            crate::ops::metrics::session_opened();
        }
        receiver
    }

    /// Forgets a session whose connection closed.
    pub fn remove(&self, id: i64) {
        if let Ok(mut sessions) = self.sessions.lock()
            && sessions.remove(&id).is_some()
        {
            crate::ops::metrics::session_closed();
        }
    }

    fn ids(&self) -> Vec<i64> {
        self.sessions
            .lock()
            .map(|sessions| sessions.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Signals every session of this node to close, showing `reason`, and
    /// returns how many there were.
    pub fn end_all(&self, reason: &str) -> usize {
        let ids = self.ids();
        for id in &ids {
            self.end(*id, reason.to_string());
        }
        ids.len()
    }

    /// Signals a session's tasks to close it, with `reason`.
    fn end(&self, id: i64, reason: String) {
        if let Ok(mut sessions) = self.sessions.lock()
            && let Some(sender) = sessions.remove(&id)
        {
            crate::ops::metrics::session_closed();
            let _ = sender.send(Some(reason));
        }
    }
}

/// Polls for sessions of this node that were ended in the database and
/// closes them, until `shutdown` changes.
pub async fn watch_ended(
    portal: Portal,
    live: Arc<LiveSessions>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut failing = false;
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            () = tokio::time::sleep(POLL_INTERVAL) => {}
        }
        let ids = live.ids();
        if ids.is_empty() {
            continue;
        }
        match portal.sessions_ended_among(&ids).await {
            Ok(ended) => {
                if failing {
                    warn!("session watcher reaches the database again");
                    failing = false;
                }
                for (id, reason) in ended {
                    debug!(session = id, reason = %reason, "session ended elsewhere; closing");
                    live.end(id, reason);
                }
            }
            // Logged once per outage, not at every poll.
            Err(error) if !failing => {
                warn!(error = %error, "session watcher cannot read ended sessions; retrying");
                failing = true;
            }
            Err(_) => {}
        }
    }
}

/// Waits until the session is ended and returns the reason; never returns
/// without a signal, or once the node forgot the session.
pub async fn ended(signal: &mut Option<EndSignal>) -> String {
    let Some(receiver) = signal else {
        return std::future::pending().await;
    };
    loop {
        if let Some(reason) = receiver.borrow_and_update().clone() {
            return reason;
        }
        if receiver.changed().await.is_err() {
            return std::future::pending().await;
        }
    }
}
