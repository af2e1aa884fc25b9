//! Refusal of new connections from misbehaving source addresses, after
//! OpenSSH's `PerSourcePenalties` (sshd_config(5), OpenSSH 9.8).
//!
//! A connection that ends badly adds a penalty to its source address when
//! it closes, because only then is its outcome known: authentication
//! failed, never tried, or ran out of its grace time. Once the penalty
//! pending on an address reaches `min`, new connections from it are
//! refused at accept time until the penalty has run out. A penalty
//! never extends beyond `max` from now. IPv4 addresses are tracked one by
//! one and IPv6 addresses by /64, since one host usually holds a whole /64.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Penalties per kind of connection end, and the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyConfig {
    /// A connection that failed to authenticate or named an unknown user.
    pub authfail: Duration,
    /// A connection that closed without trying to authenticate.
    pub noauth: Duration,
    /// A connection that ran out of its login grace time.
    pub grace_exceeded: Duration,
    /// Pending penalty from which new connections are refused.
    pub min: Duration,
    /// Maximum pending penalty of one address.
    pub max: Duration,
}

impl Default for PenaltyConfig {
    /// OpenSSH 9.8's defaults.
    fn default() -> Self {
        PenaltyConfig {
            authfail: Duration::from_secs(5),
            noauth: Duration::from_secs(1),
            grace_exceeded: Duration::from_secs(10),
            min: Duration::from_secs(15),
            max: Duration::from_secs(600),
        }
    }
}

impl PenaltyConfig {
    /// Parses OpenSSH's syntax, such as
    /// `"authfail:5s noauth:1s grace-exceeded:10s min:15s max:10m"`; keys not
    /// named keep their default. Durations take `s`, `m` or `h`, or no unit
    /// for seconds.
    pub fn parse(text: &str) -> Result<PenaltyConfig, String> {
        let mut config = PenaltyConfig::default();
        for item in text.split_whitespace() {
            let Some((key, value)) = item.split_once(':') else {
                return Err(format!(
                    "invalid penalty {item:?}: expected KEY:DURATION such as authfail:5s"
                ));
            };
            let duration = parse_duration(value).ok_or_else(|| {
                format!("invalid duration {value:?} in {item:?}: expected such as 5s, 10m or 1h")
            })?;
            match key {
                "authfail" => config.authfail = duration,
                "noauth" => config.noauth = duration,
                "grace-exceeded" => config.grace_exceeded = duration,
                "min" => config.min = duration,
                "max" => config.max = duration,
                _ => {
                    return Err(format!(
                        "unknown penalty {key:?}: expected authfail, noauth, grace-exceeded, min or max"
                    ));
                }
            }
        }
        Ok(config)
    }
}

impl PenaltyConfig {
    /// Returns the penalty a connection that ended as `ending` adds; zero
    /// for one that logged in.
    pub fn amount(&self, ending: Ending) -> Duration {
        match ending {
            Ending::Authenticated => Duration::ZERO,
            Ending::AuthFailed => self.authfail,
            Ending::NoAuth => self.noauth,
            Ending::GraceExceeded => self.grace_exceeded,
        }
    }
}

fn parse_duration(text: &str) -> Option<Duration> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let amount: u64 = digits.parse().ok()?;
    let seconds = match unit {
        "s" => amount,
        "m" => amount.checked_mul(60)?,
        "h" => amount.checked_mul(3600)?,
        _ => return None,
    };
    Some(Duration::from_secs(seconds))
}

/// How a connection ended, for its penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Authenticated,
    AuthFailed,
    NoAuth,
    GraceExceeded,
}

/// Addresses tracked at most; beyond this, new addresses go unpenalized
/// rather than evicting penalized ones (OpenSSH's `overflow:permissive`).
pub(crate) const MAX_SOURCES: usize = 65_536;

struct Penalty {
    until: Instant,
    /// Set once the pending penalty reached `min`.
    enforced: bool,
}

