//! The `portico` command: `serve` runs the SSH portal, `admin` manages it.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing::{error, info, warn};

use portico::auth::PasswordHasher;
use portico::auth::secret_key::{SECRET_KEY_FILE, SecretKey};
use portico::config::{FileConfig, ServeConfig, ServeOverrides, SmtpOverrides, resolve_database};
use portico::domain::Role;
use portico::service::admin::AccountDraft;
use portico::service::demo::DemoOutcome;
use portico::service::ingest::DocumentDraft;
use portico::service::{Portal, PortalSettings};
use portico::ssh::{self, Limits, Shared};
use portico::store::{Store, redact_url};

#[derive(Parser)]
#[command(
    name = "portico",
    version,
    about = "A self-service customer portal served over SSH"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Format of the log lines on standard error: "text", or "json" for one JSON object per line.
    #[arg(long, global = true, env = "PORTICO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the SSH server.
    Serve(Box<ServeArgs>),
    /// Manage accounts and keys in the database.
    Admin(AdminArgs),
    /// Drive a running server with many SSH sessions and report latencies.
    Bench(portico::bench::BenchArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// TOML file with any of: listen, database, keys, themes, idle_timeout_secs, stall_timeout_secs, password_min_chars, max_document_bytes, public_address, [retention_years], and the keys named after each option below (login_grace_time_secs, max_auth_tries, max_startups, per_source_max_startups, per_source_penalties, account_backoff_after, account_backoff_max_secs, factor_suspend_after, max_session_secs, proxy_protocol_from, idle_release_secs, export_factor_max_age_secs, write_key_retention_days).
    #[arg(long, env = "PORTICO_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:2222].
    #[arg(long, env = "PORTICO_LISTEN", value_name = "IP:PORT")]
    listen: Option<String>,
    /// Database URL, sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://portico.db].
    #[arg(long, env = "PORTICO_DATABASE", value_name = "URL")]
    database: Option<String>,
    /// Folder of the SSH host key and the key that encrypts TOTP secrets, both created on first start [default: keys].
    #[arg(long, env = "PORTICO_KEYS", value_name = "DIR")]
    keys: Option<PathBuf>,
    /// Folder of the theme files; built-in copies are used when it is missing [default: themes].
    #[arg(long, env = "PORTICO_THEMES", value_name = "DIR")]
    themes: Option<PathBuf>,
    /// Seconds without a key press after which a session is closed [default: 900].
    #[arg(long, env = "PORTICO_IDLE_TIMEOUT", value_name = "SECONDS")]
    idle_timeout: Option<u64>,
    /// Seconds a client may take no output before it is disconnected [default: 60].
    #[arg(long, env = "PORTICO_STALL_TIMEOUT", value_name = "SECONDS")]
    stall_timeout: Option<u64>,
    /// Seconds a connection has to log in, as OpenSSH's LoginGraceTime [default: 60].
    #[arg(long, env = "PORTICO_LOGIN_GRACE_TIME", value_name = "SECONDS")]
    login_grace_time: Option<u64>,
    /// Failed authentication requests allowed per connection, as OpenSSH's MaxAuthTries [default: 6].
    #[arg(long, env = "PORTICO_MAX_AUTH_TRIES", value_name = "COUNT")]
    max_auth_tries: Option<usize>,
    /// Cap on connections not yet logged in, as OpenSSH's MaxStartups START:RATE:FULL [default: 10:30:100].
    #[arg(long, env = "PORTICO_MAX_STARTUPS", value_name = "START:RATE:FULL")]
    max_startups: Option<String>,
    /// Connections one address may have that have not logged in yet, as OpenSSH's PerSourceMaxStartups; 0 for no limit [default: 5].
    #[arg(long, env = "PORTICO_PER_SOURCE_MAX_STARTUPS", value_name = "COUNT")]
    per_source_max_startups: Option<usize>,
    /// Penalties of source addresses, as OpenSSH's PerSourcePenalties, or "no" [default: "authfail:5s noauth:1s grace-exceeded:10s min:15s max:10m"].
    #[arg(long, env = "PORTICO_PER_SOURCE_PENALTIES", value_name = "PENALTIES")]
    per_source_penalties: Option<String>,
    /// Expect a PROXY protocol (v1 or v2) header on each connection from these load balancer IP addresses (comma-separated), and reject connections from any other address; "no" turns it off [default: no].
    #[arg(long, env = "PORTICO_PROXY_PROTOCOL_FROM", value_name = "ADDRESSES")]
    proxy_protocol_from: Option<String>,
    /// Address and port to serve Prometheus metrics (/metrics) and health checks (/healthz, /readyz) on, such as 127.0.0.1:9464 [default: off].
    #[arg(long, env = "PORTICO_METRICS", value_name = "ADDR")]
    metrics: Option<std::net::SocketAddr>,
    /// Seconds to wait on SIGTERM or Ctrl-C for connected sessions to close after they are told the service is restarting.
    #[arg(
        long,
        env = "PORTICO_DRAIN_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    drain_timeout: u64,
    /// Consecutive failed login steps of an account after which each further attempt waits, doubling [default: 5].
    #[arg(long, env = "PORTICO_ACCOUNT_BACKOFF_AFTER", value_name = "COUNT")]
    account_backoff_after: Option<i64>,
    /// Maximum wait of a throttled account, in seconds [default: 900].
    #[arg(long, env = "PORTICO_ACCOUNT_BACKOFF_MAX", value_name = "SECONDS")]
    account_backoff_max: Option<i64>,
    /// Consecutive failures of one factor after which it is suspended until the user recovers it [default: 100].
    #[arg(long, env = "PORTICO_FACTOR_SUSPEND_AFTER", value_name = "COUNT")]
    factor_suspend_after: Option<i64>,
    /// Maximum length of a logged-in session, in seconds [default: 43200].
    #[arg(long, env = "PORTICO_MAX_SESSION", value_name = "SECONDS")]
    max_session: Option<u64>,
    /// Seconds without input or output after which a session frees its screen buffers; its next frame is drawn in full [default: 30].
    #[arg(long, env = "PORTICO_IDLE_RELEASE", value_name = "SECONDS")]
    idle_release: Option<u64>,
    /// Maximum time, in seconds, between the second factor of a login and an export over `ssh HOST export` or SFTP, which cannot ask for a fresh code. An older login must reconnect (1 to 3600) [default: 300].
    #[arg(long, env = "PORTICO_EXPORT_FACTOR_MAX_AGE", value_name = "SECONDS")]
    export_factor_max_age: Option<u64>,
    /// User name to authenticate to the SMTP relay with (AUTH PLAIN or LOGIN). The password comes from the PORTICO_SMTP_PASSWORD environment variable or --smtp-password-file [default: no authentication].
    #[arg(long, env = "PORTICO_SMTP_USER", value_name = "NAME")]
    smtp_user: Option<String>,
    /// File holding the SMTP relay password, without or with one trailing line break [default: [delivery.smtp] password_file].
    #[arg(long, env = "PORTICO_SMTP_PASSWORD_FILE", value_name = "FILE")]
    smtp_password_file: Option<PathBuf>,
    /// Security of the SMTP connection: "starttls" (required), "tls" (implicit TLS, usually port 465), or "none" for a relay on a loopback address [default: starttls].
    #[arg(long, env = "PORTICO_SMTP_TLS", value_name = "MODE")]
    smtp_tls: Option<String>,
    /// Days idempotency keys of writes are kept before an hourly job deletes them [default: 7].
    #[arg(long, env = "PORTICO_WRITE_KEY_RETENTION_DAYS", value_name = "DAYS")]
    write_key_retention_days: Option<i64>,
    /// Fill an empty database with demo organisations, accounts and data, and print how to log in.
    #[arg(long)]
    demo: bool,
}

