//! `portico bench`: a load generator that drives a running server with
//! russh clients and reports what its users would feel: login times, time
//! to the first frame, key-to-frame latency, bytes per key, logins per
//! second and the server's memory and CPU.

mod client;
mod process;
mod stats;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::{Mutex, Semaphore};
use tokio::task::JoinSet;

pub use client::{Account, FRAME_END};
use client::{Frame, Method};
pub use stats::{Samples, Summary};

/// The load a run generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Sessions that press keys at a steady rate, beside idle ones and an
    /// optional stream of password logins.
    Interactive,
    /// Logins as fast as `--sessions` workers can go, each reaching the
    /// first frame and disconnecting.
    Logins,
}

/// The login method of every session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginMode {
    /// A key, then a TOTP code.
    Key,
    /// The password, then a TOTP code.
    Password,
    /// A key alone, for comparing with OpenSSH's sshd.
    KeyOnly,
}

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Address of the server to drive; loopback in every documented run.
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "IP:PORT")]
    pub target: SocketAddr,
    /// JSON lines of accounts (handle, password, totp_secret), as written by `portico admin seed --accounts-out`.
    #[arg(long, value_name = "FILE")]
    pub accounts: PathBuf,
    /// Private key (OpenSSH format) registered for every account, for key logins.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "interactive")]
    pub scenario: Scenario,
    #[arg(long, value_enum, default_value = "key")]
    pub login: LoginMode,
    /// Interactive sessions, or concurrent login workers in the logins scenario.
    #[arg(long, default_value_t = 10)]
    pub sessions: usize,
    /// Sessions that log in, draw their first frame and then wait.
    #[arg(long, default_value_t = 0)]
    pub idle_sessions: usize,
    /// Keys each interactive session presses in turn, on the documents
    /// screen: the default moves the selection down and up one line.
    #[arg(long, default_value = "jjkk")]
    pub keys: String,
    /// Key presses per second of each interactive session.
    #[arg(long, default_value_t = 1.0)]
    pub key_rate: f64,
    /// Password logins per second started while the interactive sessions run.
    #[arg(long, default_value_t = 0.0)]
    pub login_rate: f64,
    /// Seconds the measured phase lasts.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Logins in flight at once while sessions are being opened.
    #[arg(long, default_value_t = 32)]
    pub ramp_concurrency: usize,
    /// Process id of a server on this machine, for its memory and CPU.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// Terminal size of every session.
    #[arg(long, default_value_t = 80)]
    pub cols: u32,
    #[arg(long, default_value_t = 24)]
    pub rows: u32,
    /// The server is not Portico: the first output after the shell starts
    /// counts as its first frame, and no keys are pressed.
    #[arg(long)]
    pub plain_shell: bool,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Every figure of a run. Durations are milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: Scenario,
    pub login_mode: LoginMode,
    pub target: String,
    pub sessions: usize,
    pub idle_sessions: usize,
    pub measured_secs: f64,
    /// TCP connect until the server's host key arrived.
    pub handshake: Summary,
    /// TCP connect until the last factor was accepted.
    pub login: Summary,
    /// TCP connect until the first full frame.
    pub connect_to_first_frame: Summary,
    /// Last factor accepted until the first full frame: opening the
    /// channel and the pty, starting the app and drawing.
    pub login_to_first_frame: Summary,
    /// Key press until the frame that reflects it has arrived.
    pub key_to_frame: Summary,
    pub keys_sent: u64,
    /// Key presses that drew no frame within a second.
    pub keys_unanswered: u64,
    pub bytes_per_key_mean: f64,
    pub bytes_per_key_max: u64,
    /// Logins completed per second of the measured phase.
    pub logins_per_sec: f64,
    /// Password logins made while the interactive sessions ran.
    pub background_logins: Summary,
    pub failures: u64,
    pub first_errors: Vec<String>,
    pub server_rss_mib: Option<f64>,
    pub server_peak_rss_mib: Option<f64>,
    /// Server resident memory at the end of the measured phase, with every
    /// session still open: idle sessions have released their screen
    /// buffers by then if the phase outlasts the server's idle release time.
    pub server_rss_end_mib: Option<f64>,
    /// Server CPU time over the measured phase, per interactive session.
    pub server_millicores_per_session: Option<f64>,
}

