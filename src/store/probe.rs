//! A quick check of whether the database accepts new connections. While
//! PostgreSQL is down, the pool keeps trying to connect until its acquire
//! timeout, so a statement fails only after that long. The probe lets a
//! session show the outage to its user sooner.

use std::time::{Duration, Instant};

use sqlx::any::AnyConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::Mutex;

use super::is_connection_fault;

/// How long one probe waits for a connection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a probe's result is reused, so many waiting sessions open at
/// most one probe connection per node in this time.
const PROBE_REUSE: Duration = Duration::from_secs(1);

/// Opens one connection of its own to check the database.
#[derive(Debug)]
pub struct Probe {
    options: AnyConnectOptions,
    /// When the last probe ran and whether it found the database unreachable.
    last: Mutex<Option<(Instant, bool)>>,
}

impl Probe {
    pub fn new(options: AnyConnectOptions) -> Probe {
        Probe {
            options,
            last: Mutex::new(None),
        }
    }

    /// Reports whether a new connection fails for a lost database (see
    /// [`is_connection_fault`]) or times out. Callers within
    /// [`PROBE_REUSE`] of the last probe get its result; concurrent callers
    /// wait for the probe under way.
    pub async fn is_unreachable(&self) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, unreachable)) = *last
            && at.elapsed() < PROBE_REUSE
        {
            return unreachable;
        }
        let unreachable = match tokio::time::timeout(PROBE_TIMEOUT, self.options.connect()).await {
            Err(_) => true,
            Ok(Err(error)) => is_connection_fault(&error),
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
                false
            }
        };
        *last = Some((Instant::now(), unreachable));
        unreachable
    }
}