/// The environment variable holding the SMTP relay password. It has no
/// flag, so the password never shows in the process list or in `--help`.
const SMTP_PASSWORD_VARIABLE: &str = "PORTICO_SMTP_PASSWORD";

/// Returns the SMTP password from its environment variable, if set.
fn smtp_password_from_environment() -> Result<Option<String>, String> {
    match std::env::var(SMTP_PASSWORD_VARIABLE) {
        Ok(password) => Ok(Some(password)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "invalid {SMTP_PASSWORD_VARIABLE}: the value is not UTF-8"
        )),
    }
}

#[derive(Args)]
struct AdminArgs {
    /// TOML file; its database, password_min_chars, max_document_bytes and [retention_years] keys are used here.
    #[arg(long, env = "PORTICO_CONFIG", value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Database URL, sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://portico.db].
    #[arg(long, env = "PORTICO_DATABASE", value_name = "URL", global = true)]
    database: Option<String>,
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage SSH public keys of accounts.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Check or export the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Add, import and hold documents.
    #[command(subcommand)]
    Document(DocumentCommand),
    /// Apply the retention periods.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Manage the knowledge base.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Manage agents' canned replies.
    #[command(subcommand)]
    Canned(CannedCommand),
    /// Fill an empty database with generated organisations for benchmarks.
    Seed(SeedArgs),
    /// Write a consistent copy of a SQLite database, also while the server runs (VACUUM INTO); FILE must not exist.
    Backup {
        /// The new backup file.
        file: PathBuf,
    },
    /// Replace a SQLite database with a backup; stop every node first. The replaced files are kept with the suffix .before-restore.
    Restore {
        /// The backup file to restore.
        file: PathBuf,
    },
    /// List undelivered email and SMS, or retry dead ones.
    Outbox(OutboxArgs),
}

#[derive(Args)]
struct OutboxArgs {
    #[command(subcommand)]
    command: Option<OutboxCommand>,
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Put a dead message, or every dead one, back to pending.
    Retry {
        /// The message id shown by `portico admin outbox`.
        #[arg(required_unless_present = "all_dead", conflicts_with = "all_dead")]
        id: Option<i64>,
        /// Retry every dead message.
        #[arg(long)]
        all_dead: bool,
    },
}

