//! Sessions: one row per logged-in SSH connection, with the node that
//! holds it, so any node can end a session held by another.

use sqlx::{AnyPool, FromRow};

use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SessionRecord {
    pub id: i64,
    pub user_id: i64,
    pub node: String,
    pub peer: String,
    pub started_at: i64,
    pub last_activity_at: i64,
}

/// Inserts an open session and returns its id.
pub async fn insert(
    pool: &AnyPool,
    user_id: i64,
    node: &str,
    peer: &str,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO sessions (user_id, node, peer, started_at, last_activity_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(node)
    .bind(peer)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Records activity of an open session.
pub async fn touch(pool: &AnyPool, id: i64, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_activity_at = $2 WHERE id = $1 AND ended_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends one session unless it has ended already; for the node that holds
/// it, when the connection closes.
pub async fn end(
    pool: &AnyPool,
    id: i64,
    reason: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(reason)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Ends every open session of an account except `keep`, and returns how
/// many ended. For the service layer after a change that must end them,
/// such as disabling the account or a new password.
pub async fn end_for_user(
    pool: &AnyPool,
    user_id: i64,
    keep: Option<i64>,
    reason: &str,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET ended_at = $2, end_reason = $3 \
         WHERE user_id = $1 AND ended_at IS NULL AND id <> $4",
    )
    .bind(user_id)
    .bind(now)
    .bind(reason)
    .bind(keep.unwrap_or(0))
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// Ends one open session of the caller's own account; false when it is
/// not theirs or has ended.
pub async fn end_own(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
    reason: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET ended_at = $3, end_reason = $4 \
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(principal.user_id)
    .bind(now)
    .bind(reason)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Lists the caller's open sessions, newest first.
pub async fn list_open(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<SessionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, node, peer, started_at, last_activity_at FROM sessions \
         WHERE user_id = $1 AND ended_at IS NULL ORDER BY id DESC",
    )
    .bind(principal.user_id)
    .fetch_all(pool)
    .await
}

/// Returns which of `ids` have ended or lost their row, with the reason;
/// for a node's watcher, which passes the sessions it serves.
pub async fn ended_among(pool: &AnyPool, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids are integers, so writing them into the statement is safe,
    // and one statement serves any count on both backends.
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<(i64, Option<i64>, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, ended_at, COALESCE(end_reason, '') FROM sessions WHERE id IN ({list})"
    )))
    .fetch_all(pool)
    .await?;
    let mut ended: Vec<(i64, String)> = rows
        .iter()
        .filter(|(_, ended_at, _)| ended_at.is_some())
        .map(|(id, _, reason)| (*id, reason.clone()))
        .collect();
    // A session whose row is gone, such as one of an erased account, has
    // ended too.
    for id in ids {
        if !rows.iter().any(|(known, _, _)| known == id) {
            ended.push((*id, REMOVED_REASON.to_string()));
        }
    }
    Ok(ended)
}

/// The end reason of a session whose row was deleted.
pub const REMOVED_REASON: &str = "the session no longer exists";
