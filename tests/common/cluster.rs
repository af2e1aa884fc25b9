//! A private PostgreSQL cluster in a temporary folder, for tests that stop
//! and start the server itself. The shared server on 127.0.0.1:5432 serves
//! other tests, so it is never restarted.
//!
//! The cluster listens on 127.0.0.1 only, on a free port that it keeps
//! across restarts, with its Unix socket in the temporary folder and trust
//! authentication for the superuser `postgres`. initdb refuses to run as
//! root, so under root every PostgreSQL program runs as the unprivileged
//! `postgres` account (or `nobody`), which then owns the folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The PostgreSQL programs a cluster needs.
const PROGRAMS: [&str; 3] = ["initdb", "pg_ctl", "postgres"];
/// Seconds `pg_ctl` waits for the server to start or stop.
const PG_CTL_WAIT_SECS: &str = "60";

/// A PostgreSQL server of its own, stopped and removed on drop.
pub struct PrivateCluster {
    /// The folder of PostgreSQL's programs, such as /usr/lib/postgresql/15/bin.
    bin: PathBuf,
    /// The account the programs run as when the tests run as root.
    owner: Option<String>,
    /// Holds `data/` (PGDATA), the Unix socket and `server.log`.
    folder: tempfile::TempDir,
    pub port: u16,
}

impl PrivateCluster {
    /// Creates and starts a cluster. Returns `None` after printing why
    /// when initdb, pg_ctl or postgres is not installed, unless
    /// PORTICO_REQUIRE_TOOLS=1 makes that a failure.
    pub fn start() -> Option<PrivateCluster> {
        let Some(bin) = find_programs() else {
            let reason = format!(
                "{PROGRAMS:?} not found on PATH or in /usr/lib/postgresql/*/bin; install the postgresql package"
            );
            assert!(
                !super::tools_required(),
                "PORTICO_REQUIRE_TOOLS=1 but {reason}"
            );
            eprintln!("SKIPPED: {reason}");
            return None;
        };
        let owner = is_root().then(unprivileged_account);
        let folder = tempfile::tempdir().expect("cluster folder");
        if let Some(owner) = &owner {
            let chowned = Command::new("chown")
                .arg(format!("{owner}:"))
                .arg(folder.path())
                .status()
                .expect("run chown");
            assert!(
                chowned.success(),
                "chown {owner} {} failed",
                folder.path().display()
            );
        }
        let cluster = PrivateCluster {
            bin,
            owner,
            folder,
            port: free_port(),
        };
        cluster.initdb();
        cluster.start_again();
        Some(cluster)
    }

    /// Returns the URL of `database` on this cluster, as the superuser.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Stops the server, ending every session as a shutdown of PostgreSQL
    /// in "fast" mode does, and waits until it is down.
    pub fn stop(&self) {
        self.pg_ctl(&["stop", "-m", "fast"]);
    }

    /// Starts the stopped server on the same port and waits until it
    /// accepts connections.
    pub fn start_again(&self) {
        let log = self.folder.path().join("server.log");
        self.pg_ctl(&["start", "-l", &log.display().to_string()]);
    }

    /// Restarts the server with `pg_ctl restart -m fast`.
    pub fn restart(&self) {
        let log = self.folder.path().join("server.log");
        self.pg_ctl(&["restart", "-m", "fast", "-l", &log.display().to_string()]);
    }

    /// Returns the server's log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.folder.path().join("server.log")).unwrap_or_default()
    }

    fn data(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    fn initdb(&self) {
        let data = self.data().display().to_string();
        let output = self.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        assert!(
            output.status.success(),
            "initdb failed: {}",
            describe(&output)
        );

        // Only this test reaches the server: loopback TCP on its own port
        // and a socket in the private folder. Durability does not matter.
        let settings = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 40\n",
            self.port,
            self.folder.path().display()
        );
        let conf = self.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).expect("read postgresql.conf");
        text.push_str(&settings);
        std::fs::write(&conf, text).expect("write postgresql.conf");
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data().display().to_string();
        let mut all = vec!["-D", &data, "-w", "-t", PG_CTL_WAIT_SECS];
        all.extend_from_slice(args);
        let output = self.run("pg_ctl", &all);
        assert!(
            output.status.success(),
            "pg_ctl {args:?} failed: {}\nserver log:\n{}",
            describe(&output),
            self.log()
        );
    }

    /// Runs one of PostgreSQL's programs, as the owner when there is one.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut command = match &self.owner {
            None => Command::new(&program),
            Some(owner) if on_path("runuser") => {
                let mut command = Command::new("runuser");
                command.args(["-u", owner, "--"]).arg(&program);
                command
            }
            Some(owner) => {
                // su hands the words after the account to the shell, which
                // runs them unchanged as "$0" "$@".
                let mut command = Command::new("su");
                command
                    .args(["-s", "/bin/sh", "-c", "exec \"$0\" \"$@\"", owner])
                    .arg(&program);
                command
            }
        };
        command
            .args(args)
            .current_dir(self.folder.path())
            .output()
            .unwrap_or_else(|error| panic!("run {}: {error}", program.display()))
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "stop"]);
    }
}

/// Returns the folder that contains every program of [`PROGRAMS`]: the one of
/// `initdb` on PATH, else the newest /usr/lib/postgresql/VERSION/bin.
fn find_programs() -> Option<PathBuf> {
    let complete = |folder: &Path| PROGRAMS.iter().all(|name| folder.join(name).is_file());
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|folder| folder.join("initdb").is_file())
        // A symbolic link such as /usr/local/bin/initdb leads to the
        // folder of the version's other programs.
        .filter_map(|folder| std::fs::canonicalize(folder.join("initdb")).ok())
        .filter_map(|initdb| initdb.parent().map(Path::to_path_buf))
        .find(|folder| complete(folder));
    if on_path.is_some() {
        return on_path;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, folder)| complete(folder))
        .collect();
    versions.sort();
    versions.pop().map(|(_, folder)| folder)
}

fn is_root() -> bool {
    let output = Command::new("id").arg("-u").output().expect("run id -u");
    String::from_utf8_lossy(&output.stdout).trim() == "0"
}

/// Returns `postgres` when that account exists, else `nobody`.
fn unprivileged_account() -> String {
    let exists = |name: &str| {
        Command::new("id")
            .arg("-u")
            .arg(name)
            .output()
            .is_ok_and(|output| output.status.success())
    };
    for name in ["postgres", "nobody"] {
        if exists(name) {
            return name.to_string();
        }
    }
    panic!("running as root, but neither the postgres nor the nobody account exists to run initdb")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| folder.join(program).is_file())
    })
}

/// Returns a TCP port that was free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