#[derive(Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per process; boxing would only obscure the clap derive"
)]
enum DocumentCommand {
    /// Add one file as a document of an organisation.
    Add {
        /// Exact organisation name.
        #[arg(long, value_name = "ORGANISATION")]
        org: String,
        /// Handle of the one customer who may see it, as for pay slips.
        #[arg(long, value_name = "HANDLE")]
        user: Option<String>,
        /// invoice, contract, certificate, statement, pay-slip, letter, supporting-document or other.
        #[arg(long)]
        kind: String,
        /// Title shown to customers.
        #[arg(long)]
        title: String,
        /// Issue date, YYYY-MM-DD [default: today].
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Period covered, such as 2026-03.
        #[arg(long)]
        period: Option<String>,
        /// Amount, such as 182.31.
        #[arg(long)]
        amount: Option<String>,
        /// Three-letter currency code of the amount.
        #[arg(long)]
        currency: Option<String>,
        /// Number of a contract of the organisation.
        #[arg(long, value_name = "NUMBER")]
        contract: Option<String>,
        /// The file to store.
        file: PathBuf,
    },
    /// Import the files of a folder described by its manifest.csv or manifest.json.
    Import {
        /// Folder holding the manifest and the files.
        folder: PathBuf,
    },
    /// Put a document under legal hold, so retention never deletes it.
    Hold {
        /// Document id.
        id: i64,
    },
    /// Release a document's legal hold.
    Release {
        /// Document id.
        id: i64,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Delete the documents past their retention date that are not under legal hold, and the expired idempotency keys of writes.
    Run {
        /// Days idempotency keys of writes are kept [default: the file's write_key_retention_days, else 7].
        #[arg(long, env = "PORTICO_WRITE_KEY_RETENTION_DAYS", value_name = "DAYS")]
        write_key_retention_days: Option<i64>,
    },
}

#[derive(Subcommand)]
enum CannedCommand {
    /// Add a canned reply or replace the one with the same title. The text
    /// may use {customer}, {number}, {agent} and {organisation}.
    Set {
        /// Title agents choose the reply by.
        title: String,
        /// File holding the reply text, or - for standard input.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum KbCommand {
    /// Add or update articles from the .md files of a folder; files in a
    /// subfolder get its name as category. The first line of each file is
    /// its title, as in "# Reading your invoice".
    Import {
        /// Folder of Markdown files.
        folder: PathBuf,
    },
    /// Show per article how often it was offered for a new request and how
    /// often the customer opened the request anyway.
    Stats,
}

#[derive(Args)]
struct SeedArgs {
    #[arg(long, default_value_t = 10)]
    orgs: usize,
    #[arg(long, default_value_t = 10)]
    users_per_org: usize,
    #[arg(long, default_value_t = 100)]
    documents_per_org: usize,
    #[arg(long, default_value_t = 10)]
    requests_per_org: usize,
    /// Password of every seeded account.
    #[arg(long, default_value = "benchmark password 2026")]
    password: String,
    /// Where to write the accounts (JSON lines) that `portico bench --accounts` reads.
    #[arg(long, default_value = "bench-accounts.jsonl", value_name = "FILE")]
    accounts_out: PathBuf,
    /// Where to write the private key registered for every seeded account; FILE.pub gets the public key.
    #[arg(long, default_value = "bench-key", value_name = "FILE")]
    key_out: PathBuf,
    /// Folder of the key that encrypts TOTP secrets, shared with `serve`; created if missing.
    #[arg(long, env = "PORTICO_KEYS", default_value = "keys", value_name = "DIR")]
    keys: PathBuf,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account; customers need an organisation, created if new.
    Add {
        /// Account handle, also the SSH user name.
        handle: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Email address.
        #[arg(long)]
        email: String,
        /// customer, agent or operator.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Organisation name, required for customers.
        #[arg(long, value_name = "ORGANISATION")]
        org: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts: handle, name, role, organisation, TOTP, last login.
    List,
    /// Reset an account whose user lost both factors: prints a one-time
    /// reset code, valid 24 hours, to give in place of the password.
    Reset {
        /// Account handle.
        handle: String,
    },
    /// Disable an account so it can no longer log in.
    Disable {
        /// Account handle.
        handle: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// Account handle.
        handle: String,
    },
    /// Erase an account's personal data on the person's request (GDPR
    /// article 17): keys, secrets, sessions, consents, notifications and
    /// login network data are deleted, name and email replaced by
    /// "erased user N", and the account disabled. Invoices, documents,
    /// requests and audit entries stay with the organisation. Closes the
    /// account's open erasure requests. Asks to type the handle again when
    /// standard input is a terminal.
    Erase {
        /// Account handle.
        handle: String,
        /// Erase without asking for confirmation; required when standard
        /// input is not a terminal, as in scripts.
        #[arg(long)]
        yes: bool,
    },
    /// List the erasure requests customers filed: request, handle (the
    /// pseudonym once erased), organisation, filed date and state, pending
    /// ones first.
    Erasures,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain of the audit trail; exits with 1 and names the
    /// first altered or removed entry when the chain is broken.
    Verify,
    /// Print audit entries as JSON lines, oldest first.
    Export {
        /// Only entries from this UTC date on, as YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Register an OpenSSH public key line for an account.
    Add {
        /// Account handle.
        handle: String,
        /// File holding the key line, or - for standard input.
        file: PathBuf,
        /// Register an automation key: it logs in without a second factor
        /// but may only run exec commands.
        #[arg(long)]
        automation: bool,
        /// Automation key name, such as "nightly invoices".
        #[arg(long, requires = "automation", default_value = "automation")]
        name: String,
        /// Days until the automation key expires, 1 to 365.
        #[arg(long, requires = "automation", default_value_t = 90)]
        days: i64,
        /// Allowed source networks of the automation key, comma-separated
        /// CIDR such as 192.0.2.0/24; all when absent.
        #[arg(long, requires = "automation", default_value = "")]
        networks: String,
        /// Let the automation key run commands that change data.
        #[arg(long, requires = "automation")]
        read_write: bool,
    },
}

fn parse_role(value: &str) -> Result<Role, String> {
    value.parse()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTICO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,russh=warn,sqlx=warn"));
    match cli.log_format {
        // Colors only on a terminal, so log files and journals stay plain text.
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("portico: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(*args).await,
            Command::Admin(args) => admin(args).await,
            Command::Bench(args) => bench(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portico: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints help and version as clap does, and any other argument error as
/// one line on stderr, then returns exit code 2 for errors.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.starts_with("Usage:"))
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && !line.starts_with("For more information")
                && !line.starts_with("tip:")
        })
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("portico: {message} (see portico --help)");
    ExitCode::from(2)
}

/// Raises the soft limit on open files to the hard limit: each session
/// holds a socket, and the usual soft limit of 1,024 would refuse
/// connections long before memory or CPU run out.
fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => info!(limit, "open-file limit raised to the hard limit"),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
}

async fn bench(args: portico::bench::BenchArgs) -> Result<(), String> {
    raise_open_file_limit();
    let report = portico::bench::run(&args).await?;
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|error| format!("cannot write the report as JSON: {error}"))?;
        println!("{json}");
    } else {
        print!("{}", report.table());
    }
    Ok(())
}

fn load_file_config(path: Option<&Path>) -> Result<FileConfig, String> {
    path.map_or_else(|| Ok(FileConfig::default()), FileConfig::load)
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let file = load_file_config(args.config.as_deref())?;
    let config = ServeConfig::resolve(
        ServeOverrides {
            listen: args.listen,
            database: args.database,
            keys: args.keys,
            themes: args.themes,
            idle_timeout_secs: args.idle_timeout,
            stall_timeout_secs: args.stall_timeout,
            login_grace_time_secs: args.login_grace_time,
            max_auth_tries: args.max_auth_tries,
            max_startups: args.max_startups,
            per_source_max_startups: args.per_source_max_startups,
            per_source_penalties: args.per_source_penalties,
            account_backoff_after: args.account_backoff_after,
            account_backoff_max_secs: args.account_backoff_max,
            factor_suspend_after: args.factor_suspend_after,
            max_session_secs: args.max_session,
            proxy_protocol_from: args.proxy_protocol_from,
            idle_release_secs: args.idle_release,
            export_factor_max_age_secs: args.export_factor_max_age,
            smtp: SmtpOverrides {
                user: args.smtp_user,
                password: smtp_password_from_environment()?,
                password_file: args.smtp_password_file,
                tls: args.smtp_tls,
            },
            write_key_retention_days: args.write_key_retention_days,
        },
        file,
    )?;

    raise_open_file_limit();
    let themes = portico::tui::theme::ThemeSet::load(&config.themes)?;
    let theme = themes.get("default").cloned().unwrap_or_default();
    let store = Store::open(&config.database)
        .await
        .map_err(|error| error.to_string())?;
    info!(database = %redact_url(&config.database), "database ready");
    let settings = PortalSettings {
        password_min_chars: config.password_min_chars,
        throttle: config.account_throttle,
        documents: config.documents.clone(),
        public_address: config.public_address.clone(),
        reopen_days: config.reopen_days,
        sla: config.sla.clone(),
        deadlines: config.deadlines,
        privacy: config.privacy.clone(),
        delivery: config.delivery.clone(),
        write_key_retention_days: config.write_key_retention_days,
        ..PortalSettings::default()
    };
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get());
    let portal = Portal::new(store.clone(), PasswordHasher::new(workers), settings);

