//! The real OpenSSH clients: whether they are installed, a client key on
//! disk, and the options that make them log in to a test server.

use std::path::{Path, PathBuf};

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
