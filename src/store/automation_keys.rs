//! Automation keys: public keys that log in without a second factor for
//! exec commands within their scope.

use sqlx::{AnyPool, AssertSqlSafe, FromRow};

use crate::domain::Timestamp;

#[derive(Debug, Clone, FromRow)]
pub struct AutomationKeyRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub fingerprint: String,
    /// 1 when the key may run commands that change data.
    pub read_write: i64,
    /// Allowed source networks, comma-separated; empty allows all.
    pub networks: String,
    pub expires_at: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expiry_notified: i64,
    /// When the daily expiry job disabled the key; `None` while it works.
    pub disabled_at: Option<i64>,
}

/// Fields of a new automation key.
pub struct NewAutomationKey<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub read_write: bool,
    pub networks: &'a str,
    pub expires_at: Timestamp,
}

const SELECT: &str = "SELECT id, user_id, name, fingerprint, read_write, networks, expires_at, \
     created_at, last_used_at, expiry_notified, disabled_at FROM automation_keys";

/// Inserts a key and returns its id, or `None` when the account already
/// has an automation key with this fingerprint.
pub async fn insert(
    pool: &AnyPool,
    key: &NewAutomationKey<'_>,
    now: Timestamp,
) -> Result<Option<i64>, sqlx::Error> {
    if find(pool, key.user_id, key.fingerprint).await?.is_some() {
        return Ok(None);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO automation_keys (user_id, name, public_key, fingerprint, read_write, networks, \
         expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(key.user_id)
    .bind(key.name)
    .bind(key.public_key)
    .bind(key.fingerprint)
    .bind(i64::from(key.read_write))
    .bind(key.networks)
    .bind(key.expires_at)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(Some(id))
}

/// Finds the account's automation key with `fingerprint`, expired or not.
pub async fn find(
    pool: &AnyPool,
    user_id: i64,
    fingerprint: &str,
) -> Result<Option<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 AND fingerprint = $2"
    )))
    .bind(user_id)
    .bind(fingerprint)
    .fetch_optional(pool)
    .await
}

/// Lists the account's automation keys by expiry.
pub async fn list_for_user(
    pool: &AnyPool,
    user_id: i64,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 ORDER BY expires_at, id"
    )))
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// Records a use of the key.
pub async fn mark_used(pool: &AnyPool, id: i64, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE automation_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks the account's keys that expire before `before` and have not been
/// notified yet, and returns them. Only one caller wins each key, so the
/// owner is notified once even with several nodes.
pub async fn claim_expiring(
    pool: &AnyPool,
    user_id: i64,
    before: Timestamp,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    let candidates: Vec<AutomationKeyRecord> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 AND expiry_notified = 0 AND expires_at < $2 AND expires_at > $3"
    )))
    .bind(user_id)
    .bind(before)
    .bind(now)
    .fetch_all(pool)
    .await?;
    claim_notices(pool, candidates).await
}

/// Does what [`claim_expiring`] does for every account, for the daily
/// expiry job.
pub async fn claim_all_expiring(
    pool: &AnyPool,
    before: Timestamp,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    let candidates: Vec<AutomationKeyRecord> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE expiry_notified = 0 AND disabled_at IS NULL AND expires_at < $1 \
         AND expires_at > $2 ORDER BY id"
    )))
    .bind(before)
    .bind(now)
    .fetch_all(pool)
    .await?;
    claim_notices(pool, candidates).await
}

/// Sets `expiry_notified` on each candidate that nobody claimed yet and
/// returns those this caller claimed.
async fn claim_notices(
    pool: &AnyPool,
    candidates: Vec<AutomationKeyRecord>,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    let mut claimed = Vec::new();
    for key in candidates {
        let result = sqlx::query(
            "UPDATE automation_keys SET expiry_notified = 1 WHERE id = $1 AND expiry_notified = 0",
        )
        .bind(key.id)
        .execute(pool)
        .await?;
        if result.rows_affected() == 1 {
            claimed.push(key);
        }
    }
    Ok(claimed)
}

/// Disables every key that expired at or before `now` and is not disabled
/// yet, and returns the keys this caller disabled. Only one caller wins
/// each key, so each is audited once even with several nodes.
pub async fn disable_expired(
    pool: &AnyPool,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    let candidates: Vec<AutomationKeyRecord> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE disabled_at IS NULL AND expires_at <= $1 ORDER BY id"
    )))
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut disabled = Vec::new();
    for mut key in candidates {
        let result = sqlx::query(
            "UPDATE automation_keys SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
        )
        .bind(now)
        .bind(key.id)
        .execute(pool)
        .await?;
        if result.rows_affected() == 1 {
            key.disabled_at = Some(now);
            disabled.push(key);
        }
    }
    Ok(disabled)
}

/// Deletes the account's key `id` and returns it, or `None` when the
/// account has no such key.
pub async fn delete(
    pool: &AnyPool,
    user_id: i64,
    id: i64,
) -> Result<Option<AutomationKeyRecord>, sqlx::Error> {
    let key: Option<AutomationKeyRecord> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 AND id = $2"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(key) = key else {
        return Ok(None);
    };
    let result = sqlx::query("DELETE FROM automation_keys WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(pool)
        .await?;
    Ok((result.rows_affected() == 1).then_some(key))
}