    let (host_key, created) = ssh::hostkey::load_or_create(&config.keys)?;
    let fingerprint = ssh::hostkey::fingerprint(&host_key);
    if created {
        info!(path = %config.keys.join(ssh::hostkey::HOST_KEY_FILE).display(), %fingerprint, "host key created");
    }
    let (secret_key, created) = SecretKey::load_or_create(&config.keys)?;
    if created {
        info!(path = %config.keys.join(SECRET_KEY_FILE).display(), "TOTP secret key created; back it up with the database, since the TOTP secrets cannot be read without it");
    }
    let portal = portal.with_secret_key(secret_key);
    portal
        .encrypt_plaintext_totp_secrets()
        .await
        .map_err(|error| format!("cannot encrypt the stored TOTP secrets: {error}"))?;

    if args.demo {
        seed_demo(&portal, &config).await?;
    }
    let retention = tokio::spawn(portal.clone().retention_daily());
    let deadline_checks = tokio::spawn(portal.clone().deadline_checks());
    // Email and SMS delivery from the outbox, and the daily digests.
    let delivery =
        portico::notify::delivery::Worker::new(store.clone(), config.delivery.clone())?.spawn();
    let digests = tokio::spawn(portal.clone().digests_daily());
    let key_expiry = tokio::spawn(portal.clone().automation_key_expiry_daily());
    let write_key_pruning = tokio::spawn(portal.clone().write_key_pruning());

