//! The server's ed25519 host key, in OpenSSH format, created on first start.

use std::path::{Path, PathBuf};

use rand::RngCore;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};

use crate::auth::secret_key::set_mode;

pub const HOST_KEY_FILE: &str = "ssh_host_ed25519_key";

/// Loads `<dir>/ssh_host_ed25519_key`, or creates it with mode 0600 (and the
/// folder with mode 0700) when missing. Returns the key and whether it was
/// created.
pub fn load_or_create(dir: &Path) -> Result<(PrivateKey, bool), String> {
    let path: PathBuf = dir.join(HOST_KEY_FILE);
    if path.exists() {
        let key = PrivateKey::read_openssh_file(&path)
            .map_err(|error| format!("cannot read host key {}: {error}", path.display()))?;
        return Ok((key, false));
    }

    std::fs::create_dir_all(dir)
        .map_err(|error| format!("cannot create key folder {}: {error}", dir.display()))?;
    set_mode(dir, 0o700)?;
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    key.write_openssh_file(&path, LineEnding::LF)
        .map_err(|error| format!("cannot write host key {}: {error}", path.display()))?;
    set_mode(&path, 0o600)?;
    Ok((key, true))
}

/// Returns the key's SHA256 fingerprint as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_key_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let (first, created) = load_or_create(&keys).unwrap();
        assert!(created);
        let (second, created_again) = load_or_create(&keys).unwrap();
        assert!(!created_again);
        assert_eq!(fingerprint(&first), fingerprint(&second));

        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join(HOST_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(fingerprint(&first).starts_with("SHA256:"));
    }
}