/// Accounts handed out so that no account sends a code of a time step it
/// already used: the server accepts each step once. Logins without a code
/// reuse accounts at once.
struct AccountPool {
    free: Mutex<VecDeque<(Account, u64)>>,
    codes: bool,
}

impl AccountPool {
    fn new(accounts: Vec<Account>, codes: bool) -> AccountPool {
        AccountPool {
            free: Mutex::new(accounts.into_iter().map(|account| (account, 0)).collect()),
            codes,
        }
    }

    /// Takes an account whose last login used an earlier time step and
    /// returns it with the time for its code. When every account has used
    /// the current step, waits for the next one.
    async fn take(&self) -> (Account, u64) {
        loop {
            let now = unix_now();
            let step = now / crate::auth::totp::STEP_SECONDS + 1;
            {
                let mut free = self.free.lock().await;
                if let Some((account, _)) = free
                    .iter()
                    .position(|(_, used)| *used < step)
                    .and_then(|index| free.remove(index))
                {
                    return (account, now);
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn give_back(&self, account: Account, unix_seconds: u64) {
        let step = if self.codes {
            unix_seconds / crate::auth::totp::STEP_SECONDS + 1
        } else {
            0
        };
        self.free.lock().await.push_back((account, step));
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |time| time.as_secs())
}

/// Collected measurements, merged from every task.
#[derive(Default)]
struct Tally {
    handshake: Samples,
    login: Samples,
    first_frame: Samples,
    after_login: Samples,
    key_to_frame: Samples,
    background_logins: Samples,
    keys_sent: u64,
    keys_unanswered: u64,
    key_bytes: Vec<u64>,
    logins: u64,
    failures: u64,
    errors: Vec<String>,
}

impl Tally {
    fn fail(&mut self, error: String) {
        self.failures += 1;
        if self.errors.len() < 10 && !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    fn merge(&mut self, other: Tally) {
        self.handshake.extend(other.handshake);
        self.login.extend(other.login);
        self.first_frame.extend(other.first_frame);
        self.after_login.extend(other.after_login);
        self.key_to_frame.extend(other.key_to_frame);
        self.background_logins.extend(other.background_logins);
        self.keys_sent += other.keys_sent;
        self.keys_unanswered += other.keys_unanswered;
        self.key_bytes.extend(other.key_bytes);
        self.logins += other.logins;
        self.failures += other.failures;
        for error in other.errors {
            if self.errors.len() < 10 && !self.errors.contains(&error) {
                self.errors.push(error);
            }
        }
    }
}

/// Everything a session task needs.
struct Plan {
    address: SocketAddr,
    method: Method,
    cols: u32,
    rows: u32,
    marked_frames: bool,
    pool: AccountPool,
}

/// Runs the load `args` describe and returns its report.
pub async fn run(args: &BenchArgs) -> Result<Report, String> {
    let accounts = read_accounts(&args.accounts)?;
    let method = match (args.login, &args.key) {
        (LoginMode::Password, _) => Method::PasswordAndCode,
        (LoginMode::Key, Some(path)) => Method::KeyAndCode(Arc::new(load_key(path)?)),
        (LoginMode::KeyOnly, Some(path)) => Method::KeyOnly(Arc::new(load_key(path)?)),
        (LoginMode::Key | LoginMode::KeyOnly, None) => {
            return Err(
                "--login key needs --key FILE, the private key of the accounts".to_string(),
            );
        }
    };
    let needed = match args.scenario {
        Scenario::Interactive => args.sessions + args.idle_sessions,
        Scenario::Logins => args.sessions,
    };
    if accounts.len() < needed {
        return Err(format!(
            "{} holds {} accounts but the run needs at least {needed}",
            args.accounts.display(),
            accounts.len()
        ));
    }
    let codes = !matches!(method, Method::KeyOnly(_));
    let plan = Arc::new(Plan {
        address: args.target,
        method,
        cols: args.cols,
        rows: args.rows,
        marked_frames: !args.plain_shell,
        pool: AccountPool::new(accounts, codes),
    });

    match args.scenario {
        Scenario::Interactive => interactive(args, plan).await,
        Scenario::Logins => logins(args, plan).await,
    }
}

/// Logs in, opens a terminal and waits for its first frame; records the
/// times. The account goes back to the pool once its step is used.
async fn open_session(plan: &Plan, tally: &mut Tally) -> Option<client::Terminal> {
    let (account, unix_seconds) = plan.pool.take().await;
    let result = client::login(plan.address, &account, &plan.method, unix_seconds).await;
    plan.pool.give_back(account, unix_seconds).await;
    let (connection, times) = match result {
        Ok(ok) => ok,
        Err(error) => {
            tally.fail(error);
            return None;
        }
    };
    let started = connection.started;
    let mut terminal = match connection
        .open_terminal(plan.cols, plan.rows, plan.marked_frames)
        .await
    {
        Ok(terminal) => terminal,
        Err(error) => {
            tally.fail(error);
            return None;
        }
    };
    match terminal.next_frame(Duration::from_secs(30)).await {
        Frame::Ended { .. } => {}
        Frame::TimedOut => {
            tally.fail("no first frame within 30 s".to_string());
            return None;
        }
        Frame::Closed => {
            tally.fail("the server closed the session before its first frame".to_string());
            return None;
        }
    }
    tally.handshake.push(times.handshake);
    tally.login.push(times.login);
    let first_frame = started.elapsed();
    tally.first_frame.push(first_frame);
    tally
        .after_login
        .push(first_frame.saturating_sub(times.login));
    tally.logins += 1;
    Some(terminal)
}

async fn interactive(args: &BenchArgs, plan: Arc<Plan>) -> Result<Report, String> {
    if !plan.marked_frames && args.sessions > 0 {
        return Err(
            "--plain-shell sessions press no keys: use --scenario logins, or --sessions 0 with --idle-sessions"
                .to_string(),
        );
    }
    let mut tally = Tally::default();

    // Open every session before measuring, a bounded number at a time.
    let ramp = Arc::new(Semaphore::new(args.ramp_concurrency.max(1)));
    let mut opening = JoinSet::new();
    for index in 0..args.sessions + args.idle_sessions {
        let plan = Arc::clone(&plan);
        let ramp = Arc::clone(&ramp);
        let interactive = index < args.sessions;
        opening.spawn(async move {
            let _permit = ramp.acquire().await;
            let mut tally = Tally::default();
            let mut terminal = open_session(&plan, &mut tally).await;
            if let Some(terminal) = terminal.as_mut().filter(|_| interactive) {
                // Go to the documents list, where j and k move the selection.
                if terminal.press(b"2").await.is_err()
                    || !terminal.settle(Duration::from_millis(500)).await
                {
                    tally.fail("the documents screen did not settle".to_string());
                }
            }
            (terminal, interactive, tally)
        });
    }
    let mut active = Vec::new();
    let mut idle = Vec::new();
    while let Some(joined) = opening.join_next().await {
        let (terminal, interactive, opened) =
            joined.map_err(|error| format!("a session task failed: {error}"))?;
        tally.merge(opened);
        match (terminal, interactive) {
            (Some(terminal), true) => active.push(terminal),
            (Some(terminal), false) => idle.push(terminal),
            (None, _) => {}
        }
    }
    let memory = args.server_pid.and_then(process::memory);
    let cpu_before = args.server_pid.and_then(process::cpu_seconds);
    let interactive_count = active.len();

    // The measured phase.
    let phase = Duration::from_secs(args.duration);
    let started = Instant::now();
    let mut running = JoinSet::new();
    let interval = Duration::from_secs_f64(1.0 / args.key_rate.max(0.001));
    for (index, mut terminal) in active.into_iter().enumerate() {
        // Spread the sessions' presses over one interval.
        let offset = interval.mul_f64(index as f64 / interactive_count.max(1) as f64);
        let keys = args.keys.clone();
        running.spawn(async move {
            let mut tally = Tally::default();
            let end = started + phase;
            let mut next = started + offset;
            let mut cycle = keys.chars().cycle();
            while next < end {
                tokio::time::sleep_until(next.into()).await;
                next += interval;
                let Some(key) = cycle.next() else { break };
                let mut bytes = [0u8; 4];
                let pressed = Instant::now();
                if let Err(error) = terminal.press(key.encode_utf8(&mut bytes).as_bytes()).await {
                    tally.fail(error);
                    break;
                }
                tally.keys_sent += 1;
                match terminal.next_frame(Duration::from_secs(1)).await {
                    Frame::Ended { bytes } => {
                        tally.key_to_frame.push(pressed.elapsed());
                        tally.key_bytes.push(bytes);
                    }
                    Frame::TimedOut => tally.keys_unanswered += 1,
                    Frame::Closed => {
                        tally.fail("the server closed an interactive session".to_string());
                        break;
                    }
                }
            }
            tally
        });
    }
    if args.login_rate > 0.0 {
        let plan = Arc::clone(&plan);
        let rate = args.login_rate;
        running.spawn(async move { background_logins(&plan, rate, started + phase).await });
    }
    while let Some(joined) = running.join_next().await {
        tally.merge(joined.map_err(|error| format!("a session task failed: {error}"))?);
    }
    // A run of idle sessions alone has no task above, but its sessions
    // stay open for the whole phase too.
    tokio::time::sleep_until((started + phase).into()).await;
    let measured = started.elapsed();
    let cpu_after = args.server_pid.and_then(process::cpu_seconds);
    let memory_end = args.server_pid.and_then(process::memory);
    drop(idle);

    let millicores = match (cpu_before, cpu_after) {
        (Some(before), Some(after)) if interactive_count > 0 => {
            Some((after - before) / measured.as_secs_f64() / interactive_count as f64 * 1000.0)
        }
        _ => None,
    };
    let mut report = report(args, tally, measured, memory, millicores, 0);
    report.server_rss_end_mib = memory_end.map(|memory| memory.rss_mib);
    Ok(report)
}

/// Starts password logins at `rate` per second until `end`; each
/// disconnects once the server accepts it.
async fn background_logins(plan: &Arc<Plan>, rate: f64, end: Instant) -> Tally {
    let interval = Duration::from_secs_f64(1.0 / rate);
    let mut next = Instant::now();
    let mut logins = JoinSet::new();
    while next < end {
        tokio::time::sleep_until(next.into()).await;
        next += interval;
        let plan = Arc::clone(plan);
        logins.spawn(async move {
            let mut tally = Tally::default();
            let (account, unix_seconds) = plan.pool.take().await;
            let started = Instant::now();
            let result = client::login(
                plan.address,
                &account,
                &Method::PasswordAndCode,
                unix_seconds,
            )
            .await;
            plan.pool.give_back(account, unix_seconds).await;
            match result {
                Ok((connection, _)) => {
                    tally.background_logins.push(started.elapsed());
                    connection.close().await;
                }
                Err(error) => tally.fail(error),
            }
            tally
        });
    }
    let mut tally = Tally::default();
    while let Some(joined) = logins.join_next().await {
        if let Ok(done) = joined {
            tally.merge(done);
        }
    }
    tally
}

async fn logins(args: &BenchArgs, plan: Arc<Plan>) -> Result<Report, String> {
    let phase = Duration::from_secs(args.duration);
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..args.sessions.max(1) {
        let plan = Arc::clone(&plan);
        workers.spawn(async move {
            let mut tally = Tally::default();
            while started.elapsed() < phase {
                if let Some(terminal) = open_session(&plan, &mut tally).await {
                    drop(terminal);
                }
            }
            tally
        });
    }
    let mut tally = Tally::default();
    while let Some(joined) = workers.join_next().await {
        tally.merge(joined.map_err(|error| format!("a login worker failed: {error}"))?);
    }
    let measured = started.elapsed();
    let memory = args.server_pid.and_then(process::memory);
    let logins = tally.logins;
    Ok(report(args, tally, measured, memory, None, logins))
}

fn report(
    args: &BenchArgs,
    tally: Tally,
    measured: Duration,
    memory: Option<process::Memory>,
    millicores: Option<f64>,
    measured_logins: u64,
) -> Report {
    let bytes_total: u64 = tally.key_bytes.iter().sum();
    let bytes_per_key_mean = if tally.key_bytes.is_empty() {
        0.0
    } else {
        (bytes_total as f64 / tally.key_bytes.len() as f64 * 10.0).round() / 10.0
    };
    let logins_per_sec = if measured_logins > 0 {
        measured_logins as f64 / measured.as_secs_f64()
    } else {
        tally.background_logins.len() as f64 / measured.as_secs_f64()
    };
    Report {
        scenario: args.scenario,
        login_mode: args.login,
        target: args.target.to_string(),
        sessions: args.sessions,
        idle_sessions: args.idle_sessions,
        measured_secs: (measured.as_secs_f64() * 100.0).round() / 100.0,
        handshake: tally.handshake.summary(),
        login: tally.login.summary(),
        connect_to_first_frame: tally.first_frame.summary(),
        login_to_first_frame: tally.after_login.summary(),
        key_to_frame: tally.key_to_frame.summary(),
        keys_sent: tally.keys_sent,
        keys_unanswered: tally.keys_unanswered,
        bytes_per_key_mean,
        bytes_per_key_max: tally.key_bytes.iter().copied().max().unwrap_or(0),
        logins_per_sec: (logins_per_sec * 10.0).round() / 10.0,
        background_logins: tally.background_logins.summary(),
        failures: tally.failures,
        first_errors: tally.errors,
        server_rss_mib: memory.map(|memory| memory.rss_mib),
        server_peak_rss_mib: memory.map(|memory| memory.peak_rss_mib),
        server_rss_end_mib: None,
        server_millicores_per_session: millicores.map(|value| (value * 100.0).round() / 100.0),
    }
}

fn read_accounts(path: &PathBuf) -> Result<Vec<Account>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line)
                .map_err(|error| format!("{} line {}: {error}", path.display(), index + 1))
        })
        .collect()
}

fn load_key(path: &PathBuf) -> Result<russh::keys::PrivateKey, String> {
    russh::keys::load_secret_key(path, None)
        .map_err(|error| format!("cannot read the private key {}: {error}", path.display()))
}

impl Report {
    /// Renders the report as an aligned table for people.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let mut line = |name: &str, value: String| {
            out.push_str(&format!("{name:<34} {value}\n"));
        };
        let summary = |summary: &Summary| {
            if summary.count == 0 {
                "-".to_string()
            } else {
                format!(
                    "p50 {:>8.2} ms   p99 {:>8.2} ms   max {:>8.2} ms   ({} samples)",
                    summary.p50_ms, summary.p99_ms, summary.max_ms, summary.count
                )
            }
        };
        let optional = |value: Option<f64>, unit: &str| {
            value.map_or_else(|| "-".to_string(), |value| format!("{value:.2} {unit}"))
        };
        line(
            "scenario",
            format!(
                "{:?}, {:?} login, {} sessions + {} idle, {:.1} s measured, target {}",
                self.scenario,
                self.login_mode,
                self.sessions,
                self.idle_sessions,
                self.measured_secs,
                self.target
            ),
        );
        line("handshake", summary(&self.handshake));
        line("login", summary(&self.login));
        line(
            "connection to first frame",
            summary(&self.connect_to_first_frame),
        );
        line("login to first frame", summary(&self.login_to_first_frame));
        line("key to frame", summary(&self.key_to_frame));
        line(
            "keys sent, unanswered",
            format!("{}, {}", self.keys_sent, self.keys_unanswered),
        );
        line(
            "bytes per key (mean, max)",
            format!("{}, {}", self.bytes_per_key_mean, self.bytes_per_key_max),
        );
        line("logins per second", format!("{:.1}", self.logins_per_sec));
        line(
            "background password logins",
            summary(&self.background_logins),
        );
        line(
            "server resident memory",
            optional(self.server_rss_mib, "MiB"),
        );
        line(
            "server peak resident memory",
            optional(self.server_peak_rss_mib, "MiB"),
        );
        line(
            "server resident memory at the end",
            optional(self.server_rss_end_mib, "MiB"),
        );
        line(
            "server CPU per interactive session",
            optional(self.server_millicores_per_session, "millicores"),
        );
        line("failures", self.failures.to_string());
        for error in &self.first_errors {
            line("  error", error.clone());
        }
        out
    }
}