/// The penalties of source addresses on this node.
pub struct SourcePenalties {
    config: Option<PenaltyConfig>,
    sources: Mutex<HashMap<IpAddr, Penalty>>,
}

/// Returns the key an address is tracked under: itself for IPv4, its /64
/// for IPv6.
pub(crate) fn source_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1_u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
        },
    }
}

impl SourcePenalties {
    /// Penalties as configured; `None` turns them off.
    pub fn new(config: Option<PenaltyConfig>) -> SourcePenalties {
        SourcePenalties {
            config,
            sources: Mutex::new(HashMap::new()),
        }
    }

    /// Tells whether a new connection from `address` must be refused.
    pub fn is_refused(&self, address: IpAddr, now: Instant) -> bool {
        let Ok(mut sources) = self.sources.lock() else {
            return false;
        };
        let key = source_key(address);
        match sources.get(&key) {
            Some(penalty) if penalty.until <= now => {
                sources.remove(&key);
                false
            }
            Some(penalty) => penalty.enforced,
            None => false,
        }
    }

    /// Adds the penalty for a connection from `address` that ended as
    /// `ending`. Returns true when this penalty starts the refusal of the
    /// address.
    pub fn record(&self, address: IpAddr, ending: Ending, now: Instant) -> bool {
        let Some(config) = self.config else {
            return false;
        };
        let amount = config.amount(ending);
        if amount.is_zero() {
            return false;
        }
        let Ok(mut sources) = self.sources.lock() else {
            return false;
        };
        if sources.len() >= MAX_SOURCES {
            sources.retain(|_, penalty| penalty.until > now);
            if sources.len() >= MAX_SOURCES {
                return false;
            }
        }
        let penalty = sources.entry(source_key(address)).or_insert(Penalty {
            until: now,
            enforced: false,
        });
        if penalty.until <= now {
            penalty.enforced = false;
        }
        let start = penalty.until.max(now);
        penalty.until = (start + amount).min(now + config.max);
        let starts_refusal =
            !penalty.enforced && penalty.until.saturating_duration_since(now) >= config.min;
        penalty.enforced |= starts_refusal;
        starts_refusal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_parse_openssh_syntax() {
        let config = PenaltyConfig::parse("authfail:7s max:2m").unwrap();
        assert_eq!(config.authfail, Duration::from_secs(7));
        assert_eq!(config.max, Duration::from_secs(120));
        assert_eq!(config.noauth, Duration::from_secs(1));
        assert!(PenaltyConfig::parse("authfail:5x").is_err());
        assert!(PenaltyConfig::parse("crash:5s").is_err());
    }

    #[test]
    fn refusal_starts_at_minimum() {
        let penalties = SourcePenalties::new(Some(PenaltyConfig::default()));
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        let now = Instant::now();
        penalties.record(address, Ending::AuthFailed, now);
        penalties.record(address, Ending::AuthFailed, now);
        assert!(!penalties.is_refused(address, now), "10 s is below min");
        penalties.record(address, Ending::AuthFailed, now);
        assert!(penalties.is_refused(address, now));
        assert!(!penalties.is_refused(other, now));
        assert!(!penalties.is_refused(address, now + Duration::from_secs(16)));
    }

    #[test]
    fn penalty_is_capped_at_max() {
        let penalties = SourcePenalties::new(Some(PenaltyConfig::default()));
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        let now = Instant::now();
        for _ in 0..1000 {
            penalties.record(address, Ending::GraceExceeded, now);
        }
        assert!(penalties.is_refused(address, now + Duration::from_secs(599)));
        assert!(!penalties.is_refused(address, now + Duration::from_secs(601)));
    }

    #[test]
    fn ipv6_is_tracked_by_prefix() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2::ffff".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(source_key(a), source_key(b));
        assert_ne!(source_key(a), source_key(c));
    }
}
