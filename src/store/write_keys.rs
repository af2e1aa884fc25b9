//! Idempotency keys of user writes. A write that carries a key stores the
//! key in its own transaction, so a retry after an unclear failure (the
//! connection dropped while COMMIT was under way) finds the key and does
//! not store the write again.

use sqlx::AnyConnection;

use crate::domain::Timestamp;

/// What a key names: a message of a request thread.
pub const MESSAGE: &str = "message";

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

/// Stores `key` for the `kind` row `target_id`. A second write with the
/// same key fails on the primary key, which rolls its transaction back.
pub async fn insert(
    connection: &mut AnyConnection,
    key: &str,
    user_id: i64,
    kind: &str,
    target_id: i64,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO write_keys (key, user_id, kind, target_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key)
    .bind(user_id)
    .bind(kind)
    .bind(target_id)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(())
}
