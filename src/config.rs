//! One configuration from command-line flags, `PORTICO_*` environment
//! variables and an optional TOML file, in that order of precedence.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::domain::DocumentKind;
use crate::domain::sla::{BusinessCalendar, SlaPolicy, SlaRule, SlaTarget};
use crate::domain::{RequestCategory, RequestPriority};
use crate::notify::delivery::{
    DeliverySettings, SmsSettings, SmtpCredentials, SmtpSettings, TlsMode, check_smtp,
};
use crate::service::deadlines::DeadlineSettings;
use crate::service::export_guard::DEFAULT_EXPORT_FACTOR_MAX_AGE_SECS;
use crate::service::throttle::AccountThrottle;
use crate::ssh::penalties::PenaltyConfig;
use crate::ssh::proxy::ProxyProtocol;
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
/// Seconds without input or output after which a session frees its screen
/// buffers until it next draws.
pub const DEFAULT_IDLE_RELEASE_SECS: u64 = 30;
/// Default minimum length of a new password, in characters.
pub const DEFAULT_PASSWORD_MIN_CHARS: usize = 12;
/// Default number of days after closing during which a customer may
/// reopen a request.
pub const DEFAULT_REOPEN_DAYS: i64 = 14;
/// Default number of days idempotency keys of writes are kept before the
/// periodic job deletes them.
pub const DEFAULT_WRITE_KEY_RETENTION_DAYS: i64 = 7;
/// The lowest minimum that may be configured. It can be this low because a
/// password is always paired with a second factor.
pub const LOWEST_PASSWORD_MIN_CHARS: usize = 8;

/// The maximum export factor age that may be configured: one hour, because
/// a login's second factor replaces a fresh code only while it is recent.
pub const MAX_EXPORT_FACTOR_MAX_AGE_SECS: u64 = 3600;

/// Default largest document accepted by ingestion and SFTP uploads: 50 MiB.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

/// Years invoices and account statements are kept after their issue date
/// unless `[retention_years]` sets another period. Ten years is the period
/// France's commercial code sets for accounting records.
pub const DEFAULT_RETENTION_YEARS: [(DocumentKind, u32); 2] =
    [(DocumentKind::Invoice, 10), (DocumentKind::Statement, 10)];

/// Limits of stored documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSettings {
    /// Largest document accepted, in bytes.
    pub max_bytes: u64,
    /// Years a document of each kind is kept after its issue date; a kind
    /// without an entry is kept until an operator deletes it. Starts from
    /// [`DEFAULT_RETENTION_YEARS`].
    pub retention_years: BTreeMap<DocumentKind, u32>,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings {
            max_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            retention_years: BTreeMap::from(DEFAULT_RETENTION_YEARS),
        }
    }
}

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
    pub idle_release_secs: Option<u64>,
    /// Trusted load balancer addresses that send the PROXY protocol.
    pub proxy_protocol_from: Option<String>,
    /// Largest document accepted, in bytes.
    pub max_document_bytes: Option<u64>,
    /// Years to keep each kind of document, as `invoice = 10`.
    pub retention_years: Option<BTreeMap<String, u32>>,
    /// HOST:PORT customers reach the server at, for download commands;
    /// the listen address when absent.
    pub public_address: Option<String>,
    /// Days after closing during which a customer may reopen a request.
    pub reopen_days: Option<i64>,
    /// Days idempotency keys of writes are kept.
    pub write_key_retention_days: Option<i64>,
    /// Service-level calendar and targets.
    pub sla: Option<SlaFile>,
    /// The privacy notice: data held, purposes, retention and consents.
    pub privacy: Option<crate::domain::privacy::PrivacySettings>,
    /// When deadline warnings are checked for and how early they are sent.
    pub deadlines: Option<DeadlinesFile>,
    /// Email and SMS delivery.
    pub delivery: Option<DeliveryFile>,
    /// Maximum time, in seconds, between the login's second factor and an
    /// export over exec or SFTP.
    pub export_factor_max_age_secs: Option<u64>,
}

