//! Messages of request threads and what each reader has read.

use sqlx::{Acquire, Any, AnyPool, AssertSqlSafe, FromRow};

use super::filter::{Conditions, Value};
use super::requests::{scope, visible_messages};
use super::write_keys;
use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct MessageRecord {
    pub id: i64,
    pub request_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_role: String,
    pub body: String,
    pub internal: i64,
    pub created_at: i64,
}

/// Lists the messages of a request that the caller may see, oldest first.
/// Internal notes are left out for customers. A request outside the
/// caller's scope yields an empty list.
pub async fn list(
    pool: &AnyPool,
    principal: &Principal,
    request_id: i64,
) -> Result<Vec<MessageRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(request_id));
    conditions.push(format!("m.request_id = {placeholder}"));
    conditions.push(visible_messages(principal));
    let sql = format!(
        "SELECT m.id, m.request_id, m.author_id, u.display_name AS author_name, u.role AS author_role, m.body, \
         m.internal, m.created_at \
         FROM messages m JOIN requests r ON r.id = m.request_id JOIN users u ON u.id = m.author_id{} \
         ORDER BY m.id",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Appends a message to a request and touches the request's update time.
/// The first message of staff that is not an internal note is recorded as
/// the request's first response. The caller has checked that the request
/// is in its scope.
pub async fn insert<'a, A>(
    connection: A,
    request_id: i64,
    author_id: i64,
    body: &str,
    internal: bool,
    now: Timestamp,
) -> Result<i64, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let stored = insert_once(connection, None, request_id, author_id, body, internal, now).await?;
    Ok(stored.id())
}

/// The outcome of [`insert_once`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// The message was stored now, with this id.
    New(i64),
    /// An earlier attempt with the same idempotency key stored it.
    Earlier(i64),
}

impl Stored {
    pub fn id(self) -> i64 {
        match self {
            Stored::New(id) | Stored::Earlier(id) => id,
        }
    }
}

/// Appends a message as [`insert`] does, once per idempotency `key`: when
/// the author already stored a message with `key`, nothing is written and
/// that message's id is returned.
pub async fn insert_once<'a, A>(
    connection: A,
    key: Option<&str>,
    request_id: i64,
    author_id: i64,
    body: &str,
    internal: bool,
    now: Timestamp,
) -> Result<Stored, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let mut transaction = connection.begin().await?;
    // Claiming the key is the first write, so SQLite takes its write lock
    // (waiting up to busy_timeout) before anything else is written.
    if let Some(key) = key {
        match write_keys::claim_or_earlier(
            &mut transaction,
            key,
            author_id,
            write_keys::MESSAGE,
            now,
        )
        .await?
        {
            write_keys::Claim::Claimed => {}
            write_keys::Claim::Earlier(id) => {
                transaction.rollback().await?;
                return Ok(Stored::Earlier(id));
            }
            write_keys::Claim::Taken => {
                return Err(sqlx::Error::InvalidArgument(format!(
                    "idempotency key {key} was already used for another write; choose a new random key"
                )));
            }
        }
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO messages (request_id, author_id, body, internal, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(request_id)
    .bind(author_id)
    .bind(body)
    .bind(i64::from(internal))
    .bind(now)
    .fetch_one(&mut *transaction)
    .await?;
    sqlx::query("UPDATE requests SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(request_id)
        .execute(&mut *transaction)
        .await?;
    if !internal {
        sqlx::query(
            "UPDATE requests SET first_response_at = $1 WHERE id = $2 AND first_response_at IS NULL \
             AND EXISTS (SELECT 1 FROM users u WHERE u.id = $3 AND u.role <> 'customer')",
        )
        .bind(now)
        .bind(request_id)
        .bind(author_id)
        .execute(&mut *transaction)
        .await?;
    }
    mark_read_in(&mut transaction, request_id, author_id, id).await?;
    if let Some(key) = key {
        write_keys::set_target(&mut transaction, key, id).await?;
    }
    transaction.commit().await?;
    Ok(Stored::New(id))
}

/// Records that the caller has read a thread up to its newest message.
/// The caller has checked that the request is in its scope.
pub async fn mark_read(
    pool: &AnyPool,
    principal: &Principal,
    request_id: i64,
) -> Result<(), sqlx::Error> {
    let (newest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(id) FROM messages WHERE request_id = $1")
            .bind(request_id)
            .fetch_one(pool)
            .await?;
    let Some(newest) = newest else {
        return Ok(());
    };
    let mut transaction = pool.begin().await?;
    mark_read_in(&mut transaction, request_id, principal.user_id, newest).await?;
    transaction.commit().await
}

async fn mark_read_in(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    request_id: i64,
    user_id: i64,
    message_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO thread_reads (request_id, user_id, last_read_message_id) VALUES ($1, $2, $3) \
         ON CONFLICT (request_id, user_id) DO UPDATE SET last_read_message_id = excluded.last_read_message_id \
         WHERE thread_reads.last_read_message_id < excluded.last_read_message_id",
    )
    .bind(request_id)
    .bind(user_id)
    .bind(message_id)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// Counts the caller's unread messages across every thread in scope.
pub async fn count_unread(pool: &AnyPool, principal: &Principal) -> Result<i64, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    conditions.push(visible_messages(principal));
    let user = conditions.bind(Value::Int(principal.user_id));
    conditions.push(format!("m.author_id <> {user}"));
    conditions.push(format!(
        "m.id > COALESCE((SELECT t.last_read_message_id FROM thread_reads t \
         WHERE t.request_id = r.id AND t.user_id = {user}), 0)"
    ));
    let sql = format!(
        "SELECT COUNT(*) FROM messages m JOIN requests r ON r.id = m.request_id{}",
        conditions.where_clause()
    );
    let (count,): (i64,) = conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_one(pool)
        .await?;
    Ok(count)
}
