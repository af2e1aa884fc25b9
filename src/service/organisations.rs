//! Organisations a customer belongs to: switching between them, and for
//! owners, changing colleagues' roles and revoking their access.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::{Capability, MemberRole, Principal};
use crate::store::organisations::{self, MemberRecord, MembershipRecord};
use crate::store::users;

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
            return Err(ServiceError::NotFound(format!(
                "organisation {organisation_id}"
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
            "organisation-switched",
            &membership.organisation_name,
            role.as_str(),
        )
        .await?;
        Ok(switched)
    }

    /// Lists the members of the caller's current organisation, for owners only.
    pub async fn members(&self, principal: &Principal) -> ServiceResult<Vec<MemberRecord>> {
        require_owner(principal)?;
        Ok(organisations::members(self.store.pool(), principal).await?)
    }

    /// Gives the colleague `handle` the role `role` in the caller's current
    /// organisation and ends the colleague's open sessions, so the new
    /// rights apply at once. Only owners may, and the last owner keeps the role.
    // TODO: ask the owner for a fresh second factor before the change.
    pub async fn change_member_role(
        &self,
        principal: &Principal,
        handle: &str,
        role: MemberRole,
    ) -> ServiceResult<()> {
        require_owner(principal)?;
        let member = self.member_by_handle(principal, handle).await?;
        if member.role == MemberRole::Owner.as_str() && role != MemberRole::Owner {
            self.keep_an_owner(principal).await?;
        }
        if !organisations::set_role(self.store.pool(), principal, member.user_id, role).await? {
            return Err(ServiceError::NotFound(format!("member {handle}")));
        }
        self.audit(
            principal,
            "member-role-changed",
            &member.handle,
            &format!("{} to {role}", member.role),
        )
        .await?;
        self.end_sessions_of(member.user_id, "organisation role changed")
            .await?;
        Ok(())
    }

    /// Removes the colleague `handle` from the caller's current
    /// organisation and ends their open sessions. Only owners may, and the
    /// last owner cannot be removed.
    pub async fn revoke_member(&self, principal: &Principal, handle: &str) -> ServiceResult<()> {
        require_owner(principal)?;
        let member = self.member_by_handle(principal, handle).await?;
        if member.role == MemberRole::Owner.as_str() {
            self.keep_an_owner(principal).await?;
        }
        if !organisations::remove(self.store.pool(), principal, member.user_id).await? {
            return Err(ServiceError::NotFound(format!("member {handle}")));
        }
        self.audit(principal, "member-revoked", &member.handle, &member.role)
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
        let handle = handle.trim();
        let Some(user) = users::find_by_handle(self.store.pool(), handle).await? else {
            return Err(ServiceError::NotFound(format!("member {handle}")));
        };
        organisations::members(self.store.pool(), principal)
            .await?
            .into_iter()
            .find(|member| member.user_id == user.id)
            .ok_or_else(|| ServiceError::NotFound(format!("member {handle}")))
    }

    async fn keep_an_owner(&self, principal: &Principal) -> ServiceResult<()> {
        if organisations::count_owners(self.store.pool(), principal).await? <= 1 {
            return Err(ServiceError::Invalid(
                "the organisation needs at least one owner: make another member owner first"
                    .to_string(),
            ));
        }
        Ok(())
    }
}

fn require_owner(principal: &Principal) -> ServiceResult<()> {
    if principal.may(Capability::ManageMembers) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "only owners of the organisation manage its members".to_string(),
        ))
    }
}