/// The `[deadlines]` table of deadline warnings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesFile {
    /// Seconds between two checks [default: 300].
    pub check_interval_secs: Option<u64>,
    /// Days before a contract deadline that customers are warned [default: 14].
    pub contract_warning_days: Option<i64>,
    /// Business minutes before a request's service-level target that its
    /// agent is warned [default: 60].
    pub sla_warning_minutes: Option<i64>,
}

impl DeadlinesFile {
    /// Checks the values and fills in the defaults.
    pub fn settings(&self) -> Result<DeadlineSettings, String> {
        let defaults = DeadlineSettings::default();
        Ok(DeadlineSettings {
            check_interval_secs: deadline_value(
                "check_interval_secs",
                self.check_interval_secs
                    .unwrap_or(defaults.check_interval_secs),
                (10, 86_400),
                "seconds",
            )?,
            contract_warning_days: deadline_value(
                "contract_warning_days",
                self.contract_warning_days
                    .unwrap_or(defaults.contract_warning_days),
                (0, 366),
                "days",
            )?,
            sla_warning_minutes: deadline_value(
                "sla_warning_minutes",
                self.sla_warning_minutes
                    .unwrap_or(defaults.sla_warning_minutes),
                (0, 10_080),
                "business minutes",
            )?,
        })
    }
}

/// Returns `value` of the `[deadlines]` key `key` when it lies within
/// `bounds` (inclusive), else an error naming the key, value and bounds.
fn deadline_value<T>(key: &str, value: T, bounds: (T, T), unit: &str) -> Result<T, String>
where
    T: PartialOrd + std::fmt::Display,
{
    let (low, high) = bounds;
    if value < low || value > high {
        return Err(format!(
            "invalid {key} {value} in [deadlines]: give {unit} from {low} to {high}"
        ));
    }
    Ok(value)
}

/// The `[delivery]` table: email and SMS delivery through the outbox,
/// with `[delivery.smtp]` and `[delivery.sms]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryFile {
    /// Attempts before a message is dead [default: 8].
    pub max_attempts: Option<i64>,
    /// Seconds before the first retry, doubled after each failure [default: 30].
    pub backoff_base_secs: Option<i64>,
    /// Maximum delay between retries, in seconds [default: 3600].
    pub backoff_max_secs: Option<i64>,
    /// Seconds a claim of a message lasts [default: 120].
    pub lease_secs: Option<i64>,
    /// Emails and SMS per user and hour before the rest waits for the digest [default: 10].
    pub max_per_hour: Option<i64>,
    /// Seconds between polls of an empty outbox [default: 5].
    pub poll_interval_secs: Option<u64>,
    pub smtp: Option<SmtpFile>,
    pub sms: Option<SmsFile>,
}

/// The `[delivery.smtp]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpFile {
    pub host: String,
    /// [default: 587 for starttls, 465 for tls, 25 for none]
    pub port: Option<u16>,
    pub from: String,
    /// none (loopback relays only), starttls or tls [default: starttls].
    pub tls: Option<String>,
    /// User name for AUTH; the password comes from `password_file` or
    /// `PORTICO_SMTP_PASSWORD` [default: no authentication].
    pub user: Option<String>,
    /// File holding the relay password; one trailing line break is removed.
    pub password_file: Option<PathBuf>,
}

/// SMTP values from flags and environment, which win over `[delivery.smtp]`.
#[derive(Default, Clone)]
pub struct SmtpOverrides {
    pub user: Option<String>,
    /// The password itself, from `PORTICO_SMTP_PASSWORD`.
    pub password: Option<String>,
    pub password_file: Option<PathBuf>,
    pub tls: Option<String>,
}

impl SmtpOverrides {
    fn is_empty(&self) -> bool {
        self.user.is_none()
            && self.password.is_none()
            && self.password_file.is_none()
            && self.tls.is_none()
    }
}

impl std::fmt::Debug for SmtpOverrides {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SmtpOverrides")
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "****"))
            .field("password_file", &self.password_file)
            .field("tls", &self.tls)
            .finish()
    }
}

