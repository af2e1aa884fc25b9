//! In-app notifications, each addressed to one user.

use sqlx::{Any, AnyPool, Executor, FromRow};

use crate::domain::{NotificationKind, Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct NotificationRecord {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A notification to write. Its text is plain and already sanitized.
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: NotificationKind,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

/// Writes a notification through `executor`, which may be a transaction so
/// that the notification commits with the change that caused it.
pub async fn insert<'e, E>(
    executor: E,
    notification: &NewNotification<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO notifications (user_id, kind, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(notification.user_id)
    .bind(notification.kind.as_str())
    .bind(notification.title)
    .bind(notification.body)
    .bind(notification.link)
    .bind(now)
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Lists the caller's own notifications, newest first.
pub async fn list_own(
    pool: &AnyPool,
    principal: &Principal,
    limit: i64,
) -> Result<Vec<NotificationRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, title, body, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(principal.user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Counts the caller's unread notifications.
pub async fn unread_count(pool: &AnyPool, principal: &Principal) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(principal.user_id)
            .fetch_one(pool)
            .await?;
    Ok(count)
}

/// Marks one of the caller's notifications read. Returns false when no
/// unread notification of the caller has that id.
pub async fn mark_read(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(principal.user_id)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks every notification of the caller read and returns how many were
/// unread.
pub async fn mark_all_read(
    pool: &AnyPool,
    principal: &Principal,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now)
            .bind(principal.user_id)
            .execute(pool)
            .await?;
    Ok(result.rows_affected())
}

/// Counts the caller's unread notifications of `kind` and returns the title
/// of the newest one, for the dashboard's alert line.
pub async fn unread_of_kind(
    pool: &AnyPool,
    principal: &Principal,
    kind: &str,
) -> Result<(i64, Option<String>), sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2 AND read_at IS NULL",
    )
    .bind(principal.user_id)
    .bind(kind)
    .fetch_one(pool)
    .await?;
    let newest: Option<(String,)> = sqlx::query_as(
        "SELECT title FROM notifications WHERE user_id = $1 AND kind = $2 AND read_at IS NULL \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(principal.user_id)
    .bind(kind)
    .fetch_optional(pool)
    .await?;
    Ok((count, newest.map(|(title,)| title)))
}
