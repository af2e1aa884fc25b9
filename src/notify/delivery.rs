//! The delivery worker: claims due outbox rows with a lease, sends email
//! through an SMTP relay and SMS through an HTTP provider, retries with
//! exponential backoff and gives a row up as dead after the configured
//! attempts.
//!
//! A row is marked sent only after the relay or provider accepted it, and
//! a row whose lease expired (its worker stopped mid-send) is claimed
//! again. Delivery is therefore at least once.
// NOTE: a crash after the relay accepted a message and before the row is
// marked sent sends it again after restart. The Message-ID header is
// stable per row (`outbox-ID@portico`), so mail systems can drop the copy.

use std::net::IpAddr;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::domain::now;
use crate::domain::text::sanitize_line;
use crate::store::Store;
use crate::store::outbox::{self, Channel, OutboxRecord};

/// The security of the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP; allowed only for a relay on a loopback address.
    None,
    /// Plain connection upgraded with STARTTLS, usually port 587.
    StartTls,
    /// TLS from the first byte, usually port 465.
    Tls,
}

impl TlsMode {
    pub fn parse(text: &str) -> Result<TlsMode, String> {
        match text {
            "none" => Ok(TlsMode::None),
            "starttls" => Ok(TlsMode::StartTls),
            "tls" => Ok(TlsMode::Tls),
            other => Err(format!(
                "invalid smtp tls mode {:?}: expected none, starttls or tls",
                sanitize_line(other)
            )),
        }
    }
}

/// The SMTP relay that sends email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// The From address of every email.
    pub from: String,
    pub tls: TlsMode,
    /// `None` when the relay accepts mail without authentication.
    pub credentials: Option<SmtpCredentials>,
}

/// The user name and password Portico authenticates to the relay with,
/// through AUTH PLAIN or AUTH LOGIN (RFC 4954). `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpCredentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for SmtpCredentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SmtpCredentials")
            .field("user", &self.user)
            .field("password", &"****")
            .finish()
    }
}

/// The HTTP provider that sends SMS: Portico POSTs
/// `{"to": NUMBER, "message": TEXT}` as JSON to `url` with
/// `Authorization: Bearer TOKEN`, and any 2xx status counts as accepted.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsSettings {
    pub url: String,
    pub token: String,
}

impl std::fmt::Debug for SmsSettings {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SmsSettings")
            .field("url", &self.url)
            .field("token", &"****")
            .finish()
    }
}

/// Settings of delivery and of the rules that decide what is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverySettings {
    /// `None` when no relay is configured: email rows wait in the outbox.
    pub smtp: Option<SmtpSettings>,
    /// `None` when no provider is configured: SMS rows wait in the outbox.
    pub sms: Option<SmsSettings>,
    /// Attempts before a row is dead.
    pub max_attempts: i64,
    /// Delay after the first failure, in seconds; doubled after each
    /// further failure up to `backoff_max_secs`.
    pub backoff_base_secs: i64,
    pub backoff_max_secs: i64,
    /// How long a claim lasts, in seconds; after it another worker may
    /// claim the row again.
    pub lease_secs: i64,
    /// Emails and SMS per user and hour; more go into the next digest.
    /// Security alerts and confirmation codes do not count and are never held.
    pub max_per_hour: i64,
    /// Pause between polls of an empty outbox.
    pub poll_interval: Duration,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            smtp: None,
            sms: None,
            max_attempts: 8,
            backoff_base_secs: 30,
            backoff_max_secs: 3600,
            lease_secs: 120,
            max_per_hour: 10,
            poll_interval: Duration::from_secs(5),
        }
    }
}

/// Rows claimed per round.
const BATCH: i64 = 20;
/// Maximum time of one SMTP or HTTP exchange.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Returns the delay before attempt `attempts + 1`, after `attempts` failed.
pub fn backoff_secs(settings: &DeliverySettings, attempts: i64) -> i64 {
    let exponent = u32::try_from((attempts - 1).clamp(0, 30)).unwrap_or(30);
    settings
        .backoff_base_secs
        .saturating_mul(1_i64 << exponent)
        .min(settings.backoff_max_secs)
}

