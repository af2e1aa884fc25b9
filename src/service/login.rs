//! Login: the first factor (password or public key), the second factor
//! (TOTP or a recovery code), enrolment of TOTP at first login, and the
//! login history that records every attempt.

use tracing::warn;

use super::{Portal, ServiceError, ServiceResult};
use crate::auth::{recovery, totp};
use crate::domain::{Principal, now};
use crate::store::history::{self, LoginAttempt};
use crate::store::keys;
use crate::store::throttle::Factor;
use crate::store::users::{self, UserRecord};

/// The method that proved a factor, as recorded in the login history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Password,
    PublicKey,
    Totp,
    RecoveryCode,
    /// First login of an account without TOTP: it goes on to enrolment.
    EnrolmentPending,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::PublicKey => "publickey",
            Method::Totp => "totp",
            Method::RecoveryCode => "recovery-code",
            Method::EnrolmentPending => "enrolment",
        }
    }
}

/// A first factor that this connection has verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstFactor {
    pub user_id: i64,
    pub handle: String,
    pub method: Method,
    /// SHA256 fingerprint of the verified key, for public key logins.
    pub key_fingerprint: Option<String>,
    pub totp_enrolled: bool,
}

/// A secret and its QR code URL offered at first login; nothing is stored
/// until a code proves that the user's app has it.
#[derive(Debug, Clone)]
pub struct EnrolmentOffer {
    pub secret: String,
    pub url: String,
}

impl Portal {
    async fn record_attempt(
        &self,
        user_id: Option<i64>,
        handle: &str,
        peer: &str,
        method: Method,
        outcome: &str,
    ) -> ServiceResult<()> {
        let attempt = LoginAttempt {
            user_id,
            handle,
            peer,
            method: method.as_str(),
            outcome,
        };
        history::record(self.store.pool(), &attempt, now()).await?;
        Ok(())
    }

    async fn active_user(&self, handle: &str) -> ServiceResult<Option<UserRecord>> {
        let user = users::find_by_handle(self.store.pool(), handle).await?;
        Ok(user.filter(|user| user.disabled == 0))
    }

    /// Checks a password as the first factor. Every attempt is recorded; an
    /// unknown handle costs as much time as a known one.
    pub async fn verify_password(
        &self,
        handle: &str,
        password: &str,
        peer: &str,
    ) -> ServiceResult<Option<FirstFactor>> {
        let user = self.active_user(handle).await?;
        if let Some(user) = &user
            && let Some(reason) = self.throttle_refusal(user, Factor::Password, peer).await?
        {
            self.record_attempt(Some(user.id), handle, peer, Method::Password, reason)
                .await?;
            return Ok(None);
        }
        let stored = user.as_ref().and_then(|user| user.password_hash.as_deref());
        let verified = self
            .hasher
            .verify(password, stored)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        if !verified && let Some(user) = &user {
            self.note_login_failure(user, Factor::Password).await?;
        }

        let user_id = user.as_ref().map(|user| user.id);
        match user {
            Some(user) if verified => {
                self.record_attempt(
                    user_id,
                    handle,
                    peer,
                    Method::Password,
                    "first factor accepted",
                )
                .await?;
                Ok(Some(FirstFactor {
                    user_id: user.id,
                    handle: user.handle.clone(),
                    method: Method::Password,
                    key_fingerprint: None,
                    totp_enrolled: user.totp_enrolled(),
                }))
            }
            _ => {
                self.record_attempt(user_id, handle, peer, Method::Password, "rejected")
                    .await?;
                Ok(None)
            }
        }
    }

    /// Tells whether `fingerprint` is a key of the account `handle`, without
    /// recording anything: a client offering a key proves nothing yet.
    pub async fn is_registered_key(&self, handle: &str, fingerprint: &str) -> ServiceResult<bool> {
        let Some(user) = self.active_user(handle).await? else {
            return Ok(false);
        };
        Ok(keys::find_for_user(self.store.pool(), user.id, fingerprint)
            .await?
            .is_some())
    }

    /// Checks a public key whose signature the SSH layer has verified.
    pub async fn verify_public_key(
        &self,
        handle: &str,
        fingerprint: &str,
        peer: &str,
    ) -> ServiceResult<Option<FirstFactor>> {
        let user = self.active_user(handle).await?;
        let Some(user) = user else {
            self.record_attempt(None, handle, peer, Method::PublicKey, "rejected")
                .await?;
            return Ok(None);
        };
        if keys::find_for_user(self.store.pool(), user.id, fingerprint)
            .await?
            .is_none()
        {
            self.record_attempt(Some(user.id), handle, peer, Method::PublicKey, "rejected")
                .await?;
            return Ok(None);
        }
        self.record_attempt(
            Some(user.id),
            handle,
            peer,
            Method::PublicKey,
            "first factor accepted",
        )
        .await?;
        Ok(Some(FirstFactor {
            user_id: user.id,
            handle: user.handle.clone(),
            method: Method::PublicKey,
            key_fingerprint: Some(fingerprint.to_string()),
            totp_enrolled: user.totp_enrolled(),
        }))
    }