/// Returns the relay credentials: the user from the flag or the file, and
/// the password from `PORTICO_SMTP_PASSWORD` or a password file (the flag's
/// over the file's). A user without a password, a password without a user,
/// and both a password and a password file flag are errors.
fn smtp_credentials(
    file: &SmtpFile,
    overrides: &SmtpOverrides,
) -> Result<Option<SmtpCredentials>, String> {
    if overrides.password.is_some() && overrides.password_file.is_some() {
        return Err(
            "both PORTICO_SMTP_PASSWORD and an SMTP password file are set: keep only one"
                .to_string(),
        );
    }
    let user = overrides.user.clone().or_else(|| file.user.clone());
    let password = match (&overrides.password, &overrides.password_file) {
        (Some(password), _) => Some(password.clone()),
        (None, Some(path)) => Some(read_password_file(path)?),
        (None, None) => match &file.password_file {
            Some(path) => Some(read_password_file(path)?),
            None => None,
        },
    };
    match (user, password) {
        (Some(user), Some(password)) => Ok(Some(SmtpCredentials { user, password })),
        (None, None) => Ok(None),
        (Some(user), None) => Err(format!(
            "missing SMTP password for user {user:?}: set PORTICO_SMTP_PASSWORD or a password file"
        )),
        (None, Some(_)) => Err(
            "an SMTP password is set but no user: set --smtp-user or user in [delivery.smtp]"
                .to_string(),
        ),
    }
}

/// Reads a password file, without one trailing line break. The error
/// names the file, never its content.
fn read_password_file(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        format!(
            "cannot read the SMTP password file {}: {error}",
            path.display()
        )
    })?;
    let password = text.strip_suffix('\n').map_or(text.as_str(), |line| {
        line.strip_suffix('\r').unwrap_or(line)
    });
    Ok(password.to_string())
}

/// The `[delivery.sms]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsFile {
    /// URL the JSON POST goes to.
    pub url: String,
    /// Bearer token sent with each request.
    pub token: String,
}

impl DeliveryFile {
    /// Builds the delivery settings with the SMTP values of flags and
    /// environment over the file's, naming the first invalid value.
    pub fn settings(&self, overrides: &SmtpOverrides) -> Result<DeliverySettings, String> {
        let defaults = DeliverySettings::default();
        let smtp = match &self.smtp {
            Some(file) => {
                let tls = TlsMode::parse(
                    overrides
                        .tls
                        .as_deref()
                        .or(file.tls.as_deref())
                        .unwrap_or("starttls"),
                )?;
                let port = file.port.unwrap_or(match tls {
                    TlsMode::None => 25,
                    TlsMode::StartTls => 587,
                    TlsMode::Tls => 465,
                });
                let smtp = SmtpSettings {
                    host: file.host.clone(),
                    port,
                    from: file.from.clone(),
                    tls,
                    credentials: smtp_credentials(file, overrides)?,
                };
                check_smtp(&smtp)?;
                Some(smtp)
            }
            None if overrides.is_empty() => None,
            None => {
                return Err(
                    "SMTP user, password or TLS mode given without a relay: add a [delivery.smtp] table with host and from"
                        .to_string(),
                );
            }
        };
        let sms = match &self.sms {
            Some(file) => {
                if !(file.url.starts_with("https://") || file.url.starts_with("http://")) {
                    return Err(format!(
                        "invalid sms url {:?}: expected an http:// or https:// URL",
                        file.url
                    ));
                }
                Some(SmsSettings {
                    url: file.url.clone(),
                    token: file.token.clone(),
                })
            }
            None => None,
        };
        let positive = |value: Option<i64>, default: i64, name: &str| match value {
            Some(value) if value < 1 => {
                Err(format!("invalid delivery {name} {value}: give at least 1"))
            }
            Some(value) => Ok(value),
            None => Ok(default),
        };
        Ok(DeliverySettings {
            smtp,
            sms,
            max_attempts: positive(self.max_attempts, defaults.max_attempts, "max_attempts")?,
            backoff_base_secs: self
                .backoff_base_secs
                .unwrap_or(defaults.backoff_base_secs)
                .max(0),
            backoff_max_secs: self
                .backoff_max_secs
                .unwrap_or(defaults.backoff_max_secs)
                .max(0),
            lease_secs: positive(self.lease_secs, defaults.lease_secs, "lease_secs")?,
            max_per_hour: positive(self.max_per_hour, defaults.max_per_hour, "max_per_hour")?,
            poll_interval: self
                .poll_interval_secs
                .map_or(defaults.poll_interval, |secs| {
                    Duration::from_secs(secs.max(1))
                }),
        })
    }
}