/// Rejects plain SMTP to a relay that is not on a loopback address, empty
/// credentials and an invalid From address.
pub fn check_smtp(settings: &SmtpSettings) -> Result<(), String> {
    let loopback = settings
        .host
        .parse::<IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
        || settings.host == "localhost";
    if settings.tls == TlsMode::None && !loopback {
        return Err(format!(
            "smtp tls = \"none\" is allowed only for a relay on a loopback address, not {:?}: set tls = \"starttls\" or \"tls\"",
            sanitize_line(&settings.host)
        ));
    }
    if let Some(credentials) = &settings.credentials {
        if credentials.user.trim().is_empty() {
            return Err("invalid smtp user: the user name is empty".to_string());
        }
        if credentials.password.is_empty() {
            return Err(format!(
                "invalid smtp password for user {:?}: the password is empty",
                sanitize_line(&credentials.user)
            ));
        }
    }
    if settings.from.parse::<lettre::Address>().is_err() {
        return Err(format!(
            "invalid smtp from address {:?}: expected an address such as portal@example.com",
            sanitize_line(&settings.from)
        ));
    }
    Ok(())
}

/// A delivery worker of one node.
pub struct Worker {
    store: Store,
    settings: DeliverySettings,
    /// The lease owner name: unique per worker, so two workers never
    /// confirm each other's rows.
    owner: String,
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    sms: Option<reqwest::Client>,
}

impl Worker {
    /// Builds a worker; the relay and provider are contacted only when a
    /// message is sent.
    pub fn new(store: Store, settings: DeliverySettings) -> Result<Worker, String> {
        let smtp = match &settings.smtp {
            Some(smtp) => Some(smtp_transport(smtp)?),
            None => None,
        };
        let sms = match &settings.sms {
            Some(_) => Some(
                reqwest::Client::builder()
                    .timeout(SEND_TIMEOUT)
                    .build()
                    .map_err(|error| format!("cannot build the SMS HTTP client: {error}"))?,
            ),
            None => None,
        };
        let owner = format!(
            "{}-{}-{}",
            std::process::id(),
            now(),
            crate::auth::recovery::generate_one()
        );
        Ok(Worker {
            store,
            settings,
            owner,
            smtp,
            sms,
        })
    }

    /// Claims one batch of due rows and sends them; returns how many rows
    /// it handled.
    pub async fn run_once(&self) -> Result<usize, sqlx::Error> {
        let started = now();
        let rows = outbox::claim(
            self.store.pool(),
            self.store.backend(),
            &self.owner,
            &self.channels(),
            started,
            started + self.settings.lease_secs,
            BATCH,
        )
        .await?;
        let count = rows.len();
        for row in rows {
            self.deliver(row).await?;
        }
        Ok(count)
    }

    /// Returns the channels this worker can send; rows of other channels
    /// wait in the outbox for a node that has the relay or provider.
    fn channels(&self) -> Vec<Channel> {
        let mut channels = Vec::new();
        if self.smtp.is_some() {
            channels.push(Channel::Email);
        }
        if self.sms.is_some() {
            channels.push(Channel::Sms);
        }
        channels
    }

    /// Runs rounds until none is due; returns how many rows were handled.
    pub async fn run_until_idle(&self) -> Result<usize, sqlx::Error> {
        let mut total = 0;
        loop {
            let count = self.run_once().await?;
            if count == 0 {
                return Ok(total);
            }
            total += count;
        }
    }

    async fn deliver(&self, row: OutboxRecord) -> Result<(), sqlx::Error> {
        let result = match row.channel.as_str() {
            "email" => self.send_email(&row).await,
            "sms" => self.send_sms(&row).await,
            other => Err(format!("unknown channel {}", sanitize_line(other))),
        };
        let pool = self.store.pool();
        match result {
            Ok(()) => {
                if !outbox::mark_sent(pool, row.id, &self.owner, now()).await? {
                    warn!(
                        outbox = row.id,
                        "sent, but the lease had passed to another worker"
                    );
                }
                info!(
                    outbox = row.id,
                    channel = %row.channel,
                    kind = %row.kind,
                    "message sent"
                );
            }
            Err(error) => {
                let error = sanitize_line(&error);
                let dead = row.attempts >= self.settings.max_attempts;
                let retry_at = now() + backoff_secs(&self.settings, row.attempts);
                outbox::mark_failed(pool, row.id, &self.owner, &error, retry_at, dead).await?;
                if dead {
                    warn!(outbox = row.id, attempts = row.attempts, error = %error, "message is dead after its last attempt");
                } else {
                    warn!(outbox = row.id, attempts = row.attempts, retry_at, error = %error, "sending failed; will retry");
                }
            }
        }
        Ok(())
    }

