//! Password hashing with argon2id on a bounded blocking pool, so a burst of
//! logins never occupies the async runtime's worker threads.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// argon2id memory cost in KiB, time cost and parallelism: the minimum that
/// OWASP's password storage guidance lists for argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Maximum password length, in bytes, so a huge input cannot cost
/// more than a normal hash.
pub const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Hashes and verifies passwords with at most `limit` hashes running at once.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    // The constants above are valid argon2 parameters.
    #[allow(clippy::expect_used)]
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password on the current thread. Prefer [`PasswordHasher::hash`]
/// from async code.
pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| HashError::Hash(error.to_string()))
}

/// Verifies a password against a stored PHC string on the current thread.
/// A malformed stored hash verifies as false.
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

impl PasswordHasher {
    /// Creates a hasher that runs at most `limit` hashes at once.
    pub fn new(limit: usize) -> PasswordHasher {
        PasswordHasher {
            permits: Arc::new(Semaphore::new(limit.max(1))),
        }
    }

    /// Hashes a password on the blocking pool.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|error| HashError::Hash(error.to_string()))?;
        let password = password.to_string();
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
    }

    /// Verifies a password on the blocking pool. With no stored hash, a dummy
    /// hash is verified instead, so an unknown account takes as long as a
    /// known one.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|error| HashError::Hash(error.to_string()))?;
        let password = password.to_string();
        let stored = stored.map(str::to_string);
        let verified = tokio::task::spawn_blocking(move || match stored {
            Some(stored) => verify_blocking(&password, &stored),
            None => {
                let _ = verify_blocking(&password, DUMMY_HASH);
                false
            }
        })
        .await?;
        Ok(verified)
    }
}

/// A valid argon2id hash of a random password, verified when an account has
/// no password so the time taken does not reveal that.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";

/// Checks a new password: at least `min_chars` characters and at most
/// [`MAX_PASSWORD_BYTES`] bytes, and not the account's handle.
pub fn check_policy(password: &str, handle: &str, min_chars: usize) -> Result<(), String> {
    let count = password.chars().count();
    if count < min_chars {
        return Err(format!(
            "the password is too short: {count} characters, at least {min_chars} needed"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "the password is too long: at most {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    if password.to_lowercase().contains(&handle.to_lowercase()) {
        return Err("the password must not contain the account's handle".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_minimum_parameters() {
        let hash = hash_blocking("correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_blocking("correct horse battery", &hash));
        assert!(!verify_blocking("wrong horse battery", &hash));
    }

    #[test]
    fn malformed_stored_hash_fails() {
        assert!(!verify_blocking("anything", "not a hash"));
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn policy_rejects_short_and_handle() {
        assert!(check_policy("short", "alice", 12).is_err());
        assert!(check_policy("alice-is-my-password", "alice", 12).is_err());
        assert!(check_policy("a long passphrase here", "alice", 12).is_ok());
    }
}