/// The `[sla]` table: business hours, working days, holidays and targets.
/// Times are local at `utc_offset_minutes` from UTC.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaFile {
    /// Opening time, "HH:MM" [default: 09:00].
    pub opens: Option<String>,
    /// Closing time, "HH:MM" [default: 17:00].
    pub closes: Option<String>,
    /// Working days as mon, tue, wed, thu, fri, sat, sun [default: mon-fri].
    pub working_days: Option<Vec<String>>,
    /// Holidays as YYYY-MM-DD.
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub utc_offset_minutes: i64,
    /// Targets; a missing category or priority matches every one.
    #[serde(default)]
    pub targets: Vec<SlaTargetFile>,
}

/// One `[[sla.targets]]` entry, in business hours.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTargetFile {
    pub category: Option<String>,
    pub priority: Option<String>,
    pub first_response_hours: f64,
    pub resolution_hours: f64,
}

/// Parses "HH:MM" (24:00 allowed) into seconds after midnight.
fn parse_clock(text: &str) -> Result<i64, String> {
    let invalid = || format!("invalid time {text:?} in [sla]: expected HH:MM such as 09:00");
    let (hours, minutes) = text.split_once(':').ok_or_else(invalid)?;
    let hours: i64 = hours.parse().map_err(|_| invalid())?;
    let minutes: i64 = minutes.parse().map_err(|_| invalid())?;
    if !(0..=24).contains(&hours) || !(0..60).contains(&minutes) || (hours == 24 && minutes > 0) {
        return Err(invalid());
    }
    Ok(hours * 3600 + minutes * 60)
}

fn hours_to_seconds(hours: f64, what: &str) -> Result<i64, String> {
    if !hours.is_finite() || hours <= 0.0 || hours > 10_000.0 {
        return Err(format!(
            "invalid {what} of {hours} hours in [sla]: give a number above 0 and at most 10000"
        ));
    }
    // NOTE: rounding to whole seconds is exact enough for targets in hours.
    Ok((hours * 3600.0).round() as i64)
}

impl SlaFile {
    /// Builds the policy, naming the bad value in any error.
    pub fn policy(&self) -> Result<SlaPolicy, String> {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let opens = parse_clock(self.opens.as_deref().unwrap_or("09:00"))?;
        let closes = parse_clock(self.closes.as_deref().unwrap_or("17:00"))?;
        let mut working_days = [true, true, true, true, true, false, false];
        if let Some(names) = &self.working_days {
            working_days = [false; 7];
            for name in names {
                let index = DAYS
                    .iter()
                    .position(|day| day.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        format!(
                            "invalid working day {name:?} in [sla]: expected one of {}",
                            DAYS.join(", ")
                        )
                    })?;
                if let Some(day) = working_days.get_mut(index) {
                    *day = true;
                }
            }
        }
        let mut holidays = BTreeSet::new();
        for text in &self.holidays {
            let date = crate::domain::parse_date(text, "[sla] holiday")?;
            holidays.insert(date);
        }
        let calendar = BusinessCalendar::new(
            opens,
            closes,
            working_days,
            holidays,
            self.utc_offset_minutes * 60,
        )?;
        let mut rules = Vec::new();
        for target in &self.targets {
            let category = target
                .category
                .as_deref()
                .map(str::parse::<RequestCategory>)
                .transpose()?;
            let priority = target
                .priority
                .as_deref()
                .map(str::parse::<RequestPriority>)
                .transpose()?;
            rules.push(SlaRule {
                category,
                priority,
                target: SlaTarget {
                    first_response: hours_to_seconds(
                        target.first_response_hours,
                        "first_response_hours",
                    )?,
                    resolution: hours_to_seconds(target.resolution_hours, "resolution_hours")?,
                },
            });
        }
        Ok(SlaPolicy { calendar, rules })
    }
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

