//! One configuration from command-line flags, `PORTICO_*` environment
//! variables and an optional TOML file, in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::service::throttle::AccountThrottle;
use crate::ssh::penalties::PenaltyConfig;
use crate::ssh::startups::StartupLimits;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";
pub const DEFAULT_DATABASE: &str = "sqlite://portico.db";
pub const DEFAULT_KEYS: &str = "keys";
pub const DEFAULT_THEMES: &str = "themes";
pub const DEFAULT_IDLE_TIMEOUT_SECS: u64 = 15 * 60;
pub const DEFAULT_STALL_TIMEOUT_SECS: u64 = 60;
/// Seconds a connection has to log in, as OpenSSH's `LoginGraceTime`.
pub const DEFAULT_LOGIN_GRACE_TIME_SECS: u64 = 60;
/// Failed authentication requests per connection, as OpenSSH's
/// `MaxAuthTries`.
pub const DEFAULT_MAX_AUTH_TRIES: usize = 6;
/// Connections one source address may have that have not logged in yet,
/// as OpenSSH's `PerSourceMaxStartups` (which has no limit by default):
/// below the global `MaxStartups` start of 10, so one address cannot
/// fill it.
pub const DEFAULT_PER_SOURCE_MAX_STARTUPS: usize = 5;
/// Seconds a logged-in connection may last, however active: 12 hours.
pub const DEFAULT_MAX_SESSION_SECS: u64 = 12 * 3600;
/// Seconds before the idle timeout at which a session is warned.
pub const DEFAULT_IDLE_WARNING_SECS: u64 = 60;
/// Default minimum length of a new password, in characters.
pub const DEFAULT_PASSWORD_MIN_CHARS: usize = 12;
/// The lowest minimum that may be configured. It can be this low because a
/// password is always paired with a second factor.
pub const LOWEST_PASSWORD_MIN_CHARS: usize = 8;

/// The keys a TOML configuration file may set. Unknown keys are refused so
/// a typing error does not pass unnoticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub database: Option<String>,
    pub keys: Option<PathBuf>,
    pub themes: Option<PathBuf>,
    pub idle_timeout_secs: Option<u64>,
    pub stall_timeout_secs: Option<u64>,
    pub password_min_chars: Option<usize>,
    pub login_grace_time_secs: Option<u64>,
    pub max_auth_tries: Option<usize>,
    pub max_startups: Option<String>,
    pub per_source_max_startups: Option<usize>,
    pub per_source_penalties: Option<String>,
    pub account_backoff_after: Option<i64>,
    pub account_backoff_max_secs: Option<i64>,
    pub factor_suspend_after: Option<i64>,
    pub max_session_secs: Option<u64>,
}

impl FileConfig {
    /// Reads a TOML file; the error names the file and the reason.
    pub fn load(path: &Path) -> Result<FileConfig, String> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            format!("cannot read configuration file {}: {error}", path.display())
        })?;
        toml::from_str(&text)
            .map_err(|error| format!("invalid configuration file {}: {error}", path.display()))
    }

    /// Returns the configured minimum password length, or the default, and
    /// rejects one below [`LOWEST_PASSWORD_MIN_CHARS`].
    pub fn password_min_chars(&self) -> Result<usize, String> {
        let chars = self
            .password_min_chars
            .unwrap_or(DEFAULT_PASSWORD_MIN_CHARS);
        if chars < LOWEST_PASSWORD_MIN_CHARS {
            return Err(format!(
                "invalid password_min_chars {chars}: the minimum is {LOWEST_PASSWORD_MIN_CHARS}, since a password is always paired with a second factor"
            ));
        }
        Ok(chars)
    }
}

