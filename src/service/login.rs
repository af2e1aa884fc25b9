//! Login: the first factor (password or public key), the second factor
//! (TOTP or a recovery code), enrolment of TOTP at first login, and the
//! login history that records every attempt.

use std::time::Duration;

use tracing::{info, warn};

use super::factors::CodeCheck;
use super::login_history::network_of;
use super::{Portal, ServiceError, ServiceResult};
use crate::auth::password::{self, StoredHash};
use crate::auth::{recovery, totp};
use crate::domain::audit::AuditAction;
use crate::domain::text::sanitize_line;
use crate::domain::{Principal, now};
use crate::store::audit::{self, AuditEntry};
use crate::store::history::{self, LoginAttempt, LoginDetails};
use crate::store::throttle::Factor;
use crate::store::users::{self, UserRecord};
use crate::store::{factors, keys};

/// The method that proved a factor, as recorded in the login history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Password,
    PublicKey,
    Totp,
    RecoveryCode,
    /// First login of an account without TOTP: it goes on to enrolment.
    EnrolmentPending,
    /// A one-time code an operator issued with `portico admin user reset`,
    /// given in place of the password.
    ResetCode,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::PublicKey => "publickey",
            Method::Totp => "totp",
            Method::RecoveryCode => "recovery-code",
            Method::EnrolmentPending => "enrolment",
            Method::ResetCode => "reset-code",
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

/// The client a login attempt comes from, as the login history records it.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginClient<'a> {
    /// The client's address, `IP:PORT`.
    pub peer: &'a str,
    /// The client's SSH version line, cleaned, or `None` when unknown.
    pub client_version: Option<&'a str>,
}

impl<'a> LoginClient<'a> {
    /// Returns a client known only by its address.
    pub fn at(peer: &'a str) -> LoginClient<'a> {
        LoginClient {
            peer,
            client_version: None,
        }
    }
}

/// A secret and its QR code URL offered at first login; nothing is stored
/// until a code proves that the user's app has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentOffer {
    pub secret: String,
    pub url: String,
    /// Set after an operator reset: a new password comes before the app.
    pub renew_password: bool,
    /// Set when the account was never used before this login, as after an
    /// invitation, so the screens welcome rather than mention a reset.
    pub first_login: bool,
}

/// Characters of a client-sent user name kept in a failed login's audit
/// entry.
const MAX_AUDIT_HANDLE_CHARS: usize = 64;

impl Portal {
    /// Records an attempt in the login history, with the client's network
    /// and version and the key it proved, and a rejected one in the audit
    /// trail too.
    async fn record_attempt(
        &self,
        user_id: Option<i64>,
        handle: &str,
        client: &LoginClient<'_>,
        key_fingerprint: Option<&str>,
        method: Method,
        outcome: &str,
    ) -> ServiceResult<()> {
        let peer = client.peer;
        let attempt = LoginAttempt {
            user_id,
            handle,
            peer,
            method: method.as_str(),
            outcome,
        };
        let network = network_of(peer);
        let details = LoginDetails {
            key_fingerprint,
            client_version: client.client_version,
            network: network.as_deref(),
        };
        history::record_with_details(self.store.pool(), &attempt, &details, now()).await?;
        if outcome.starts_with("rejected") {
            let handle: String = sanitize_line(handle)
                .chars()
                .take(MAX_AUDIT_HANDLE_CHARS)
                .collect();
            let entry = AuditEntry {
                actor_id: None,
                actor_handle: &handle,
                action: AuditAction::LoginFailed.as_str(),
                target: &handle,
                detail: &format!("{} from {peer}: {outcome}", method.as_str()),
            };
            audit::append(self.store.pool(), &entry, now()).await?;
        }
        Ok(())
    }

    async fn active_user(&self, handle: &str) -> ServiceResult<Option<UserRecord>> {
        let user = users::find_by_handle(self.store.pool(), handle).await?;
        Ok(user.filter(|user| user.disabled == 0))
    }

    /// Checks a password as the first factor. Every attempt is recorded; an
    /// unknown handle costs as much time as a known one. An attempt on a
    /// throttled account is rejected at once; see
    /// [`Portal::verify_password_waiting`] to hold it instead.
    pub async fn verify_password(
        &self,
        handle: &str,
        password: &str,
        peer: &str,
    ) -> ServiceResult<Option<FirstFactor>> {
        self.verify_password_waiting(handle, password, &LoginClient::at(peer), Duration::ZERO)
            .await
    }

