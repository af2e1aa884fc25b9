//! Public keys registered for accounts.

use sqlx::{AnyPool, FromRow};

use crate::domain::Timestamp;

#[derive(Debug, Clone, FromRow)]
pub struct KeyRecord {
    pub id: i64,
    pub user_id: i64,
    pub algorithm: String,
    pub public_key: String,
    pub fingerprint: String,
    pub comment: String,
    pub created_at: i64,
}

/// Inserts a key for an account. Returns false when the account already has
/// a key with this fingerprint.
pub async fn insert(
    pool: &AnyPool,
    user_id: i64,
    algorithm: &str,
    public_key: &str,
    fingerprint: &str,
    comment: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM ssh_keys WHERE user_id = $1 AND fingerprint = $2")
            .bind(user_id)
            .bind(fingerprint)
            .fetch_optional(pool)
            .await?;
    if exists.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO ssh_keys (user_id, algorithm, public_key, fingerprint, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(algorithm)
    .bind(public_key)
    .bind(fingerprint)
    .bind(comment)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(true)
}

/// Finds the key with `fingerprint` registered for the account `user_id`.
pub async fn find_for_user(
    pool: &AnyPool,
    user_id: i64,
    fingerprint: &str,
) -> Result<Option<KeyRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, algorithm, public_key, fingerprint, comment, created_at \
         FROM ssh_keys WHERE user_id = $1 AND fingerprint = $2",
    )
    .bind(user_id)
    .bind(fingerprint)
    .fetch_optional(pool)
    .await
}