/// Settings of `portico serve` after merging every source.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub database: String,
    pub keys: PathBuf,
    pub themes: PathBuf,
    /// A session with no key pressed for this long is closed.
    pub idle_timeout: Duration,
    /// A client that accepts no output for this long is disconnected.
    pub stall_timeout: Duration,
    pub password_min_chars: usize,
    /// Time a connection has to log in.
    pub login_grace_time: Duration,
    /// Failed authentication requests per connection.
    pub max_auth_tries: usize,
    pub max_startups: StartupLimits,
    /// Unauthenticated connections per source address; 0 for no limit.
    pub per_source_max_startups: usize,
    /// `None` when per-source penalties are turned off.
    pub penalties: Option<PenaltyConfig>,
    pub account_throttle: AccountThrottle,
    /// Maximum length of a logged-in connection.
    pub max_session: Duration,
}

/// Values from flags and environment, before the file and defaults apply.
#[derive(Debug, Default, Clone)]
pub struct ServeOverrides {
    pub listen: Option<String>,
    pub database: Option<String>,
    pub keys: Option<PathBuf>,
    pub themes: Option<PathBuf>,
    pub idle_timeout_secs: Option<u64>,
    pub stall_timeout_secs: Option<u64>,
    pub login_grace_time_secs: Option<u64>,
    pub max_auth_tries: Option<usize>,
    pub max_startups: Option<String>,
    pub per_source_max_startups: Option<usize>,
    pub per_source_penalties: Option<String>,
    pub account_backoff_after: Option<i64>,
    pub account_backoff_max_secs: Option<i64>,
    pub factor_suspend_after: Option<i64>,
    pub max_session_secs: Option<u64>,
}

impl ServeConfig {
    /// Merges flags and environment over the file over the defaults.
    pub fn resolve(overrides: ServeOverrides, file: FileConfig) -> Result<ServeConfig, String> {
        let password_min_chars = file.password_min_chars()?;
        let max_startups = match overrides.max_startups.or(file.max_startups) {
            Some(text) => StartupLimits::parse(&text)?,
            None => StartupLimits::default(),
        };
        let penalties = match overrides
            .per_source_penalties
            .or(file.per_source_penalties)
            .as_deref()
        {
            None => Some(PenaltyConfig::default()),
            Some("no") => None,
            Some(text) => Some(PenaltyConfig::parse(text)?),
        };
        let defaults = AccountThrottle::default();
        let account_throttle = AccountThrottle {
            backoff_after: overrides
                .account_backoff_after
                .or(file.account_backoff_after)
                .unwrap_or(defaults.backoff_after)
                .max(1),
            backoff_max_secs: overrides
                .account_backoff_max_secs
                .or(file.account_backoff_max_secs)
                .unwrap_or(defaults.backoff_max_secs)
                .max(1),
            suspend_after: overrides
                .factor_suspend_after
                .or(file.factor_suspend_after)
                .unwrap_or(defaults.suspend_after)
                .max(1),
        };
        let max_auth_tries = overrides
            .max_auth_tries
            .or(file.max_auth_tries)
            .unwrap_or(DEFAULT_MAX_AUTH_TRIES);
        if max_auth_tries == 0 {
            return Err("invalid max_auth_tries 0: allow at least 1 attempt".to_string());
        }
        let listen_text = overrides
            .listen
            .or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let listen = listen_text.parse().map_err(|_| {
            format!("invalid listen address {listen_text:?}: expected IP:PORT such as 127.0.0.1:2222 or [::1]:2222")
        })?;
        Ok(ServeConfig {
            listen,
            database: resolve_database(overrides.database, file.database),
            keys: overrides
                .keys
                .or(file.keys)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_KEYS)),
            themes: overrides
                .themes
                .or(file.themes)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_THEMES)),
            idle_timeout: Duration::from_secs(
                overrides
                    .idle_timeout_secs
                    .or(file.idle_timeout_secs)
                    .unwrap_or(DEFAULT_IDLE_TIMEOUT_SECS)
                    .max(1),
            ),
            stall_timeout: Duration::from_secs(
                overrides
                    .stall_timeout_secs
                    .or(file.stall_timeout_secs)
                    .unwrap_or(DEFAULT_STALL_TIMEOUT_SECS)
                    .max(1),
            ),
            password_min_chars,
            login_grace_time: Duration::from_secs(
                overrides
                    .login_grace_time_secs
                    .or(file.login_grace_time_secs)
                    .unwrap_or(DEFAULT_LOGIN_GRACE_TIME_SECS)
                    .max(1),
            ),
            max_auth_tries,
            max_startups,
            per_source_max_startups: overrides
                .per_source_max_startups
                .or(file.per_source_max_startups)
                .unwrap_or(DEFAULT_PER_SOURCE_MAX_STARTUPS),
            penalties,
            account_throttle,
            max_session: Duration::from_secs(
                overrides
                    .max_session_secs
                    .or(file.max_session_secs)
                    .unwrap_or(DEFAULT_MAX_SESSION_SECS)
                    .max(60),
            ),
        })
    }
}