    /// Checks a password as [`Portal::verify_password`] does, but holds an
    /// attempt on a throttled account until its delay has passed when that
    /// is within `max_wait`. Used by the SSH layer, which gives the time
    /// left of the connection's login grace time.
    pub async fn verify_password_waiting(
        &self,
        handle: &str,
        password: &str,
        client: &LoginClient<'_>,
        max_wait: Duration,
    ) -> ServiceResult<Option<FirstFactor>> {
        let peer = client.peer;
        let user = self.active_user(handle).await?;
        if let Some(user) = &user
            && let Some(reason) = self
                .throttle_wait(user, Factor::Password, peer, max_wait)
                .await?
        {
            self.record_attempt(
                Some(user.id),
                handle,
                client,
                None,
                Method::Password,
                reason,
            )
            .await?;
            return Ok(None);
        }
        // The account is read again, since a held attempt may have waited
        // minutes. The time measured is the check's, without the hold.
        let user = self.active_user(handle).await?;
        let started = std::time::Instant::now();
        let result = self.check_password(user, handle, password, client).await;
        crate::ops::metrics::authentication_time(started.elapsed());
        result
    }

    async fn check_password(
        &self,
        user: Option<UserRecord>,
        handle: &str,
        password: &str,
        client: &LoginClient<'_>,
    ) -> ServiceResult<Option<FirstFactor>> {
        let stored = user.as_ref().and_then(|user| user.password_hash.as_deref());
        let verified = self
            .hasher
            .verify(password, stored)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;

        let user_id = user.as_ref().map(|user| user.id);
        if let Some(stored) = stored
            && password::inspect(stored) == StoredHash::Refused
        {
            warn!(handle = %sanitize_line(handle), "stored password hash is invalid or has parameters above the limits; password login rejected until an operator resets the account");
        }
        if let Some(user) = user
            .as_ref()
            .filter(|user| !verified && user.reset_expires_at.is_some())
        {
            return self.verify_reset_code(user, password, client).await;
        }
        match user {
            Some(user) if verified => {
                if let Some(stored) = user.password_hash.as_deref()
                    && password::inspect(stored) == StoredHash::Weak
                {
                    self.upgrade_password_hash(&user, password).await?;
                }
                self.record_attempt(
                    user_id,
                    handle,
                    client,
                    None,
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
            Some(user) => {
                self.note_login_failure(&user, Factor::Password).await?;
                self.record_attempt(user_id, handle, client, None, Method::Password, "rejected")
                    .await?;
                Ok(None)
            }
            None => {
                self.record_attempt(user_id, handle, client, None, Method::Password, "rejected")
                    .await?;
                Ok(None)
            }
        }
    }

    /// Checks a one-time reset code given in place of the password, and
    /// uses it up when it matches, so it opens one login only.
    async fn verify_reset_code(
        &self,
        user: &UserRecord,
        input: &str,
        client: &LoginClient<'_>,
    ) -> ServiceResult<Option<FirstFactor>> {
        let peer = client.peer;
        let hash = recovery::hash(input);
        let accepted = recovery::looks_like_code(input)
            && factors::consume_reset_code(self.store.pool(), user.id, &hash, now()).await?;
        let outcome = if accepted {
            "first factor accepted"
        } else {
            "rejected"
        };
        self.record_attempt(
            Some(user.id),
            &user.handle,
            client,
            None,
            Method::ResetCode,
            outcome,
        )
        .await?;
        if !accepted {
            return Ok(None);
        }
        self.audit(
            &user.principal(),
            AuditAction::ResetCodeUsed,
            &user.handle,
            &format!("from {peer}"),
        )
        .await?;
        Ok(Some(FirstFactor {
            user_id: user.id,
            handle: user.handle.clone(),
            method: Method::ResetCode,
            key_fingerprint: None,
            totp_enrolled: false,
        }))
    }

    /// Replaces a hash made with weaker parameters by one with the current
    /// parameters, after the password verified against the old one.
    async fn upgrade_password_hash(&self, user: &UserRecord, password: &str) -> ServiceResult<()> {
        let hash = self
            .hasher
            .hash(password)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        users::set_password_hash(self.store.pool(), user.id, &hash).await?;
        info!(handle = %user.handle, "password hash upgraded to the current argon2id parameters");
        self.audit(
            &user.principal(),
            AuditAction::PasswordHashUpgraded,
            &user.handle,
            "rehashed at login with the current argon2id parameters",
        )
        .await
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
        client: &LoginClient<'_>,
    ) -> ServiceResult<Option<FirstFactor>> {
        let key = Some(fingerprint);
        // After an operator reset only the reset code opens the account.
        let user = self
            .active_user(handle)
            .await?
            .filter(|user| user.must_renew_factors == 0);
        let Some(user) = user else {
            self.record_attempt(None, handle, client, key, Method::PublicKey, "rejected")
                .await?;
            return Ok(None);
        };
        if keys::find_for_user(self.store.pool(), user.id, fingerprint)
            .await?
            .is_none()
        {
            self.record_attempt(
                Some(user.id),
                handle,
                client,
                key,
                Method::PublicKey,
                "rejected",
            )
            .await?;
            return Ok(None);
        }
        self.record_attempt(
            Some(user.id),
            handle,
            client,
            key,
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
        self.verify_second_factor_waiting(first, input, &LoginClient::at(peer), Duration::ZERO)
            .await
    }

    /// Checks the second factor as [`Portal::verify_second_factor`] does,
    /// but holds an attempt on a throttled account until its delay has
    /// passed when that is within `max_wait`.
    pub async fn verify_second_factor_waiting(
        &self,
        first: &FirstFactor,
        input: &str,
        client: &LoginClient<'_>,
        max_wait: Duration,
    ) -> ServiceResult<Option<Method>> {
        let key = first.key_fingerprint.as_deref();
        let Some(user) = users::find_by_id(self.store.pool(), first.user_id)
            .await?
            .filter(|u| u.disabled == 0)
        else {
            return Ok(None);
        };
        if user.totp_secret.is_none() {
            return Ok(None);
        }
        let (factor, method) = if recovery::looks_like_code(input) {
            (Factor::RecoveryCode, Method::RecoveryCode)
        } else {
            (Factor::Totp, Method::Totp)
        };
        if let Some(reason) = self
            .throttle_wait(&user, factor, client.peer, max_wait)
            .await?
        {
            self.record_attempt(Some(user.id), &user.handle, client, key, method, reason)
                .await?;
            return Ok(None);
        }

        // The account is read again, since a held attempt may have waited
        // minutes. The time measured is the check's, without the hold.
        let Some(user) = users::find_by_id(self.store.pool(), first.user_id)
            .await?
            .filter(|u| u.disabled == 0 && u.totp_secret.is_some())
        else {
            return Ok(None);
        };
        let started = std::time::Instant::now();
        let result = self.check_second_factor(&user, key, input, client).await;
        crate::ops::metrics::authentication_time(started.elapsed());
        result
    }

    async fn check_second_factor(
        &self,
        user: &UserRecord,
        key: Option<&str>,
        input: &str,
        client: &LoginClient<'_>,
    ) -> ServiceResult<Option<Method>> {
        let (method, outcome) = match self.check_code(user, input, client.peer).await? {
            CodeCheck::Totp => (Method::Totp, "accepted"),
            CodeCheck::RecoveryCode => (Method::RecoveryCode, "accepted"),
            CodeCheck::Replayed => (Method::Totp, "rejected: code already used"),
            CodeCheck::Wrong if recovery::looks_like_code(input) => {
                (Method::RecoveryCode, "rejected")
            }
            CodeCheck::Wrong => (Method::Totp, "rejected"),
        };
        self.record_attempt(Some(user.id), &user.handle, client, key, method, outcome)
            .await?;
        if outcome != "accepted" {
            return Ok(None);
        }
        if method == Method::RecoveryCode {
            let remaining = users::remaining_recovery_codes(self.store.pool(), user.id).await?;
            self.audit(
                &user.principal(),
                AuditAction::RecoveryCodeUsed,
                &user.handle,
                &format!("{remaining} left"),
            )
            .await?;
        }
        Ok(Some(method))
    }

    /// Completes a login whose factors passed and returns the principal of
    /// the session. The SSH layer then writes its login history entry with
    /// [`Portal::record_login`].
    pub async fn begin_session(
        &self,
        first: &FirstFactor,
        second: Method,
        peer: &str,
    ) -> ServiceResult<Principal> {
        let user = users::find_by_id(self.store.pool(), first.user_id)
            .await?
            .filter(|user| user.disabled == 0)
            .ok_or_else(|| ServiceError::NotFound(format!("account {}", first.handle)))?;
        let principal = user.principal();
        let methods = format!("{}+{}", first.method.as_str(), second.as_str());
        users::set_last_login(self.store.pool(), user.id, now()).await?;
        self.note_login_success(user.id).await?;
        let detail = match &first.key_fingerprint {
            Some(fingerprint) => format!("{methods} from {peer} with key {fingerprint}"),
            None => format!("{methods} from {peer}"),
        };
        self.audit(&principal, AuditAction::Login, &user.handle, &detail)
            .await?;
        Ok(principal)
    }

    /// Records a login attempt that failed before any factor could be
    /// checked, such as keyboard-interactive without a first factor.
    pub async fn record_rejected(
        &self,
        handle: &str,
        client: &LoginClient<'_>,
        method: Method,
        reason: &str,
    ) -> ServiceResult<()> {
        let user = users::find_by_handle(self.store.pool(), handle).await?;
        self.record_attempt(
            user.map(|user| user.id),
            handle,
            client,
            None,
            method,
            reason,
        )
        .await
    }

    /// Offers a new TOTP secret to an account. After an operator reset the
    /// offer also requires a new password first.
    pub async fn offer_enrolment(&self, principal: &Principal) -> ServiceResult<EnrolmentOffer> {
        let user = self.profile(principal).await?;
        // This login is the first one recorded when the account is new.
        let logins = crate::store::history::logins_since(self.store.pool(), user.id, 0).await?;
        let secret = totp::generate_secret();
        let url = totp::provisioning_url(&secret, &self.settings.issuer, &principal.handle)
            .map_err(ServiceError::Internal)?;
        Ok(EnrolmentOffer {
            secret,
            url,
            // A reset removes the password, so one present during the
            // renewal was set by the user in an earlier session that ended
            // before the app was enrolled, and is not asked for again.
            renew_password: user.must_renew_factors == 1 && user.password_hash.is_none(),
            first_login: logins <= 1,
        })
    }

    /// Sets the password of an account renewing its factors after an
    /// operator reset, before it enrols TOTP.
    pub async fn set_renewal_password(
        &self,
        principal: &Principal,
        password: &str,
    ) -> ServiceResult<()> {
        let user = self.profile(principal).await?;
        if user.must_renew_factors != 1 {
            return Err(ServiceError::Forbidden(tr!("texts-error-no-pending-reset")));
        }
        self.check_new_password(password, &user.handle, &user.email)?;
        let hash = self
            .hasher
            .hash(password)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        factors::set_renewed_password(self.store.pool(), user.id, &hash).await?;
        self.clear_factor_suspension(principal, Factor::Password)
            .await?;
        self.audit(
            principal,
            AuditAction::PasswordChanged,
            &principal.handle,
            "after an operator reset",
        )
        .await
    }

    /// Confirms enrolment with a code from the user's app: stores the secret
    /// encrypted, replaces the recovery codes and returns them, to be shown
    /// once. After an operator reset the new password must be set first.
    pub async fn confirm_enrolment(
        &self,
        principal: &Principal,
        offer: &EnrolmentOffer,
        code: &str,
    ) -> ServiceResult<Vec<String>> {
        let user = self.profile(principal).await?;
        if user.must_renew_factors == 1 && user.password_hash.is_none() {
            return Err(ServiceError::Invalid(tr!("texts-error-password-first")));
        }
        let unix = u64::try_from(now()).unwrap_or(0);
        let Some(step) = totp::matching_step(&offer.secret, code, unix) else {
            return Err(ServiceError::Invalid(tr!(
                "texts-error-enrolment-code-wrong"
            )));
        };
        let codes = recovery::generate();
        let hashes: Vec<String> = codes.iter().map(|code| recovery::hash(code)).collect();
        let encrypted = self.encrypt_totp_secret(principal.user_id, &offer.secret)?;
        let stored = users::complete_totp_enrolment(
            self.store.pool(),
            principal.user_id,
            &encrypted,
            step,
            &hashes,
        )
        .await?;
        if !stored {
            return Err(ServiceError::Invalid(tr!("texts-error-already-enrolled")));
        }
        if user.must_renew_factors == 1 {
            factors::finish_renewal(self.store.pool(), principal.user_id).await?;
        }
        self.clear_factor_suspension(principal, Factor::Totp)
            .await?;
        self.audit(
            principal,
            AuditAction::TotpEnrolled,
            &principal.handle,
            "10 recovery codes issued",
        )
        .await?;
        Ok(codes)
    }
}
