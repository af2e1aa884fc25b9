//! Requests, their status history and their scoping: a customer reads the
//! requests of their organisation, and staff read every request.

use sqlx::{Acquire, Any, AnyPool, AssertSqlSafe, Executor, FromRow};

use super::filter::{Conditions, Value};
use crate::domain::sla::SlaStatus;
use crate::domain::{
    Capability, Principal, RequestCategory, RequestNumber, RequestPriority, RequestState, Role,
    Timestamp,
};

#[derive(Debug, Clone, FromRow)]
pub struct RequestRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub opened_by: i64,
    pub opened_by_name: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub document_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub subject: String,
    pub category: String,
    pub priority: String,
    pub state: String,
    pub next_step: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// When an agent first wrote a message the customer can see.
    pub first_response_at: Option<i64>,
    /// When the request was last closed; `None` while open.
    pub closed_at: Option<i64>,
    /// The customer's rating from 1 to 5, once closed.
    pub rating: Option<i64>,
    pub rating_comment: String,
    /// The place the customer opened the request from, such as "Documents:
    /// Invoice 2026-02".
    pub context: String,
    /// 1 for the organisation's general conversation with support.
    pub conversation: i64,
    /// Messages the caller has not read yet.
    pub unread: i64,
    pub message_count: i64,
    /// The service-level clocks; set by the service for staff.
    #[sqlx(skip)]
    pub sla: Option<SlaStatus>,
}

impl RequestRecord {
    /// Tells whether one of the request's service-level clocks has run out.
    /// A request without clocks, as customers see them, is never overdue.
    pub fn is_overdue(&self) -> bool {
        self.sla.is_some_and(|sla| sla.is_overdue())
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct RequestEventRecord {
    pub id: i64,
    pub actor_name: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub next_step: String,
    pub created_at: i64,
}

/// Whose requests a list holds, by assignee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    /// Requests assigned to the caller.
    Me,
    Unassigned,
}

/// Filters of a request list, applied within the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    pub state: Option<RequestState>,
    pub organisation_id: Option<i64>,
    pub open_only: bool,
    /// Lists general conversations too, which are left out by default.
    pub include_conversations: bool,
    /// Keeps only requests with at least one message the caller may read.
    pub has_messages: bool,
    pub limit: Option<i64>,
    pub category: Option<RequestCategory>,
    pub priority: Option<RequestPriority>,
    pub assignee: AssigneeFilter,
    /// Words separated by spaces that must all occur in the subject, the
    /// organisation's name or the opener's name, ignoring case. A word such
    /// as R-2026-000123 matches that request number instead.
    pub words: Option<String>,
    /// Keeps only requests with an overdue service-level clock. The
    /// clocks count business hours, so the service applies this filter
    /// after computing them, for staff only.
    pub overdue_only: bool,
}

/// Maximum number of words of a request search that are used.
const MAX_REQUEST_WORDS: usize = 8;

/// Builds a `LIKE` pattern that contains `word`, with `%`, `_` and the
/// backslash escaped by a backslash.
fn like_pattern(word: &str) -> String {
    let mut pattern = String::from("%");
    for c in word.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Adds the filters of `query` other than the scope and `overdue_only`.
fn push_filters(conditions: &mut Conditions, principal: &Principal, query: &RequestQuery) {
    if let Some(state) = query.state {
        let placeholder = conditions.bind(Value::Text(state.as_str().to_string()));
        conditions.push(format!("r.state = {placeholder}"));
    }
    if query.open_only {
        conditions.push("r.state <> 'closed'");
    }
    if !query.include_conversations {
        conditions.push("r.conversation = 0");
    }
    if query.has_messages {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM messages m WHERE m.request_id = r.id AND {})",
            visible_messages(principal)
        ));
    }
    if let Some(organisation_id) = query.organisation_id {
        let placeholder = conditions.bind(Value::Int(organisation_id));
        conditions.push(format!("r.organisation_id = {placeholder}"));
    }
    if let Some(category) = query.category {
        let placeholder = conditions.bind(Value::Text(category.as_str().to_string()));
        conditions.push(format!("r.category = {placeholder}"));
    }
    if let Some(priority) = query.priority {
        let placeholder = conditions.bind(Value::Text(priority.as_str().to_string()));
        conditions.push(format!("r.priority = {placeholder}"));
    }
    match query.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Me => {
            let placeholder = conditions.bind(Value::Int(principal.user_id));
            conditions.push(format!("r.assignee_id = {placeholder}"));
        }
        AssigneeFilter::Unassigned => conditions.push("r.assignee_id IS NULL"),
    }
    let words = query.words.as_deref().unwrap_or_default();
    for word in words.split_whitespace().take(MAX_REQUEST_WORDS) {
        if let Ok(number) = word.parse::<RequestNumber>() {
            let placeholder = conditions.bind(Value::Int(number.id));
            conditions.push(format!("r.id = {placeholder}"));
            continue;
        }
        let pattern = conditions.bind(Value::Text(like_pattern(word)));
        conditions.push(format!(
            "(LOWER(r.subject) LIKE {pattern} ESCAPE '\\' OR LOWER(o.name) LIKE {pattern} ESCAPE '\\' \
             OR LOWER(opener.display_name) LIKE {pattern} ESCAPE '\\')"
        ));
    }
}

