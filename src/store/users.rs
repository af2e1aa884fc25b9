//! Accounts and organisations. These functions serve authentication and
//! administration, which run before or outside a customer's session, so
//! they take ids and handles instead of a principal.

use sqlx::{AnyPool, AssertSqlSafe, FromRow};

use crate::domain::{MemberRole, Principal, Role, Timestamp};

/// An account as stored, with the secrets that authentication needs.
#[derive(Debug, Clone, FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub disabled: i64,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// Consecutive failed second-factor codes, across connections.
    /// When the pending operator reset expires, if one is pending.
    pub reset_expires_at: Option<i64>,
    /// 1 after a reset, until a new password and TOTP are set.
    pub must_renew_factors: i64,
    /// The role in the organisation of `organisation_id`, for customers.
    pub member_role: Option<String>,
}

impl UserRecord {
    /// Returns the principal this account acts as once it has logged in.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            handle: self.handle.clone(),
            display_name: self.display_name.clone(),
            role: self.role.parse().unwrap_or(Role::Customer),
            organisation_id: self.organisation_id,
            organisation_name: self.organisation_name.clone(),
            member_role: self
                .member_role
                .as_deref()
                .and_then(|role| role.parse().ok()),
        }
    }

    pub fn totp_enrolled(&self) -> bool {
        self.totp_secret.is_some()
    }
}

const SELECT_USER: &str = "SELECT u.id, u.handle, u.display_name, u.email, u.role, u.organisation_id, \
     o.name AS organisation_name, u.password_hash, u.totp_secret, u.totp_last_step, u.disabled, \
     u.created_at, u.last_login_at, u.reset_expires_at, \
     u.must_renew_factors, m.role AS member_role \
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id \
     LEFT JOIN organisation_members m ON m.user_id = u.id AND m.organisation_id = u.organisation_id";

/// Finds an account by handle.
pub async fn find_by_handle(
    pool: &AnyPool,
    handle: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT_USER} WHERE u.handle = $1")))
        .bind(handle)
        .fetch_optional(pool)
        .await
}

/// Finds an account by id.
pub async fn find_by_id(pool: &AnyPool, id: i64) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT_USER} WHERE u.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Lists every account, ordered by handle, for operators.
pub async fn list(pool: &AnyPool) -> Result<Vec<UserRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT_USER} ORDER BY u.handle")))
        .fetch_all(pool)
        .await
}

/// Returns the id of the organisation named `name`, creating it if new.
pub async fn ensure_organisation(
    pool: &AnyPool,
    name: &str,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    if let Some((id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?
    {
        return Ok(id);
    }
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_one(pool)
            .await?;
    Ok(id)
}

/// Fields of a new account.
pub struct NewUser<'a> {
    pub handle: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub password_hash: Option<&'a str>,
}

/// Inserts an account and returns its id. A customer with an organisation
/// becomes its owner; invitations change that role afterwards.
pub async fn insert(
    pool: &AnyPool,
    user: &NewUser<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (handle, display_name, email, role, organisation_id, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id",
    )
    .bind(user.handle)
    .bind(user.display_name)
    .bind(user.email)
    .bind(user.role.as_str())
    .bind(user.organisation_id)
    .bind(user.password_hash)
    .bind(now)
    .fetch_one(&mut *transaction)
    .await?;
    if let (Role::Customer, Some(organisation_id)) = (user.role, user.organisation_id) {
        super::organisations::add_member(
            &mut *transaction,
            id,
            organisation_id,
            MemberRole::Owner,
            now,
        )
        .await?;
    }
    transaction.commit().await?;
    Ok(id)
}

/// Replaces an account's password hash.
pub async fn set_password_hash<'e, E>(
    executor: E,
    user_id: i64,
    hash: &str,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// Updates the name and email an account shows.
pub async fn set_profile(
    connection: &mut sqlx::AnyConnection,
    user_id: i64,
    display_name: &str,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1, email = $2 WHERE id = $3")
        .bind(display_name)
        .bind(email)
        .bind(user_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Stores a confirmed TOTP secret with the step of the code that confirmed
/// it, and replaces the account's recovery codes, in one transaction.
pub async fn complete_totp_enrolment(
    pool: &AnyPool,
    user_id: i64,
    secret: &str,
    confirmed_step: i64,
    recovery_code_hashes: &[String],
) -> Result<bool, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3 AND totp_secret IS NULL",
    )
    .bind(secret)
    .bind(confirmed_step)
    .bind(user_id)
    .execute(&mut *transaction)
    .await?
    .rows_affected();
    if updated != 1 {
        transaction.rollback().await?;
        return Ok(false);
    }
    super::factors::put_recovery_codes(&mut transaction, user_id, recovery_code_hashes).await?;
    transaction.commit().await?;
    Ok(true)
}

/// Records `step` as the last accepted TOTP time step, only if it is later
/// than the stored one. Returns false for a step already used, so a code is
/// accepted once even when two connections race.
pub async fn advance_totp_step(
    pool: &AnyPool,
    user_id: i64,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Marks the unused recovery code with this hash as used. Returns false when
/// no such unused code exists.
pub async fn consume_recovery_code(
    pool: &AnyPool,
    user_id: i64,
    code_hash: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(code_hash)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Counts the recovery codes an account has left.
pub async fn remaining_recovery_codes(pool: &AnyPool, user_id: i64) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(count)
}

/// Stores the time of a successful login.
pub async fn set_last_login(
    pool: &AnyPool,
    user_id: i64,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Stores the language code of the user's latest terminal session ("en"
/// or "fr"), read from the locale the client sent.
pub async fn set_session_language(
    pool: &AnyPool,
    user_id: i64,
    code: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET session_language = $1 WHERE id = $2")
        .bind(code)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}
