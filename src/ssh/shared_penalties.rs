//! Source-address penalties shared by every node of one database.
//!
//! [`SourcePenalties`] decides on this node's own connections at once. Each
//! penalty is also added to the `source_penalties` table, where the steps
//! of all nodes add up, and a refresh task copies the refused addresses
//! from there into memory every [`REFRESH_INTERVAL`]. So the accept path
//! never queries the database, a flood included, and an address refused by
//! one node is refused by the others within about that interval.
//!
//! When penalties are recorded (at which step of a connection) is up to
//! the caller of [`SharedPenalties::record`]; this module only stores them.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::AnyPool;
use tokio::sync::watch;
use tokio::time::Instant;
use tracing::{debug, warn};

use super::penalties::{Ending, MAX_SOURCES, PenaltyConfig, SourcePenalties, source_key};
use crate::store::penalties::{self as store, PenaltyStep};

/// How often each node copies the refused addresses from the database.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(1);
/// How long a run-out penalty stays in the table before it is deleted.
const PURGE_AFTER: Duration = Duration::from_secs(60);

/// The penalties of this node, backed by the shared table.
pub struct SharedPenalties {
    config: Option<PenaltyConfig>,
    local: SourcePenalties,
    pool: AnyPool,
    /// Addresses the database refuses, with the end of their penalty in
    /// Unix milliseconds, as of the last refresh.
    refused: Mutex<HashMap<IpAddr, i64>>,
}

/// Returns the wall-clock time in Unix milliseconds, which every node of
/// the database compares penalty ends against.
fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |time| {
            i64::try_from(time.as_millis()).unwrap_or(i64::MAX)
        })
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl SharedPenalties {
    /// Starts the penalties as configured (`None` turns them off) and, when
    /// on, the refresh task, which ends when `stop` turns true.
    pub fn start(
        config: Option<PenaltyConfig>,
        pool: AnyPool,
        stop: watch::Receiver<bool>,
    ) -> Arc<SharedPenalties> {
        let penalties = Arc::new(SharedPenalties {
            config,
            local: SourcePenalties::new(config),
            pool,
            refused: Mutex::new(HashMap::new()),
        });
        if config.is_some() {
            tokio::spawn(refresh_loop(Arc::downgrade(&penalties), stop));
        }
        penalties
    }

    /// Tells whether a new connection from `address` must be refused: by
    /// this node's own penalties or by the shared ones.
    pub fn is_refused(&self, address: IpAddr, now: Instant) -> bool {
        if self.local.is_refused(address, now) {
            return true;
        }
        let Ok(refused) = self.refused.lock() else {
            return false;
        };
        refused
            .get(&source_key(address))
            .is_some_and(|until| *until > unix_ms())
    }

    /// Adds the penalty for a connection from `address` that ended as
    /// `ending`, here at once and in the shared table in the background.
    /// Returns true when this penalty starts the refusal of the address on
    /// this node.
    pub fn record(self: &Arc<Self>, address: IpAddr, ending: Ending, now: Instant) -> bool {
        let Some(config) = self.config else {
            return false;
        };
        let starts_refusal = self.local.record(address, ending, now);
        let amount = config.amount(ending);
        if amount.is_zero() {
            return starts_refusal;
        }
        let step = PenaltyStep {
            amount_ms: millis(amount),
            min_ms: millis(config.min),
            max_ms: millis(config.max),
        };
        let penalties = Arc::clone(self);
        tokio::spawn(async move { penalties.store(address, step).await });
        starts_refusal
    }

    async fn store(&self, address: IpAddr, step: PenaltyStep) {
        let key = source_key(address);
        match store::add(&self.pool, &key.to_string(), step, unix_ms()).await {
            Ok(state) if state.enforced => {
                if let Ok(mut refused) = self.refused.lock()
                    && (refused.len() < MAX_SOURCES || refused.contains_key(&key))
                {
                    refused.insert(key, state.until_ms);
                }
            }
            Ok(_) => {}
            // The node's own penalty still holds; only the other nodes miss it.
            Err(error) => {
                warn!(source = %key, %error, "cannot store a source address penalty; other nodes will not see it")
            }
        }
    }

    /// Copies the refused addresses from the database; returns how many.
    async fn refresh(&self) -> Result<usize, sqlx::Error> {
        let rows = store::enforced(&self.pool, unix_ms(), MAX_SOURCES as i64).await?;
        let mut loaded = HashMap::with_capacity(rows.len());
        for (source, until_ms) in rows {
            match source.parse::<IpAddr>() {
                Ok(address) => {
                    loaded.insert(address, until_ms);
                }
                Err(_) => {
                    debug!(source = %crate::domain::text::sanitize_line(&source), "ignoring an invalid source in source_penalties")
                }
            }
        }
        let count = loaded.len();
        if let Ok(mut refused) = self.refused.lock() {
            *refused = loaded;
        }
        Ok(count)
    }
}

/// Refreshes the shared refusals until `stop` turns true or the penalties
/// are dropped, and deletes run-out rows once a minute.
async fn refresh_loop(
    penalties: std::sync::Weak<SharedPenalties>,
    mut stop: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(REFRESH_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge = Instant::now();
    let mut failures: u64 = 0;
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = stop.changed() => return,
        }
        let Some(penalties) = penalties.upgrade() else {
            return;
        };
        match penalties.refresh().await {
            Ok(_) => failures = 0,
            Err(error) => {
                failures += 1;
                // Logs the 1st, 2nd, 4th, 8th... failure in a row, so an
                // outage does not flood the log.
                if failures.is_power_of_two() {
                    warn!(%error, failures, "cannot load the shared source address penalties; keeping the last ones");
                }
            }
        }
        if last_purge.elapsed() >= PURGE_AFTER {
            last_purge = Instant::now();
            let before = unix_ms().saturating_sub(millis(PURGE_AFTER));
            if let Err(error) = store::purge(&penalties.pool, before).await {
                debug!(%error, "cannot delete run-out source address penalties");
            }
        }
    }
}
