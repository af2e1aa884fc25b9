//! The real OpenSSH clients: whether they are installed, a client key on
//! disk, and the options that make them log in to a test server.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use super::{Account, tools_required};

/// Options for a key login to a test server: no user configuration, no
/// host key check, errors only, and the key before keyboard-interactive.
/// The key file follows with `-i`.
pub const KEY_LOGIN_OPTIONS: &[&str] = &[
    "-F",
    "/dev/null",
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
];

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| folder.join(program).is_file())
    })
}

/// Tells whether every one of `programs` is on PATH. When one is missing,
/// prints why the test is skipped, or fails the test when
/// PORTICO_REQUIRE_TOOLS=1.
pub fn clients_installed(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|program| !on_path(program))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !tools_required(),
        "the OpenSSH clients {missing:?} are required but not on PATH; install openssh-client"
    );
    eprintln!("SKIPPED: the OpenSSH clients {missing:?} are not installed");
    false
}

/// Writes the private key of `account` into `folder` with mode 0600, as
/// the OpenSSH clients demand, and returns its path.
pub fn write_client_key(account: &Account, folder: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let key = folder.join("id_ed25519");
    account
        .key
        .write_openssh_file(&key, russh::keys::ssh_key::LineEnding::LF)
        .expect("write client key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("key mode");
    key
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
    let key = write_client_key(account, dir.path());
    let askpass = dir.path().join("askpass.sh");
    std::fs::write(&askpass, format!("#!/bin/sh\necho {code}\n")).expect("askpass");
    std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o700))
        .expect("askpass mode");
    ClientFiles { dir, key, askpass }
}

pub fn common_options(files: &ClientFiles) -> Vec<String> {
    // BatchMode would forbid the keyboard-interactive second factor.
    // OpenSSH keeps the first value given, so this wins over -b's.
    ["-o", "BatchMode=no"]
        .iter()
        .chain(KEY_LOGIN_OPTIONS)
        .chain(&["-i"])
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
