//! A fresh second factor for a sensitive action: the caller proves again,
//! at the moment of the action, that they hold the authenticator app or a
//! recovery code. Role changes, revocation, export and erasure requests
//! use it, as do the second-factor actions of Preferences.

use tracing::info;

use super::factors::CodeCheck;
use super::{Portal, ServiceError, ServiceResult};
use crate::auth::recovery;
use crate::domain::Principal;
use crate::domain::audit::AuditAction;
use crate::i18n::Language;
use crate::store::throttle::Factor;
use crate::store::users::UserRecord;

/// The peer recorded for fresh-factor attempts in the login throttle. It
/// names no network address, so a throttled account waits for its delay
/// whichever address the session came from.
const FRESH_FACTOR_PEER: &str = "fresh-factor";

impl Portal {
    /// Checks a fresh second factor of the logged-in caller before
    /// `action`: a TOTP code whose time step is later than the account's
    /// last accepted step, or an unused recovery code, which is then used
    /// up. A missing, wrong or replayed code is rejected, audited with the
    /// action and counted in the account's login throttle. A throttled
    /// account is rejected without checking. Returns the caller's account.
    ///
    /// `action` is a message id such as `factors-action-change-password`,
    /// shown in the caller's language and audited in English. Text that is
    /// no message id is used as it is.
    pub async fn confirm_fresh_factor(
        &self,
        principal: &Principal,
        code: &str,
        action: &str,
    ) -> ServiceResult<UserRecord> {
        let code = code.trim();
        let action_words = crate::i18n::text(action);
        let action = crate::i18n::text_in(Language::English, action, None);
        let action = action.as_str();
        let user = self.profile(principal).await?;
        if code.is_empty() {
            self.audit(
                principal,
                AuditAction::SecondFactorCheckFailed,
                &principal.handle,
                &format!("no code given to {action}"),
            )
            .await?;
            return Err(ServiceError::Invalid(tr!(
                "factors-fresh-code-needed",
                action = action_words
            )));
        }

        let factor = if recovery::looks_like_code(code) {
            Factor::RecoveryCode
        } else {
            Factor::Totp
        };
        if let Some(reason) = self
            .throttle_wait(&user, factor, FRESH_FACTOR_PEER, std::time::Duration::ZERO)
            .await?
        {
            self.audit(
                principal,
                AuditAction::SecondFactorCheckFailed,
                &principal.handle,
                &format!("{reason}, to {action}"),
            )
            .await?;
            return Err(ServiceError::Invalid(tr!("factors-too-many-codes")));
        }

        let check = self.check_code(&user, code, FRESH_FACTOR_PEER).await?;
        if matches!(check, CodeCheck::Totp | CodeCheck::RecoveryCode) {
            info!(handle = %principal.handle, action, "fresh second factor accepted");
            return Ok(user);
        }
        let outcome = if check == CodeCheck::Replayed {
            "code already used"
        } else {
            "wrong code"
        };
        self.audit(
            principal,
            AuditAction::SecondFactorCheckFailed,
            &principal.handle,
            &format!("{outcome}, to {action}"),
        )
        .await?;
        Err(ServiceError::Invalid(tr!("factors-code-wrong")))
    }
}
