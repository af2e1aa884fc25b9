//! The bridge that carries events between nodes sharing one database.
//!
//! On PostgreSQL a trigger on `events` sends `NOTIFY portico_events, '<id>'`
//! when a row commits. Every node LISTENs on that channel and publishes the
//! announced rows to its own sessions. After its listener connection drops,
//! a node LISTENs again and then catches up from the newest id it delivered,
//! so events stored during the outage still arrive. SQLite has no NOTIFY,
//! so there the bridge polls the table instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Bus;
use crate::store::{Backend, backend_of, redact_url};

/// The PostgreSQL channel that announces stored event ids.
pub const CHANNEL: &str = "portico_events";
/// The `application_name` of the listener connection, which lets operators
/// find it in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "portico-listener";
/// How often a SQLite node looks for events stored by another process.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The wait before connecting again after the listener connection failed.
const RECONNECT_DELAY: Duration = Duration::from_millis(500);

/// A running bridge. Dropping it stops the bridge.
#[derive(Debug)]
pub struct Bridge {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    relayed: Arc<AtomicU64>,
    reconnects: Arc<AtomicU64>,
}

impl Bridge {
    /// Starts relaying the events stored in the database at `url` (the one
    /// behind `pool`) to the sessions of `bus`.
    pub fn start(url: &str, pool: AnyPool, bus: Bus) -> Bridge {
        let (stop, stop_rx) = watch::channel(false);
        let relayed = Arc::new(AtomicU64::new(0));
        let reconnects = Arc::new(AtomicU64::new(0));
        let relay = Relay {
            pool,
            bus,
            relayed: Arc::clone(&relayed),
            reconnects: Arc::clone(&reconnects),
        };
        let task = match backend_of(url) {
            Some(Backend::Postgres) => tokio::spawn(relay.listen(listener_url(url), stop_rx)),
            _ => tokio::spawn(relay.poll(stop_rx)),
        };
        Bridge {
            stop,
            task: Some(task),
            relayed,
            reconnects,
        }
    }

    /// Returns how many events stored by other nodes (or while the
    /// listener was away) this node relayed to its sessions.
    pub fn relayed(&self) -> u64 {
        self.relayed.load(Ordering::Relaxed)
    }

    /// Returns how many times the listener connection was opened again
    /// after it dropped.
    pub fn reconnects(&self) -> u64 {
        self.reconnects.load(Ordering::Relaxed)
    }

    /// Stops the bridge and waits for its task to end.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Returns `url` with the listener's `application_name` added.
fn listener_url(url: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}application_name={APPLICATION_NAME}")
}

struct Relay {
    pool: AnyPool,
    bus: Bus,
    relayed: Arc<AtomicU64>,
    reconnects: Arc<AtomicU64>,
}

impl Relay {
    fn count(&self, published: usize) {
        self.relayed.fetch_add(published as u64, Ordering::Relaxed);
        crate::ops::metrics::events_relayed(published);
    }

    /// Publishes every event newer than the newest one delivered, and logs
    /// a failure instead of ending the bridge.
    async fn catch_up(&self) {
        match self.bus.catch_up(&self.pool).await {
            Ok(published) => self.count(published),
            Err(error) => {
                tracing::warn!(%error, "catching up on events failed; retrying on the next announcement or poll")
            }
        }
    }

    async fn poll(self, mut stop: watch::Receiver<bool>) {
        let mut ticker = tokio::time::interval(POLL_INTERVAL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick() => self.catch_up().await,
                _ = stop.changed() => return,
            }
        }
    }

    async fn listen(self, url: String, mut stop: watch::Receiver<bool>) {
        let redacted = redact_url(&url);
        let mut first = true;
        let mut failures: u64 = 0;
        loop {
            if *stop.borrow() {
                return;
            }
            let mut listener = match self.subscribe(&url).await {
                Ok(listener) => listener,
                Err(error) => {
                    failures += 1;
                    // Logs the 1st, 2nd, 4th, 8th... failure in a row, so an
                    // outage does not flood the log.
                    if failures.is_power_of_two() {
                        tracing::warn!(url = %redacted, %error, failures, "event listener failed to connect; retrying");
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(RECONNECT_DELAY) => continue,
                        _ = stop.changed() => return,
                    }
                }
            };
            failures = 0;
            if first {
                tracing::info!(url = %redacted, channel = CHANNEL, "event listener started");
                first = false;
            } else {
                self.reconnects.fetch_add(1, Ordering::Relaxed);
                tracing::info!(url = %redacted, channel = CHANNEL, "event listener reconnected");
            }
            // LISTEN came first, so an event stored from here on is either
            // in this catch-up or announced on the new connection.
            self.catch_up().await;

            loop {
                let notification = tokio::select! {
                    notification = listener.try_recv() => notification,
                    _ = stop.changed() => return,
                };
                match notification {
                    Ok(Some(notification)) => self.announced(notification.payload()).await,
                    Ok(None) => {
                        tracing::warn!(url = %redacted, "event listener connection lost; reconnecting");
                        break;
                    }
                    Err(error) => {
                        tracing::warn!(url = %redacted, %error, "event listener failed; reconnecting");
                        break;
                    }
                }
            }
        }
    }

    async fn subscribe(&self, url: &str) -> Result<PgListener, sqlx::Error> {
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok(listener)
    }

    async fn announced(&self, payload: &str) {
        let Ok(id) = payload.parse::<i64>() else {
            tracing::warn!(payload = %crate::domain::text::sanitize_line(payload), "invalid event announcement; catching up instead");
            self.catch_up().await;
            return;
        };
        match self.bus.deliver_announced(&self.pool, id).await {
            Ok(published) => self.count(published),
            Err(error) => {
                tracing::warn!(id, %error, "loading an announced event failed; retrying on the next event")
            }
        }
    }
}
