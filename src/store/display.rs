//! Display preferences: each user's theme and plain-mode choice for the
//! terminal interface.

use sqlx::{AnyPool, FromRow};

use crate::domain::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DisplayRecord {
    pub theme: String,
    /// 1 when the user reads Portico in the plain linear mode.
    pub plain_mode: i64,
}

/// Returns the stored preferences of `user_id`, if they chose any.
pub async fn find(pool: &AnyPool, user_id: i64) -> Result<Option<DisplayRecord>, sqlx::Error> {
    sqlx::query_as("SELECT theme, plain_mode FROM display_preferences WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
}

/// Stores the preferences of `user_id`, replacing earlier ones.
pub async fn save(
    pool: &AnyPool,
    user_id: i64,
    theme: &str,
    plain_mode: bool,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO display_preferences (user_id, theme, plain_mode, language, updated_at) \
         VALUES ($1, $2, $3, 'auto', $4) \
         ON CONFLICT (user_id) DO UPDATE \
         SET theme = excluded.theme, plain_mode = excluded.plain_mode, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(theme)
    .bind(i64::from(plain_mode))
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RegionalRecord {
    pub time_zone: String,
    pub date_format: String,
    pub language: String,
}

/// Returns the stored regional choices of `user_id`, if they chose any.
pub async fn find_regional(
    pool: &AnyPool,
    user_id: i64,
) -> Result<Option<RegionalRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT time_zone, date_format, language FROM display_preferences WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

/// Stores the regional choices of `user_id`, keeping the theme and plain
/// mode; a user without a row gets the default theme.
pub async fn save_regional(
    pool: &AnyPool,
    user_id: i64,
    record: &RegionalRecord,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO display_preferences \
         (user_id, theme, plain_mode, time_zone, date_format, language, updated_at) \
         VALUES ($1, 'default', 0, $2, $3, $4, $5) \
         ON CONFLICT (user_id) DO UPDATE \
         SET time_zone = excluded.time_zone, date_format = excluded.date_format, \
         language = excluded.language, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(&record.time_zone)
    .bind(&record.date_format)
    .bind(&record.language)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Returns the stored language code of `user_id`: "en", "fr", or "auto"
/// for the terminal's language; `None` when they never chose.
pub async fn language<'e, E>(executor: E, user_id: i64) -> Result<Option<String>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(String,)> =
        sqlx::query_as("SELECT language FROM display_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(executor)
            .await?;
    Ok(row.map(|(language,)| language))
}

/// The stored language codes that decide the language of texts sent to a
/// user outside their sessions.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RecipientLanguage {
    /// "en", "fr", or "auto" for the terminal's language; `None` when the
    /// user never chose.
    pub chosen: Option<String>,
    /// The language code of the user's latest terminal session; `None`
    /// before their first.
    pub session: Option<String>,
}

/// Returns the chosen and the latest session language codes of `user_id`,
/// or `None` for an unknown user.
pub async fn recipient_language<'e, E>(
    executor: E,
    user_id: i64,
) -> Result<Option<RecipientLanguage>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT d.language AS chosen, u.session_language AS session \
         FROM users u LEFT JOIN display_preferences d ON d.user_id = u.id \
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(executor)
    .await
}
