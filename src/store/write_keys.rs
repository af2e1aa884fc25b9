//! Idempotency keys of user writes. A write that carries a key stores the
//! key in its own transaction, so a retry after an unclear failure (the
//! connection dropped while COMMIT was under way) finds the key and does
//! not store the write again.

use sqlx::{AnyConnection, AnyPool};

use crate::domain::Timestamp;

/// The kind of write of a message in a request thread; the target is the
/// message.
pub const MESSAGE: &str = "message";
/// The kind of write that opens a request; the target is the request.
pub const REQUEST: &str = "request";
/// The kind of write of a request's state change; the target is the request.
pub const STATE_CHANGE: &str = "state-change";
/// The kind of write of a profile edit; the target is the user.
pub const PROFILE: &str = "profile";
/// The kind of write that closes several requests at once; the target is
/// the first of them.
pub const CLOSE_MANY: &str = "close-many";
/// The kind of write that assigns requests; the target is the assignee.
pub const ASSIGNMENT: &str = "assignment";
/// The kind of write of a request's priority; the target is the request.
pub const PRIORITY: &str = "priority";

/// Returns the id of the `kind` row that `user_id` stored with `key`, if
/// any. Keys of other users are never returned.
pub async fn find(
    connection: &mut AnyConnection,
    key: &str,
    user_id: i64,
    kind: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT target_id FROM write_keys WHERE key = $1 AND user_id = $2 AND kind = $3",
    )
    .bind(key)
    .bind(user_id)
    .bind(kind)
    .fetch_optional(connection)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Claims `key` for a new `kind` row of `user_id`, to be named with
/// [`set_target`] in the same transaction. Returns false, writing nothing,
/// when the key was claimed before.
pub async fn claim(
    connection: &mut AnyConnection,
    key: &str,
    user_id: i64,
    kind: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let claimed: Option<(String,)> = sqlx::query_as(
        "INSERT INTO write_keys (key, user_id, kind, target_id, created_at) VALUES ($1, $2, $3, 0, $4) \
         ON CONFLICT (key) DO NOTHING RETURNING key",
    )
    .bind(key)
    .bind(user_id)
    .bind(kind)
    .bind(now)
    .fetch_optional(connection)
    .await?;
    Ok(claimed.is_some())
}

/// Names the row that the claimed `key` stored.
pub async fn set_target(
    connection: &mut AnyConnection,
    key: &str,
    target_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE write_keys SET target_id = $1 WHERE key = $2")
        .bind(target_id)
        .bind(key)
        .execute(connection)
        .await?;
    Ok(())
}

/// The outcome of [`claim_or_earlier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The key is new and now claimed for this write.
    Claimed,
    /// The same user stored the same kind of write with the key before;
    /// this is that write's target.
    Earlier(i64),
    /// Another user, or another kind of write, claimed the key before.
    Taken,
}

/// Claims `key` as [`claim`] does or, when it was claimed before, writes
/// nothing and returns which write claimed it.
pub async fn claim_or_earlier(
    connection: &mut AnyConnection,
    key: &str,
    user_id: i64,
    kind: &str,
    now: Timestamp,
) -> Result<Claim, sqlx::Error> {
    if claim(connection, key, user_id, kind, now).await? {
        return Ok(Claim::Claimed);
    }
    let earlier = find(connection, key, user_id, kind).await?;
    Ok(earlier.map_or(Claim::Taken, Claim::Earlier))
}

/// Deletes the keys stored before `before` (Unix seconds) and returns how
/// many there were. A write retried with a deleted key is stored again, so
/// the retention must be far longer than any client retries.
pub async fn prune(pool: &AnyPool, before: Timestamp) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM write_keys WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(deleted)
}