    let limits = Limits {
        idle_timeout: config.idle_timeout,
        stall_timeout: config.stall_timeout,
        login_grace_time: config.login_grace_time,
        max_auth_tries: config.max_auth_tries,
        max_startups: config.max_startups,
        per_source_max_startups: config.per_source_max_startups,
        penalties: config.penalties,
        max_session: config.max_session,
        proxy: config.proxy.clone(),
        idle_release: config.idle_release,
        export_factor_max_age: config.export_factor_max_age,
        ..Limits::default()
    };
    // Relays events stored by other nodes sharing the database, from the
    // newest one stored before this node started.
    portal
        .bus()
        .skip_stored(store.pool())
        .await
        .map_err(|error| format!("cannot read the newest event id: {error}"))?;
    let bridge = portico::notify::Bridge::start(
        &config.database,
        store.pool().clone(),
        portal.bus().clone(),
    );
    let metrics = match args.metrics {
        Some(address) => {
            let server = portico::ops::http::MetricsServer::start(address, store.clone())
                .await
                .map_err(|error| format!("cannot serve metrics on {address}: {error}"))?;
            info!(address = %server.address, "metrics and health checks served over HTTP");
            Some(server)
        }
        None => None,
    };
    let shared = Shared::new(portal, theme, limits).with_themes(themes);
    let listening = ssh::start(shared, host_key, config.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.listen))?;
    info!(address = %listening.address, host_key = %fingerprint, "portico started");

    let stop = shutdown_signal().await;
    info!(signal = stop, "portico stopping");
    let still_open = listening
        .drain(
            portico::ssh::end_reasons::RESTART,
            std::time::Duration::from_secs(args.drain_timeout),
        )
        .await;
    if still_open > 0 {
        warn!(
            connections = still_open,
            "connections still open after the drain timeout; disconnecting them"
        );
    }
    listening.shutdown();
    retention.abort();
    deadline_checks.abort();
    digests.abort();
    // Finishes the sends in hand; rows not claimed yet stay pending.
    delivery.stop().await;
    key_expiry.abort();
    write_key_pruning.abort();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), listening.task).await;
    bridge.stop().await;
    if let Some(metrics) = metrics {
        metrics.stop().await;
    }
    store.close().await;
    info!("portico stopped");
    Ok(())
}

async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "interrupt",
                _ = terminate.recv() => "terminate",
            },
            Err(error) => {
                error!(error = %error, "cannot watch SIGTERM; stopping on Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
                "interrupt"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "interrupt"
    }
}

async fn seed_demo(portal: &Portal, config: &ServeConfig) -> Result<(), String> {
    let outcome = portal
        .seed_demo()
        .await
        .map_err(|error| format!("cannot add demo data: {error}"))?;
    let accounts = match outcome {
        DemoOutcome::NotEmpty => {
            println!(
                "The database {} already holds data; no demo data was added.",
                redact_url(&config.database)
            );
            return Ok(());
        }
        DemoOutcome::Seeded(accounts) => accounts,
    };
    let port = config.listen.port();
    let host = match config.listen.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("{ip}"),
        ip => ip.to_string(),
    };
    println!(
        "Demo data added. Log in with one of these accounts; each asks for the password, then a code."
    );
    println!(
        "Current codes: oathtool --totp -b SECRET, or add the secret to any authenticator app.\n"
    );
    for account in &accounts {
        let organisation = account.organisation.as_deref().unwrap_or("staff");
        println!("  {} ({}, {})", account.handle, account.role, organisation);
        println!("    ssh -p {port} {}@{host}", account.handle);
        println!("    password:    {}", account.password);
        match &account.totp_secret {
            Some(secret) => println!("    TOTP secret: {secret}"),
            None => println!(
                "    TOTP secret: none yet; this account sets up its authenticator at first login"
            ),
        }
    }
    println!();
    Ok(())
}

async fn admin(args: AdminArgs) -> Result<(), String> {
    let file = load_file_config(args.config.as_deref())?;
    let flag_retention = match &args.command {
        AdminCommand::Retention(RetentionCommand::Run {
            write_key_retention_days,
        }) => *write_key_retention_days,
        _ => None,
    };
    let settings = PortalSettings {
        password_min_chars: file.password_min_chars()?,
        documents: file.document_settings()?,
        write_key_retention_days: portico::config::write_key_retention_days(
            flag_retention,
            file.write_key_retention_days,
        )?,
        ..PortalSettings::default()
    };
    let database = resolve_database(args.database, file.database);
    if let AdminCommand::Restore { file } = &args.command {
        let restored = portico::store::backup::restore(&database, file).await?;
        println!(
            "Restored {} from {}. Put the keys folder of the same backup in place, then start the nodes.",
            restored.display(),
            file.display()
        );
        return Ok(());
    }
    let store = Store::open(&database)
        .await
        .map_err(|error| error.to_string())?;
    let portal = Portal::new(store.clone(), PasswordHasher::new(1), settings);
    let result = run_admin(&portal, args.command).await;
    store.close().await;
    result
}

