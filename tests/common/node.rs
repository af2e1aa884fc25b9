//! A `portico serve` process of the real binary, for tests of signals,
//! restarts and several nodes.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

const START_WAIT: Duration = Duration::from_secs(15);

/// Writes the TOTP secret key of the tests (see `test_secret_key`) into
/// `keys`, so the node can read the secrets the tests stored.
pub fn write_test_secret_key(keys: &Path) {
    std::fs::write(
        keys.join("totp_secret_key"),
        format!("{}\n", "2a".repeat(32)),
    )
    .expect("write TOTP key");
}

/// A running node with JSON logs on standard error.
pub struct NodeProcess {
    pub child: Child,
    pub address: SocketAddr,
    log: JoinHandle<Vec<String>>,
}

impl NodeProcess {
    /// Starts `portico serve` on `database` with the keys folder `keys`,
    /// listening on `listen` (port 0 for a free one), plus `extra`
    /// arguments, and waits until it logs "portico started".
    pub async fn start(database: &str, keys: &Path, listen: &str, extra: &[&str]) -> NodeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args(["--log-format", "json", "serve", "--listen", listen])
            .arg("--database")
            .arg(database)
            .arg("--keys")
            .arg(keys)
            .args(extra)
            .env("PORTICO_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start portico");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let address = tokio::time::timeout(START_WAIT, started_address(&mut lines))
            .await
            .expect("the server starts in time");
        // Keep draining the log so the server never blocks on a full pipe.
        let log = tokio::spawn(async move {
            let mut rest = Vec::new();
            while let Ok(Some(line)) = lines.next_line().await {
                rest.push(line);
            }
            rest
        });
        NodeProcess {
            child,
            address,
            log,
        }
    }

    /// Sends SIGTERM, as systemd does to stop a service.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("process id").to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("run kill");
        assert!(killed.success(), "kill -TERM {pid} failed");
    }

    /// Waits up to `within` for the process to exit; returns its status
    /// and the log lines after "portico started".
    pub async fn exit(mut self, within: Duration) -> (ExitStatus, Vec<String>) {
        let status = tokio::time::timeout(within, self.child.wait())
            .await
            .expect("the server exits in time")
            .expect("exit status");
        let log = self.log.await.expect("log lines");
        (status, log)
    }
}

/// Reads JSON log lines until "portico started" and returns its address.
async fn started_address(
    lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStderr>>,
) -> SocketAddr {
    loop {
        let line = lines
            .next_line()
            .await
            .expect("read log")
            .expect("the server logs its start");
        let entry: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|error| panic!("log line is not JSON ({error}): {line}"));
        if entry["fields"]["message"] == "portico started" {
            return entry["fields"]["address"]
                .as_str()
                .expect("address field")
                .parse()
                .expect("socket address");
        }
    }
}
