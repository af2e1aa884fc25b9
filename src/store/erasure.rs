//! Erasure of one account's personal data (GDPR article 17), in one
//! transaction, and the erasure requests that customers file. Only the
//! operator's `admin user erase` and `admin user erasures` commands call
//! this.
//! Records the law makes the organisation keep (invoices and other
//! documents, requests and their messages, audit entries) stay, and the
//! account row stays so they still name an author, under a pseudonym.

use sqlx::{Acquire, Any, AnyConnection, AnyPool, FromRow};

use crate::domain::{RequestState, Timestamp};

/// How many rows the erasure deleted or changed, per kind of data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErasureCounts {
    pub ssh_keys: u64,
    pub automation_keys: u64,
    pub recovery_codes: u64,
    pub sessions: u64,
    pub consents: u64,
    pub notifications: u64,
    pub memberships: u64,
    pub login_history: u64,
    pub kb_suggestions: u64,
    /// Copies of emails and SMS, sent or waiting, with their addresses.
    pub outbox: u64,
    /// Notification, display and contact-change settings.
    pub settings: u64,
}

/// The tables of a user's settings, each deleted whole: pending email and
/// phone changes carry the new address, notification settings the quiet
/// hours, and the others the user's choices. Write keys go too, since they
/// only serve retries of the account's own writes.
const SETTINGS_TABLES: [&str; 5] = [
    "contact_changes",
    "notification_channels",
    "notification_settings",
    "display_preferences",
    "write_keys",
];

/// Returns the handle an erased account `user_id` gets.
pub fn erased_handle(user_id: i64) -> String {
    format!("erased-{user_id}")
}

/// Returns the name an erased account `user_id` shows as author.
pub fn erased_name(user_id: i64) -> String {
    format!("erased user {user_id}")
}

/// Deletes the account's keys, secrets, sessions, consents, notifications,
/// email and SMS copies, settings and memberships, removes the network data of its login history,
/// replaces its handle, name and email with a pseudonym and disables it.
/// `connection` is a pool, or the transaction that also closes the
/// account's erasure requests.
pub async fn erase_account<'a, A>(
    connection: A,
    user_id: i64,
    now: Timestamp,
) -> Result<ErasureCounts, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let mut transaction = connection.begin().await?;
    let mut counts = ErasureCounts::default();
    let deletions: [(&str, &mut u64); 8] = [
        (
            "DELETE FROM ssh_keys WHERE user_id = $1",
            &mut counts.ssh_keys,
        ),
        (
            "DELETE FROM automation_keys WHERE user_id = $1",
            &mut counts.automation_keys,
        ),
        (
            "DELETE FROM recovery_codes WHERE user_id = $1",
            &mut counts.recovery_codes,
        ),
        (
            "DELETE FROM sessions WHERE user_id = $1",
            &mut counts.sessions,
        ),
        (
            "DELETE FROM consent_events WHERE user_id = $1",
            &mut counts.consents,
        ),
        (
            "DELETE FROM notifications WHERE user_id = $1",
            &mut counts.notifications,
        ),
        (
            "DELETE FROM organisation_members WHERE user_id = $1",
            &mut counts.memberships,
        ),
        (
            "DELETE FROM kb_suggestions WHERE user_id = $1",
            &mut counts.kb_suggestions,
        ),
    ];
    for (statement, count) in deletions {
        *count = sqlx::query(statement)
            .bind(user_id)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
    }
    counts.outbox = sqlx::query("DELETE FROM outbox WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    for table in SETTINGS_TABLES {
        // The table names are constants of this module, never input.
        counts.settings += sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE user_id = $1"
        )))
        .bind(user_id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    }
    sqlx::query("DELETE FROM login_throttle WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *transaction)
        .await?;

    counts.login_history = sqlx::query(
        "UPDATE login_history SET handle = $1, peer = 'erased', network = NULL, \
         client_version = NULL, key_fingerprint = NULL WHERE user_id = $2",
    )
    .bind(erased_handle(user_id))
    .bind(user_id)
    .execute(&mut *transaction)
    .await?
    .rows_affected();

    sqlx::query(
        "UPDATE users SET handle = $1, display_name = $2, email = '', phone = NULL, password_hash = NULL, \
         totp_secret = NULL, totp_last_step = NULL, reset_code_hash = NULL, \
         reset_expires_at = NULL, disabled = 1, erased_at = $3 WHERE id = $4",
    )
    .bind(erased_handle(user_id))
    .bind(erased_name(user_id))
    .bind(now)
    .bind(user_id)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(counts)
}