    /// Checks the second factor for an account whose first factor this
    /// connection verified: a current TOTP code, accepted once, or an unused
    /// recovery code. Returns the method that succeeded.
    pub async fn verify_second_factor(
        &self,
        first: &FirstFactor,
        input: &str,
        peer: &str,
    ) -> ServiceResult<Option<Method>> {
        let Some(user) = users::find_by_id(self.store.pool(), first.user_id)
            .await?
            .filter(|u| u.disabled == 0)
        else {
            return Ok(None);
        };
        let Some(secret) = user.totp_secret.as_deref() else {
            return Ok(None);
        };
        let pool = self.store.pool();
        let (factor, method) = if recovery::looks_like_code(input) {
            (Factor::RecoveryCode, Method::RecoveryCode)
        } else {
            (Factor::Totp, Method::Totp)
        };
        if let Some(reason) = self.throttle_refusal(&user, factor, peer).await? {
            self.record_attempt(Some(user.id), &user.handle, peer, method, reason)
                .await?;
            return Ok(None);
        }

        if factor == Factor::RecoveryCode {
            let accepted =
                users::consume_recovery_code(pool, user.id, &recovery::hash(input), now()).await?;
            let outcome = if accepted { "accepted" } else { "rejected" };
            if !accepted {
                self.note_login_failure(&user, factor).await?;
            }
            self.record_attempt(
                Some(user.id),
                &user.handle,
                peer,
                Method::RecoveryCode,
                outcome,
            )
            .await?;
            if accepted {
                let remaining = users::remaining_recovery_codes(pool, user.id).await?;
                self.audit(
                    &user.principal(),
                    "recovery-code-used",
                    &user.handle,
                    &format!("{remaining} left"),
                )
                .await?;
            }
            return Ok(accepted.then_some(Method::RecoveryCode));
        }

        let unix = u64::try_from(now()).unwrap_or(0);
        let accepted = match totp::matching_step(secret, input, unix) {
            Some(step) => {
                let fresh = users::advance_totp_step(pool, user.id, step).await?;
                if !fresh {
                    warn!(handle = %user.handle, peer, "replayed TOTP code rejected");
                }
                fresh
            }
            None => false,
        };
        let outcome = if accepted { "accepted" } else { "rejected" };
        if !accepted {
            self.note_login_failure(&user, factor).await?;
        }
        self.record_attempt(Some(user.id), &user.handle, peer, Method::Totp, outcome)
            .await?;
        Ok(accepted.then_some(Method::Totp))
    }

    /// Records a completed login and returns the principal of the session.
    pub async fn begin_session(
        &self,
        first: &FirstFactor,
        second: Method,
        peer: &str,
    ) -> ServiceResult<Principal> {
        let user = users::find_by_id(self.store.pool(), first.user_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("account {}", first.handle)))?;
        let principal = user.principal();
        let methods = format!("{}+{}", first.method.as_str(), second.as_str());
        users::set_last_login(self.store.pool(), user.id, now()).await?;
        self.note_login_success(user.id).await?;
        self.record_attempt(Some(user.id), &user.handle, peer, second, "login")
            .await?;
        let detail = match &first.key_fingerprint {
            Some(fingerprint) => format!("{methods} from {peer} with key {fingerprint}"),
            None => format!("{methods} from {peer}"),
        };
        self.audit(&principal, "login", &user.handle, &detail)
            .await?;
        Ok(principal)
    }

    /// Records a login attempt that failed before any factor could be
    /// checked, such as keyboard-interactive without a first factor.
    pub async fn record_rejected(
        &self,
        handle: &str,
        peer: &str,
        method: Method,
        reason: &str,
    ) -> ServiceResult<()> {
        let user = users::find_by_handle(self.store.pool(), handle).await?;
        self.record_attempt(user.map(|user| user.id), handle, peer, method, reason)
            .await
    }

    /// Offers a new TOTP secret to an account that has none.
    pub fn offer_enrolment(&self, principal: &Principal) -> ServiceResult<EnrolmentOffer> {
        let secret = totp::generate_secret();
        let url = totp::provisioning_url(&secret, &self.settings.issuer, &principal.handle)
            .map_err(ServiceError::Internal)?;
        Ok(EnrolmentOffer { secret, url })
    }

    /// Confirms enrolment with a code from the user's app: stores the secret,
    /// replaces the recovery codes and returns them, to be shown once.
    pub async fn confirm_enrolment(
        &self,
        principal: &Principal,
        offer: &EnrolmentOffer,
        code: &str,
    ) -> ServiceResult<Vec<String>> {
        let unix = u64::try_from(now()).unwrap_or(0);
        let Some(step) = totp::matching_step(&offer.secret, code, unix) else {
            return Err(ServiceError::Invalid(
                "that code does not match: type the 6 digits your app shows now".to_string(),
            ));
        };
        let codes = recovery::generate();
        let hashes: Vec<String> = codes.iter().map(|code| recovery::hash(code)).collect();
        let stored = users::complete_totp_enrolment(
            self.store.pool(),
            principal.user_id,
            &offer.secret,
            step,
            &hashes,
        )
        .await?;
        if !stored {
            return Err(ServiceError::Invalid(
                "this account already has a second factor".to_string(),
            ));
        }
        self.clear_factor_suspension(principal, Factor::Totp)
            .await?;
        self.audit(
            principal,
            "totp-enrolled",
            &principal.handle,
            "10 recovery codes issued",
        )
        .await?;
        Ok(codes)
    }
}
