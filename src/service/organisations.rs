//! Organisations a customer belongs to: switching between them, and for
//! owners, changing colleagues' roles and revoking their access.

use super::reset::RESET_CODE_LIFETIME_SECS;
use super::{Portal, ServiceError, ServiceResult};
use crate::auth::recovery;
use crate::domain::audit::AuditAction;
use crate::domain::text::{sanitize_line, validate_email, validate_handle, validate_text};
use crate::domain::{Capability, MemberRole, Principal, Timestamp, now};
use crate::notify::templates::Template;
use crate::store::organisations::{self, MemberRecord, MembershipRecord, NewInvitee};
use crate::store::outbox::Channel;
use crate::store::users;

/// The result of an invitation: the new account and the email carrying
/// its one-time onboarding code, which only the invitee receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invited {
    pub user_id: i64,
    /// The outbox row of the invitation email.
    pub outbox_id: i64,
    /// When the onboarding code expires.
    pub expires_at: Timestamp,
}

/// A colleague an owner invites into their organisation.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: MemberRole,
}

impl Portal {
    /// Lists the organisations the caller belongs to, with their role in each.
    pub async fn memberships(&self, principal: &Principal) -> ServiceResult<Vec<MembershipRecord>> {
        Ok(organisations::memberships(self.store.pool(), principal).await?)
    }

    /// Returns the caller's principal acting in `organisation_id`, which
    /// they must belong to. The session keeps using the returned principal.
    pub async fn switch_organisation(
        &self,
        principal: &Principal,
        organisation_id: i64,
    ) -> ServiceResult<Principal> {
        let memberships = organisations::memberships(self.store.pool(), principal).await?;
        let Some(membership) = memberships
            .into_iter()
            .find(|membership| membership.organisation_id == organisation_id)
        else {
            return Err(ServiceError::NotFound(tr!(
                "organisation-not-found",
                id = organisation_id.to_string()
            )));
        };
        let role: MemberRole = membership.role.parse().map_err(ServiceError::Internal)?;
        let switched = Principal {
            organisation_id: Some(membership.organisation_id),
            organisation_name: Some(membership.organisation_name.clone()),
            member_role: Some(role),
            ..principal.clone()
        };
        self.audit(
            &switched,
            AuditAction::OrganisationSwitched,
            &membership.organisation_name,
            role.as_str(),
        )
        .await?;
        Ok(switched)
    }

    /// Creates the account of a colleague in the caller's current
    /// organisation with `invitation.role` and emails them a one-time
    /// onboarding code, valid for 24 hours, through the outbox in the same
    /// transaction. The owner never sees the code. At the first login the
    /// colleague gives that code in place of a password, then sets a
    /// password and enrols TOTP before seeing anything. Only owners may.
    pub async fn invite_member(
        &self,
        principal: &Principal,
        invitation: &Invitation,
    ) -> ServiceResult<Invited> {
        require_owner(principal)?;
        validate_handle(&invitation.handle).map_err(ServiceError::Invalid)?;
        let display_name = validate_text(
            "texts-field-name",
            &sanitize_line(&invitation.display_name),
            80,
        )
        .map_err(ServiceError::Invalid)?;
        validate_email(&invitation.email).map_err(ServiceError::Invalid)?;
        let pool = self.store.pool();
        if users::find_by_handle(pool, &invitation.handle)
            .await?
            .is_some()
        {
            return Err(ServiceError::Invalid(tr!(
                "organisation-handle-taken",
                handle = sanitize_line(&invitation.handle)
            )));
        }

        let code = recovery::generate_one();
        let expires_at = now() + RESET_CODE_LIFETIME_SECS;
        let code_hash = recovery::hash(&code);
        let invitee = NewInvitee {
            handle: &invitation.handle,
            display_name: &display_name,
            email: &invitation.email,
            role: invitation.role,
            code_hash: &code_hash,
            code_expires_at: expires_at,
        };
        let mut change = self.begin().await?;
        let now = change.now;
        let Some(user_id) =
            organisations::insert_invitee(change.connection(), principal, &invitee, now).await?
        else {
            return Err(ServiceError::Forbidden(tr!(
                "organisation-only-owners-invite"
            )));
        };
        let template = Template::Invitation {
            organisation: principal.organisation_name.clone().unwrap_or_default(),
            handle: invitation.handle.clone(),
            code,
            address: self.settings.public_address.clone(),
            valid_hours: RESET_CODE_LIFETIME_SECS / 3600,
        };
        let outbox_id = self
            .queue_direct_in(
                &mut change,
                user_id,
                Channel::Email,
                &invitation.email,
                &template,
            )
            .await?;
        self.audit_in(
            &mut change,
            principal,
            AuditAction::MemberInvited,
            &invitation.handle,
            &format!("{}, code emailed", invitation.role.as_str()),
        )
        .await?;
        self.commit(change).await?;
        Ok(Invited {
            user_id,
            outbox_id,
            expires_at,
        })
    }

