//! What happens to a request after it is opened, beyond its state:
//! participants, assignment, ratings, canned replies, and the
//! context shown to agents beside a request. The service checks who may
//! call each function, and staff-only reads say so.

use sqlx::{Any, AnyPool, AssertSqlSafe, Executor, FromRow};

use super::filter::{Conditions, Value};

use crate::domain::{Principal, RequestPriority, Timestamp};

/// Adds a colleague as a participant; adding one twice changes nothing.
/// The caller has checked that both users belong to the request's
/// organisation.
pub async fn add_participant<'e, E>(
    executor: E,
    request_id: i64,
    user_id: i64,
    added_by: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let added = sqlx::query(
        "INSERT INTO request_participants (request_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (request_id, user_id) DO NOTHING",
    )
    .bind(request_id)
    .bind(user_id)
    .bind(added_by)
    .bind(now)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(added == 1)
}

/// A participant of a request.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ParticipantRecord {
    pub user_id: i64,
    pub display_name: String,
}

/// Lists the participants of a request, oldest first. The caller has
/// checked that the request is in its scope.
pub async fn participants(
    pool: &AnyPool,
    request_id: i64,
) -> Result<Vec<ParticipantRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.user_id, u.display_name FROM request_participants p JOIN users u ON u.id = p.user_id \
         WHERE p.request_id = $1 ORDER BY p.added_at, p.user_id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await
}

/// Returns the users who follow a request: its opener, its participants and
/// its assignee, without duplicates.
pub async fn followers<'e, E>(executor: E, request_id: i64) -> Result<Vec<i64>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT opened_by FROM requests WHERE id = $1 \
         UNION SELECT assignee_id FROM requests WHERE id = $1 AND assignee_id IS NOT NULL \
         UNION SELECT user_id FROM request_participants WHERE request_id = $1",
    )
    .bind(request_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Stores the customer's rating of a closed request. Returns false when the
/// request is not closed or already rated, so a rating is given only once.
pub async fn rate<'e, E>(
    executor: E,
    request_id: i64,
    rating: i64,
    comment: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let updated = sqlx::query(
        "UPDATE requests SET rating = $1, rating_comment = $2, rated_at = $3 \
         WHERE id = $4 AND state = 'closed' AND rating IS NULL",
    )
    .bind(rating)
    .bind(comment)
    .bind(now)
    .bind(request_id)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Sets the agent handling a request, or clears it with `None`. Returns
/// false when the request does not exist.
pub async fn assign<'e, E>(
    executor: E,
    request_id: i64,
    assignee_id: Option<i64>,
    now: Timestamp,
) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let updated =
        sqlx::query("UPDATE requests SET assignee_id = $1, updated_at = $2 WHERE id = $3")
            .bind(assignee_id)
            .bind(now)
            .bind(request_id)
            .execute(executor)
            .await?
            .rows_affected();
    Ok(updated == 1)
}

