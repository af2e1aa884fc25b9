//! Operator actions on an account's access: a reset when the user lost both
//! factors, and disabling or enabling the account. Each is audited, and a
//! reset or disabling asks to end the account's open sessions.

use super::{Portal, ServiceError, ServiceResult};
use crate::auth::recovery;
use crate::domain::audit::AuditAction;
use crate::domain::text::sanitize_line;
use crate::domain::time::minute_utc;
use crate::domain::{NotificationKind, now};
use crate::store::factors;
use crate::store::users::{self, UserRecord};

/// How long a reset code stays valid, in seconds.
pub const RESET_CODE_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// A reset code to hand to the user once; only its hash is stored.
#[derive(Debug, Clone)]
pub struct ResetIssued {
    pub code: String,
    pub expires_at: i64,
}

impl ResetIssued {
    /// Returns the expiry time as "YYYY-MM-DD HH:MM UTC".
    pub fn expires_utc(&self) -> String {
        minute_utc(self.expires_at).map_or_else(String::new, |time| format!("{time} UTC"))
    }
}

impl Portal {
    async fn account_for_operator(&self, handle: &str) -> ServiceResult<UserRecord> {
        users::find_by_handle(self.store.pool(), handle)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("account {}", sanitize_line(handle))))
    }

    /// Resets an account whose user lost both factors. Removes its
    /// password, TOTP secret and recovery codes, asks to end its sessions,
    /// notifies the user in the app, and returns a one-time reset code
    /// valid for 24 hours. At the next login the user gives that code in
    /// place of the password, then sets a new password and enrols TOTP
    /// before anything else.
    pub async fn reset_account(&self, handle: &str) -> ServiceResult<ResetIssued> {
        let user = self.account_for_operator(handle).await?;
        let code = recovery::generate_one();
        let expires_at = now() + RESET_CODE_LIFETIME_SECS;
        // An operator runs the reset, so the user's own choice of language
        // decides the notification's.
        let language = self.recipient_language(user.id).await?;
        let (title, body) = crate::i18n::sync_scope(language, || {
            (
                tr!("factors-alert-reset-title"),
                tr!("factors-alert-reset-body"),
            )
        });
        let mut change = self.begin().await?;
        factors::begin_reset(
            change.connection(),
            user.id,
            &recovery::hash(&code),
            expires_at,
        )
        .await?;
        self.audit_unattended_in(
            &mut change,
            "operator",
            AuditAction::UserReset,
            &user.handle,
            "password, TOTP and recovery codes removed; reset code valid 24 hours",
        )
        .await?;
        self.notify_in(
            &mut change,
            user.id,
            NotificationKind::SecurityAlert,
            &title,
            &body,
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        self.end_sessions_of(user.id, "account reset by an operator")
            .await?;
        Ok(ResetIssued { code, expires_at })
    }

    /// Disables an account so it can no longer log in, and asks to end its
    /// open sessions.
    pub async fn disable_account(&self, handle: &str) -> ServiceResult<()> {
        let user = self.account_for_operator(handle).await?;
        factors::set_disabled(self.store.pool(), user.id, true).await?;
        self.audit_operator(AuditAction::UserDisabled, &user.handle, "")
            .await?;
        self.end_sessions_of(user.id, "account disabled by an operator")
            .await?;
        Ok(())
    }

    /// Enables a disabled account again.
    pub async fn enable_account(&self, handle: &str) -> ServiceResult<()> {
        let user = self.account_for_operator(handle).await?;
        factors::set_disabled(self.store.pool(), user.id, false).await?;
        self.audit_operator(AuditAction::UserEnabled, &user.handle, "")
            .await
    }
}