async fn run_admin(portal: &Portal, command: AdminCommand) -> Result<(), String> {
    match command {
        AdminCommand::User(UserCommand::Add {
            handle,
            name,
            email,
            role,
            org,
            password_stdin,
        }) => {
            let password = if password_stdin {
                Some(read_stdin_line()?)
            } else {
                None
            };
            let draft = AccountDraft {
                handle: handle.clone(),
                display_name: name,
                email,
                role,
                organisation: org,
                password,
            };
            portal
                .add_account(&draft)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "Added {role} {handle}. Register a key with: portico admin key add {handle} FILE"
            );
            Ok(())
        }
        AdminCommand::User(UserCommand::List) => {
            let accounts = portal
                .list_accounts()
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "{:<16} {:<28} {:<9} {:<24} {:<5} LAST LOGIN",
                "HANDLE", "NAME", "ROLE", "ORGANISATION", "TOTP"
            );
            for account in accounts {
                let last_login = account
                    .last_login_at
                    .and_then(portico::domain::time::minute_utc)
                    .map_or_else(|| "never".to_string(), |time| format!("{time} UTC"));
                println!(
                    "{:<16} {:<28} {:<9} {:<24} {:<5} {}",
                    account.handle,
                    portico::domain::text::sanitize_line(&account.display_name),
                    account.role,
                    account
                        .organisation_name
                        .as_deref()
                        .map(portico::domain::text::sanitize_line)
                        .unwrap_or_else(|| "-".to_string()),
                    if account.totp_enrolled() { "yes" } else { "no" },
                    last_login
                );
            }
            Ok(())
        }
        AdminCommand::User(UserCommand::Reset { handle }) => {
            let issued = portal
                .reset_account(&handle)
                .await
                .map_err(|error| error.to_string())?;
            println!("Reset {handle}: password, authenticator app and recovery codes removed.");
            println!(
                "One-time reset code (shown once, valid until {}):",
                issued.expires_utc()
            );
            println!("  {}", issued.code);
            println!(
                "Give it to the user by a trusted channel. At the next login they type it in place of the password, then set a new password and authenticator app."
            );
            Ok(())
        }
        AdminCommand::User(UserCommand::Disable { handle }) => {
            portal
                .disable_account(&handle)
                .await
                .map_err(|error| error.to_string())?;
            println!("Disabled {handle}: it can no longer log in.");
            Ok(())
        }
        AdminCommand::User(UserCommand::Enable { handle }) => {
            portal
                .enable_account(&handle)
                .await
                .map_err(|error| error.to_string())?;
            println!("Enabled {handle}.");
            Ok(())
        }
        AdminCommand::User(UserCommand::Erase { handle, yes }) => {
            if !yes {
                confirm_erasure(&handle)?;
            }
            let summary = portal
                .erase_account(&handle)
                .await
                .map_err(|error| error.to_string())?;
            print_erasure(&summary);
            Ok(())
        }
        AdminCommand::User(UserCommand::Erasures) => {
            let requests = portal
                .erasure_requests()
                .await
                .map_err(|error| error.to_string())?;
            print_erasure_requests(&requests);
            Ok(())
        }
        AdminCommand::Audit(command) => run_audit(portal, command).await,
        AdminCommand::Key(KeyCommand::Add {
            handle,
            file,
            automation: true,
            name,
            days,
            networks,
            read_write,
        }) => {
            let text = read_file_or_stdin(&file, "key")?;
            let draft = portico::service::automation_keys::AutomationKeyDraft {
                name,
                public_key: text,
                lifetime_days: days,
                networks,
                read_write,
            };
            let fingerprint = portal
                .add_automation_key_for(&handle, &draft)
                .await
                .map_err(|error| error.to_string())?;
            println!("Added automation key {fingerprint} for {handle}, expiring in {days} days.");
            Ok(())
        }
        AdminCommand::Key(KeyCommand::Add { handle, file, .. }) => {
            let text = read_file_or_stdin(&file, "key")?;
            let fingerprint = portal
                .add_key(&handle, &text)
                .await
                .map_err(|error| error.to_string())?;
            println!("Added key {fingerprint} for {handle}.");
            Ok(())
        }
        AdminCommand::Document(command) => run_document(portal, command).await,
        AdminCommand::Retention(RetentionCommand::Run { .. }) => {
            let report = portal
                .run_retention(chrono::Utc::now().date_naive())
                .await
                .map_err(|error| error.to_string())?;
            for document in &report.deleted {
                println!(
                    "deleted  document {} ({}, retention until {})",
                    document.id,
                    portico::domain::text::sanitize_line(&document.title),
                    document.retention_until.as_deref().unwrap_or("-")
                );
            }
            println!("{} documents deleted.", report.deleted.len());
            let keys = portal
                .prune_write_keys(portico::domain::now())
                .await
                .map_err(|error| error.to_string())?;
            println!("{keys} expired idempotency keys deleted.");
            Ok(())
        }
        AdminCommand::Kb(KbCommand::Import { folder }) => {
            let report = portal
                .import_articles(&folder)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "Imported {}: {} articles added, {} updated.",
                folder.display(),
                report.added,
                report.updated
            );
            Ok(())
        }
        AdminCommand::Canned(CannedCommand::Set { title, file }) => {
            let text = read_file_or_stdin(&file, "reply")?;
            portal
                .set_canned_reply(&title, &text)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "Saved the canned reply {:?}.",
                portico::domain::text::sanitize_line(&title)
            );
            Ok(())
        }
        AdminCommand::Kb(KbCommand::Stats) => {
            let stats = portal
                .suggestion_stats()
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "{:<32} {:>8} {:>14}  TITLE",
                "ARTICLE", "OFFERED", "OPENED ANYWAY"
            );
            for row in stats {
                println!(
                    "{:<32} {:>8} {:>14}  {}",
                    portico::domain::text::sanitize_line(&row.slug),
                    row.offered,
                    row.opened_anyway,
                    portico::domain::text::sanitize_line(&row.title)
                );
            }
            Ok(())
        }
        AdminCommand::Seed(args) => seed(portal, args).await,
        AdminCommand::Backup { file } => {
            portico::store::backup::backup(portal.store(), &file).await?;
            println!(
                "Wrote the backup {}. Back up the keys folder with it: without totp_secret_key the TOTP secrets cannot be read.",
                file.display()
            );
            Ok(())
        }
        AdminCommand::Restore { .. } => {
            Err("admin restore runs before the database is opened".to_string())
        }
        AdminCommand::Outbox(args) => run_outbox(portal, args.command).await,
    }
}