/// Returns the SQL condition that hides internal notes from customers.
pub(super) fn visible_messages(principal: &Principal) -> &'static str {
    if principal.role == Role::Customer {
        "m.internal = 0"
    } else {
        "1 = 1"
    }
}

fn select_requests(conditions: &mut Conditions, principal: &Principal) -> String {
    let user = conditions.bind(Value::Int(principal.user_id));
    let visible = visible_messages(principal);
    format!(
        "SELECT r.id, r.organisation_id, o.name AS organisation_name, r.opened_by, \
         opener.display_name AS opened_by_name, r.assignee_id, assignee.display_name AS assignee_name, \
         r.document_id, r.contract_id, r.subject, r.category, r.priority, r.state, r.next_step, \
         r.created_at, r.updated_at, r.first_response_at, r.closed_at, r.rating, r.rating_comment, r.context, r.conversation, \
         (SELECT COUNT(*) FROM messages m WHERE m.request_id = r.id AND {visible} AND m.author_id <> {user} \
            AND m.id > COALESCE((SELECT t.last_read_message_id FROM thread_reads t \
                                 WHERE t.request_id = r.id AND t.user_id = {user}), 0)) AS unread, \
         (SELECT COUNT(*) FROM messages m WHERE m.request_id = r.id AND {visible}) AS message_count \
         FROM requests r \
         JOIN organisations o ON o.id = r.organisation_id \
         JOIN users opener ON opener.id = r.opened_by \
         LEFT JOIN users assignee ON assignee.id = r.assignee_id"
    )
}

/// Adds the caller's scope to a query over `requests r`.
pub(super) fn scope(conditions: &mut Conditions, principal: &Principal) {
    match (principal.role, principal.organisation_id) {
        (Role::Customer, Some(_)) if !principal.may(Capability::ReadRequests) => {
            conditions.push("1 = 0");
        }
        (Role::Customer, Some(organisation_id)) => {
            let organisation = conditions.bind(Value::Int(organisation_id));
            conditions.push(format!("r.organisation_id = {organisation}"));
        }
        (Role::Customer, None) => conditions.push("1 = 0"),
        (Role::Agent | Role::Operator, _) => {}
    }
}

/// Lists the requests the caller may see, most recently updated first.
pub async fn list(
    pool: &AnyPool,
    principal: &Principal,
    query: &RequestQuery,
) -> Result<Vec<RequestRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    let select = select_requests(&mut conditions, principal);
    scope(&mut conditions, principal);
    push_filters(&mut conditions, principal, query);
    let limit = query
        .limit
        .map(|limit| format!(" LIMIT {}", limit.max(0)))
        .unwrap_or_default();
    let sql = format!(
        "{select}{} ORDER BY r.updated_at DESC, r.id DESC{limit}",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Finds one request within the caller's scope.
pub async fn get(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<Option<RequestRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    let select = select_requests(&mut conditions, principal);
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("r.id = {placeholder}"));
    let sql = format!("{select}{}", conditions.where_clause());
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_optional(pool)
        .await
}

/// Counts the caller's open requests.
pub async fn count_open(pool: &AnyPool, principal: &Principal) -> Result<i64, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    conditions.push("r.state <> 'closed'");
    conditions.push("r.conversation = 0");
    let sql = format!(
        "SELECT COUNT(*) FROM requests r{}",
        conditions.where_clause()
    );
    let (count,): (i64,) = conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_one(pool)
        .await?;
    Ok(count)
}

/// Lists the status history of a request within the caller's scope, oldest
/// first. A request outside the scope yields an empty list. A change made
/// by the operator's command line has an empty `actor_name`.
pub async fn history(
    pool: &AnyPool,
    principal: &Principal,
    request_id: i64,
) -> Result<Vec<RequestEventRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(request_id));
    conditions.push(format!("r.id = {placeholder}"));
    let sql = format!(
        "SELECT e.id, COALESCE(u.display_name, '') AS actor_name, e.from_state, e.to_state, e.next_step, \
         e.created_at \
         FROM request_events e LEFT JOIN users u ON u.id = e.actor_id JOIN requests r ON r.id = e.request_id{} \
         ORDER BY e.id",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Fields of a new request.
pub struct NewRequest<'a> {
    pub organisation_id: i64,
    pub subject: &'a str,
    pub category: RequestCategory,
    pub priority: &'a str,
    pub body: &'a str,
    pub next_step: &'a str,
    pub document_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub context: &'a str,
    /// Marks an erasure request (GDPR article 17), which the operator
    /// lists and closes when erasing the account.
    pub erasure: bool,
}