impl FileConfig {
    /// Returns the document limits from the file, or the defaults, and
    /// rejects an unknown kind or a zero size.
    pub fn document_settings(&self) -> Result<DocumentSettings, String> {
        let max_bytes = self
            .max_document_bytes
            .unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES);
        if max_bytes == 0 {
            return Err("invalid max_document_bytes 0: set a size in bytes above zero".to_string());
        }
        // A kind set to 0 years is kept until an operator deletes it.
        let mut retention_years = BTreeMap::from(DEFAULT_RETENTION_YEARS);
        for (kind, years) in self.retention_years.iter().flatten() {
            let kind: DocumentKind = kind
                .parse()
                .map_err(|error| format!("invalid retention_years key: {error}"))?;
            if *years == 0 {
                retention_years.remove(&kind);
            } else {
                retention_years.insert(kind, *years);
            }
        }
        Ok(DocumentSettings {
            max_bytes,
            retention_years,
        })
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
    /// Time without drawing after which a session frees its screen buffers.
    pub idle_release: Duration,
    /// `None` unless connections come through PROXY protocol load balancers.
    pub proxy: Option<ProxyProtocol>,
    pub documents: DocumentSettings,
    /// HOST:PORT shown in download commands.
    pub public_address: String,
    pub reopen_days: i64,
    /// Days idempotency keys of writes are kept.
    pub write_key_retention_days: i64,
    pub sla: SlaPolicy,
    pub deadlines: DeadlineSettings,
    pub privacy: crate::domain::privacy::PrivacySettings,
    pub delivery: DeliverySettings,
    /// Maximum time between the login's second factor and an export over
    /// exec or SFTP.
    pub export_factor_max_age: Duration,
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
    pub proxy_protocol_from: Option<String>,
    pub idle_release_secs: Option<u64>,
    pub export_factor_max_age_secs: Option<u64>,
    pub smtp: SmtpOverrides,
    pub write_key_retention_days: Option<i64>,
}

impl ServeConfig {
    /// Merges flags and environment over the file over the defaults.
    pub fn resolve(overrides: ServeOverrides, file: FileConfig) -> Result<ServeConfig, String> {
        let password_min_chars = file.password_min_chars()?;
        let documents = file.document_settings()?;
        let proxy = match overrides
            .proxy_protocol_from
            .as_deref()
            .or(file.proxy_protocol_from.as_deref())
        {
            Some(text) => ProxyProtocol::parse(text)?,
            None => None,
        };
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
        let sla = file
            .sla
            .as_ref()
            .map_or_else(|| Ok(SlaPolicy::default()), SlaFile::policy)?;
        let deadlines = file
            .deadlines
            .as_ref()
            .map_or_else(|| Ok(DeadlineSettings::default()), DeadlinesFile::settings)?;
        let reopen_days = file.reopen_days.unwrap_or(DEFAULT_REOPEN_DAYS);
        if !(0..=3650).contains(&reopen_days) {
            return Err(format!(
                "invalid reopen_days {reopen_days}: give a number of days from 0 to 3650"
            ));
        }
        let export_factor_max_age_secs = overrides
            .export_factor_max_age_secs
            .or(file.export_factor_max_age_secs)
            .unwrap_or(DEFAULT_EXPORT_FACTOR_MAX_AGE_SECS);
        if !(1..=MAX_EXPORT_FACTOR_MAX_AGE_SECS).contains(&export_factor_max_age_secs) {
            return Err(format!(
                "invalid export_factor_max_age_secs {export_factor_max_age_secs}: give seconds from 1 to {MAX_EXPORT_FACTOR_MAX_AGE_SECS}"
            ));
        }
        let write_key_retention_days = write_key_retention_days(
            overrides.write_key_retention_days,
            file.write_key_retention_days,
        )?;
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
            idle_release: Duration::from_secs(
                overrides
                    .idle_release_secs
                    .or(file.idle_release_secs)
                    .unwrap_or(DEFAULT_IDLE_RELEASE_SECS)
                    .max(1),
            ),
            proxy,
            documents,
            public_address: file
                .public_address
                .clone()
                .unwrap_or_else(|| reachable_address(listen)),
            reopen_days,
            write_key_retention_days,
            sla,
            deadlines,
            privacy: privacy_settings(file.privacy)?,
            delivery: file.delivery.as_ref().map_or_else(
                || DeliveryFile::default().settings(&overrides.smtp),
                |delivery| delivery.settings(&overrides.smtp),
            )?,
            export_factor_max_age: Duration::from_secs(export_factor_max_age_secs),
        })
    }
}

