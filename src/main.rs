//! The `portico` command: `serve` runs the SSH portal, `admin` manages it.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing::{error, info};

use portico::auth::PasswordHasher;
use portico::config::{FileConfig, ServeConfig, ServeOverrides, resolve_database};
use portico::domain::Role;
use portico::service::admin::AccountDraft;
use portico::service::demo::DemoOutcome;
use portico::service::{Portal, PortalSettings};
use portico::ssh::{self, Limits, Shared};
use portico::store::{Store, redact_url};
use portico::tui::Theme;

#[derive(Parser)]
#[command(
    name = "portico",
    version,
    about = "A self-service customer portal served over SSH"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the SSH server.
    Serve(ServeArgs),
    /// Manage accounts and keys in the database.
    Admin(AdminArgs),
    /// Drive a running server with many SSH sessions and report latencies.
    Bench(portico::bench::BenchArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// TOML file with any of: listen, database, keys, themes, idle_timeout_secs, stall_timeout_secs, password_min_chars.
    #[arg(long, env = "PORTICO_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:2222].
    #[arg(long, env = "PORTICO_LISTEN", value_name = "IP:PORT")]
    listen: Option<String>,
    /// Database URL, sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://portico.db].
    #[arg(long, env = "PORTICO_DATABASE", value_name = "URL")]
    database: Option<String>,
    /// Folder of the SSH host key, created with the key on first start [default: keys].
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
    /// Fill an empty database with demo organisations, accounts and data, and print how to log in.
    #[arg(long)]
    demo: bool,
}

#[derive(Args)]
struct AdminArgs {
    /// TOML file; only its database key is used here.
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
    /// Fill an empty database with generated organisations for benchmarks.
    Seed(SeedArgs),
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
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Register an OpenSSH public key line for an account.
    Add {
        /// Account handle.
        handle: String,
        /// File holding the key line, or - for standard input.
        file: PathBuf,
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
    // Colors only on a terminal, so log files and journals stay plain text.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

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
            Command::Serve(args) => serve(args).await,
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

async fn bench(args: portico::bench::BenchArgs) -> Result<(), String> {
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

fn load_theme(dir: &Path, name: &str) -> Result<Theme, String> {
    if dir.is_dir() {
        Theme::load(dir, name)
    } else {
        Theme::builtin(name).ok_or_else(|| format!("theme {name} not found in {}", dir.display()))
    }
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
        },
        file,
    )?;

    let theme = load_theme(&config.themes, "default")?;
    let store = Store::open(&config.database)
        .await
        .map_err(|error| error.to_string())?;
    info!(database = %redact_url(&config.database), "database ready");
    let settings = PortalSettings {
        password_min_chars: config.password_min_chars,
        ..PortalSettings::default()
    };
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get());
    let portal = Portal::new(store.clone(), PasswordHasher::new(workers), settings);

    let (host_key, created) = ssh::hostkey::load_or_create(&config.keys)?;
    let fingerprint = ssh::hostkey::fingerprint(&host_key);
    if created {
        info!(path = %config.keys.join(ssh::hostkey::HOST_KEY_FILE).display(), %fingerprint, "host key created");
    }

    if args.demo {
        seed_demo(&portal, &config).await?;
    }

    let limits = Limits {
        idle_timeout: config.idle_timeout,
        stall_timeout: config.stall_timeout,
        ..Limits::default()
    };
    let shared = Shared {
        portal,
        theme,
        limits,
    };
    let listening = ssh::start(shared, host_key, config.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.listen))?;
    info!(address = %listening.address, host_key = %fingerprint, "portico started");

    let stop = shutdown_signal().await;
    info!(signal = stop, "portico stopping");
    listening.shutdown();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), listening.task).await;
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
    let settings = PortalSettings {
        password_min_chars: file.password_min_chars()?,
        ..PortalSettings::default()
    };
    let database = resolve_database(args.database, file.database);
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
                    .and_then(|time| chrono::DateTime::from_timestamp(time, 0))
                    .map_or_else(
                        || "never".to_string(),
                        |time| time.format("%Y-%m-%d %H:%M UTC").to_string(),
                    );
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
        AdminCommand::Key(KeyCommand::Add { handle, file }) => {
            let text = if file.as_os_str() == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|error| format!("cannot read the key from standard input: {error}"))?;
                text
            } else {
                std::fs::read_to_string(&file)
                    .map_err(|error| format!("cannot read key file {}: {error}", file.display()))?
            };
            let fingerprint = portal
                .add_key(&handle, &text)
                .await
                .map_err(|error| error.to_string())?;
            println!("Added key {fingerprint} for {handle}.");
            Ok(())
        }
        AdminCommand::Seed(args) => seed(portal, args).await,
    }
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
