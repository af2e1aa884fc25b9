//! Login history: every authentication attempt, good or bad.

use sqlx::{AnyPool, FromRow};

use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct LoginRecord {
    pub id: i64,
    pub handle: String,
    pub peer: String,
    pub method: String,
    pub outcome: String,
    pub created_at: i64,
}

/// One attempt to record. `user_id` is `None` for an unknown handle.
pub struct LoginAttempt<'a> {
    pub user_id: Option<i64>,
    pub handle: &'a str,
    pub peer: &'a str,
    pub method: &'a str,
    pub outcome: &'a str,
}

/// Appends an attempt.
pub async fn record(
    pool: &AnyPool,
    attempt: &LoginAttempt<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_history (user_id, handle, peer, method, outcome, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(attempt.user_id)
    .bind(attempt.handle)
    .bind(attempt.peer)
    .bind(attempt.method)
    .bind(attempt.outcome)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Lists the caller's own attempts, newest first.
pub async fn list_own(
    pool: &AnyPool,
    principal: &Principal,
    limit: i64,
) -> Result<Vec<LoginRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, handle, peer, method, outcome, created_at FROM login_history \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(principal.user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}
