//! Memberships of people in organisations and their roles. Reading a
//! member list or changing a role takes the caller's principal and checks
//! that they manage members of that organisation.

use sqlx::{Acquire, Any, AnyPool, Executor, FromRow};

use crate::domain::{Capability, MemberRole, Principal, Timestamp};

/// One organisation a person belongs to, with their role there.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct MembershipRecord {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub role: String,
}

/// One colleague in a member list.
#[derive(Debug, Clone, FromRow)]
pub struct MemberRecord {
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub disabled: i64,
    pub last_login_at: Option<i64>,
}

/// Adds a person to an organisation with `role`, or changes their role if
/// they already belong to it. The caller has checked that this is allowed:
/// account creation by an operator, an owner's invitation, or a test.
pub async fn add_member<'e, E>(
    executor: E,
    user_id: i64,
    organisation_id: i64,
    role: MemberRole,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO organisation_members (user_id, organisation_id, role, created_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role",
    )
    .bind(user_id)
    .bind(organisation_id)
    .bind(role.as_str())
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// Lists the organisations a person belongs to, by name. A person lists
/// only their own memberships, so this takes the principal.
pub async fn memberships(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<MembershipRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.organisation_id, o.name AS organisation_name, m.role \
         FROM organisation_members m JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(principal.user_id)
    .fetch_all(pool)
    .await
}

/// Lists the members of the caller's current organisation, by handle.
/// Returns nothing unless the caller manages members there.
pub async fn members(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<MemberRecord>, sqlx::Error> {
    let Some(organisation_id) = managed_organisation(principal) else {
        return Ok(Vec::new());
    };
    sqlx::query_as(
        "SELECT u.id AS user_id, u.handle, u.display_name, u.email, m.role, u.disabled, \
         u.last_login_at \
         FROM organisation_members m JOIN users u ON u.id = m.user_id \
         WHERE m.organisation_id = $1 ORDER BY u.handle",
    )
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// Changes the role of a member of the caller's current organisation.
/// Returns false when the caller does not manage members there or the
/// person is not a member.
pub async fn set_role(
    pool: &AnyPool,
    principal: &Principal,
    user_id: i64,
    role: MemberRole,
) -> Result<bool, sqlx::Error> {
    let Some(organisation_id) = managed_organisation(principal) else {
        return Ok(false);
    };
    let updated = sqlx::query(
        "UPDATE organisation_members SET role = $1 WHERE user_id = $2 AND organisation_id = $3",
    )
    .bind(role.as_str())
    .bind(user_id)
    .bind(organisation_id)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated > 0)
}

/// Removes a member from the caller's current organisation. Returns false
/// when the caller does not manage members there or the person is not a
/// member.
pub async fn remove(
    pool: &AnyPool,
    principal: &Principal,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let Some(organisation_id) = managed_organisation(principal) else {
        return Ok(false);
    };
    let removed =
        sqlx::query("DELETE FROM organisation_members WHERE user_id = $1 AND organisation_id = $2")
            .bind(user_id)
            .bind(organisation_id)
            .execute(pool)
            .await?
            .rows_affected();
    Ok(removed > 0)
}

/// Counts the owners of the caller's current organisation, so the last
/// owner cannot be demoted or removed.
pub async fn count_owners(pool: &AnyPool, principal: &Principal) -> Result<i64, sqlx::Error> {
    let Some(organisation_id) = managed_organisation(principal) else {
        return Ok(0);
    };
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM organisation_members WHERE organisation_id = $1 AND role = 'owner'",
    )
    .bind(organisation_id)
    .fetch_one(pool)
    .await?;
    Ok(count)
}

fn managed_organisation(principal: &Principal) -> Option<i64> {
    if principal.may(Capability::ManageMembers) {
        principal.organisation_id
    } else {
        None
    }
}

/// Fields of an invited colleague's account.
pub struct NewInvitee<'a> {
    pub handle: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub role: MemberRole,
    /// Hash of the one-time onboarding code, which the first login takes
    /// in place of a password.
    pub code_hash: &'a str,
    pub code_expires_at: Timestamp,
}

/// Creates the customer account of an invited colleague in the caller's
/// current organisation with its membership, in one transaction, and
/// returns its id. The account has no password or TOTP until its first
/// login with the onboarding code. Returns `None` unless the caller
/// manages members there.
pub async fn insert_invitee<'a, A>(
    connection: A,
    principal: &Principal,
    invitee: &NewInvitee<'_>,
    now: Timestamp,
) -> Result<Option<i64>, sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let Some(organisation_id) = managed_organisation(principal) else {
        return Ok(None);
    };
    let mut transaction = connection.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (handle, display_name, email, role, organisation_id, disabled, created_at, \
         reset_code_hash, reset_expires_at, must_renew_factors) \
         VALUES ($1, $2, $3, 'customer', $4, 0, $5, $6, $7, 1) RETURNING id",
    )
    .bind(invitee.handle)
    .bind(invitee.display_name)
    .bind(invitee.email)
    .bind(organisation_id)
    .bind(now)
    .bind(invitee.code_hash)
    .bind(invitee.code_expires_at)
    .fetch_one(&mut *transaction)
    .await?;
    add_member(&mut *transaction, id, organisation_id, invitee.role, now).await?;
    transaction.commit().await?;
    Ok(Some(id))
}
