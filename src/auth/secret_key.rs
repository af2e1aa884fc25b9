//! Encryption of TOTP secrets at rest with AES-256-GCM, under a key kept in
//! the keys folder beside the host key, so a dump of the database alone
//! reveals no secret.
//!
//! A stored secret reads `v1:` followed by the hex of a random 96-bit nonce
//! and the ciphertext with its tag. The account id is the associated data,
//! so a secret copied onto another account's row fails to decrypt.

use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

pub const SECRET_KEY_FILE: &str = "totp_secret_key";
const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
const PREFIX: &str = "v1:";

/// The key that encrypts TOTP secrets.
#[derive(Clone)]
pub struct SecretKey {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SecretKey(..)")
    }
}

/// Tells whether a stored value is an encrypted secret rather than a
/// plaintext one written by an older release.
pub fn is_encrypted(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

fn associated_data(user_id: i64) -> Vec<u8> {
    format!("portico totp secret of account {user_id}").into_bytes()
}

impl SecretKey {
    /// Builds a key from 32 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_BYTES]) -> SecretKey {
        // A 32-byte slice is always a valid AES-256 key.
        #[allow(clippy::expect_used)]
        let cipher = Aes256Gcm::new_from_slice(bytes).expect("32-byte key");
        SecretKey { cipher }
    }

    /// Loads `<dir>/totp_secret_key`, or creates it with 32 random bytes
    /// and mode 0600 (and the folder with mode 0700) when missing. Returns
    /// the key and whether it was created.
    pub fn load_or_create(dir: &Path) -> Result<(SecretKey, bool), String> {
        let path: PathBuf = dir.join(SECRET_KEY_FILE);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read TOTP key {}: {error}", path.display()))?;
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|bytes| <[u8; KEY_BYTES]>::try_from(bytes).ok());
            let Some(bytes) = bytes else {
                return Err(format!(
                    "invalid TOTP key {}: expected {} hex digits; restore the file from a backup, since the secrets it encrypted cannot be read without it",
                    path.display(),
                    KEY_BYTES * 2
                ));
            };
            return Ok((SecretKey::from_bytes(&bytes), false));
        }

        std::fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create key folder {}: {error}", dir.display()))?;
        set_mode(dir, 0o700)?;
        let mut bytes = [0u8; KEY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        write_private(&path, &format!("{}\n", hex::encode(bytes)))?;
        Ok((SecretKey::from_bytes(&bytes), true))
    }

    /// Encrypts the base32 secret of account `user_id` for storage.
    pub fn encrypt(&self, user_id: i64, secret: &str) -> Result<String, String> {
        let mut nonce_bytes = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce_bytes);
        let nonce = Nonce::from(nonce_bytes);
        let aad = associated_data(user_id);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| format!("cannot encrypt the TOTP secret of account {user_id}"))?;
        let mut stored = nonce_bytes.to_vec();
        stored.extend_from_slice(&ciphertext);
        Ok(format!("{PREFIX}{}", hex::encode(stored)))
    }

    /// Decrypts a stored secret of account `user_id`. The error names the
    /// account and the cause, never any part of the secret.
    pub fn decrypt(&self, user_id: i64, stored: &str) -> Result<String, String> {
        let Some(hex_text) = stored.strip_prefix(PREFIX) else {
            return Err(format!(
                "the TOTP secret of account {user_id} is not encrypted; restart the server to encrypt it"
            ));
        };
        let bytes = hex::decode(hex_text)
            .map_err(|_| format!("the stored TOTP secret of account {user_id} is not valid hex"))?;
        if bytes.len() <= NONCE_BYTES {
            return Err(format!(
                "the stored TOTP secret of account {user_id} is truncated"
            ));
        }
        let (nonce_bytes, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce_array: [u8; NONCE_BYTES] = nonce_bytes
            .try_into()
            .map_err(|_| format!("the stored TOTP secret of account {user_id} is truncated"))?;
        let aad = associated_data(user_id);
        let plaintext = self
            .cipher
            .decrypt(&Nonce::from(nonce_array), Payload { msg: ciphertext, aad: &aad })
            .map_err(|_| format!("the TOTP secret of account {user_id} does not decrypt with this key: check the keys folder"))?;
        String::from_utf8(plaintext)
            .map_err(|_| format!("the TOTP secret of account {user_id} is not text"))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|error| format!("cannot create TOTP key {}: {error}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|error| format!("cannot write TOTP key {}: {error}", path.display()))?;
    set_mode(path, 0o600)
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text)
        .map_err(|error| format!("cannot write TOTP key {}: {error}", path.display()))
}

/// Sets the Unix permission bits of a key file or the keys folder. Does
/// nothing on other systems.
#[cfg(unix)]
pub(crate) fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|error| format!("cannot set permissions of {}: {error}", path.display()))
}

#[cfg(not(unix))]
pub(crate) fn set_mode(_path: &Path, _mode: u32) -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn round_trip_hides_secret() {
        let key = SecretKey::from_bytes(&[9; KEY_BYTES]);
        let stored = key.encrypt(7, SECRET).unwrap();
        assert!(is_encrypted(&stored));
        assert!(!stored.contains(SECRET));
        assert!(!is_encrypted(SECRET));
        assert_eq!(key.decrypt(7, &stored).unwrap(), SECRET);
        assert_ne!(
            key.encrypt(7, SECRET).unwrap(),
            stored,
            "a fresh nonce each time"
        );
    }

    #[test]
    fn other_account_or_key_fails() {
        let key = SecretKey::from_bytes(&[9; KEY_BYTES]);
        let stored = key.encrypt(7, SECRET).unwrap();
        assert!(key.decrypt(8, &stored).is_err());
        let other = SecretKey::from_bytes(&[10; KEY_BYTES]);
        let error = other.decrypt(7, &stored).unwrap_err();
        assert!(!error.contains(SECRET));
        assert!(key.decrypt(7, SECRET).is_err());
        assert!(key.decrypt(7, "v1:00ff").is_err());
        let mut tampered = stored.clone();
        tampered.pop();
        tampered.push('0');
        if tampered != stored {
            assert!(key.decrypt(7, &tampered).is_err());
        }
    }

    #[test]
    fn key_file_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let (first, created) = SecretKey::load_or_create(&keys).unwrap();
        assert!(created);
        let (second, created_again) = SecretKey::load_or_create(&keys).unwrap();
        assert!(!created_again);
        let stored = first.encrypt(1, SECRET).unwrap();
        assert_eq!(second.decrypt(1, &stored).unwrap(), SECRET);

        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join(SECRET_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn damaged_key_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SECRET_KEY_FILE), "not hex").unwrap();
        let error = SecretKey::load_or_create(dir.path()).unwrap_err();
        assert!(error.contains(SECRET_KEY_FILE), "{error}");
    }
}
