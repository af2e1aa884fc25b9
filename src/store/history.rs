//! Login history: every authentication attempt, good or bad.

use sqlx::{Any, AnyPool, Executor, FromRow};

use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct LoginRecord {
    pub id: i64,
    pub handle: String,
    pub peer: String,
    pub method: String,
    pub outcome: String,
    pub created_at: i64,
    pub key_fingerprint: Option<String>,
    pub client_version: Option<String>,
}

/// One attempt to record. `user_id` is `None` for an unknown handle.
pub struct LoginAttempt<'a> {
    pub user_id: Option<i64>,
    pub handle: &'a str,
    pub peer: &'a str,
    pub method: &'a str,
    pub outcome: &'a str,
}

/// The details of a successful login that unusual-login alerts compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginDetails<'a> {
    pub key_fingerprint: Option<&'a str>,
    pub client_version: Option<&'a str>,
    /// The address's network: an IPv4 /24 or an IPv6 /64.
    pub network: Option<&'a str>,
}

/// Appends an attempt.
pub async fn record(
    pool: &AnyPool,
    attempt: &LoginAttempt<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    record_with_details(pool, attempt, &LoginDetails::default(), now).await
}

/// Appends an attempt with the details of a successful login.
pub async fn record_with_details<'e, E>(
    executor: E,
    attempt: &LoginAttempt<'_>,
    details: &LoginDetails<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO login_history (user_id, handle, peer, method, outcome, created_at, \
         key_fingerprint, client_version, network) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(attempt.user_id)
    .bind(attempt.handle)
    .bind(attempt.peer)
    .bind(attempt.method)
    .bind(attempt.outcome)
    .bind(now)
    .bind(details.key_fingerprint)
    .bind(details.client_version)
    .bind(details.network)
    .execute(executor)
    .await?;
    crate::ops::metrics::login(attempt.method, attempt.outcome);
    Ok(())
}

/// Counts the account's successful logins since `since`.
pub async fn logins_since(
    pool: &AnyPool,
    user_id: i64,
    since: Timestamp,
) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM login_history WHERE user_id = $1 AND outcome = 'login' AND created_at >= $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok(count)
}

/// Tells whether the account logged in from `network` since `since`.
pub async fn network_seen_since(
    pool: &AnyPool,
    user_id: i64,
    network: &str,
    since: Timestamp,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM login_history WHERE user_id = $1 AND outcome = 'login' AND network = $2 \
         AND created_at >= $3 LIMIT 1",
    )
    .bind(user_id)
    .bind(network)
    .bind(since)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// Tells whether the account logged in with the key `fingerprint` since
/// `since`.
pub async fn key_seen_since(
    pool: &AnyPool,
    user_id: i64,
    fingerprint: &str,
    since: Timestamp,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM login_history WHERE user_id = $1 AND outcome = 'login' \
         AND key_fingerprint = $2 AND created_at >= $3 LIMIT 1",
    )
    .bind(user_id)
    .bind(fingerprint)
    .bind(since)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// Lists the caller's own attempts, newest first.
pub async fn list_own(
    pool: &AnyPool,
    principal: &Principal,
    limit: i64,
) -> Result<Vec<LoginRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, handle, peer, method, outcome, created_at, key_fingerprint, client_version \
         FROM login_history \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(principal.user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}
