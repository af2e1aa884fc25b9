//! Automation keys for unattended jobs: registered after a fresh second
//! factor, they log in without a code but may only run exec commands
//! within their scope, from their allowed networks, until they expire.

use russh::keys::PublicKey;

use super::admin::fingerprint;
use super::factors::CodeCheck;
use super::outbox::Change;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::network::{self, Network};
use crate::domain::notification::NotificationKind;
use crate::domain::text::{sanitize_line, validate_text};
use crate::domain::{Principal, Timestamp, now};
use crate::i18n::Language;
use crate::store::automation_keys::{self, AutomationKeyRecord, NewAutomationKey};
use crate::store::{keys, users};

/// Maximum lifetime of an automation key: one year.
pub const MAX_LIFETIME_DAYS: i64 = 365;
/// The owner is notified this long before a key expires.
pub const EXPIRY_NOTICE_SECS: i64 = 14 * 86_400;
const MAX_NAME_CHARS: usize = 80;

/// A key to register, as entered in Preferences or on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomationKeyDraft {
    pub name: String,
    /// One OpenSSH public key line.
    pub public_key: String,
    /// Days until the key expires, 1 to [`MAX_LIFETIME_DAYS`].
    pub lifetime_days: i64,
    /// Allowed source networks in CIDR notation; empty allows every address.
    pub networks: String,
    pub read_write: bool,
}

/// The permissions of an accepted automation key on its connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutomationGrant {
    pub key_id: i64,
    pub read_write: bool,
}

