//! A user's notification preferences (channels per kind, quiet hours,
//! digest) and pending contact changes. Every function takes the id of the
//! user whose rows it touches; the service passes the caller's own id.

use sqlx::{Any, AnyConnection, Executor, FromRow};

use crate::domain::Timestamp;

/// Channels of one notification kind.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ChannelRow {
    pub kind: String,
    pub email: i64,
    pub sms: i64,
}

/// The local hour of the daily digest of a user who did not choose one.
pub const DEFAULT_DIGEST_HOUR: i64 = 8;

/// Quiet hours and digest of a user.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct SettingsRow {
    pub quiet_start: Option<i64>,
    pub quiet_end: Option<i64>,
    pub utc_offset_minutes: i64,
    pub digest: i64,
    pub last_digest_at: Option<i64>,
    /// Local hour, 0 to 23, from which the daily digest is due.
    pub digest_hour: i64,
    /// The IANA zone of the user's regional preferences, when they saved
    /// any; quiet hours follow it, daylight-saving changes included,
    /// unless it is UTC, where `utc_offset_minutes` applies.
    pub time_zone: Option<String>,
}

impl Default for SettingsRow {
    fn default() -> Self {
        SettingsRow {
            quiet_start: None,
            quiet_end: None,
            utc_offset_minutes: 0,
            digest: 0,
            last_digest_at: None,
            digest_hour: DEFAULT_DIGEST_HOUR,
            time_zone: None,
        }
    }
}

/// Lists the channel rows a user saved.
pub async fn channels<'e, E>(executor: E, user_id: i64) -> Result<Vec<ChannelRow>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as("SELECT kind, email, sms FROM notification_channels WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(executor)
        .await
}

/// Saves the channels of one kind.
pub async fn set_channel<'e, E>(
    executor: E,
    user_id: i64,
    kind: &str,
    email: bool,
    sms: bool,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO notification_channels (user_id, kind, email, sms) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email, sms = excluded.sms",
    )
    .bind(user_id)
    .bind(kind)
    .bind(i64::from(email))
    .bind(i64::from(sms))
    .execute(executor)
    .await?;
    Ok(())
}

/// Returns a user's settings, with the defaults for what they did not
/// save. The time zone of their regional preferences is read even when
/// they saved no notification settings.
pub async fn settings<'e, E>(executor: E, user_id: i64) -> Result<SettingsRow, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<SettingsRow> = sqlx::query_as(
        "SELECT n.quiet_start, n.quiet_end, \
         COALESCE(n.utc_offset_minutes, 0) AS utc_offset_minutes, \
         COALESCE(n.digest, 0) AS digest, n.last_digest_at, \
         COALESCE(n.digest_hour, 8) AS digest_hour, d.time_zone \
         FROM users u LEFT JOIN notification_settings n ON n.user_id = u.id \
         LEFT JOIN display_preferences d ON d.user_id = u.id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(executor)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Saves a user's quiet hours, time offset, digest choice and digest hour.
pub async fn set_settings<'e, E>(
    executor: E,
    user_id: i64,
    settings: &SettingsRow,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO notification_settings \
         (user_id, quiet_start, quiet_end, utc_offset_minutes, digest, digest_hour) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET \
         quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, \
         utc_offset_minutes = excluded.utc_offset_minutes, digest = excluded.digest, \
         digest_hour = excluded.digest_hour",
    )
    .bind(user_id)
    .bind(settings.quiet_start)
    .bind(settings.quiet_end)
    .bind(settings.utc_offset_minutes)
    .bind(settings.digest)
    .bind(settings.digest_hour)
    .execute(executor)
    .await?;
    Ok(())
}

/// Records that a digest was sent to a user at `now`, if the last one on
/// record is still `previous`. Returns false when another run (another
/// node, or a run before a restart) recorded a digest in the meantime.
/// Inside a transaction, a concurrent claim waits for this one to end.
pub async fn claim_digest<'e, E>(
    executor: E,
    user_id: i64,
    previous: Option<Timestamp>,
    now: Timestamp,
) -> Result<bool, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    // -1 stands for "never", since no digest is sent before 1970.
    let result = sqlx::query(
        "INSERT INTO notification_settings (user_id, last_digest_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at \
         WHERE COALESCE(notification_settings.last_digest_at, -1) = $3",
    )
    .bind(user_id)
    .bind(now)
    .bind(previous.unwrap_or(-1))
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Returns a user's email address and phone number.
pub async fn contact<'e, E>(
    executor: E,
    user_id: i64,
) -> Result<Option<(String, Option<String>)>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as("SELECT email, phone FROM users WHERE id = $1 AND disabled = 0")
        .bind(user_id)
        .fetch_optional(executor)
        .await
}

/// A pending change of email address or phone number.
#[derive(Debug, Clone, FromRow)]
pub struct ContactChangeRow {
    pub new_value: String,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

/// Replaces the user's pending change on `channel` ("email" or "sms").
pub async fn begin_contact_change(
    connection: &mut AnyConnection,
    user_id: i64,
    channel: &str,
    new_value: &str,
    code_hash: &str,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM contact_changes WHERE user_id = $1 AND channel = $2")
        .bind(user_id)
        .bind(channel)
        .execute(&mut *connection)
        .await?;
    sqlx::query(
        "INSERT INTO contact_changes (user_id, channel, new_value, code_hash, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(channel)
    .bind(new_value)
    .bind(code_hash)
    .bind(expires_at)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Returns the user's pending change on `channel`, after counting one more
/// attempt at its code.
pub async fn count_contact_attempt(
    connection: &mut AnyConnection,
    user_id: i64,
    channel: &str,
) -> Result<Option<ContactChangeRow>, sqlx::Error> {
    sqlx::query(
        "UPDATE contact_changes SET attempts = attempts + 1 WHERE user_id = $1 AND channel = $2",
    )
    .bind(user_id)
    .bind(channel)
    .execute(&mut *connection)
    .await?;
    sqlx::query_as(
        "SELECT new_value, code_hash, expires_at, attempts FROM contact_changes \
         WHERE user_id = $1 AND channel = $2",
    )
    .bind(user_id)
    .bind(channel)
    .fetch_optional(&mut *connection)
    .await
}

/// Deletes the user's pending change on `channel`, so its code is used once.
pub async fn end_contact_change<'e, E>(
    executor: E,
    user_id: i64,
    channel: &str,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("DELETE FROM contact_changes WHERE user_id = $1 AND channel = $2")
        .bind(user_id)
        .bind(channel)
        .execute(executor)
        .await?;
    Ok(())
}

/// Sets a user's email address or phone number.
pub async fn set_contact<'e, E>(
    executor: E,
    user_id: i64,
    channel: &str,
    value: &str,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let sql = if channel == "email" {
        "UPDATE users SET email = $1 WHERE id = $2"
    } else {
        "UPDATE users SET phone = $1 WHERE id = $2"
    };
    sqlx::query(sql)
        .bind(value)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}