    /// Lists the members of the caller's current organisation, for owners only.
    pub async fn members(&self, principal: &Principal) -> ServiceResult<Vec<MemberRecord>> {
        require_owner(principal)?;
        Ok(organisations::members(self.store.pool(), principal).await?)
    }

    /// Gives the colleague `handle` the role `role` in the caller's current
    /// organisation and ends the colleague's open sessions, so the new
    /// rights apply at once. Only owners may, with a fresh second factor
    /// `code` (see [`Portal::confirm_fresh_factor`]), and the last owner
    /// keeps the role.
    pub async fn change_member_role(
        &self,
        principal: &Principal,
        handle: &str,
        role: MemberRole,
        code: &str,
    ) -> ServiceResult<()> {
        require_owner(principal)?;
        self.confirm_fresh_factor(principal, code, "factors-action-change-role")
            .await?;
        let member = self.member_by_handle(principal, handle).await?;
        if member.role == MemberRole::Owner.as_str() && role != MemberRole::Owner {
            self.keep_an_owner(principal).await?;
        }
        if !organisations::set_role(self.store.pool(), principal, member.user_id, role).await? {
            return Err(ServiceError::NotFound(tr!(
                "organisation-member-not-found",
                handle = &member.handle
            )));
        }
        self.audit(
            principal,
            AuditAction::MemberRoleChanged,
            &member.handle,
            &format!("{} to {role}", member.role),
        )
        .await?;
        self.end_sessions_of(member.user_id, "organisation role changed")
            .await?;
        Ok(())
    }

    /// Removes the colleague `handle` from the caller's current
    /// organisation and ends their open sessions. Only owners may, with a
    /// fresh second factor `code`, and the last owner cannot be removed.
    pub async fn revoke_member(
        &self,
        principal: &Principal,
        handle: &str,
        code: &str,
    ) -> ServiceResult<()> {
        require_owner(principal)?;
        self.confirm_fresh_factor(principal, code, "factors-action-revoke-access")
            .await?;
        let member = self.member_by_handle(principal, handle).await?;
        if member.role == MemberRole::Owner.as_str() {
            self.keep_an_owner(principal).await?;
        }
        if !organisations::remove(self.store.pool(), principal, member.user_id).await? {
            return Err(ServiceError::NotFound(tr!(
                "organisation-member-not-found",
                handle = &member.handle
            )));
        }
        self.audit(
            principal,
            AuditAction::MemberRevoked,
            &member.handle,
            &member.role,
        )
        .await?;
        self.end_sessions_of(member.user_id, "organisation access revoked")
            .await?;
        Ok(())
    }

    async fn member_by_handle(
        &self,
        principal: &Principal,
        handle: &str,
    ) -> ServiceResult<MemberRecord> {
        let handle = sanitize_line(handle.trim());
        let Some(user) = users::find_by_handle(self.store.pool(), &handle).await? else {
            return Err(ServiceError::NotFound(tr!(
                "organisation-member-not-found",
                handle = &handle
            )));
        };
        organisations::members(self.store.pool(), principal)
            .await?
            .into_iter()
            .find(|member| member.user_id == user.id)
            .ok_or_else(|| {
                ServiceError::NotFound(tr!("organisation-member-not-found", handle = &handle))
            })
    }

    async fn keep_an_owner(&self, principal: &Principal) -> ServiceResult<()> {
        if organisations::count_owners(self.store.pool(), principal).await? <= 1 {
            return Err(ServiceError::Invalid(tr!("organisation-last-owner")));
        }
        Ok(())
    }
}

fn require_owner(principal: &Principal) -> ServiceResult<()> {
    if principal.may(Capability::ManageMembers) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(tr!(
            "organisation-only-owners-manage"
        )))
    }
}