impl Portal {
    /// Registers an automation key for the caller after checking `code`, a
    /// current authenticator code or a recovery code, so a session left
    /// open cannot add one. Returns the key's fingerprint.
    pub async fn register_automation_key(
        &self,
        principal: &Principal,
        code: &str,
        draft: &AutomationKeyDraft,
        peer: &str,
    ) -> ServiceResult<String> {
        let Some(user) = users::find_by_id(self.store.pool(), principal.user_id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "preferences-account",
                handle = &principal.handle
            )));
        };
        // The draft is checked first, so a typing error does not use up the code.
        let prepared = prepare(draft)?;
        if user.totp_secret.is_none() {
            return Err(ServiceError::Forbidden(tr!("automation-needs-totp")));
        }
        match self.check_code(&user, code.trim(), peer).await? {
            CodeCheck::Totp | CodeCheck::RecoveryCode => {}
            // NOTE: a wrong code here does not count towards the login
            // throttle, because the caller already has a logged-in session.
            CodeCheck::Replayed | CodeCheck::Wrong => {
                return Err(ServiceError::Forbidden(tr!("automation-code-wrong")));
            }
        }
        self.add_automation_key(user.id, &user.principal(), &prepared)
            .await
    }

    /// Registers an automation key for the account `handle` on an
    /// operator's behalf (`portico admin key add --automation`).
    pub async fn add_automation_key_for(
        &self,
        handle: &str,
        draft: &AutomationKeyDraft,
    ) -> ServiceResult<String> {
        let Some(user) = users::find_by_handle(self.store.pool(), handle).await? else {
            return Err(ServiceError::NotFound(format!(
                "account {}",
                sanitize_line(handle)
            )));
        };
        let prepared = prepare(draft)?;
        let fingerprint = self
            .add_automation_key(user.id, &user.principal(), &prepared)
            .await?;
        self.audit_operator(AuditAction::AutomationKeyAdded, handle, &fingerprint)
            .await?;
        Ok(fingerprint)
    }

    async fn add_automation_key(
        &self,
        user_id: i64,
        owner: &Principal,
        prepared: &PreparedKey,
    ) -> ServiceResult<String> {
        let PreparedKey {
            name,
            lifetime_days,
            networks,
            openssh,
            fingerprint,
            read_write,
        } = prepared;
        // A key that is also a login key would lose its dashboard access,
        // because the automation key is checked first.
        if keys::find_for_user(self.store.pool(), user_id, fingerprint)
            .await?
            .is_some()
        {
            return Err(ServiceError::Invalid(tr!(
                "automation-already-login-key",
                fingerprint = fingerprint
            )));
        }
        let created = now();
        let new = NewAutomationKey {
            user_id,
            name,
            public_key: openssh,
            fingerprint,
            read_write: *read_write,
            networks,
            expires_at: created + lifetime_days * 86_400,
        };
        // An operator may register the key, so the owner's own choice of
        // language decides. It is read before the transaction opens.
        let language = self.recipient_language(user_id).await?;
        let mut change = self.begin().await?;
        if automation_keys::insert(change.connection(), &new, created)
            .await?
            .is_none()
        {
            return Err(ServiceError::Invalid(tr!(
                "automation-already-registered",
                fingerprint = fingerprint
            )));
        }
        let scope = if *read_write {
            "read-write"
        } else {
            "read-only"
        };
        let (title, body) = crate::i18n::sync_scope(language, || {
            (
                tr!("automation-alert-registered-title", name = name),
                tr!(
                    "automation-alert-registered-body",
                    name = name,
                    fingerprint = fingerprint,
                    scope = scope,
                    days = *lifetime_days
                ),
            )
        });
        self.audit_in(
            &mut change,
            owner,
            AuditAction::AutomationKeyRegistered,
            fingerprint,
            &format!("{name}, {scope}, {lifetime_days} days"),
        )
        .await?;
        self.notify_in(
            &mut change,
            user_id,
            NotificationKind::SecurityAlert,
            &title,
            &body,
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        Ok(fingerprint.clone())
    }

    /// Lists the caller's automation keys.
    pub async fn automation_keys(
        &self,
        principal: &Principal,
    ) -> ServiceResult<Vec<AutomationKeyRecord>> {
        Ok(automation_keys::list_for_user(self.store.pool(), principal.user_id).await?)
    }

    /// Deletes the caller's automation key `id`, so it never logs in again,
    /// and returns its fingerprint. Audited.
    pub async fn revoke_automation_key(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<String> {
        let mut change = self.begin().await?;
        let Some(key) = automation_keys::delete(change.connection(), principal.user_id, id).await?
        else {
            return Err(ServiceError::NotFound(tr!(
                "automation-key-not-found",
                id = id
            )));
        };
        let name = sanitize_line(&key.name);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::AutomationKeyRevoked,
            &key.fingerprint,
            &name,
        )
        .await?;
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &tr!("automation-alert-revoked-title", name = &name),
            &tr!(
                "automation-alert-revoked-body",
                name = &name,
                fingerprint = &key.fingerprint
            ),
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        Ok(key.fingerprint)
    }

    /// Runs [`Portal::expire_automation_keys`] once a day, from the start.
    pub async fn automation_key_expiry_daily(self) {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(24 * 60 * 60));
        loop {
            interval.tick().await;
            match self.expire_automation_keys(now()).await {
                Ok(run) if run.disabled + run.notified > 0 => {
                    tracing::info!(
                        disabled = run.disabled,
                        notified = run.notified,
                        "automation key expiry run"
                    );
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %error, "automation key expiry run failed; retrying in a day");
                }
            }
        }
    }

    /// Disables every automation key that expired by `current` and notifies
    /// its owner, then notifies the owners of keys that expire within
    /// [`EXPIRY_NOTICE_SECS`], once per key. Each step is audited. Safe to
    /// run on several nodes at once: each key is claimed by one run.
    pub async fn expire_automation_keys(&self, current: Timestamp) -> ServiceResult<ExpiryRun> {
        let pool = self.store.pool();
        let mut run = ExpiryRun::default();
        for key in automation_keys::expired(pool, current).await? {
            let language = self.recipient_language(key.user_id).await?;
            let mut change = self.begin().await?;
            if !automation_keys::disable(change.connection(), key.id, current).await? {
                continue;
            }
            let name = sanitize_line(&key.name);
            let (title, body) = crate::i18n::sync_scope(language, || {
                (
                    tr!("automation-alert-expired-title", name = &name),
                    tr!(
                        "automation-alert-expired-body",
                        name = &name,
                        fingerprint = &key.fingerprint
                    ),
                )
            });
            self.audit_unattended_in(
                &mut change,
                "operator",
                AuditAction::AutomationKeyExpired,
                &key.fingerprint,
                &format!("{name} of account {}, disabled", key.user_id),
            )
            .await?;
            self.notify_in(
                &mut change,
                key.user_id,
                NotificationKind::SecurityAlert,
                &title,
                &body,
                "preferences",
            )
            .await?;
            self.commit(change).await?;
            run.disabled += 1;
        }
        let expiring =
            automation_keys::expiring(pool, current + EXPIRY_NOTICE_SECS, current).await?;
        for key in expiring {
            let language = self.recipient_language(key.user_id).await?;
            let mut change = self.begin().await?;
            if !automation_keys::claim_notice(change.connection(), key.id).await? {
                continue;
            }
            self.notify_expiry_in(&mut change, &key, language).await?;
            self.audit_unattended_in(
                &mut change,
                "operator",
                AuditAction::AutomationKeyExpiryNotified,
                &key.fingerprint,
                &format!(
                    "{} of account {}, expires {}",
                    sanitize_line(&key.name),
                    key.user_id,
                    crate::domain::time::iso_8601(key.expires_at)
                ),
            )
            .await?;
            self.commit(change).await?;
            run.notified += 1;
        }
        Ok(run)
    }

    /// Notifies the owner of `key` in `change`, in `language`, that it
    /// expires soon. The expiry job and key logins run outside the owner's
    /// session, so callers pass [`Portal::recipient_language`].
    async fn notify_expiry_in(
        &self,
        change: &mut Change,
        key: &AutomationKeyRecord,
        language: Language,
    ) -> ServiceResult<()> {
        let date = crate::domain::time::iso_8601(key.expires_at);
        let (title, body) = crate::i18n::sync_scope(language, || {
            (
                tr!("automation-alert-expiring-title", name = &key.name),
                tr!(
                    "automation-alert-expiring-body",
                    name = &key.name,
                    fingerprint = &key.fingerprint,
                    date = date
                ),
            )
        });
        self.notify_in(
            change,
            key.user_id,
            NotificationKind::SecurityAlert,
            &title,
            &body,
            "preferences",
        )
        .await
    }

    /// Tells whether `fingerprint` is an automation key of `handle`, without
    /// recording anything: an offered key proves nothing yet.
    pub async fn is_automation_key(&self, handle: &str, fingerprint: &str) -> ServiceResult<bool> {
        let Some(user) = users::find_by_handle(self.store.pool(), handle).await? else {
            return Ok(false);
        };
        Ok(
            automation_keys::find(self.store.pool(), user.id, fingerprint)
                .await?
                .is_some(),
        )
    }

    /// Checks a verified public key against the automation keys of
    /// `handle`. Returns `Ok(None)` when it is not one. A key that is
    /// expired or used from a network outside its list is rejected with an
    /// audit entry; an accepted one is audited and returns the principal.
    pub async fn verify_automation_key(
        &self,
        handle: &str,
        fingerprint: &str,
        peer: &str,
    ) -> ServiceResult<Option<Result<(Principal, AutomationGrant), String>>> {
        let pool = self.store.pool();
        let Some(user) = users::find_by_handle(pool, handle)
            .await?
            .filter(|user| user.disabled == 0)
        else {
            return Ok(None);
        };
        let Some(key) = automation_keys::find(pool, user.id, fingerprint).await? else {
            return Ok(None);
        };
        let principal = user.principal();
        let current = now();
        let refusal = if key.expires_at <= current || key.disabled_at.is_some() {
            Some("the automation key has expired".to_string())
        } else if !network_allowed(&key.networks, peer) {
            Some(format!(
                "the automation key is not allowed from {}",
                sanitize_line(peer)
            ))
        } else if user.must_renew_factors != 0 {
            Some("the account must renew its factors first".to_string())
        } else {
            None
        };
        if let Some(reason) = refusal {
            self.audit(
                &principal,
                AuditAction::AutomationKeyRejected,
                fingerprint,
                &reason,
            )
            .await?;
            return Ok(Some(Err(reason)));
        }
        automation_keys::mark_used(pool, key.id, current).await?;
        self.audit(
            &principal,
            AuditAction::AutomationKeyUsed,
            fingerprint,
            &format!("{} from {}", key.name, sanitize_line(peer)),
        )
        .await?;
        self.notify_expiring_keys(&principal, current).await?;
        let grant = AutomationGrant {
            key_id: key.id,
            read_write: key.read_write != 0,
        };
        Ok(Some(Ok((principal, grant))))
    }

    /// Notifies the caller once about each automation key that expires
    /// within [`EXPIRY_NOTICE_SECS`]. Runs at each login.
    pub async fn notify_expiring_keys(
        &self,
        principal: &Principal,
        current: Timestamp,
    ) -> ServiceResult<()> {
        let expiring = automation_keys::expiring_for_user(
            self.store.pool(),
            principal.user_id,
            current + EXPIRY_NOTICE_SECS,
            current,
        )
        .await?;
        for key in expiring {
            let language = self.recipient_language(key.user_id).await?;
            let mut change = self.begin().await?;
            if automation_keys::claim_notice(change.connection(), key.id).await? {
                self.notify_expiry_in(&mut change, &key, language).await?;
                self.commit(change).await?;
            }
        }
        Ok(())
    }
}

