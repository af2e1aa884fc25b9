//! Automation keys: public keys that log in without a second factor for
//! exec commands within their scope.

use sqlx::{Any, AnyConnection, AnyPool, AssertSqlSafe, Executor, FromRow};

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

macro_rules! columns {
    () => {
        "id, user_id, name, fingerprint, read_write, networks, expires_at, \
         created_at, last_used_at, expiry_notified, disabled_at"
    };
}

const SELECT: &str = concat!("SELECT ", columns!(), " FROM automation_keys");

/// Inserts a key and returns its id, or `None` when the account already
/// has an automation key with this fingerprint. Runs inside the caller's
/// transaction.
pub async fn insert(
    connection: &mut AnyConnection,
    key: &NewAutomationKey<'_>,
    now: Timestamp,
) -> Result<Option<i64>, sqlx::Error> {
    // One conditional statement, so the write comes first in the caller's
    // transaction and SQLite takes its write lock before any read.
    let id: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO automation_keys (user_id, name, public_key, fingerprint, read_write, networks, \
         expires_at, created_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
         WHERE NOT EXISTS (SELECT 1 FROM automation_keys WHERE user_id = $1 AND fingerprint = $4) \
         RETURNING id",
    )
    .bind(key.user_id)
    .bind(key.name)
    .bind(key.public_key)
    .bind(key.fingerprint)
    .bind(i64::from(key.read_write))
    .bind(key.networks)
    .bind(key.expires_at)
    .bind(now)
    .fetch_optional(&mut *connection)
    .await?;
    Ok(id.map(|(id,)| id))
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

/// Lists the account's keys that expire before `before` and whose owner
/// was not told yet; [`claim_notice`] then claims each one.
pub async fn expiring_for_user(
    pool: &AnyPool,
    user_id: i64,
    before: Timestamp,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 AND expiry_notified = 0 AND expires_at < $2 AND expires_at > $3"
    )))
    .bind(user_id)
    .bind(before)
    .bind(now)
    .fetch_all(pool)
    .await
}

/// Does what [`expiring_for_user`] does for every account, for the daily
/// expiry job.
pub async fn expiring(
    pool: &AnyPool,
    before: Timestamp,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE expiry_notified = 0 AND disabled_at IS NULL AND expires_at < $1 \
         AND expires_at > $2 ORDER BY id"
    )))
    .bind(before)
    .bind(now)
    .fetch_all(pool)
    .await
}

/// Sets `expiry_notified` on key `id` unless another caller did, and tells
/// whether this caller claimed it. Only one caller wins each key, so the
/// owner is told once even with several nodes.
pub async fn claim_notice<'e, E>(executor: E, id: i64) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE automation_keys SET expiry_notified = 1 WHERE id = $1 AND expiry_notified = 0",
    )
    .bind(id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Lists the keys that expired at or before `now` and are not disabled
/// yet; [`disable`] then disables each one.
pub async fn expired(
    pool: &AnyPool,
    now: Timestamp,
) -> Result<Vec<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE disabled_at IS NULL AND expires_at <= $1 ORDER BY id"
    )))
    .bind(now)
    .fetch_all(pool)
    .await
}

/// Disables key `id` at `now` unless another caller did, and tells whether
/// this caller disabled it. Only one caller wins each key, so each is
/// audited once even with several nodes.
pub async fn disable<'e, E>(executor: E, id: i64, now: Timestamp) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE automation_keys SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Deletes the account's key `id` and returns it, or `None` when the
/// account has no such key. Runs inside the caller's transaction.
pub async fn delete(
    connection: &mut AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<Option<AutomationKeyRecord>, sqlx::Error> {
    sqlx::query_as(concat!(
        "DELETE FROM automation_keys WHERE user_id = $1 AND id = $2 RETURNING ",
        columns!()
    ))
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *connection)
    .await
}