async fn run_document(portal: &Portal, command: DocumentCommand) -> Result<(), String> {
    match command {
        DocumentCommand::Add {
            org,
            user,
            kind,
            title,
            date,
            period,
            amount,
            currency,
            contract,
            file,
        } => {
            let name = file.display().to_string();
            let content =
                std::fs::read(&file).map_err(|error| format!("cannot read {name}: {error}"))?;
            let draft = DocumentDraft {
                organisation: org,
                user,
                kind,
                title,
                date,
                period,
                amount,
                currency,
                contract,
            };
            let source = file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = portal
                .add_document(&draft, &source, content)
                .await
                .map_err(|error| format!("{name} refused: {error}"))?;
            println!("Added document {id} from {name}.");
            Ok(())
        }
        DocumentCommand::Import { folder } => {
            let report = portal
                .import_folder(&folder)
                .await
                .map_err(|error| error.to_string())?;
            for (row, id) in &report.added {
                println!("added    {row}: document {id}");
            }
            for refusal in &report.refused {
                println!("refused  {}: {}", refusal.name, refusal.reason);
            }
            println!(
                "{} added, {} refused.",
                report.added.len(),
                report.refused.len()
            );
            if report.refused.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} rows of {} were refused; fix them and import those rows again",
                    report.refused.len(),
                    folder.display()
                ))
            }
        }
        DocumentCommand::Hold { id } | DocumentCommand::Release { id } => {
            let hold = matches!(command, DocumentCommand::Hold { .. });
            let document = portal
                .set_legal_hold(id, hold)
                .await
                .map_err(|error| error.to_string())?;
            let outcome = if hold {
                "is under legal hold; retention will not delete it"
            } else {
                "is no longer under legal hold"
            };
            println!(
                "Document {id} ({}) {outcome}.",
                portico::domain::text::sanitize_line(&document.title)
            );
            Ok(())
        }
    }
}

async fn run_outbox(portal: &Portal, command: Option<OutboxCommand>) -> Result<(), String> {
    match command {
        None => {
            let rows = portal
                .outbox_listing()
                .await
                .map_err(|error| error.to_string())?;
            if rows.is_empty() {
                println!("The outbox has no pending, held or dead messages.");
                return Ok(());
            }
            println!("ID\tSTATE\tCHANNEL\tRECIPIENT\tATTEMPTS\tSUBJECT\tLAST ERROR");
            for row in rows {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    row.id,
                    row.state,
                    row.channel,
                    portico::domain::text::sanitize_line(&row.recipient),
                    row.attempts,
                    portico::domain::text::sanitize_line(&row.subject),
                    portico::domain::text::sanitize_line(&row.last_error)
                );
            }
            Ok(())
        }
        Some(OutboxCommand::Retry { id, all_dead }) => {
            let id = if all_dead { None } else { id };
            let count = portal
                .retry_outbox(id)
                .await
                .map_err(|error| error.to_string())?;
            println!("{count} message(s) put back to pending.");
            Ok(())
        }
    }
}

async fn run_audit(portal: &Portal, command: AuditCommand) -> Result<(), String> {
    match command {
        AuditCommand::Verify => {
            let outcome = portal
                .verify_audit_chain()
                .await
                .map_err(|error| error.to_string())?;
            match outcome {
                Ok(count) => {
                    println!("The audit trail is intact: {count} entries checked.");
                    Ok(())
                }
                Err(broken) => Err(format!("the audit trail is broken: {broken}")),
            }
        }
        AuditCommand::Export { since } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            portal
                .export_audit(since.as_deref(), &mut out)
                .await
                .map_err(|error| error.to_string())?;
            std::io::Write::flush(&mut out)
                .map_err(|error| format!("cannot write the export: {error}"))
        }
    }
}

/// Reads the text of `file`, or standard input when `file` is `-`; `what`
/// names the text in errors.
fn read_file_or_stdin(file: &Path, what: &str) -> Result<String, String> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| format!("cannot read the {what} from standard input: {error}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read {what} file {}: {error}", file.display()))
}

async fn seed(portal: &Portal, args: SeedArgs) -> Result<(), String> {
    use portico::service::seed::SeedPlan;
    use russh::keys::ssh_key::LineEnding;
    use russh::keys::ssh_key::private::{Ed25519Keypair, PrivateKey};

    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&secret));
    let public_key = key
        .public_key()
        .to_openssh()
        .map_err(|error| format!("cannot encode the benchmark key: {error}"))?;
    let plan = SeedPlan {
        organisations: args.orgs,
        users_per_organisation: args.users_per_org,
        documents_per_organisation: args.documents_per_org,
        requests_per_organisation: args.requests_per_org,
        password: args.password,
        public_key: public_key.clone(),
    };
    let (secret_key, _) = SecretKey::load_or_create(&args.keys)?;
    let portal = portal.clone().with_secret_key(secret_key);
    let outcome = portal
        .seed(&plan)
        .await
        .map_err(|error| error.to_string())?;

    let private = key
        .to_openssh(LineEnding::LF)
        .map_err(|error| format!("cannot encode the benchmark key: {error}"))?;
    write_private(&args.key_out, private.as_bytes())?;
    let public_path = PathBuf::from(format!("{}.pub", args.key_out.display()));
    std::fs::write(&public_path, format!("{public_key}\n"))
        .map_err(|error| format!("cannot write {}: {error}", public_path.display()))?;
    let mut lines = String::new();
    for account in &outcome.accounts {
        let line = serde_json::to_string(account)
            .map_err(|error| format!("cannot write the accounts file: {error}"))?;
        lines.push_str(&line);
        lines.push('\n');
    }
    write_private(&args.accounts_out, lines.as_bytes())?;
    println!(
        "Seeded {} organisations, {} accounts, {} documents and {} requests in {:.1} s.",
        args.orgs,
        outcome.accounts.len(),
        outcome.documents,
        outcome.requests,
        outcome.seconds
    );
    println!(
        "Accounts and their TOTP secrets: {}; key: {}. Both are secrets: keep them to benchmark machines.",
        args.accounts_out.display(),
        args.key_out.display()
    );
    Ok(())
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    file.write_all(bytes)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