/// Returns the retention of idempotency keys from the flag or variable,
/// else the file, else the default, in days from 1 to 3650.
pub fn write_key_retention_days(flag: Option<i64>, file: Option<i64>) -> Result<i64, String> {
    let days = flag.or(file).unwrap_or(DEFAULT_WRITE_KEY_RETENTION_DAYS);
    if !(1..=3650).contains(&days) {
        return Err(format!(
            "invalid write_key_retention_days {days}: give a number of days from 1 to 3650"
        ));
    }
    Ok(days)
}

/// Returns the `[privacy]` table, or the defaults when it is absent.
fn privacy_settings(
    file: Option<crate::domain::privacy::PrivacySettings>,
) -> Result<crate::domain::privacy::PrivacySettings, String> {
    let settings = file.unwrap_or_default();
    settings.validate()?;
    Ok(settings)
}

/// Returns the address a client on this machine reaches `listen` at: an
/// unspecified IP becomes loopback.
fn reachable_address(listen: SocketAddr) -> String {
    match listen.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", listen.port()),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", listen.port()),
        _ => listen.to_string(),
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
    fn retention_years_by_kind() {
        let file: FileConfig = toml::from_str(
            "max_document_bytes = 1024\n[retention_years]\ninvoice = 10\npay-slip = 5\n",
        )
        .unwrap();
        let settings = file.document_settings().unwrap();
        assert_eq!(settings.max_bytes, 1024);
        assert_eq!(
            settings.retention_years.get(&DocumentKind::PaySlip),
            Some(&5)
        );
        assert_eq!(
            settings.retention_years.get(&DocumentKind::Statement),
            Some(&10),
            "the default stays for kinds the file does not name"
        );
        let kept: FileConfig = toml::from_str("[retention_years]\ninvoice = 0\n").unwrap();
        let kept = kept.document_settings().unwrap();
        assert_eq!(kept.retention_years.get(&DocumentKind::Invoice), None);
        assert_eq!(
            FileConfig::default().document_settings().unwrap(),
            DocumentSettings::default()
        );
        let bad: FileConfig = toml::from_str("[retention_years]\nreceipt = 1\n").unwrap();
        let error = bad.document_settings().unwrap_err();
        assert!(error.contains("receipt"), "{error}");
    }

    #[test]
    fn sla_table_builds_policy() {
        let file: FileConfig = toml::from_str(
            "reopen_days = 7\n[sla]\nopens = \"08:30\"\ncloses = \"18:00\"\nworking_days = [\"mon\", \"sat\"]\nholidays = [\"2026-12-25\"]\n[[sla.targets]]\ncategory = \"billing\"\npriority = \"high\"\nfirst_response_hours = 2\nresolution_hours = 16.5\n",
        )
        .unwrap();
        let config = ServeConfig::resolve(ServeOverrides::default(), file).unwrap();
        assert_eq!(config.reopen_days, 7);
        let target = config
            .sla
            .target(RequestCategory::Billing, RequestPriority::High);
        assert_eq!(target.first_response, 7200);
        assert_eq!(target.resolution, 59_400);
        // Saturday 2026-03-07 counts 9.5 business hours.
        let saturday = 1_772_841_600;
        assert_eq!(
            config
                .sla
                .calendar
                .business_seconds(saturday, saturday + 86_400),
            34_200
        );
    }

    #[test]
    fn write_key_retention_flag_over_file() {
        let file: FileConfig = toml::from_str("write_key_retention_days = 30\n").unwrap();
        let config = ServeConfig::resolve(ServeOverrides::default(), file).unwrap();
        assert_eq!(config.write_key_retention_days, 30);

        let file: FileConfig = toml::from_str("write_key_retention_days = 30\n").unwrap();
        let overrides = ServeOverrides {
            write_key_retention_days: Some(2),
            ..ServeOverrides::default()
        };
        let config = ServeConfig::resolve(overrides, file).unwrap();
        assert_eq!(config.write_key_retention_days, 2);

        let config =
            ServeConfig::resolve(ServeOverrides::default(), FileConfig::default()).unwrap();
        assert_eq!(
            config.write_key_retention_days,
            DEFAULT_WRITE_KEY_RETENTION_DAYS
        );

        let error = write_key_retention_days(Some(0), None).unwrap_err();
        assert!(error.contains("write_key_retention_days 0"), "{error}");
    }

    #[test]
    fn invalid_sla_values_are_named() {
        for (text, words) in [
            ("[sla]\nopens = \"9am\"", "\"9am\""),
            ("[sla]\nworking_days = [\"monday\"]", "\"monday\""),
            ("[sla]\nholidays = [\"25.12.2026\"]", "\"25.12.2026\""),
            (
                "[[sla.targets]]\npriority = \"asap\"\nfirst_response_hours = 1\nresolution_hours = 2",
                "\"asap\"",
            ),
            (
                "[[sla.targets]]\nfirst_response_hours = 0\nresolution_hours = 2",
                "first_response_hours",
            ),
            ("reopen_days = -1", "reopen_days"),
        ] {
            let file: FileConfig = toml::from_str(text).unwrap();
            let error = ServeConfig::resolve(ServeOverrides::default(), file).unwrap_err();
            assert!(error.contains(words), "{text}: {error}");
        }
    }

    #[test]
    fn deadlines_table_sets_warnings() {
        let defaults =
            ServeConfig::resolve(ServeOverrides::default(), FileConfig::default()).unwrap();
        assert_eq!(defaults.deadlines, DeadlineSettings::default());
        let file: FileConfig = toml::from_str(
            "[deadlines]\ncheck_interval_secs = 60\ncontract_warning_days = 30\nsla_warning_minutes = 90\n",
        )
        .unwrap();
        let config = ServeConfig::resolve(ServeOverrides::default(), file).unwrap();
        assert_eq!(config.deadlines.check_interval_secs, 60);
        assert_eq!(config.deadlines.contract_warning_days, 30);
        assert_eq!(config.deadlines.sla_warning_minutes, 90);
        for (text, words) in [
            (
                "[deadlines]\ncheck_interval_secs = 1",
                "check_interval_secs 1",
            ),
            (
                "[deadlines]\ncontract_warning_days = -2",
                "contract_warning_days -2",
            ),
            (
                "[deadlines]\nsla_warning_minutes = 99999",
                "sla_warning_minutes 99999",
            ),
        ] {
            let file: FileConfig = toml::from_str(text).unwrap();
            let error = ServeConfig::resolve(ServeOverrides::default(), file).unwrap_err();
            assert!(error.contains(words), "{text}: {error}");
        }
    }

    #[test]
    fn smtp_credentials_from_file_and_environment() {
        let folder = tempfile::tempdir().unwrap();
        let password_file = folder.path().join("smtp-password");
        std::fs::write(&password_file, "from-file-secret\n").unwrap();
        let text = format!(
            "[delivery.smtp]\nhost = \"smtp.example.com\"\nfrom = \"portal@example.com\"\nuser = \"portal\"\npassword_file = {:?}\n",
            password_file.display().to_string()
        );
        let file: FileConfig = toml::from_str(&text).unwrap();
        let config = ServeConfig::resolve(ServeOverrides::default(), file).unwrap();
        let smtp = config.delivery.smtp.unwrap();
        assert_eq!(smtp.tls, TlsMode::StartTls);
        assert_eq!(smtp.port, 587);
        let credentials = smtp.credentials.unwrap();
        assert_eq!(credentials.user, "portal");
        assert_eq!(credentials.password, "from-file-secret");

        let overrides = ServeOverrides {
            smtp: SmtpOverrides {
                user: Some("other".to_string()),
                password: Some("from-environment".to_string()),
                tls: Some("tls".to_string()),
                ..SmtpOverrides::default()
            },
            ..ServeOverrides::default()
        };
        let file: FileConfig = toml::from_str(&text).unwrap();
        let config = ServeConfig::resolve(overrides.clone(), file).unwrap();
        let smtp = config.delivery.smtp.unwrap();
        assert_eq!(smtp.tls, TlsMode::Tls);
        assert_eq!(smtp.port, 465);
        let credentials = smtp.credentials.unwrap();
        assert_eq!(credentials.user, "other");
        assert_eq!(credentials.password, "from-environment");
        assert!(!format!("{overrides:?}").contains("from-environment"));
    }

    #[test]
    fn invalid_smtp_credentials_are_named() {
        let relay = "[delivery.smtp]\nhost = \"smtp.example.com\"\nfrom = \"portal@example.com\"\n";
        let password = || SmtpOverrides {
            password: Some("secret-value".to_string()),
            ..SmtpOverrides::default()
        };
        for (text, smtp, words) in [
            (
                format!("{relay}user = \"portal\"\n"),
                SmtpOverrides::default(),
                "missing SMTP password",
            ),
            (relay.to_string(), password(), "no user"),
            (
                format!(
                    "{relay}password_file = \"/nonexistent/smtp-password\"\nuser = \"portal\"\n"
                ),
                SmtpOverrides::default(),
                "/nonexistent/smtp-password",
            ),
            (
                format!("{relay}user = \"portal\"\n"),
                SmtpOverrides {
                    password_file: Some(PathBuf::from("/nonexistent/other")),
                    ..password()
                },
                "keep only one",
            ),
            (String::new(), password(), "[delivery.smtp]"),
            (
                relay.to_string(),
                SmtpOverrides {
                    tls: Some("ssl".to_string()),
                    ..SmtpOverrides::default()
                },
                "\"ssl\"",
            ),
        ] {
            let file: FileConfig = toml::from_str(&text).unwrap();
            let overrides = ServeOverrides {
                smtp,
                ..ServeOverrides::default()
            };
            let error = ServeConfig::resolve(overrides, file).unwrap_err();
            assert!(error.contains(words), "{text}: {error}");
            assert!(!error.contains("secret-value"), "{error}");
        }
    }

    #[test]
    fn export_factor_age_from_file_and_flag() {
        let defaults =
            ServeConfig::resolve(ServeOverrides::default(), FileConfig::default()).unwrap();
        assert_eq!(defaults.export_factor_max_age, Duration::from_secs(300));
        let file: FileConfig = toml::from_str("export_factor_max_age_secs = 120").unwrap();
        let config = ServeConfig::resolve(ServeOverrides::default(), file).unwrap();
        assert_eq!(config.export_factor_max_age, Duration::from_secs(120));
        for seconds in [0, 3601] {
            let overrides = ServeOverrides {
                export_factor_max_age_secs: Some(seconds),
                ..ServeOverrides::default()
            };
            let error = ServeConfig::resolve(overrides, FileConfig::default()).unwrap_err();
            assert!(
                error.contains(&format!("export_factor_max_age_secs {seconds}")),
                "{error}"
            );
        }
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
