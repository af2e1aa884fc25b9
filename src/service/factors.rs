//! Second factors: TOTP secrets encrypted at rest, the codes checked at
//! login, and what an account can do from Preferences with a fresh second
//! factor (replace its recovery codes, see how many remain, enrol a new
//! authenticator app).

use tracing::{info, warn};

use super::login::EnrolmentOffer;
use super::{Portal, ServiceError, ServiceResult};
use crate::auth::{recovery, totp};
use crate::domain::audit::AuditAction;
use crate::domain::{NotificationKind, Principal, now};
use crate::store::factors;
use crate::store::throttle::Factor;
use crate::store::users::{self, UserRecord};

/// The outcome of checking one second-factor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Totp,
    RecoveryCode,
    /// The code matched a TOTP step that was already used.
    Replayed,
    Wrong,
}

fn unix_now() -> u64 {
    u64::try_from(now()).unwrap_or(0)
}

impl Portal {
    /// Decrypts the account's TOTP secret, or returns `None` when the
    /// account has none.
    pub(super) fn totp_secret_of(&self, user: &UserRecord) -> ServiceResult<Option<String>> {
        let Some(stored) = user.totp_secret.as_deref() else {
            return Ok(None);
        };
        self.secret_key()?
            .decrypt(user.id, stored)
            .map(Some)
            .map_err(ServiceError::Internal)
    }

    /// Encrypts a new TOTP secret of account `user_id` for storage.
    pub(super) fn encrypt_totp_secret(&self, user_id: i64, secret: &str) -> ServiceResult<String> {
        self.secret_key()?
            .encrypt(user_id, secret)
            .map_err(ServiceError::Internal)
    }

    /// Encrypts every TOTP secret still stored in plaintext, as releases
    /// before encryption at rest wrote them, and returns how many. The
    /// server calls this at start, after loading its key.
    pub async fn encrypt_plaintext_totp_secrets(&self) -> ServiceResult<usize> {
        let pool = self.store.pool();
        let plaintext = factors::plaintext_totp_secrets(pool).await?;
        let mut encrypted = 0;
        for (user_id, secret) in &plaintext {
            let stored = self.encrypt_totp_secret(*user_id, secret)?;
            if factors::replace_totp_secret(pool, *user_id, secret, &stored).await? {
                encrypted += 1;
            }
        }
        if encrypted > 0 {
            info!(accounts = encrypted, "plaintext TOTP secrets encrypted");
            self.audit_system(
                AuditAction::TotpSecretsEncrypted,
                "all accounts",
                &format!("{encrypted} plaintext secrets encrypted at rest"),
            )
            .await?;
        }
        Ok(encrypted)
    }

    /// Checks a TOTP or recovery code for `user`. A failure counts towards
    /// the account's throttling, in the database, so failures on several
    /// connections or nodes add up. A TOTP code is accepted once:
    /// its time step must be later than the last accepted one, and the
    /// database advances that step atomically, so two connections or nodes
    /// cannot both accept it. A replayed code is logged, audited and
    /// notified to the account.
    pub(super) async fn check_code(
        &self,
        user: &UserRecord,
        input: &str,
        peer: &str,
    ) -> ServiceResult<CodeCheck> {
        let pool = self.store.pool();
        let check = if recovery::looks_like_code(input) {
            if users::consume_recovery_code(pool, user.id, &recovery::hash(input), now()).await? {
                CodeCheck::RecoveryCode
            } else {
                CodeCheck::Wrong
            }
        } else {
            let Some(secret) = self.totp_secret_of(user)? else {
                return Ok(CodeCheck::Wrong);
            };
            match totp::matching_step(&secret, input, unix_now()) {
                Some(step) if users::advance_totp_step(pool, user.id, step).await? => {
                    CodeCheck::Totp
                }
                Some(_) => CodeCheck::Replayed,
                None => CodeCheck::Wrong,
            }
        };

        if matches!(check, CodeCheck::Replayed | CodeCheck::Wrong) {
            let factor = if recovery::looks_like_code(input) {
                Factor::RecoveryCode
            } else {
                Factor::Totp
            };
            self.note_login_failure(user, factor).await?;
            info!(handle = %user.handle, peer, "second factor rejected");
        }
        if check == CodeCheck::Replayed {
            self.report_replayed_code(user, peer).await?;
        }
        Ok(check)
    }