/// Returns the database URL from the flag or variable, else the file, else
/// the default SQLite file in the current folder.
pub fn resolve_database(flag: Option<String>, file: Option<String>) -> String {
    flag.or(file)
        .unwrap_or_else(|| DEFAULT_DATABASE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_file_over_defaults() {
        let file = FileConfig {
            listen: Some("127.0.0.1:3000".to_string()),
            database: Some("sqlite://file.db".to_string()),
            ..FileConfig::default()
        };
        let overrides = ServeOverrides {
            listen: Some("[::1]:4000".to_string()),
            ..ServeOverrides::default()
        };
        let config = ServeConfig::resolve(overrides, file).unwrap();
        assert_eq!(config.listen.to_string(), "[::1]:4000");
        assert_eq!(config.database, "sqlite://file.db");
        assert_eq!(config.keys, PathBuf::from("keys"));
    }

    #[test]
    fn invalid_listen_names_value() {
        let overrides = ServeOverrides {
            listen: Some("localhost".to_string()),
            ..ServeOverrides::default()
        };
        let error = ServeConfig::resolve(overrides, FileConfig::default()).unwrap_err();
        assert!(error.contains("\"localhost\""), "{error}");
    }

    #[test]
    fn unknown_file_key_is_refused() {
        let error = toml::from_str::<FileConfig>("listn = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("listn"), "{error}");
    }

    #[test]
    fn login_limits_default_as_openssh() {
        let config =
            ServeConfig::resolve(ServeOverrides::default(), FileConfig::default()).unwrap();
        assert_eq!(config.login_grace_time, Duration::from_secs(60));
        assert_eq!(config.max_auth_tries, 6);
        assert_eq!(config.max_startups, StartupLimits::default());
        assert_eq!(config.penalties, Some(PenaltyConfig::default()));
        assert_eq!(config.account_throttle, AccountThrottle::default());
        assert_eq!(config.max_session, Duration::from_secs(12 * 3600));
    }

    #[test]
    fn login_limits_from_file_and_flags() {
        let file: FileConfig = toml::from_str(
            "max_startups = \"5:50:20\"\nper_source_penalties = \"no\"\nmax_auth_tries = 3\nfactor_suspend_after = 50",
        )
        .unwrap();
        let overrides = ServeOverrides {
            max_auth_tries: Some(4),
            ..ServeOverrides::default()
        };
        let config = ServeConfig::resolve(overrides, file).unwrap();
        assert_eq!(config.max_auth_tries, 4);
        assert_eq!(config.max_startups.full, 20);
        assert_eq!(config.penalties, None);
        assert_eq!(config.account_throttle.suspend_after, 50);
    }

    #[test]
    fn invalid_penalties_are_refused() {
        let overrides = ServeOverrides {
            per_source_penalties: Some("authfail:often".to_string()),
            ..ServeOverrides::default()
        };
        let error = ServeConfig::resolve(overrides, FileConfig::default()).unwrap_err();
        assert!(error.contains("often"), "{error}");
    }
}
