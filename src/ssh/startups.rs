//! Caps on connections that have not authenticated yet, after OpenSSH's
//! `MaxStartups` and `PerSourceMaxStartups` (sshd_config(5)). The global
//! cap keeps a flood of half-open logins from exhausting the server. The
//! per-source cap keeps one address from filling the global cap, so an
//! attack from one address cannot lock out users from others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rand::Rng;

use super::penalties::source_key;

/// OpenSSH's `MaxStartups start:rate:full`: from `start` connections that
/// have not authenticated yet, a new one is refused with probability `rate`
/// percent, rising linearly to 100 percent at `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartupLimits {
    pub start: usize,
    pub rate: u32,
    pub full: usize,
}

impl Default for StartupLimits {
    /// OpenSSH's default, 10:30:100.
    fn default() -> Self {
        StartupLimits {
            start: 10,
            rate: 30,
            full: 100,
        }
    }
}

impl StartupLimits {
    /// Parses `"start:rate:full"`, such as `"10:30:100"`, or a single
    /// number, beyond which every connection is refused.
    pub fn parse(text: &str) -> Result<StartupLimits, String> {
        let invalid = || {
            format!(
                "invalid max startups {text:?}: expected START:RATE:FULL such as 10:30:100, or one number"
            )
        };
        let parts: Vec<&str> = text.split(':').collect();
        match parts.as_slice() {
            [full] => {
                let full = full.parse().map_err(|_| invalid())?;
                Ok(StartupLimits {
                    start: full,
                    rate: 100,
                    full,
                })
            }
            [start, rate, full] => {
                let start: usize = start.parse().map_err(|_| invalid())?;
                let rate: u32 = rate.parse().map_err(|_| invalid())?;
                let full: usize = full.parse().map_err(|_| invalid())?;
                if rate > 100 || full < start {
                    return Err(invalid());
                }
                Ok(StartupLimits { start, rate, full })
            }
            _ => Err(invalid()),
        }
    }
}

/// The connections of this node that have not authenticated yet, in all
/// and per source address (IPv4 one by one, IPv6 by /64).
#[derive(Debug)]
pub struct Startups {
    limits: StartupLimits,
    /// Maximum per source address; 0 means no per-source cap.
    per_source: usize,
    pending: AtomicUsize,
    by_source: Mutex<HashMap<IpAddr, usize>>,
}

impl Startups {
    pub fn new(limits: StartupLimits, per_source: usize) -> Startups {
        Startups {
            limits,
            per_source,
            pending: AtomicUsize::new(0),
            by_source: Mutex::new(HashMap::new()),
        }
    }

    /// Returns why a new connection from `address` must be refused, given
    /// the connections pending now, or `None` to serve it.
    pub fn refusal(&self, address: IpAddr) -> Option<&'static str> {
        if self.per_source > 0 {
            let from_source = self
                .by_source
                .lock()
                .map(|sources| sources.get(&source_key(address)).copied().unwrap_or(0))
                .unwrap_or(0);
            if from_source >= self.per_source {
                return Some("too many connections from this address not yet logged in");
            }
        }

        let StartupLimits { start, rate, full } = self.limits;
        let pending = self.pending.load(Ordering::SeqCst);
        if pending < start {
            return None;
        }
        let refused = if pending >= full {
            true
        } else {
            let span = (full - start).max(1) as f64;
            let rate = f64::from(rate);
            let chance = rate + (100.0 - rate) * ((pending - start) as f64 / span);
            rand::thread_rng().gen_range(0.0..100.0) < chance
        };
        refused.then_some("too many connections not yet logged in")
    }

    /// Counts a new unauthenticated connection from `address` until the
    /// slot is dropped or released.
    pub fn enter(self: &Arc<Self>, address: IpAddr) -> StartupSlot {
        self.pending.fetch_add(1, Ordering::SeqCst);
        let source = source_key(address);
        if let Ok(mut sources) = self.by_source.lock() {
            *sources.entry(source).or_insert(0) += 1;
        }
        StartupSlot {
            startups: Some(Arc::clone(self)),
            source,
        }
    }

    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }
}

/// One pending connection's place in [`Startups`].
pub struct StartupSlot {
    startups: Option<Arc<Startups>>,
    source: IpAddr,
}

impl StartupSlot {
    /// Stops counting the connection, once it has authenticated.
    pub fn release(&mut self) {
        let Some(startups) = self.startups.take() else {
            return;
        };
        startups.pending.fetch_sub(1, Ordering::SeqCst);
        if let Ok(mut sources) = startups.by_source.lock()
            && let Some(count) = sources.get_mut(&self.source)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                sources.remove(&self.source);
            }
        }
    }
}

impl Drop for StartupSlot {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn startups_refuse_when_full() {
        let startups = Arc::new(Startups::new(StartupLimits::parse("2:50:4").unwrap(), 0));
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        let slots: Vec<StartupSlot> = (0..2).map(|_| startups.enter(address)).collect();
        assert_eq!(startups.pending(), 2);
        let more: Vec<StartupSlot> = (0..2).map(|_| startups.enter(address)).collect();
        assert!(startups.refusal(address).is_some());
        drop(more);
        drop(slots);
        assert_eq!(startups.refusal(address), None);
        assert!(StartupLimits::parse("10:130:100").is_err());
        assert!(StartupLimits::parse("x").is_err());
        assert_eq!(
            StartupLimits::parse("10:30:100").unwrap(),
            StartupLimits::default()
        );
    }

    #[test]
    fn per_source_cap_spares_others() {
        let startups = Arc::new(Startups::new(StartupLimits::default(), 2));
        let attacker: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "198.51.100.4".parse().unwrap();
        let mut slots: Vec<StartupSlot> = (0..2).map(|_| startups.enter(attacker)).collect();
        assert!(startups.refusal(attacker).is_some());
        assert_eq!(startups.refusal(other), None);

        slots[0].release();
        assert_eq!(
            startups.refusal(attacker),
            None,
            "a released slot frees its place"
        );
    }
}
