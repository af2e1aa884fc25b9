//! The SSH surface as the ssh-audit tool (from PyPI) reports it. The
//! report must hold no failure and no warning except the post-quantum
//! notice on curve25519-sha256, which is offered on purpose for older
//! clients. Our own policy, which names exactly the algorithms Portico
//! offers, must pass.
//!
//! When ssh-audit is missing the test prints SKIPPED and passes, unless
//! PORTICO_REQUIRE_TOOLS=1, as CI sets after installing it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TestServer, tools_required};
use portico::store::Store;

/// Returns the command that runs ssh-audit: the script on PATH, or the
/// Python module.
fn ssh_audit_command() -> Option<Command> {
    let on_path = Command::new("ssh-audit").arg("--help").output();
    if on_path.is_ok_and(|output| output.status.success()) {
        return Some(Command::new("ssh-audit"));
    }
    let module = Command::new("python3")
        .args(["-m", "ssh_audit", "--help"])
        .output();
    if module.is_ok_and(|output| output.status.success()) {
        let mut command = Command::new("python3");
        command.args(["-m", "ssh_audit"]);
        return Some(command);
    }
    None
}

async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("ssh-audit task")
        .expect("run ssh-audit")
}

fn text_of(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

on_both_backends!(
    ssh_audit_reports_clean,
    |store: Store, _url: String| async move {
        let Some(mut command) = ssh_audit_command() else {
            assert!(
                !tools_required(),
                "ssh-audit is required but not installed: pip install ssh-audit"
            );
            eprintln!("SKIPPED: ssh-audit is not installed (pip install ssh-audit)");
            return;
        };
        let server = TestServer::start(&store).await;
        let port = server.address.port().to_string();

        command.args(["--no-colors", "--batch", "-p", &port, "127.0.0.1"]);
        let output = run(command).await;
        let report = text_of(&output);
        eprintln!("{report}");
        let failures: Vec<&str> = report
            .lines()
            .filter(|line| line.contains("[fail]"))
            .collect();
        assert!(failures.is_empty(), "ssh-audit reports failures:\n{report}");
        // ssh-audit 3.9 warns that curve25519-sha256 does not resist
        // post-quantum attacks. Portico offers it after the hybrid
        // mlkem768x25519-sha256, on purpose, for clients older than
        // OpenSSH 9.9; any other warning fails.
        let warnings: Vec<&str> = report
            .lines()
            .filter(|line| line.contains("[warn]"))
            .filter(|line| {
                !(line.contains("(kex) curve25519-sha256")
                    && line.contains("does not provide protection against post-quantum attacks"))
            })
            .collect();
        assert!(
            warnings.is_empty(),
            "ssh-audit reports warnings: {warnings:?}\n{report}"
        );
        assert!(
            report.contains("kex-strict-s-v00@openssh.com"),
            "strict key exchange:\n{report}"
        );

        let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ssh_audit_policy.txt");
        let mut command = ssh_audit_command().expect("ssh-audit");
        command
            .args(["--no-colors", "-P"])
            .arg(&policy)
            .args(["-p", &port, "127.0.0.1"]);
        let output = run(command).await;
        let report = text_of(&output);
        eprintln!("{report}");
        assert!(
            report.contains("Passed"),
            "our policy does not pass:\n{report}"
        );
        assert!(
            output.status.success(),
            "ssh-audit exit status {}:\n{report}",
            output.status
        );
    }
);
