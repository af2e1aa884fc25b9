//! The outbox: emails and SMS waiting to be sent. Rows are written in the
//! transaction of the change that caused them, and delivery workers claim
//! due rows with a lease, so two nodes never send one row at the same time.

use sqlx::{Any, AnyPool, AssertSqlSafe, Executor, FromRow};

use super::Backend;
use crate::domain::Timestamp;

/// The channel a message goes out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// A message to write into the outbox. Its text is rendered and sanitized.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub user_id: Option<i64>,
    pub channel: Channel,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// `pending` to send at `next_attempt_at`, or `held` for the digest.
    pub held: bool,
    pub next_attempt_at: Timestamp,
}

/// One outbox row, with its body.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxRecord {
    pub id: i64,
    pub user_id: Option<i64>,
    pub channel: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, user_id, channel, kind, recipient, subject, body, state, attempts, \
                       next_attempt_at, last_error, created_at";

/// Writes a message through `executor`, normally the transaction of the
/// change that caused it, and returns its id.
pub async fn insert<'e, E>(
    executor: E,
    message: &NewMessage<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let state = if message.held { "held" } else { "pending" };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (user_id, channel, kind, recipient, subject, body, state, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(message.user_id)
    .bind(message.channel.as_str())
    .bind(message.kind)
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.body)
    .bind(state)
    .bind(message.next_attempt_at)
    .bind(now)
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Counts the messages of a user created since `since` that were queued
/// to be sent (not held), for the hourly cap.
pub async fn count_sent_since<'e, E>(
    executor: E,
    user_id: i64,
    since: Timestamp,
) -> Result<i64, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE user_id = $1 AND created_at >= $2 \
         AND state <> 'held' AND kind <> 'digest'",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(executor)
    .await?;
    Ok(count)
}

/// Claims up to `limit` due rows of `channels` for `owner` until
/// `lease_expires_at`: pending rows whose time has come and rows whose
/// previous lease expired (a worker that stopped mid-send). Each claim
/// counts as an attempt.
///
/// The conditions are repeated in the outer `WHERE`, so on PostgreSQL a
/// concurrent claimer that waited for a row lock re-checks them against the
/// committed row and skips it; `FOR UPDATE SKIP LOCKED` keeps claimers
/// from waiting on each other at all. SQLite runs one writer at a time.
pub async fn claim(
    pool: &AnyPool,
    backend: Backend,
    owner: &str,
    channels: &[Channel],
    now: Timestamp,
    lease_expires_at: Timestamp,
    limit: i64,
) -> Result<Vec<OutboxRecord>, sqlx::Error> {
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let channel_list: Vec<String> = channels
        .iter()
        .map(|channel| format!("'{}'", channel.as_str()))
        .collect();
    let due = format!(
        "((state = 'pending' AND next_attempt_at <= $2) \
         OR (state = 'sending' AND lease_expires_at <= $2)) AND channel IN ({})",
        channel_list.join(", ")
    );
    let lock = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET state = 'sending', lease_owner = $1, lease_expires_at = $3, \
         attempts = attempts + 1 \
         WHERE {due} AND id IN (SELECT id FROM outbox WHERE {due} ORDER BY id LIMIT $4 {lock}) \
         RETURNING {COLUMNS}"
    );
    let mut rows: Vec<OutboxRecord> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(owner)
        .bind(now)
        .bind(lease_expires_at)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// Marks a claimed row sent. Returns false when `owner` no longer holds
/// its lease.
pub async fn mark_sent(
    pool: &AnyPool,
    id: i64,
    owner: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $1, lease_owner = NULL, \
         lease_expires_at = NULL, last_error = '' WHERE id = $2 AND lease_owner = $3 \
         AND state = 'sending'",
    )
    .bind(now)
    .bind(id)
    .bind(owner)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Records a failed attempt of a claimed row: back to pending at
/// `retry_at`, or dead when `dead` is set.
pub async fn mark_failed(
    pool: &AnyPool,
    id: i64,
    owner: &str,
    error: &str,
    retry_at: Timestamp,
    dead: bool,
) -> Result<bool, sqlx::Error> {
    let state = if dead { "dead" } else { "pending" };
    let updated = sqlx::query(
        "UPDATE outbox SET state = $1, next_attempt_at = $2, last_error = $3, \
         lease_owner = NULL, lease_expires_at = NULL \
         WHERE id = $4 AND lease_owner = $5 AND state = 'sending'",
    )
    .bind(state)
    .bind(retry_at)
    .bind(error)
    .bind(id)
    .bind(owner)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Lists rows in `states`, oldest first, for the operator.
pub async fn list(
    pool: &AnyPool,
    states: &[&str],
    limit: i64,
) -> Result<Vec<OutboxRecord>, sqlx::Error> {
    let placeholders: Vec<String> = (0..states.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE state IN ({}) ORDER BY id LIMIT $1",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(AssertSqlSafe(sql)).bind(limit);
    for state in states {
        query = query.bind(*state);
    }
    query.fetch_all(pool).await
}

/// Puts a dead row back to pending, due at `now`, with its attempts reset.
/// Returns false when no dead row has that id.
pub async fn retry_dead(pool: &AnyPool, id: i64, now: Timestamp) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $1 \
         WHERE id = $2 AND state = 'dead'",
    )
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Puts every dead row back to pending and returns how many.
pub async fn retry_all_dead(pool: &AnyPool, now: Timestamp) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $1 \
         WHERE state = 'dead'",
    )
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Lists the users with held messages.
pub async fn users_with_held(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT user_id FROM outbox WHERE state = 'held' AND user_id IS NOT NULL \
         ORDER BY user_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Returns the held messages of a user on one channel, oldest first.
pub async fn held_of<'e, E>(
    executor: E,
    user_id: i64,
    channel: Channel,
) -> Result<Vec<OutboxRecord>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM outbox WHERE user_id = $1 AND channel = $2 AND state = 'held' \
         ORDER BY id"
    )))
    .bind(user_id)
    .bind(channel.as_str())
    .fetch_all(executor)
    .await
}

/// Marks a held row as folded into a digest, which counts as sent.
pub async fn fold_into_digest<'e, E>(
    executor: E,
    id: i64,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $1, last_error = 'folded into digest' \
         WHERE id = $2 AND state = 'held'",
    )
    .bind(now)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(())
}
