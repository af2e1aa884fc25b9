//! Consent decisions: an append-only history per person, each row with the
//! version of the text answered. A person reads and writes only their own.

use sqlx::{AnyPool, FromRow};

use crate::domain::{Principal, Timestamp};

/// One give or withdraw of a consent.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ConsentEventRecord {
    pub id: i64,
    pub topic: String,
    pub text_version: String,
    pub granted: i64,
    pub created_at: i64,
}

/// Appends the caller's decision on `topic`, answering the text of
/// `text_version`, and returns its id.
pub async fn record(
    pool: &AnyPool,
    principal: &Principal,
    topic: &str,
    text_version: &str,
    granted: bool,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO consent_events (user_id, topic, text_version, granted, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(principal.user_id)
    .bind(topic)
    .bind(text_version)
    .bind(i64::from(granted))
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Lists the caller's consent decisions, oldest first.
pub async fn history(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<ConsentEventRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, topic, text_version, granted, created_at FROM consent_events \
         WHERE user_id = $1 ORDER BY id",
    )
    .bind(principal.user_id)
    .fetch_all(pool)
    .await
}