/// Counts of one run of the expiry job.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryRun {
    /// Expired keys disabled.
    pub disabled: usize,
    /// Keys whose owners were notified that they expire soon.
    pub notified: usize,
}

/// A checked draft, ready to store.
struct PreparedKey {
    name: String,
    lifetime_days: i64,
    /// Normalized networks, comma-separated.
    networks: String,
    openssh: String,
    fingerprint: String,
    read_write: bool,
}

/// Checks the draft's name, lifetime, networks and key.
fn prepare(draft: &AutomationKeyDraft) -> ServiceResult<PreparedKey> {
    let name = validate_text(
        "texts-field-key-name",
        &sanitize_line(&draft.name),
        MAX_NAME_CHARS,
    )
    .map_err(ServiceError::Invalid)?;
    if !(1..=MAX_LIFETIME_DAYS).contains(&draft.lifetime_days) {
        return Err(ServiceError::Invalid(tr!(
            "automation-lifetime-invalid",
            days = draft.lifetime_days,
            max_days = MAX_LIFETIME_DAYS
        )));
    }
    let networks: Vec<String> = network::parse_list(&draft.networks)
        .map_err(ServiceError::Invalid)?
        .iter()
        .map(Network::to_string)
        .collect();
    let key = PublicKey::from_openssh(draft.public_key.trim()).map_err(|error| {
        ServiceError::Invalid(tr!(
            "automation-public-key-invalid",
            error = error.to_string()
        ))
    })?;
    let openssh = key
        .to_openssh()
        .map_err(|error| ServiceError::Internal(error.to_string()))?;
    Ok(PreparedKey {
        name,
        lifetime_days: draft.lifetime_days,
        networks: networks.join(","),
        openssh,
        fingerprint: fingerprint(&key),
        read_write: draft.read_write,
    })
}

/// Tells whether `peer` (`ADDRESS:PORT`) lies in one of `networks`; an
/// empty list allows every address. An unparsable peer is never allowed.
fn network_allowed(networks: &str, peer: &str) -> bool {
    let Ok(list) = network::parse_list(networks) else {
        return false;
    };
    if list.is_empty() {
        return true;
    }
    let Ok(address) = peer.parse::<std::net::SocketAddr>() else {
        return false;
    };
    list.iter().any(|network| network.contains(address.ip()))
}
