//! Password hashing with argon2id on a bounded blocking pool, so a burst of
//! logins never occupies the async runtime's worker threads. Passwords are
//! NFC-normalised before hashing and verifying.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use super::password_policy::normalize;

/// argon2id memory cost in KiB, time cost and parallelism: the minimum that
/// OWASP's password storage guidance lists for argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Maximum password length, in bytes, so a huge input cannot cost
/// more than a normal hash.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Parameters above these in a stored hash are rejected before any work, so
/// a tampered row cannot make one login allocate gigabytes or run for
/// minutes: 256 MiB of memory, 16 passes, 8 lanes.
pub const MAX_STORED_MEMORY_KIB: u32 = 256 * 1024;
pub const MAX_STORED_ITERATIONS: u32 = 16;
pub const MAX_STORED_PARALLELISM: u32 = 8;

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
        .hash_password(normalize(password).as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| HashError::Hash(error.to_string()))
}

/// The standing of a stored PHC string against the current parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredHash {
    /// argon2id, version 19, with at least the current parameters.
    Current,
    /// A valid argon2 hash made with weaker parameters or another variant:
    /// rehash it after the next successful login.
    Weak,
    /// Not an argon2 PHC string, or parameters above the stored maximums.
    Refused,
}

/// Classifies a stored hash by parsing it only, without hashing.
pub fn inspect(stored: &str) -> StoredHash {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return StoredHash::Refused;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return StoredHash::Refused;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return StoredHash::Refused;
    };
    if params.m_cost() > MAX_STORED_MEMORY_KIB
        || params.t_cost() > MAX_STORED_ITERATIONS
        || params.p_cost() > MAX_STORED_PARALLELISM
    {
        return StoredHash::Refused;
    }
    let current = algorithm == Algorithm::Argon2id
        && parsed.version == Some(Version::V0x13 as u32)
        && params.m_cost() >= MEMORY_KIB
        && params.t_cost() >= ITERATIONS
        && params.p_cost() >= PARALLELISM;
    if current {
        StoredHash::Current
    } else {
        StoredHash::Weak
    }
}

/// Verifies a password against a stored PHC string on the current thread,
/// with the parameters the string names. A malformed stored hash, or one
/// that [`inspect`] rejects, verifies as false without hashing.
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES || inspect(stored) == StoredHash::Refused {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    argon2()
        .verify_password(normalize(password).as_bytes(), &parsed)
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

    #[tokio::test]
    async fn hashes_wait_for_a_permit() {
        let hasher = PasswordHasher::new(1);
        let held = Arc::clone(&hasher.permits)
            .try_acquire_owned()
            .expect("the only permit");

        // With the cap reached, a verification waits instead of hashing.
        let waiting = {
            let hasher = hasher.clone();
            tokio::spawn(async move { hasher.verify("anything", Some(DUMMY_HASH)).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "a hash beyond the cap waits");

        drop(held);
        let verified = waiting.await.expect("task").expect("verify");
        assert!(!verified);
    }

    #[test]
    fn malformed_stored_hash_fails() {
        assert!(!verify_blocking("anything", "not a hash"));
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    /// Hashes with explicit parameters, as an older release would have.
    fn hash_with(algorithm: Algorithm, memory: u32, iterations: u32) -> String {
        let params = Params::new(memory, iterations, 1, None).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        Argon2::new(algorithm, Version::V0x13, params)
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string()
    }

    #[test]
    fn stored_hash_classified() {
        assert_eq!(inspect(&hash_blocking("x").unwrap()), StoredHash::Current);
        let weak_memory = hash_with(Algorithm::Argon2id, 4096, 2);
        assert_eq!(inspect(&weak_memory), StoredHash::Weak);
        assert!(verify_blocking("correct horse battery", &weak_memory));
        let weak_passes = hash_with(Algorithm::Argon2id, MEMORY_KIB, 1);
        assert_eq!(inspect(&weak_passes), StoredHash::Weak);
        let argon2i = hash_with(Algorithm::Argon2i, MEMORY_KIB, 2);
        assert_eq!(inspect(&argon2i), StoredHash::Weak);
        assert!(verify_blocking("correct horse battery", &argon2i));
        assert_eq!(inspect("not a hash"), StoredHash::Refused);
        assert_eq!(
            inspect("$2b$12$abcdefghijklmnopqrstuv"),
            StoredHash::Refused
        );
    }

    #[test]
    fn absurd_parameters_refused_without_hashing() {
        // 4 GiB of memory: verifying would allocate it all.
        let absurd = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";
        assert_eq!(inspect(absurd), StoredHash::Refused);
        assert!(!verify_blocking("anything", absurd));
        let passes = "$argon2id$v=19$m=19456,t=100000,p=1$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";
        assert_eq!(inspect(passes), StoredHash::Refused);
        let lanes = "$argon2id$v=19$m=19456,t=2,p=64$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";
        assert_eq!(inspect(lanes), StoredHash::Refused);
    }

    #[test]
    fn nfc_and_nfd_forms_verify_alike() {
        let hash = hash_blocking("caf\u{e9} tables river").unwrap();
        assert!(verify_blocking("cafe\u{301} tables river", &hash));
    }
}
