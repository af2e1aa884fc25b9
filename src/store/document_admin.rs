//! Operator-only document functions: duplicates at ingestion, legal hold
//! and deletion past retention. None of them is scoped by a principal, so
//! only `portico admin` and the retention job call them.

use sqlx::{AnyPool, FromRow};

/// A document as the retention job and the hold command see it.
#[derive(Debug, Clone, FromRow)]
pub struct RetainedDocument {
    pub id: i64,
    pub organisation_id: i64,
    pub kind: String,
    pub title: String,
    pub retention_until: Option<String>,
    pub legal_hold: i64,
    pub sha256: String,
}

const SELECT_RETAINED: &str =
    "SELECT id, organisation_id, kind, title, retention_until, legal_hold, sha256 FROM documents";

/// Finds any document by id.
pub async fn find(pool: &AnyPool, id: i64) -> Result<Option<RetainedDocument>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_RETAINED} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Returns the id of a document of the organisation with this content, if
/// any, so ingestion can reject duplicates.
pub async fn duplicate(
    pool: &AnyPool,
    organisation_id: i64,
    sha256: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM documents WHERE organisation_id = $1 AND sha256 = $2 ORDER BY id LIMIT 1",
    )
    .bind(organisation_id)
    .bind(sha256)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Sets or releases the legal hold of a document; false when it does not
/// exist.
pub async fn set_hold(pool: &AnyPool, id: i64, hold: bool) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query("UPDATE documents SET legal_hold = $1 WHERE id = $2")
        .bind(i64::from(hold))
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated > 0)
}

/// Lists documents whose retention date is before `today` (YYYY-MM-DD) and
/// that are not under legal hold, oldest first, at most `limit`.
pub async fn expired(
    pool: &AnyPool,
    today: &str,
    limit: i64,
) -> Result<Vec<RetainedDocument>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_RETAINED} WHERE retention_until IS NOT NULL AND retention_until < $1 AND legal_hold = 0 \
         ORDER BY retention_until, id LIMIT {}",
        limit.max(0)
    )))
    .bind(today)
    .fetch_all(pool)
    .await
}

/// Deletes a document that is not under legal hold, in one transaction:
/// requests that named it keep their history but lose the link, its
/// attachments go, and its blob goes once no document uses it. Returns
/// false when the document is gone or held.
pub async fn delete(pool: &AnyPool, document: &RetainedDocument) -> Result<bool, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    sqlx::query("UPDATE requests SET document_id = NULL WHERE document_id = $1")
        .bind(document.id)
        .execute(&mut *transaction)
        .await?;
    sqlx::query("DELETE FROM request_documents WHERE document_id = $1")
        .bind(document.id)
        .execute(&mut *transaction)
        .await?;
    let deleted = sqlx::query("DELETE FROM documents WHERE id = $1 AND legal_hold = 0")
        .bind(document.id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    if deleted == 0 {
        transaction.rollback().await?;
        return Ok(false);
    }
    sqlx::query(
        "DELETE FROM blobs WHERE sha256 = $1 AND NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1)",
    )
    .bind(&document.sha256)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(true)
}

/// Finds an organisation's id by its exact name.
pub async fn organisation_id(pool: &AnyPool, name: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Finds a contract's id by its number within an organisation.
pub async fn contract_id(
    pool: &AnyPool,
    organisation_id: i64,
    number: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM contracts WHERE organisation_id = $1 AND number = $2")
            .bind(organisation_id)
            .bind(number)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// Lists the ids of an organisation's enabled customer accounts, who are
/// told about its new documents.
pub async fn customer_ids<'e, E>(executor: E, organisation_id: i64) -> Result<Vec<i64>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM users WHERE organisation_id = $1 AND role = 'customer' AND disabled = 0 ORDER BY id",
    )
    .bind(organisation_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
