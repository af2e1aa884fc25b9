//! Knowledge base articles and the record of which articles were offered
//! for which request subject. Articles are public to every logged-in user.

use sqlx::{AnyPool, FromRow};

use crate::domain::Timestamp;

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ArticleRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub category: String,
    pub body: String,
    pub updated_at: i64,
}

/// Adds an article or replaces the one with the same slug; returns true
/// when it was new.
pub async fn upsert(
    pool: &AnyPool,
    slug: &str,
    title: &str,
    category: &str,
    body: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM kb_articles WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await?;
    if existing.is_some() {
        sqlx::query(
            "UPDATE kb_articles SET title = $1, category = $2, body = $3, updated_at = $4 WHERE slug = $5",
        )
        .bind(title)
        .bind(category)
        .bind(body)
        .bind(now)
        .bind(slug)
        .execute(pool)
        .await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO kb_articles (slug, title, category, body, updated_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(slug)
    .bind(title)
    .bind(category)
    .bind(body)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(true)
}

/// Lists every article by category and title.
pub async fn list(pool: &AnyPool) -> Result<Vec<ArticleRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, title, category, body, updated_at FROM kb_articles ORDER BY category, title",
    )
    .fetch_all(pool)
    .await
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<ArticleRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, title, category, body, updated_at FROM kb_articles WHERE id = $1",
    )
    .bind(id)
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
        .execute(&mut *transaction)
        .await?;
    }
    transaction.commit().await
}

/// Links the articles offered to `user_id` since `since` to the request the
/// user then opened: rows recorded when the articles were shown are
/// replaced by rows that name the request, so each offer counts once.
pub async fn link_suggestions(
    pool: &AnyPool,
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
        .execute(pool)
        .await?;
    }
    record_suggestions(pool, user_id, article_ids, subject, Some(request_id), now).await
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
