//! Per-account login throttling: consecutive failures, the time before
//! which further attempts are refused, and suspended factors. Every node
//! reads and writes the same rows, so the limits hold across reconnections
//! and nodes.

use sqlx::{AnyConnection, AnyPool, FromRow};

use crate::domain::Timestamp;

/// A factor whose failures are counted towards its suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Password,
    Totp,
    /// Recovery codes: counted towards the delay only, since they are the
    /// way back when the TOTP factor is suspended.
    RecoveryCode,
}

impl Factor {
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Password => "password",
            Factor::Totp => "totp",
            Factor::RecoveryCode => "recovery-code",
        }
    }
}

/// An account's throttling state. An account without a row has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct ThrottleState {
    pub consecutive_failures: i64,
    pub blocked_until: i64,
    pub password_failures: i64,
    pub totp_failures: i64,
    pub password_suspended: i64,
    pub totp_suspended: i64,
}

impl ThrottleState {
    /// Tells whether `factor` is suspended.
    pub fn is_suspended(&self, factor: Factor) -> bool {
        match factor {
            Factor::Password => self.password_suspended == 1,
            Factor::Totp => self.totp_suspended == 1,
            Factor::RecoveryCode => false,
        }
    }
}

const COLUMNS: &str = "consecutive_failures, blocked_until, password_failures, totp_failures, \
                       password_suspended, totp_suspended";

/// Returns the state of an account, or the empty state.
pub async fn state(pool: &AnyPool, user_id: i64) -> Result<ThrottleState, sqlx::Error> {
    let row: Option<ThrottleState> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM login_throttle WHERE user_id = $1"
    )))
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Counts one failure of `factor` in a single statement, so concurrent
/// failures on several nodes are all counted, and returns the new state.
/// `delay` maps the new consecutive count to seconds of refusal; a factor
/// whose count reaches `suspend_after` is suspended.
pub async fn record_failure(
    connection: &mut AnyConnection,
    user_id: i64,
    factor: Factor,
    suspend_after: i64,
    now: Timestamp,
    delay: impl Fn(i64) -> i64,
) -> Result<ThrottleState, sqlx::Error> {
    let (password, totp) = match factor {
        Factor::Password => (1, 0),
        Factor::Totp => (0, 1),
        Factor::RecoveryCode => (0, 0),
    };
    let counted: ThrottleState = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO login_throttle (user_id, consecutive_failures, password_failures, totp_failures) \
         VALUES ($1, 1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET \
           consecutive_failures = login_throttle.consecutive_failures + 1, \
           password_failures = login_throttle.password_failures + $2, \
           totp_failures = login_throttle.totp_failures + $3 \
         RETURNING {COLUMNS}"
    )))
    .bind(user_id)
    .bind(password)
    .bind(totp)
    .fetch_one(&mut *connection)
    .await?;

    // Times are whole seconds, so one second more makes every wait last at
    // least the delay, however late in its second the failure came.
    let delay = delay(counted.consecutive_failures);
    let blocked_until = if delay > 0 { now + delay + 1 } else { now };
    let password_suspended = i64::from(counted.password_failures >= suspend_after);
    let totp_suspended = i64::from(counted.totp_failures >= suspend_after);
    sqlx::query(
        "UPDATE login_throttle SET blocked_until = $2, \
           password_suspended = CASE WHEN $3 = 1 THEN 1 ELSE password_suspended END, \
           totp_suspended = CASE WHEN $4 = 1 THEN 1 ELSE totp_suspended END \
         WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(blocked_until)
    .bind(password_suspended)
    .bind(totp_suspended)
    .execute(&mut *connection)
    .await?;
    Ok(ThrottleState {
        blocked_until,
        password_suspended: counted.password_suspended.max(password_suspended),
        totp_suspended: counted.totp_suspended.max(totp_suspended),
        ..counted
    })
}

/// Resets the consecutive failures after a completed login. Suspended
/// factors stay suspended.
pub async fn record_success(pool: &AnyPool, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttle SET consecutive_failures = 0, blocked_until = 0, \
           password_failures = CASE WHEN password_suspended = 1 THEN password_failures ELSE 0 END, \
           totp_failures = CASE WHEN totp_suspended = 1 THEN totp_failures ELSE 0 END \
         WHERE user_id = $1",
    )
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Lifts the suspension of `factor` and clears its failures, once the user
/// has recovered it (a new password, a new TOTP enrolment).
pub async fn clear_suspension(
    pool: &AnyPool,
    user_id: i64,
    factor: Factor,
) -> Result<(), sqlx::Error> {
    let sql = match factor {
        Factor::Password => {
            "UPDATE login_throttle SET password_suspended = 0, password_failures = 0 WHERE user_id = $1"
        }
        Factor::Totp => {
            "UPDATE login_throttle SET totp_suspended = 0, totp_failures = 0 WHERE user_id = $1"
        }
        Factor::RecoveryCode => return Ok(()),
    };
    sqlx::query(sql).bind(user_id).execute(pool).await?;
    Ok(())
}

/// Tells whether a login step of the account failed from an address
/// whose login history entries start with `peer_prefix` (such as
/// `"192.0.2.7:"`) at or after `since`.
pub async fn has_failed_from(
    pool: &AnyPool,
    user_id: i64,
    peer_prefix: &str,
    since: Timestamp,
) -> Result<bool, sqlx::Error> {
    let pattern = format!("{peer_prefix}%");
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM login_history \
         WHERE user_id = $1 AND outcome LIKE 'rejected%' AND created_at >= $2 AND peer LIKE $3",
    )
    .bind(user_id)
    .bind(since)
    .bind(pattern)
    .fetch_one(pool)
    .await?;
    Ok(count > 0)
}
