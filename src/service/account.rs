//! The caller's own account: profile, password and activity.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::text::{sanitize_line, validate_email, validate_text};
use crate::domain::{NotificationKind, Principal};
use crate::store::audit::{self, AuditRecord};
use crate::store::history::{self, LoginRecord};
use crate::store::sessions::{self, SessionRecord};
use crate::store::throttle::Factor;
use crate::store::users::{self, UserRecord};
use crate::store::write_keys;

/// How many entries the Activity screen shows of each kind.
pub const ACTIVITY_LIMIT: i64 = 50;

#[derive(Debug, Clone)]
pub struct Activity {
    pub logins: Vec<LoginRecord>,
    pub actions: Vec<AuditRecord>,
    /// The account's open sessions on every node.
    pub sessions: Vec<SessionRecord>,
    /// The session that asked, set by the session itself.
    pub current_session: Option<i64>,
}

impl Portal {
    /// Returns the caller's own account.
    pub async fn profile(&self, principal: &Principal) -> ServiceResult<UserRecord> {
        users::find_by_id(self.store.pool(), principal.user_id)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound(tr!("preferences-account", handle = &principal.handle))
            })
    }

    /// Changes the caller's display name and email.
    pub async fn update_profile(
        &self,
        principal: &Principal,
        display_name: &str,
        email: &str,
    ) -> ServiceResult<()> {
        self.write_profile(principal, display_name, email, None)
            .await
    }

    /// Changes the profile as [`Portal::update_profile`] does, at most once
    /// per idempotency `key` (see [`Portal::reply_once`]): a repeated call
    /// changes nothing more, so the first call's name stays, and returns Ok.
    pub async fn update_profile_once(
        &self,
        principal: &Principal,
        display_name: &str,
        email: &str,
        key: &str,
    ) -> ServiceResult<()> {
        super::requests::validate_write_key(key)?;
        self.write_profile(principal, display_name, email, Some(key))
            .await
    }

    async fn write_profile(
        &self,
        principal: &Principal,
        display_name: &str,
        email: &str,
        key: Option<&str>,
    ) -> ServiceResult<()> {
        let display_name = validate_text("texts-field-name", &sanitize_line(display_name), 80)
            .map_err(ServiceError::Invalid)?;
        let email = email.trim();
        validate_email(email).map_err(ServiceError::Invalid)?;
        let current = self.profile(principal).await?;
        if email != current.email {
            return Err(ServiceError::Invalid(tr!("preferences-email-needs-code")));
        }
        let mut change = self.begin().await?;
        if let Some(key) = key
            && super::write_keys::claim(&mut change, key, principal, write_keys::PROFILE)
                .await?
                .is_some()
        {
            return Ok(());
        }
        users::set_profile(change.connection(), principal.user_id, &display_name, email).await?;
        if let Some(key) = key {
            write_keys::set_target(change.connection(), key, principal.user_id).await?;
        }
        self.audit_in(
            &mut change,
            principal,
            AuditAction::ProfileChanged,
            &principal.handle,
            "name and email",
        )
        .await?;
        self.commit(change).await
    }

    /// Changes the caller's password after checking the current one and a
    /// fresh second factor (`code`: a current TOTP code or an unused
    /// recovery code).
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: &str,
        new: &str,
        code: &str,
        keep_session: Option<i64>,
    ) -> ServiceResult<()> {
        let user = self.profile(principal).await?;
        let verified = self
            .hasher
            .verify(current, user.password_hash.as_deref())
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        if !verified {
            self.audit(
                principal,
                AuditAction::PasswordChangeRefused,
                &principal.handle,
                "wrong current password",
            )
            .await?;
            return Err(ServiceError::Invalid(tr!(
                "preferences-current-password-wrong"
            )));
        }
        self.check_new_password(new, &principal.handle, &user.email)?;
        // Checked last, so a mistyped password does not use up a recovery code.
        self.confirm_fresh_factor(principal, code, "factors-action-change-password")
            .await?;
        let hash = self
            .hasher
            .hash(new)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        // The new password, its audit entry and the security alert (with
        // its email) commit together.
        let mut change = self.begin().await?;
        users::set_password_hash(change.connection(), principal.user_id, &hash).await?;
        self.audit_in(
            &mut change,
            principal,
            AuditAction::PasswordChanged,
            &principal.handle,
            "",
        )
        .await?;
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &tr!("preferences-alert-password-title"),
            &tr!("preferences-alert-password-body"),
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        // A new password is how a suspended password factor is recovered.
        self.clear_factor_suspension(principal, Factor::Password)
            .await?;
        self.end_sessions_except(principal.user_id, keep_session, "password changed")
            .await?;
        Ok(())
    }

    /// Returns the caller's login history, recent actions and open
    /// sessions.
    pub async fn activity(&self, principal: &Principal) -> ServiceResult<Activity> {
        let pool = self.store.pool();
        Ok(Activity {
            logins: history::list_own(pool, principal, ACTIVITY_LIMIT).await?,
            actions: audit::list_own(pool, principal, ACTIVITY_LIMIT).await?,
            sessions: sessions::list_open(pool, principal).await?,
            current_session: None,
        })
    }
}
