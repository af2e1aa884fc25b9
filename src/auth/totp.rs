//! TOTP as RFC 6238 defines it with the common authenticator settings:
//! SHA-1, 6 digits, 30-second steps, one step of drift either way.

use totp_rs::{Algorithm, Secret, TOTP};

pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
/// Steps of clock drift accepted before and after the current one.
pub const SKEW: u8 = 1;
/// Secret size in bytes: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

/// Generates a new random secret, returned as base32 without padding.
pub fn generate_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret_base32: &str, issuer: &str, account: &str) -> Result<TOTP, String> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|error| format!("invalid TOTP secret: {error:?}"))?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        SKEW,
        STEP_SECONDS,
        bytes,
        Some(issuer.to_string()),
        account.to_string(),
    )
    .map_err(|error| format!("invalid TOTP secret: {error}"))
}

/// Returns the otpauth:// URL that authenticator apps read from a QR code.
pub fn provisioning_url(
    secret_base32: &str,
    issuer: &str,
    account: &str,
) -> Result<String, String> {
    Ok(totp(secret_base32, issuer, account)?.get_url())
}

/// Returns the code for the time `unix_seconds`, for tests and demo output.
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> Result<String, String> {
    Ok(totp(secret_base32, "portico", "code")?.generate(unix_seconds))
}

/// Returns the time step whose code matches `code` at `unix_seconds`,
/// allowing [`SKEW`] steps of drift, or `None`. The caller must still record
/// the step so that the code is accepted only once.
pub fn matching_step(secret_base32: &str, code: &str, unix_seconds: u64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "portico", "code").ok()?;
    let current = unix_seconds / STEP_SECONDS;
    let skew = u64::from(SKEW);
    (current.saturating_sub(skew)..=current + skew).find_map(|step| {
        let candidate = totp.generate(step * STEP_SECONDS);
        constant_time_eq(candidate.as_bytes(), code.as_bytes()).then_some(step as i64)
    })
}

fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-1 test secret of RFC 6238 appendix B, "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn rfc6238_vectors() {
        // RFC 6238 lists 8-digit codes; the last six digits are the 6-digit code.
        assert_eq!(code_at(RFC_SECRET, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109).unwrap(), "081804");
    }

    #[test]
    fn drift_of_one_step_is_accepted() {
        let code = code_at(RFC_SECRET, 1_000_000_000).unwrap();
        assert!(matching_step(RFC_SECRET, &code, 1_000_000_000 + 30).is_some());
        assert!(matching_step(RFC_SECRET, &code, 1_000_000_000 - 30).is_some());
        assert!(matching_step(RFC_SECRET, &code, 1_000_000_000 + 90).is_none());
    }

    #[test]
    fn malformed_codes_fail() {
        assert!(matching_step(RFC_SECRET, "12345", 59).is_none());
        assert!(matching_step(RFC_SECRET, "abcdef", 59).is_none());
    }

    #[test]
    fn generated_secret_has_160_bits() {
        let secret = generate_secret();
        let bytes = Secret::Encoded(secret).to_bytes().unwrap();
        assert_eq!(bytes.len(), SECRET_BYTES);
    }
}