/// Tells whether account `user_id` was erased already.
pub async fn is_erased(pool: &AnyPool, user_id: i64) -> Result<bool, sqlx::Error> {
    let erased: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT erased_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(matches!(erased, Some((Some(_),))))
}

/// Lists the organisations whose only owner is account `user_id`, which
/// erasing it leaves without an owner.
pub async fn sole_owner_of(pool: &AnyPool, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT o.name FROM organisation_members m \
         JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.user_id = $1 AND m.role = 'owner' \
         AND (SELECT COUNT(*) FROM organisation_members other \
              WHERE other.organisation_id = m.organisation_id AND other.role = 'owner') = 1 \
         ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

/// Counts the records of account `user_id` that stay after erasure: the
/// documents it owns or its requests attach, and the messages it wrote.
pub async fn kept_records(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let (documents,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM documents WHERE owner_user_id = $1 \
         OR id IN (SELECT d.document_id FROM request_documents d \
         JOIN requests r ON r.id = d.request_id WHERE r.opened_by = $1)",
    )
    .bind(user_id)
    .fetch_one(&mut *connection)
    .await?;
    let (messages,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE author_id = $1")
        .bind(user_id)
        .fetch_one(&mut *connection)
        .await?;
    Ok((documents, messages))
}

/// An erasure request closed because its account was erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedErasureRequest {
    pub id: i64,
    pub organisation_id: i64,
    pub created_at: Timestamp,
    /// The state the request was in before.
    pub from: RequestState,
}

/// Closes the open erasure requests that account `user_id` filed, with
/// `next_step` shown to the customer and a status history entry without
/// an actor, since the operator's command line has no account. The caller
/// runs it in the transaction of the erasure.
pub async fn close_erasure_requests(
    connection: &mut AnyConnection,
    user_id: i64,
    next_step: &str,
    now: Timestamp,
) -> Result<Vec<ClosedErasureRequest>, sqlx::Error> {
    let open: Vec<(i64, i64, Timestamp, String)> = sqlx::query_as(
        "SELECT id, organisation_id, created_at, state FROM requests \
         WHERE opened_by = $1 AND erasure = 1 AND state <> 'closed' ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&mut *connection)
    .await?;

    let mut closed = Vec::with_capacity(open.len());
    for (id, organisation_id, created_at, state) in open {
        // Every known open state may change to closed. A state this version
        // cannot parse was written by a newer one, so that request stays.
        let Ok(from) = state.parse::<RequestState>() else {
            continue;
        };
        sqlx::query(
            "UPDATE requests SET state = 'closed', next_step = $1, updated_at = $2, closed_at = $2 \
             WHERE id = $3",
        )
        .bind(next_step)
        .bind(now)
        .bind(id)
        .execute(&mut *connection)
        .await?;
        sqlx::query(
            "INSERT INTO request_events (request_id, actor_id, from_state, to_state, next_step, created_at) \
             VALUES ($1, NULL, $2, 'closed', $3, $4)",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(next_step)
        .bind(now)
        .execute(&mut *connection)
        .await?;
        closed.push(ClosedErasureRequest {
            id,
            organisation_id,
            created_at,
            from,
        });
    }
    Ok(closed)
}

/// One erasure request, for the operator's list.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ErasureRequestRecord {
    pub id: i64,
    pub created_at: Timestamp,
    /// The account's handle, or its pseudonym once erased.
    pub handle: String,
    pub organisation_name: String,
    pub state: String,
    pub closed_at: Option<Timestamp>,
    /// When the account was erased; `None` while it is not.
    pub erased_at: Option<Timestamp>,
}

/// Lists every erasure request: those still to carry out (account not
/// erased, request open) first, then the others, each group oldest first.
/// Only the operator's command line calls this.
pub async fn list_requests(pool: &AnyPool) -> Result<Vec<ErasureRequestRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.created_at, u.handle, o.name AS organisation_name, r.state, r.closed_at, \
         u.erased_at \
         FROM requests r \
         JOIN users u ON u.id = r.opened_by \
         JOIN organisations o ON o.id = r.organisation_id \
         WHERE r.erasure = 1 \
         ORDER BY CASE WHEN u.erased_at IS NULL AND r.state <> 'closed' THEN 0 ELSE 1 END, \
         r.created_at, r.id",
    )
    .fetch_all(pool)
    .await
}
