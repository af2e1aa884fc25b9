//! The real OpenSSH `sftp` and `scp` clients, driven in batch mode with a
//! client key and an askpass script answering the TOTP prompt.

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use super::Account;

pub fn clients_available() -> bool {
    let found = ["sftp", "scp"].iter().all(|tool| {
        std::process::Command::new("which")
            .arg(tool)
            .output()
            .is_ok_and(|output| output.status.success())
    });
    if !found {
        eprintln!("SKIPPED: the OpenSSH clients `sftp` and `scp` are not installed");
    }
    found
}

/// A client key and an askpass script answering the TOTP prompt, so the
/// OpenSSH clients log in with no terminal.
pub struct ClientFiles {
    pub dir: tempfile::TempDir,
    pub key: PathBuf,
    pub askpass: PathBuf,
}

pub fn client_files(account: &Account, code: &str) -> ClientFiles {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("folder");
    let key = dir.path().join("id_ed25519");
    account
        .key
        .write_openssh_file(&key, russh::keys::ssh_key::LineEnding::LF)
        .expect("write key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("key mode");
    let askpass = dir.path().join("askpass.sh");
    std::fs::write(&askpass, format!("#!/bin/sh\necho {code}\n")).expect("askpass");
    std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o700))
        .expect("askpass mode");
    ClientFiles { dir, key, askpass }
}

pub fn common_options(files: &ClientFiles) -> Vec<String> {
    [
        "-F",
        "/dev/null",
        // BatchMode would forbid the keyboard-interactive second factor;
        // OpenSSH keeps the first value given, so this wins over -b's.
        "-o",
        "BatchMode=no",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "PreferredAuthentications=publickey,keyboard-interactive",
        "-i",
    ]
    .iter()
    .map(|text| text.to_string())
    .chain([files.key.display().to_string()])
    .collect()
}

pub async fn run_client(program: &str, args: &[String], files: &ClientFiles) -> Output {
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .env("SSH_ASKPASS", &files.askpass)
        .env("SSH_ASKPASS_REQUIRE", "force")
        .env("DISPLAY", ":0")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("client finished in time")
        .expect("client ran")
}

/// Runs `sftp -b` with the batch `commands`; returns its output.
pub async fn sftp_batch(port: u16, handle: &str, files: &ClientFiles, commands: &str) -> Output {
    let batch = files.dir.path().join("batch.txt");
    std::fs::write(&batch, commands).expect("batch file");
    let mut args = common_options(files);
    args.extend([
        "-P".to_string(),
        port.to_string(),
        "-b".to_string(),
        batch.display().to_string(),
        format!("{handle}@127.0.0.1"),
    ]);
    run_client("sftp", &args, files).await
}

pub fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