    async fn report_replayed_code(&self, user: &UserRecord, peer: &str) -> ServiceResult<()> {
        warn!(handle = %user.handle, peer, "replayed TOTP code rejected");
        let mut change = self.begin().await?;
        self.audit_unattended_in(
            &mut change,
            "system",
            AuditAction::TotpReplayRejected,
            &user.handle,
            &format!("an already used code was entered from {peer}"),
        )
        .await?;
        self.notify_in(
            &mut change,
            user.id,
            NotificationKind::SecurityAlert,
            &tr!("factors-alert-replay-title"),
            &tr!("factors-alert-replay-body", peer = peer),
            "activity",
        )
        .await?;
        self.commit(change).await
    }

    /// Checks a fresh second factor of the logged-in caller for an action
    /// of Preferences; see [`Portal::confirm_fresh_factor`].
    async fn require_fresh_factor(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<UserRecord> {
        self.confirm_fresh_factor(principal, code, "factors-action-second-factors")
            .await
    }

    /// Returns how many unused recovery codes the caller has.
    pub async fn recovery_codes_left(&self, principal: &Principal) -> ServiceResult<i64> {
        Ok(users::remaining_recovery_codes(self.store.pool(), principal.user_id).await?)
    }

    /// Replaces the caller's recovery codes after a fresh second factor and
    /// returns the new ones, to be shown once. The old codes stop working.
    pub async fn regenerate_recovery_codes(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<Vec<String>> {
        self.require_fresh_factor(principal, code).await?;
        let codes = recovery::generate();
        let hashes: Vec<String> = codes.iter().map(|code| recovery::hash(code)).collect();
        let mut change = self.begin().await?;
        factors::replace_recovery_codes(change.connection(), principal.user_id, &hashes).await?;
        self.audit_in(
            &mut change,
            principal,
            AuditAction::RecoveryCodesRegenerated,
            &principal.handle,
            &format!("{} new codes, the old ones revoked", codes.len()),
        )
        .await?;
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &tr!("factors-alert-codes-title"),
            &tr!("factors-alert-codes-body"),
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        Ok(codes)
    }

    /// Starts enrolling a new authenticator app for the caller after a
    /// fresh second factor. Nothing changes until
    /// [`Portal::confirm_reenrolment`] receives a code from the new app.
    pub async fn begin_reenrolment(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<EnrolmentOffer> {
        self.require_fresh_factor(principal, code).await?;
        self.offer_enrolment(principal).await
    }

    /// Replaces the caller's TOTP secret with the offered one once a code
    /// from the new app matches, issues new recovery codes and returns
    /// them, and ends the account's sessions other than `keep_session`.
    pub async fn confirm_reenrolment(
        &self,
        principal: &Principal,
        offer: &EnrolmentOffer,
        code: &str,
        keep_session: Option<i64>,
    ) -> ServiceResult<Vec<String>> {
        let Some(step) = totp::matching_step(&offer.secret, code, unix_now()) else {
            return Err(ServiceError::Invalid(tr!("factors-new-secret-mismatch")));
        };

        let stored = self.encrypt_totp_secret(principal.user_id, &offer.secret)?;
        let codes = recovery::generate();
        let hashes: Vec<String> = codes.iter().map(|code| recovery::hash(code)).collect();
        let mut change = self.begin().await?;
        factors::replace_totp_enrolment(
            change.connection(),
            principal.user_id,
            &stored,
            step,
            &hashes,
        )
        .await?;
        self.audit_in(
            &mut change,
            principal,
            AuditAction::TotpReenrolled,
            &principal.handle,
            &format!("new authenticator app, {} new recovery codes", codes.len()),
        )
        .await?;
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &tr!("factors-alert-app-title"),
            &tr!("factors-alert-app-body"),
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        self.end_sessions_except(
            principal.user_id,
            keep_session,
            "authenticator app replaced",
        )
        .await?;
        self.clear_factor_suspension(principal, Factor::Totp)
            .await?;
        Ok(codes)
    }
}