fn read_stdin_line() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|error| format!("cannot read the password from standard input: {error}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err("no password on standard input: pipe it in, as in: echo 'PASSWORD' | portico admin user add ...".to_string());
    }
    Ok(password)
}

/// Asks the operator to type `handle` again before an erasure, which
/// cannot be undone. Fails without asking when standard input is not a
/// terminal, so a script must pass `--yes`.
fn confirm_erasure(handle: &str) -> Result<(), String> {
    use std::io::{IsTerminal, Write};

    let printable_handle = portico::domain::text::sanitize_line(handle);
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(format!(
            "erasing {printable_handle} cannot be undone and standard input is not a terminal to confirm it: add --yes to erase without confirmation"
        ));
    }
    eprint!(
        "Erasing {printable_handle} deletes its personal data and cannot be undone. Type the handle again to confirm: "
    );
    std::io::stderr()
        .flush()
        .map_err(|error| format!("cannot write the confirmation prompt: {error}"))?;
    let mut typed = String::new();
    stdin
        .read_line(&mut typed)
        .map_err(|error| format!("cannot read the confirmation: {error}"))?;
    if typed.trim() != handle.trim() {
        return Err(format!(
            "erasure of {printable_handle} cancelled: the typed handle does not match, so nothing was erased"
        ));
    }
    Ok(())
}

/// Prints the list of `admin user erasures`.
fn print_erasure_requests(requests: &[portico::service::erasure::ErasureRequestSummary]) {
    use portico::domain::text::sanitize_line;
    use portico::domain::time::date_utc;
    use portico::service::erasure::ErasureStatus;

    if requests.is_empty() {
        println!("No erasure requests.");
        return;
    }
    println!(
        "{:<14} {:<16} {:<24} {:<10} STATE",
        "REQUEST", "HANDLE", "ORGANISATION", "FILED"
    );
    let date = |time| date_utc(time).unwrap_or_else(|| "-".to_string());
    for request in requests {
        let state = match request.status {
            ErasureStatus::Pending => "pending".to_string(),
            ErasureStatus::Erased(time) => format!("erased on {}", date(time)),
            ErasureStatus::ClosedWithoutErasure(time) => {
                format!("closed on {} without erasure", date(time))
            }
        };
        println!(
            "{:<14} {:<16} {:<24} {:<10} {}",
            request.number.to_string(),
            sanitize_line(&request.handle),
            sanitize_line(&request.organisation),
            date(request.filed_at),
            state
        );
    }
}

/// Prints what `admin user erase` deleted and kept.
fn print_erasure(summary: &portico::service::erasure::ErasureSummary) {
    let counts = &summary.counts;
    println!(
        "Erased {} (account {}, now {}); the account is disabled.",
        summary.former_handle, summary.user_id, summary.pseudonym
    );
    println!("Deleted:");
    for (count, what) in [
        (counts.ssh_keys, "SSH keys"),
        (counts.automation_keys, "automation keys"),
        (counts.recovery_codes, "recovery codes"),
        (counts.sessions, "sessions"),
        (counts.consents, "consent decisions"),
        (counts.notifications, "notifications"),
        (counts.memberships, "organisation memberships"),
        (counts.kb_suggestions, "help article suggestions"),
        (counts.outbox, "email and SMS copies"),
        (counts.settings, "settings and pending contact changes"),
    ] {
        println!("  {count:>6} {what}");
    }
    println!("  name, email, phone, password, authenticator secret");
    println!("Changed:");
    println!(
        "  {:>6} login history entries: network address, client and key removed",
        counts.login_history
    );
    println!("Kept, as the law requires:");
    println!(
        "  {:>6} documents (invoices, pay slips) with their organisation",
        summary.documents_kept
    );
    println!(
        "  {:>6} messages, now signed \"{}\"",
        summary.messages_kept,
        portico::store::erasure::erased_name(summary.user_id)
    );
    println!("  the audit trail, which is hash-chained and never rewritten");
    if summary.closed_requests.is_empty() {
        println!(
            "No open erasure request of {} to close.",
            summary.former_handle
        );
    } else {
        let numbers: Vec<String> = summary
            .closed_requests
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("Closed erasure requests: {}.", numbers.join(", "));
    }
    for organisation in &summary.ownerless {
        println!(
            "Organisation {organisation} has no owner now: add one with `portico admin user add HANDLE --org {organisation:?} ...`."
        );
    }
}
