//! Documents and their content, stored as content-addressed blobs.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, AssertSqlSafe, FromRow};

use super::Backend;
use super::filter::{Conditions, Value};
use super::fulltext::{WordMatch, match_expression, search_words};
use crate::domain::document::unique_file_name;
use crate::domain::organisation::BILLING_DOCUMENT_KINDS;
use crate::domain::{Capability, DocumentKind, DocumentStatus, Principal, Role, Timestamp};

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
    pub period: Option<String>,
    pub retention_until: Option<String>,
    /// 1 while an operator's legal hold keeps the retention job away.
    pub legal_hold: i64,
    /// The readable name shown over SFTP, unique per organisation and kind.
    pub file_name: String,
}

/// The order of a document list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentSort {
    /// Newest issue date first.
    #[default]
    Date,
    Kind,
    Title,
    /// Largest first.
    Size,
}

impl DocumentSort {
    fn order_by(self) -> &'static str {
        match self {
            DocumentSort::Date => "d.issue_date DESC, d.id DESC",
            DocumentSort::Kind => "d.kind, d.issue_date DESC, d.id DESC",
            DocumentSort::Title => "LOWER(d.title), d.id",
            DocumentSort::Size => "d.size DESC, d.id DESC",
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
    /// `Some(false)` leaves archived documents out, `Some(true)` keeps only
    /// them; `status` narrows further.
    pub archived: Option<bool>,
    /// Calendar year of the issue date.
    pub year: Option<i32>,
    /// First and last issue date, inclusive, as YYYY-MM-DD.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Words that must all occur in the title or the extracted text; each
    /// word also matches as the start of a longer word.
    pub search: Option<String>,
    /// Exact readable file name, as SFTP paths use it.
    pub file_name: Option<String>,
    /// Only documents linked to this contract.
    pub contract_id: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

const SELECT_DOCUMENT: &str = "SELECT d.id, d.organisation_id, d.owner_user_id, d.contract_id, d.kind, d.title, \
     d.issue_date, d.amount_cents, d.currency, d.status, d.size, d.content_type, d.sha256, d.created_at, \
     d.period, d.retention_until, d.legal_hold, d.file_name \
     FROM documents d";

/// The query plan of a SQLite document search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchPlan {
    /// Reads every matching document, then filters and sorts them: quick
    /// when few documents match.
    FromMatches,
    /// Reads the caller's documents in the sort order's index and keeps
    /// those that match, until the limit: quick when most documents match,
    /// because the limit stops the walk early instead of sorting every
    /// match.
    InSortOrder,
}

/// Factor of the requested rows (limit plus offset) from which a search is
/// common enough to read the documents in sort order. The walk reads about
/// rows × listed / matching documents, so matches in 20 times the rows keep
/// it short. With the screen's 500 rows, that is a word in 10,000 documents
/// or more.
const IN_SORT_ORDER_FACTOR: i64 = 20;

/// Estimates from the FTS5 vocabulary how many documents, in every
/// organisation, contain all of `words` as word prefixes. The estimate is
/// the smallest of the per-word counts, and a document with two words of
/// the same prefix counts twice in its word's count. A word whose
/// diacritics the tokenizer removes finds no vocabulary entry, so it
/// estimates 0 and keeps the plan for few matches.
async fn estimated_matches(pool: &AnyPool, words: &[String]) -> Result<i64, sqlx::Error> {
    let mut fewest = i64::MAX;
    for word in words {
        // U+10FFFF sorts after every other character, so the range contains
        // the terms that start with `word`.
        let (documents,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(SUM(doc), 0) FROM documents_fts_vocab WHERE term >= $1 AND term < $2",
        )
        .bind(word)
        .bind(format!("{word}\u{10FFFF}"))
        .fetch_one(pool)
        .await?;
        fewest = fewest.min(documents);
    }
    Ok(fewest)
}

/// Picks the plan of a SQLite search: in sort order when the search is
/// limited and its words are common enough to fill the page early.
async fn search_plan(
    pool: &AnyPool,
    backend: Backend,
    query: &DocumentQuery,
) -> Result<SearchPlan, sqlx::Error> {
    let (Backend::Sqlite, Some(limit), Some(search)) = (backend, query.limit, &query.search) else {
        return Ok(SearchPlan::FromMatches);
    };
    let words = search_words(search);
    if words.is_empty() {
        return Ok(SearchPlan::FromMatches);
    }
    let rows = limit
        .max(0)
        .saturating_add(query.offset.unwrap_or(0).max(0))
        .max(1);
    // NOTE: the estimate counts the documents of every organisation, so a
    // word common elsewhere but rare in the caller's organisation walks
    // that organisation's whole index (about 10 ms for 100,000 documents).
    let common =
        estimated_matches(pool, &words).await? >= rows.saturating_mul(IN_SORT_ORDER_FACTOR);
    Ok(if common {
        SearchPlan::InSortOrder
    } else {
        SearchPlan::FromMatches
    })
}

/// Adds the full-text condition for `words`: FTS5 on SQLite, a tsvector
/// match on PostgreSQL. Every word must match, as a prefix.
fn push_search(conditions: &mut Conditions, backend: Backend, words: &[String], plan: SearchPlan) {
    if words.is_empty() {
        return;
    }
    let expression = match_expression(backend, words, WordMatch::All);
    let placeholder = conditions.bind(Value::Text(expression));
    // The unary plus keeps SQLite from reading the documents by the list
    // of matches, so it walks the sort order's index and checks each
    // document against that list.
    let unary_plus = match plan {
        SearchPlan::FromMatches => "",
        SearchPlan::InSortOrder => "+",
    };
    match backend {
        Backend::Sqlite => conditions.push(format!(
            "{unary_plus}d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH {placeholder})"
        )),
        Backend::Postgres => conditions.push(format!(
            "d.search @@ to_tsquery('simple'::regconfig, {placeholder})"
        )),
    }
}

/// Builds the caller's scope and every filter of `query`.
fn filtered(
    principal: &Principal,
    backend: Backend,
    query: &DocumentQuery,
    plan: SearchPlan,
) -> Conditions {
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
    match query.archived {
        Some(true) => conditions.push("d.status = 'archived'"),
        Some(false) => conditions.push("d.status <> 'archived'"),
        None => {}
    }
    if let Some(year) = query.year {
        let first = conditions.bind(Value::Text(format!("{year:04}-01-01")));
        let last = conditions.bind(Value::Text(format!("{year:04}-12-31")));
        conditions.push(format!(
            "d.issue_date >= {first} AND d.issue_date <= {last}"
        ));
    }
    if let Some(from) = &query.from {
        let placeholder = conditions.bind(Value::Text(from.clone()));
        conditions.push(format!("d.issue_date >= {placeholder}"));
    }
    if let Some(to) = &query.to {
        let placeholder = conditions.bind(Value::Text(to.clone()));
        conditions.push(format!("d.issue_date <= {placeholder}"));
    }
    if let Some(file_name) = &query.file_name {
        let placeholder = conditions.bind(Value::Text(file_name.clone()));
        conditions.push(format!("d.file_name = {placeholder}"));
    }
    if let Some(contract_id) = query.contract_id {
        let placeholder = conditions.bind(Value::Int(contract_id));
        conditions.push(format!("d.contract_id = {placeholder}"));
    }
    if let Some(search) = &query.search {
        let (kind_words, words): (Vec<String>, Vec<String>) = search_words(search)
            .into_iter()
            .partition(|word| DocumentKind::from_search_word(word).is_some());
        push_search(&mut conditions, backend, &words, plan);
        for word in &kind_words {
            push_kind_word(&mut conditions, backend, word);
        }
    }
    conditions
}

/// Adds the condition for a search word that names a document kind, such
/// as "facture": the document is of that kind or its text contains the
/// word, because the full-text index contains titles and text but no kind.
fn push_kind_word(conditions: &mut Conditions, backend: Backend, word: &str) {
    let Some(kind) = DocumentKind::from_search_word(word) else {
        return;
    };
    let kind = conditions.bind(Value::Text(kind.as_str().to_string()));
    let expression = match_expression(backend, &[word.to_string()], WordMatch::All);
    let expression = conditions.bind(Value::Text(expression));
    match backend {
        Backend::Sqlite => conditions.push(format!(
            "(d.kind = {kind} OR d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH {expression}))"
        )),
        Backend::Postgres => conditions.push(format!(
            "(d.kind = {kind} OR d.search @@ to_tsquery('simple'::regconfig, {expression}))"
        )),
    }
}

/// Adds the caller's scope: a customer reads their organisation's documents,
/// except documents owned by another user (pay slips), and a billing member
/// only invoices and payment statements; staff see only documents attached
/// to a request.
fn scope(conditions: &mut Conditions, principal: &Principal) {
    match (principal.role, principal.organisation_id) {
        (Role::Customer, Some(organisation_id)) => {
            let organisation = conditions.bind(Value::Int(organisation_id));
            let user = conditions.bind(Value::Int(principal.user_id));
            conditions.push(format!(
                "d.organisation_id = {organisation} AND (d.owner_user_id IS NULL OR d.owner_user_id = {user})"
            ));
            if principal.may(Capability::ReadAllDocuments) {
                return;
            }
            if !principal.may(Capability::ReadBillingDocuments) {
                conditions.push("1 = 0");
                return;
            }
            let kinds: Vec<String> = BILLING_DOCUMENT_KINDS
                .iter()
                .map(|kind| conditions.bind(Value::Text(kind.as_str().to_string())))
                .collect();
            conditions.push(format!(
                "d.owner_user_id IS NULL AND d.kind IN ({})",
                kinds.join(", ")
            ));
        }
        (Role::Customer, None) => conditions.push("1 = 0"),
        (Role::Agent | Role::Operator, _) => {
            conditions.push("d.id IN (SELECT rd.document_id FROM request_documents rd)");
        }
    }
}

/// Lists the documents the caller may see, filtered and sorted. The
/// backend picks the full-text syntax of a search.
pub async fn list(
    pool: &AnyPool,
    backend: Backend,
    principal: &Principal,
    query: &DocumentQuery,
) -> Result<Vec<DocumentRecord>, sqlx::Error> {
    let plan = search_plan(pool, backend, query).await?;
    let conditions = filtered(principal, backend, query, plan);
    let mut page = String::new();
    if let Some(limit) = query.limit {
        page.push_str(&format!(" LIMIT {}", limit.max(0)));
        if let Some(offset) = query.offset {
            page.push_str(&format!(" OFFSET {}", offset.max(0)));
        }
    }
    let sql = format!(
        "{SELECT_DOCUMENT}{} ORDER BY {}{page}",
        conditions.where_clause(),
        query.sort.order_by()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Counts the documents [`list`] would return without its limit.
pub async fn count_matching(
    pool: &AnyPool,
    backend: Backend,
    principal: &Principal,
    query: &DocumentQuery,
) -> Result<i64, sqlx::Error> {
    let conditions = filtered(principal, backend, query, SearchPlan::FromMatches);
    let sql = format!(
        "SELECT COUNT(*) FROM documents d{}",
        conditions.where_clause()
    );
    let (count,): (i64,) = conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_one(pool)
        .await?;
    Ok(count)
}

/// Lists the (kind, year) folders that hold documents of the caller,
/// archived or not, for the SFTP tree.
pub async fn folders(
    pool: &AnyPool,
    principal: &Principal,
    archived: bool,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    conditions.push(if archived {
        "d.status = 'archived'"
    } else {
        "d.status <> 'archived'"
    });
    let sql = format!(
        "SELECT DISTINCT d.kind, SUBSTR(d.issue_date, 1, 4) AS year FROM documents d{} ORDER BY d.kind, year",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Returns up to `max_chars` characters of the text extracted from a
/// document in the caller's scope.
pub async fn text_preview(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
    max_chars: usize,
) -> Result<Option<String>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("d.id = {placeholder}"));
    let sql = format!(
        "SELECT d.body_text FROM documents d{}",
        conditions.where_clause()
    );
    let row: Option<(String,)> = conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(text,)| text.chars().take(max_chars).collect()))
}

/// Sets the status of a document in the caller's scope; customers only.
/// Returns false when no such document is in scope.
pub async fn set_status(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
    status: DocumentStatus,
) -> Result<bool, sqlx::Error> {
    if !principal.may(Capability::ChangeDocuments) {
        return Ok(false);
    }
    let mut conditions = Conditions::new();
    let status_placeholder = conditions.bind(Value::Text(status.as_str().to_string()));
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("d.id = {placeholder}"));
    let sql = format!(
        "UPDATE documents SET status = {status_placeholder} WHERE id IN (SELECT d.id FROM documents d{})",
        conditions.where_clause()
    );
    let updated = conditions
        .bind_to_query(sqlx::query(AssertSqlSafe(sql)))
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated > 0)
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

