//! Second factors and operator resets: encrypted TOTP secrets, failed-code
//! counts, recovery codes and one-time reset codes. Like [`super::users`],
//! these serve authentication and administration and take account ids.

use sqlx::{AnyConnection, AnyPool};

use crate::domain::Timestamp;

/// Lists the accounts whose TOTP secret is stored in plaintext, as releases
/// before encryption at rest wrote them, with that secret.
pub async fn plaintext_totp_secrets(pool: &AnyPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1:%' ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// Replaces a stored TOTP secret only if it is still `old`, so a secret
/// changed meanwhile by another node is left alone.
pub async fn replace_totp_secret(
    pool: &AnyPool,
    user_id: i64,
    old: &str,
    new: &str,
) -> Result<bool, sqlx::Error> {
    let updated =
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
            .bind(new)
            .bind(user_id)
            .bind(old)
            .execute(pool)
            .await?
            .rows_affected();
    Ok(updated == 1)
}

/// Deletes the account's recovery codes and inserts `code_hashes` in their
/// place, inside the caller's transaction.
pub(super) async fn put_recovery_codes(
    connection: &mut AnyConnection,
    user_id: i64,
    code_hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Replaces the account's recovery codes with new hashes, inside the
/// caller's transaction, so the old codes stop working when the new ones
/// exist.
pub async fn replace_recovery_codes(
    connection: &mut AnyConnection,
    user_id: i64,
    code_hashes: &[String],
) -> Result<(), sqlx::Error> {
    put_recovery_codes(connection, user_id, code_hashes).await
}

/// Replaces the TOTP secret of an enrolled account with a confirmed new
/// one and its recovery codes, inside the caller's transaction.
pub async fn replace_totp_enrolment(
    connection: &mut AnyConnection,
    user_id: i64,
    encrypted_secret: &str,
    confirmed_step: i64,
    code_hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
        .bind(encrypted_secret)
        .bind(confirmed_step)
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    put_recovery_codes(connection, user_id, code_hashes).await
}

/// Starts an operator reset: removes the password, the TOTP secret and the
/// recovery codes, and stores the hash of a one-time reset code valid
/// until `expires_at`. The account can then log in only with that code.
/// Runs inside the caller's transaction.
pub async fn begin_reset(
    connection: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
    expires_at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = NULL, totp_secret = NULL, totp_last_step = NULL, \
         reset_code_hash = $1, reset_expires_at = $2, must_renew_factors = 1 \
         WHERE id = $3",
    )
    .bind(code_hash)
    .bind(expires_at)
    .bind(user_id)
    .execute(&mut *connection)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Tells whether `code_hash` is the account's pending reset code and has
/// not expired at `now`.
pub async fn reset_code_matches(
    pool: &AnyPool,
    user_id: i64,
    code_hash: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM users WHERE id = $1 AND reset_code_hash = $2 AND reset_expires_at > $3",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// Uses up the account's reset code. Returns false when it was already
/// used or has expired, so a code opens one session only.
pub async fn consume_reset_code(
    pool: &AnyPool,
    user_id: i64,
    code_hash: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE users SET reset_code_hash = NULL, reset_expires_at = NULL \
         WHERE id = $1 AND reset_code_hash = $2 AND reset_expires_at > $3",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Stores the new password of an account whose reset is pending renewal.
pub async fn set_renewed_password(
    pool: &AnyPool,
    user_id: i64,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    let updated =
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND must_renew_factors = 1")
            .bind(password_hash)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected();
    Ok(updated == 1)
}

/// Ends the renewal after a reset once the account has a password and TOTP.
pub async fn finish_renewal(pool: &AnyPool, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET must_renew_factors = 0 WHERE id = $1 \
         AND password_hash IS NOT NULL AND totp_secret IS NOT NULL",
    )
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Sets whether the account is disabled; returns false for an unknown id.
pub async fn set_disabled(
    pool: &AnyPool,
    user_id: i64,
    disabled: bool,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(user_id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated == 1)
}