    async fn send_email(&self, row: &OutboxRecord) -> Result<(), String> {
        let (Some(transport), Some(settings)) = (&self.smtp, &self.settings.smtp) else {
            return Err("no SMTP relay is configured".to_string());
        };
        let from = settings
            .from
            .parse()
            .map_err(|error| format!("invalid from address: {error}"))?;
        let to = row
            .recipient
            .parse()
            .map_err(|error| format!("invalid recipient address: {error}"))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<outbox-{}@portico>", row.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|error| format!("cannot build the email: {error}"))?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| format!("SMTP relay rejected or failed: {error}"))
    }

    async fn send_sms(&self, row: &OutboxRecord) -> Result<(), String> {
        let (Some(client), Some(settings)) = (&self.sms, &self.settings.sms) else {
            return Err("no SMS provider is configured".to_string());
        };
        let body = serde_json::json!({ "to": row.recipient, "message": row.body }).to_string();
        let response = client
            .post(&settings.url)
            .bearer_auth(&settings.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|error| format!("SMS provider request failed: {error}"))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("SMS provider answered HTTP {}", status.as_u16()))
        }
    }

    /// Runs the worker in a task until `stop`. A stop request is seen
    /// between rounds, so the sends in hand finish first.
    pub fn spawn(self) -> RunningWorker {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            loop {
                if *stopped.borrow() {
                    return;
                }
                let idle = match self.run_once().await {
                    Ok(0) => true,
                    Ok(_) => false,
                    Err(error) => {
                        warn!(error = %error, "claiming outbox rows failed");
                        true
                    }
                };
                if idle {
                    tokio::select! {
                        _ = tokio::time::sleep(self.settings.poll_interval) => {}
                        _ = stopped.changed() => return,
                    }
                }
            }
        });
        RunningWorker { stop, task }
    }
}

/// A worker running in a task.
pub struct RunningWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningWorker {
    /// Asks the worker to stop and waits until the sends in hand finished.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

fn smtp_transport(settings: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    check_smtp(settings)?;
    let builder = match settings.tls {
        TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
        TlsMode::StartTls | TlsMode::Tls => {
            let parameters = TlsParameters::new(settings.host.clone())
                .map_err(|error| format!("cannot set up TLS for {}: {error}", settings.host))?;
            let tls = if settings.tls == TlsMode::Tls {
                Tls::Wrapper(parameters)
            } else {
                Tls::Required(parameters)
            };
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host).tls(tls)
        }
    };
    let builder = builder.port(settings.port).timeout(Some(SEND_TIMEOUT));
    let builder = match &settings.credentials {
        Some(credentials) => builder
            .credentials(Credentials::new(
                credentials.user.clone(),
                credentials.password.clone(),
            ))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]),
        None => builder,
    };
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_max() {
        let settings = DeliverySettings::default();
        assert_eq!(backoff_secs(&settings, 1), 30);
        assert_eq!(backoff_secs(&settings, 2), 60);
        assert_eq!(backoff_secs(&settings, 3), 120);
        assert_eq!(backoff_secs(&settings, 50), 3600);
    }

    #[test]
    fn plain_smtp_only_to_loopback() {
        let mut smtp = SmtpSettings {
            host: "127.0.0.1".to_string(),
            port: 25,
            from: "portal@example.com".to_string(),
            tls: TlsMode::None,
            credentials: None,
        };
        assert!(check_smtp(&smtp).is_ok());
        smtp.host = "mail.example.com".to_string();
        let error = check_smtp(&smtp).unwrap_err();
        assert!(error.contains("mail.example.com"), "{error}");
        smtp.tls = TlsMode::StartTls;
        assert!(check_smtp(&smtp).is_ok());
    }

    #[test]
    fn smtp_debug_hides_password() {
        let smtp = SmtpSettings {
            host: "127.0.0.1".to_string(),
            port: 25,
            from: "portal@example.com".to_string(),
            tls: TlsMode::None,
            credentials: Some(SmtpCredentials {
                user: "relay-user".to_string(),
                password: "relay-password-71".to_string(),
            }),
        };
        let text = format!("{smtp:?}");
        assert!(text.contains("relay-user"), "{text}");
        assert!(!text.contains("relay-password-71"), "{text}");
    }
}