/// Marks a new document of the caller's organisation as read. Staff and
/// read-only members reading a document leave its status alone. Returns
/// whether the status changed.
pub async fn mark_read(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<bool, sqlx::Error> {
    if !principal.may(Capability::ChangeDocuments) {
        return Ok(false);
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
    let updated = conditions
        .bind_to_query(sqlx::query(AssertSqlSafe(sql)))
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated > 0)
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

/// Fields that ingestion derives or an operator adds beyond [`NewDocument`].
#[derive(Debug, Clone, Default)]
pub struct Ingested<'a> {
    pub period: Option<&'a str>,
    pub retention_until: Option<&'a str>,
    /// Text extracted from the content, for search and preview.
    pub body_text: &'a str,
    /// Extension of the readable file name, such as "pdf"; empty for none.
    pub extension: &'a str,
    /// A request to attach the new document to, and who attaches it, in
    /// the same transaction. The caller has checked the request's scope.
    pub attach_to_request: Option<(i64, i64)>,
}

/// Stores the content as a blob keyed by its SHA-256, unless already
/// present, and inserts the document with no extracted text. Returns the
/// new id.
pub async fn insert(
    pool: &AnyPool,
    document: &NewDocument<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    insert_ingested(pool, document, &Ingested::default(), now).await
}

/// Inserts a document as [`insert`] does, with the ingested fields, in one
/// transaction: the blob, the row and its unique readable file name.
pub async fn insert_ingested<'a, A>(
    connection: A,
    document: &NewDocument<'_>,
    ingested: &Ingested<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error>
where
    A: sqlx::Acquire<'a, Database = sqlx::Any>,
{
    let sha256 = hex::encode(Sha256::digest(document.content));
    let size = i64::try_from(document.content.len()).unwrap_or(i64::MAX);

    let mut transaction = connection.begin().await?;
    let taken_names: Vec<(String,)> = sqlx::query_as(
        "SELECT file_name FROM documents WHERE organisation_id = $1 AND kind = $2 AND issue_date = $3",
    )
    .bind(document.organisation_id)
    .bind(document.kind.as_str())
    .bind(document.issue_date)
    .fetch_all(&mut *transaction)
    .await?;
    let file_name = unique_file_name(
        document.issue_date,
        document.title,
        ingested.extension,
        |candidate| taken_names.iter().any(|(name,)| name == candidate),
    );

    // Identical content is stored once. A blob already present, even one
    // that another node inserted a moment ago, is left as it is.
    sqlx::query(
        "INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&sha256)
    .bind(size)
    .bind(document.content.to_vec())
    .execute(&mut *transaction)
    .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO documents (organisation_id, owner_user_id, contract_id, kind, title, issue_date, amount_cents, \
         currency, status, size, content_type, sha256, created_at, period, retention_until, body_text, file_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
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
    .bind(ingested.period)
    .bind(ingested.retention_until)
    .bind(ingested.body_text)
    .bind(&file_name)
    .fetch_one(&mut *transaction)
    .await?;
    if let Some((request_id, attached_by)) = ingested.attach_to_request {
        super::requests::attach_document(&mut *transaction, request_id, id, attached_by, now)
            .await?;
    }
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
    content_of(pool, &document).await
}

/// Reads the content of a document that [`get`] or [`list`] already
/// returned within the caller's scope.
pub async fn content_of(
    pool: &AnyPool,
    document: &DocumentRecord,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT content FROM blobs WHERE sha256 = $1")
        .bind(&document.sha256)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(content,)| content))
}

/// A request a document is attached to, as a document's detail shows it.
#[derive(Debug, Clone, FromRow)]
pub struct RelatedRequest {
    pub id: i64,
    pub subject: String,
    pub state: String,
    pub created_at: i64,
}

/// Lists the requests a document is attached to, within the caller's
/// request scope, newest first.
pub async fn related_requests(
    pool: &AnyPool,
    principal: &Principal,
    document_id: i64,
) -> Result<Vec<RelatedRequest>, sqlx::Error> {
    let mut conditions = Conditions::new();
    super::requests::scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(document_id));
    conditions.push(format!(
        "r.id IN (SELECT rd.request_id FROM request_documents rd WHERE rd.document_id = {placeholder})"
    ));
    let sql = format!(
        "SELECT r.id, r.subject, r.state, r.created_at FROM requests r{} ORDER BY r.created_at DESC, r.id DESC",
        conditions.where_clause()
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}