/// Sets the priority of a request.
pub async fn set_priority<'e, E>(
    executor: E,
    request_id: i64,
    priority: RequestPriority,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("UPDATE requests SET priority = $1, updated_at = $2 WHERE id = $3")
        .bind(priority.as_str())
        .bind(now)
        .bind(request_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// One status change for the service-level clocks.
#[derive(Debug, Clone, FromRow)]
pub struct StateChangeRecord {
    pub request_id: i64,
    pub to_state: String,
    pub created_at: i64,
}

/// How many request ids one query of [`state_changes`] binds.
const IDS_PER_QUERY: usize = 500;

/// Lists the status changes of the requests `request_ids`, oldest first per
/// request, for staff. Customers get none.
pub async fn state_changes(
    pool: &AnyPool,
    principal: &Principal,
    request_ids: &[i64],
) -> Result<Vec<StateChangeRecord>, sqlx::Error> {
    if !principal.role.is_staff() {
        return Ok(Vec::new());
    }
    let mut changes = Vec::new();
    for chunk in request_ids.chunks(IDS_PER_QUERY) {
        let mut conditions = Conditions::new();
        let placeholders: Vec<String> = chunk
            .iter()
            .map(|&id| conditions.bind(Value::Int(id)))
            .collect();
        conditions.push(format!("request_id IN ({})", placeholders.join(", ")));
        let sql = format!(
            "SELECT request_id, to_state, created_at FROM request_events{} ORDER BY request_id, id",
            conditions.where_clause()
        );
        let rows: Vec<StateChangeRecord> = conditions
            .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
            .fetch_all(pool)
            .await?;
        changes.extend(rows);
    }
    Ok(changes)
}

/// A reply template with placeholders such as `{customer}`.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct CannedReplyRecord {
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// Lists the canned replies by title, for staff. Customers get none.
pub async fn canned_replies(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<CannedReplyRecord>, sqlx::Error> {
    if !principal.role.is_staff() {
        return Ok(Vec::new());
    }
    sqlx::query_as("SELECT id, title, body FROM canned_replies ORDER BY title")
        .fetch_all(pool)
        .await
}

/// Adds or replaces a canned reply by title, for operators and demo data.
pub async fn upsert_canned_reply(
    pool: &AnyPool,
    title: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO canned_replies (title, body) VALUES ($1, $2) \
         ON CONFLICT (title) DO UPDATE SET body = excluded.body",
    )
    .bind(title)
    .bind(body)
    .execute(pool)
    .await?;
    Ok(())
}

/// A contract as the context panel shows it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ContractSummary {
    pub number: String,
    pub product: String,
    pub status: String,
}

/// Lists an organisation's contracts for staff; customers get none, since
/// they read their own through [`crate::store::contracts::list`].
pub async fn organisation_contracts(
    pool: &AnyPool,
    principal: &Principal,
    organisation_id: i64,
) -> Result<Vec<ContractSummary>, sqlx::Error> {
    if !principal.role.is_staff() {
        return Ok(Vec::new());
    }
    sqlx::query_as(
        "SELECT number, product, status FROM contracts WHERE organisation_id = $1 \
         ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, number",
    )
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// The short form of a document that a request's thread lists: its
/// attachments, the documents a customer may attach, and in the agents'
/// context panel the documents attached to the organisation's requests.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct DocumentSummary {
    pub id: i64,
    pub title: String,
    pub issue_date: String,
    /// The stored [`crate::domain::DocumentKind`] name.
    pub kind: String,
    /// The file's size in bytes.
    pub size: i64,
}

/// Lists the newest documents attached to any request of an organisation,
/// for staff; customers get none.
pub async fn organisation_attached_documents(
    pool: &AnyPool,
    principal: &Principal,
    organisation_id: i64,
    limit: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    if !principal.role.is_staff() {
        return Ok(Vec::new());
    }
    sqlx::query_as(
        "SELECT DISTINCT d.id, d.title, d.issue_date, d.kind, d.size FROM documents d \
         JOIN request_documents rd ON rd.document_id = d.id \
         JOIN requests r ON r.id = rd.request_id \
         WHERE r.organisation_id = $1 ORDER BY d.issue_date DESC, d.id DESC LIMIT $2",
    )
    .bind(organisation_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// An agent, for assigning requests.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct AgentRecord {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
}

/// Lists the enabled agents and operators by handle, for choosing whom to
/// assign a request to.
pub async fn agents(pool: &AnyPool) -> Result<Vec<AgentRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, handle, display_name FROM users \
         WHERE role IN ('agent', 'operator') AND disabled = 0 ORDER BY handle",
    )
    .fetch_all(pool)
    .await
}

/// Finds an enabled agent or operator by handle.
pub async fn find_agent(pool: &AnyPool, handle: &str) -> Result<Option<AgentRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, handle, display_name FROM users \
         WHERE handle = $1 AND role IN ('agent', 'operator') AND disabled = 0",
    )
    .bind(handle)
    .fetch_optional(pool)
    .await
}

/// Finds an enabled customer account of an organisation by handle, for
/// adding participants.
pub async fn find_colleague(
    pool: &AnyPool,
    organisation_id: i64,
    handle: &str,
) -> Result<Option<AgentRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, handle, display_name FROM users \
         WHERE handle = $1 AND role = 'customer' AND organisation_id = $2 AND disabled = 0",
    )
    .bind(handle)
    .bind(organisation_id)
    .fetch_optional(pool)
    .await
}
