//! One configuration from command-line flags, `PORTICO_*` environment
//! variables and an optional TOML file, in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";
pub const DEFAULT_DATABASE: &str = "sqlite://portico.db";
pub const DEFAULT_KEYS: &str = "keys";
pub const DEFAULT_THEMES: &str = "themes";
pub const DEFAULT_IDLE_TIMEOUT_SECS: u64 = 15 * 60;
pub const DEFAULT_STALL_TIMEOUT_SECS: u64 = 60;
/// Default minimum length of a new password, in characters.
pub const DEFAULT_PASSWORD_MIN_CHARS: usize = 12;
/// Default number of days after closing during which a customer may
/// reopen a request.
pub const DEFAULT_REOPEN_DAYS: i64 = 14;
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
}

impl ServeConfig {
    /// Merges flags and environment over the file over the defaults.
    pub fn resolve(overrides: ServeOverrides, file: FileConfig) -> Result<ServeConfig, String> {
        let password_min_chars = file.password_min_chars()?;
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
}
