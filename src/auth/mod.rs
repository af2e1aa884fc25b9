//! Authentication factors: argon2id passwords, TOTP codes and one-time
//! recovery codes.

pub mod password;
pub mod password_policy;
pub mod recovery;
pub mod secret_key;
pub mod totp;

pub use password::PasswordHasher;