/// Inserts a request in state received with its first message and history
/// entry, in one transaction, and returns its id. The caller has already
/// checked that `opened_by` may open requests for the organisation.
pub async fn insert<'a, A>(
    connection: A,
    opened_by: i64,
    request: &NewRequest<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let mut transaction = connection.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO requests (organisation_id, opened_by, document_id, contract_id, subject, category, priority, \
         state, next_step, created_at, updated_at, context, erasure) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8, $9, $9, $10, $11) RETURNING id",
    )
    .bind(request.organisation_id)
    .bind(opened_by)
    .bind(request.document_id)
    .bind(request.contract_id)
    .bind(request.subject)
    .bind(request.category.as_str())
    .bind(request.priority)
    .bind(request.next_step)
    .bind(now)
    .bind(request.context)
    .bind(i64::from(request.erasure))
    .fetch_one(&mut *transaction)
    .await?;

    sqlx::query(
        "INSERT INTO request_events (request_id, actor_id, from_state, to_state, next_step, created_at) \
         VALUES ($1, $2, NULL, 'received', $3, $4)",
    )
    .bind(id)
    .bind(opened_by)
    .bind(request.next_step)
    .bind(now)
    .execute(&mut *transaction)
    .await?;

    sqlx::query("INSERT INTO messages (request_id, author_id, body, internal, created_at) VALUES ($1, $2, $3, 0, $4)")
        .bind(id)
        .bind(opened_by)
        .bind(request.body)
        .bind(now)
        .execute(&mut *transaction)
        .await?;

    if let Some(document_id) = request.document_id {
        attach_document(&mut *transaction, id, document_id, opened_by, now).await?;
    }

    transaction.commit().await?;
    Ok(id)
}

/// Attaches a document to a request; attaching it twice changes nothing.
/// The caller has checked that both are in its scope.
pub async fn attach_document<'e, E>(
    executor: E,
    request_id: i64,
    document_id: i64,
    attached_by: i64,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO request_documents (request_id, document_id, attached_by, attached_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (request_id, document_id) DO NOTHING",
    )
    .bind(request_id)
    .bind(document_id)
    .bind(attached_by)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// Moves a request to `to` and records who did it and the next step shown to
/// the customer. Returns false when the request was no longer in `from`,
/// so two agents cannot apply conflicting changes.
pub async fn change_state<'a, A>(
    connection: A,
    request_id: i64,
    actor_id: i64,
    from: RequestState,
    to: RequestState,
    next_step: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let mut transaction = connection.begin().await?;
    let closed_at = (to == RequestState::Closed).then_some(now);
    let updated = sqlx::query(
        "UPDATE requests SET state = $1, next_step = $2, updated_at = $3, closed_at = $4 WHERE id = $5 AND state = $6",
    )
    .bind(to.as_str())
    .bind(next_step)
    .bind(now)
    .bind(closed_at)
    .bind(request_id)
    .bind(from.as_str())
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    if updated != 1 {
        transaction.rollback().await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO request_events (request_id, actor_id, from_state, to_state, next_step, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(actor_id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(next_step)
    .bind(now)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(true)
}

/// Returns the id of an organisation's general conversation with support,
/// creating it on first use. The caller has checked that `opened_by`
/// belongs to the organisation.
pub async fn conversation(
    pool: &AnyPool,
    organisation_id: i64,
    opened_by: i64,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let find = || {
        sqlx::query_as::<_, (i64,)>(
            "SELECT id FROM requests WHERE organisation_id = $1 AND conversation = 1",
        )
        .bind(organisation_id)
    };
    if let Some((id,)) = find().fetch_optional(pool).await? {
        return Ok(id);
    }
    // Two sessions may create it at once; the unique index keeps one row.
    sqlx::query(
        "INSERT INTO requests (organisation_id, opened_by, subject, category, priority, state, next_step, \
         created_at, updated_at, conversation) \
         VALUES ($1, $2, 'General conversation with support', 'other', 'normal', 'received', \
         'Write to support about anything; an agent answers here.', $3, $3, 1) \
         ON CONFLICT DO NOTHING",
    )
    .bind(organisation_id)
    .bind(opened_by)
    .bind(now)
    .execute(pool)
    .await?;
    let (id,) = find().fetch_one(pool).await?;
    Ok(id)
}
