//! Documents and their content, stored as content-addressed blobs.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, AssertSqlSafe, FromRow};

use super::filter::{Conditions, Value};
use crate::domain::{DocumentKind, DocumentStatus, Principal, Role, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct DocumentRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub owner_user_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub issue_date: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub status: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
    pub created_at: i64,
}

/// The order of a document list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentSort {
    /// Newest issue date first.
    #[default]
    Date,
    Kind,
    Title,
}

impl DocumentSort {
    fn order_by(self) -> &'static str {
        match self {
            DocumentSort::Date => "d.issue_date DESC, d.id DESC",
            DocumentSort::Kind => "d.kind, d.issue_date DESC, d.id DESC",
            DocumentSort::Title => "LOWER(d.title), d.id",
        }
    }
}

/// Order, filters and limit of a document list, applied within the
/// caller's scope.
#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    pub sort: DocumentSort,
    pub kind: Option<DocumentKind>,
    pub status: Option<DocumentStatus>,
    pub limit: Option<i64>,
}

const SELECT_DOCUMENT: &str = "SELECT d.id, d.organisation_id, d.owner_user_id, d.contract_id, d.kind, d.title, \
     d.issue_date, d.amount_cents, d.currency, d.status, d.size, d.content_type, d.sha256, d.created_at \
     FROM documents d";

/// Adds the caller's scope: a customer reads their organisation's documents,
/// except documents owned by another user (pay slips); staff see only
/// documents attached to a request.
fn scope(conditions: &mut Conditions, principal: &Principal) {
    match (principal.role, principal.organisation_id) {
        (Role::Customer, Some(organisation_id)) => {
            let organisation = conditions.bind(Value::Int(organisation_id));
            let user = conditions.bind(Value::Int(principal.user_id));
            conditions.push(format!(
                "d.organisation_id = {organisation} AND (d.owner_user_id IS NULL OR d.owner_user_id = {user})"
            ));
        }
        (Role::Customer, None) => conditions.push("1 = 0"),
        (Role::Agent | Role::Operator, _) => {
            conditions.push("d.id IN (SELECT rd.document_id FROM request_documents rd)");
        }
    }
}

/// Lists the documents the caller may see, filtered and sorted.
pub async fn list(
    pool: &AnyPool,
    principal: &Principal,
    query: &DocumentQuery,
) -> Result<Vec<DocumentRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    if let Some(kind) = query.kind {
        let placeholder = conditions.bind(Value::Text(kind.as_str().to_string()));
        conditions.push(format!("d.kind = {placeholder}"));
    }
    if let Some(status) = query.status {
        let placeholder = conditions.bind(Value::Text(status.as_str().to_string()));
        conditions.push(format!("d.status = {placeholder}"));
    }
    let limit = query
        .limit
        .map(|limit| format!(" LIMIT {}", limit.max(0)))
        .unwrap_or_default();
    let sql = format!(
        "{SELECT_DOCUMENT}{} ORDER BY {}{limit}",
        conditions.where_clause(),
        query.sort.order_by()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Lists the documents attached to a request, within the caller's
/// document scope, in the order they were attached.
pub async fn attached_to(
    pool: &AnyPool,
    principal: &Principal,
    request_id: i64,
) -> Result<Vec<DocumentRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let request = conditions.bind(Value::Int(request_id));
    let sql = format!(
        "{SELECT_DOCUMENT} JOIN request_documents rd ON rd.document_id = d.id AND rd.request_id = {request}{} \
         ORDER BY rd.attached_at, d.id",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Counts the caller's documents by status, as (total, new).
pub async fn counts(pool: &AnyPool, principal: &Principal) -> Result<(i64, i64), sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let sql = format!(
        "SELECT COUNT(*), COUNT(CASE WHEN d.status = 'new' THEN 1 END) FROM documents d{}",
        conditions.where_clause()
    );
    let (total, unread): (i64, i64) = conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_one(pool)
        .await?;
    Ok((total, unread))
}

/// Finds one document within the caller's scope.
pub async fn get(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<Option<DocumentRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("d.id = {placeholder}"));
    let sql = format!("{SELECT_DOCUMENT}{}", conditions.where_clause());
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_optional(pool)
        .await
}

/// Marks a new document of the caller's organisation as read. Staff reading
/// an attached document leave its status alone.
pub async fn mark_read(pool: &AnyPool, principal: &Principal, id: i64) -> Result<(), sqlx::Error> {
    if principal.role != Role::Customer {
        return Ok(());
    }
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("d.id = {placeholder}"));
    conditions.push("d.status = 'new'");
    let sql = format!(
        "UPDATE documents SET status = 'read' WHERE id IN (SELECT d.id FROM documents d{})",
        conditions.where_clause()
    );
    conditions
        .bind_to_query(sqlx::query(AssertSqlSafe(sql)))
        .execute(pool)
        .await?;
    Ok(())
}

/// Fields of a new document, for operators and demo data.
pub struct NewDocument<'a> {
    pub organisation_id: i64,
    pub owner_user_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub kind: DocumentKind,
    pub title: &'a str,
    pub issue_date: &'a str,
    pub amount_cents: Option<i64>,
    pub currency: Option<&'a str>,
    pub content_type: &'a str,
    pub content: &'a [u8],
}

/// Stores the content as a blob keyed by its SHA-256, unless already
/// present, and inserts the document. Returns the new id.
pub async fn insert(
    pool: &AnyPool,
    document: &NewDocument<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let sha256 = hex::encode(Sha256::digest(document.content));
    let size = i64::try_from(document.content.len()).unwrap_or(i64::MAX);

    let mut transaction = pool.begin().await?;
    let existing: Option<(String,)> = sqlx::query_as("SELECT sha256 FROM blobs WHERE sha256 = $1")
        .bind(&sha256)
        .fetch_optional(&mut *transaction)
        .await?;
    if existing.is_none() {
        sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3)")
            .bind(&sha256)
            .bind(size)
            .bind(document.content.to_vec())
            .execute(&mut *transaction)
            .await?;
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO documents (organisation_id, owner_user_id, contract_id, kind, title, issue_date, amount_cents, \
         currency, status, size, content_type, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10, $11, $12) RETURNING id",
    )
    .bind(document.organisation_id)
    .bind(document.owner_user_id)
    .bind(document.contract_id)
    .bind(document.kind.as_str())
    .bind(document.title)
    .bind(document.issue_date)
    .bind(document.amount_cents)
    .bind(document.currency)
    .bind(size)
    .bind(document.content_type)
    .bind(&sha256)
    .bind(now)
    .fetch_one(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(id)
}

/// Reads the content of a document within the caller's scope.
pub async fn content(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let Some(document) = get(pool, principal, id).await? else {
        return Ok(None);
    };
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT content FROM blobs WHERE sha256 = $1")
        .bind(&document.sha256)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(content,)| content))
}
