//! Knowledge base articles and the record of which articles were offered
//! for which request subject. Customers read published articles for
//! everyone or for their organisation; staff read every published article.

use sqlx::{AnyConnection, AnyPool, AssertSqlSafe, FromRow};

use super::Backend;
use super::filter::{Conditions, Value};
use super::fulltext::{WordMatch, match_expression};
use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ArticleRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub category: String,
    pub body: String,
    pub updated_at: i64,
}

/// The readers of an article, and whether it is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleVisibility {
    /// A draft is never shown or searched.
    pub published: bool,
    /// Only agents and operators read a staff article.
    pub staff_only: bool,
    /// Only this organisation's customers (and staff) read the article.
    pub organisation_id: Option<i64>,
}

impl Default for ArticleVisibility {
    /// Published for everyone.
    fn default() -> Self {
        ArticleVisibility {
            published: true,
            staff_only: false,
            organisation_id: None,
        }
    }
}

/// Adds an article or replaces the one with the same slug; returns true
/// when it was new. For operators importing articles.
pub async fn upsert(
    pool: &AnyPool,
    slug: &str,
    title: &str,
    category: &str,
    body: &str,
    visibility: ArticleVisibility,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let audience = if visibility.staff_only {
        "staff"
    } else {
        "everyone"
    };
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM kb_articles WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await?;
    if existing.is_some() {
        sqlx::query(
            "UPDATE kb_articles SET title = $1, category = $2, body = $3, updated_at = $4, \
             published = $5, audience = $6, organisation_id = $7 WHERE slug = $8",
        )
        .bind(title)
        .bind(category)
        .bind(body)
        .bind(now)
        .bind(i64::from(visibility.published))
        .bind(audience)
        .bind(visibility.organisation_id)
        .bind(slug)
        .execute(pool)
        .await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO kb_articles (slug, title, category, body, updated_at, published, audience, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(slug)
    .bind(title)
    .bind(category)
    .bind(body)
    .bind(now)
    .bind(i64::from(visibility.published))
    .bind(audience)
    .bind(visibility.organisation_id)
    .execute(pool)
    .await?;
    Ok(true)
}

const SELECT_ARTICLE: &str =
    "SELECT a.id, a.slug, a.title, a.category, a.body, a.updated_at FROM kb_articles a";

/// Adds the caller's scope over `kb_articles a`. Everyone reads only
/// published articles. Customers also skip staff articles and those
/// limited to another organisation.
fn scope(conditions: &mut Conditions, principal: &Principal) {
    conditions.push("a.published = 1");
    if principal.role.is_staff() {
        return;
    }
    conditions.push("a.audience = 'everyone'");
    match principal.customer_organisation() {
        Some(organisation_id) => {
            let placeholder = conditions.bind(Value::Int(organisation_id));
            conditions.push(format!(
                "(a.organisation_id IS NULL OR a.organisation_id = {placeholder})"
            ));
        }
        None => conditions.push("a.organisation_id IS NULL"),
    }
}

/// Finds the articles in the caller's scope that contain any of `words`
/// (from [`search_words`](super::fulltext::search_words)), best match
/// first: FTS5's bm25 on SQLite and ts_rank on PostgreSQL, both weighing a
/// title word above a category word above a body word.
pub async fn search(
    pool: &AnyPool,
    backend: Backend,
    principal: &Principal,
    words: &[String],
    limit: i64,
) -> Result<Vec<ArticleRecord>, sqlx::Error> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut conditions = Conditions::new();
    let expression = conditions.bind(Value::Text(match_expression(
        backend,
        words,
        WordMatch::Any,
    )));
    let (from, rank) = match backend {
        Backend::Sqlite => {
            conditions.push(format!("kb_articles_fts MATCH {expression}"));
            (
                " JOIN kb_articles_fts ON kb_articles_fts.rowid = a.id",
                "bm25(kb_articles_fts, 10.0, 4.0, 1.0)".to_string(),
            )
        }
        Backend::Postgres => {
            let query = format!("to_tsquery('simple'::regconfig, {expression})");
            conditions.push(format!("a.search @@ {query}"));
            ("", format!("ts_rank(a.search, {query}) DESC"))
        }
    };
    scope(&mut conditions, principal);
    let sql = format!(
        "{SELECT_ARTICLE}{from}{} ORDER BY {rank}, a.title, a.id LIMIT {}",
        conditions.where_clause(),
        limit.max(0)
    );
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(pool)
        .await
}

/// Finds one article in the caller's scope.
pub async fn get(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<Option<ArticleRecord>, sqlx::Error> {
    let mut conditions = Conditions::new();
    scope(&mut conditions, principal);
    let placeholder = conditions.bind(Value::Int(id));
    conditions.push(format!("a.id = {placeholder}"));
    let sql = format!("{SELECT_ARTICLE}{}", conditions.where_clause());
    conditions
        .bind_to(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_optional(pool)
        .await
}

/// Records that articles were offered to `user_id` for `subject`, and the
/// request the user then opened, if any.
pub async fn record_suggestions(
    pool: &AnyPool,
    user_id: i64,
    article_ids: &[i64],
    subject: &str,
    request_id: Option<i64>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    insert_suggestions(
        &mut transaction,
        user_id,
        article_ids,
        subject,
        request_id,
        now,
    )
    .await?;
    transaction.commit().await
}

/// Inserts one suggestion row per article on `connection`.
async fn insert_suggestions(
    connection: &mut AnyConnection,
    user_id: i64,
    article_ids: &[i64],
    subject: &str,
    request_id: Option<i64>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    for article_id in article_ids {
        sqlx::query(
            "INSERT INTO kb_suggestions (user_id, article_id, subject, request_id, created_at) \
             SELECT $1, id, $3, $4, $5 FROM kb_articles WHERE id = $2",
        )
        .bind(user_id)
        .bind(article_id)
        .bind(subject)
        .bind(request_id)
        .bind(now)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

/// Links the articles offered to `user_id` since `since` to the request the
/// user then opened: rows recorded when the articles were shown are
/// replaced by rows that name the request, so each offer counts once.
/// Runs on `connection`, inside the transaction that opens the request.
pub async fn link_suggestions(
    connection: &mut AnyConnection,
    user_id: i64,
    article_ids: &[i64],
    subject: &str,
    request_id: i64,
    since: Timestamp,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    for article_id in article_ids {
        sqlx::query(
            "DELETE FROM kb_suggestions WHERE user_id = $1 AND article_id = $2 \
             AND request_id IS NULL AND created_at >= $3",
        )
        .bind(user_id)
        .bind(article_id)
        .bind(since)
        .execute(&mut *connection)
        .await?;
    }
    insert_suggestions(
        connection,
        user_id,
        article_ids,
        subject,
        Some(request_id),
        now,
    )
    .await
}

/// How often an article was offered, and how often the customer opened
/// the request anyway.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct SuggestionStats {
    pub slug: String,
    pub title: String,
    pub offered: i64,
    pub opened_anyway: i64,
}

/// Lists per article how often it was offered and how often a request was
/// opened after all, most offered first.
pub async fn suggestion_stats(pool: &AnyPool) -> Result<Vec<SuggestionStats>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.slug, a.title, COUNT(s.id) AS offered, COUNT(s.request_id) AS opened_anyway \
         FROM kb_articles a LEFT JOIN kb_suggestions s ON s.article_id = a.id \
         GROUP BY a.id, a.slug, a.title ORDER BY COUNT(s.id) DESC, a.slug",
    )
    .fetch_all(pool)
    .await
}
