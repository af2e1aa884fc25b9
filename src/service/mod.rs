//! Use cases of the portal. Each public function checks who may do what,
//! writes audit entries for sensitive actions and calls the store. The SSH
//! and TUI layers call only this layer.

pub mod account;
pub mod admin;
pub mod audit_trail;
pub mod automation_keys;
pub mod contracts;
pub mod deadlines;
pub mod demo;
mod demo_support;
pub mod digest;
pub mod display;
pub mod documents;
pub mod erasure;
pub mod export;
pub mod export_archive;
pub mod export_guard;
pub mod extract;
pub mod factors;
pub mod fresh_factor;
pub mod ingest;
pub mod kb;
mod keyed_changes;
pub mod lifecycle;
pub mod login;
pub mod login_history;
pub mod notification_settings;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod overview;
pub mod privacy;
pub mod requests;
pub mod reset;
pub mod retention;
pub mod seed;
pub mod sessions;
pub mod throttle;
pub mod write_keys;

use crate::auth::PasswordHasher;
use crate::auth::password_policy::{PolicyContext, check_policy};
use crate::auth::secret_key::SecretKey;
use crate::domain::audit::AuditAction;
use crate::domain::sla::SlaPolicy;
use crate::domain::{Principal, now};
use crate::notify::Bus;
use crate::store::Store;
use crate::store::audit::{self, AuditEntry};

/// A use case's failure, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The thing does not exist or is outside the caller's scope; both read
    /// the same so that ids of other organisations reveal nothing.
    #[error("{0} was not found")]
    NotFound(String),
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the database is not available, try again in a moment")]
    Database(#[from] sqlx::Error),
    #[error("an internal error occurred: {0}")]
    Internal(String),
}

impl ServiceError {
    /// Tells whether the call failed because the database was lost for a
    /// while, so the same call may succeed once it is back.
    pub fn is_connection_fault(&self) -> bool {
        matches!(self, ServiceError::Database(error) if crate::store::is_connection_fault(error))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Settings that use cases need.
#[derive(Debug, Clone)]
pub struct PortalSettings {
    /// The issuer shown in authenticator apps.
    pub issuer: String,
    /// Minimum length of a new password, in characters.
    pub password_min_chars: usize,
    /// Per-account login throttling.
    pub throttle: throttle::AccountThrottle,
    /// Size limit and retention periods of documents.
    pub documents: crate::config::DocumentSettings,
    /// HOST:PORT customers connect to, for the download commands shown
    /// with each document.
    pub public_address: String,
    /// Service-level targets and the business calendar they count in.
    pub sla: SlaPolicy,
    /// How long after closing a customer may reopen a request, in days.
    pub reopen_days: i64,
    /// When deadline warnings are checked for and how early they are sent.
    pub deadlines: deadlines::DeadlineSettings,
    /// The privacy notice and the consents customers may give.
    pub privacy: crate::domain::privacy::PrivacySettings,
    /// Email and SMS delivery through the outbox.
    pub delivery: crate::notify::delivery::DeliverySettings,
    /// How long idempotency keys of writes are kept, in days.
    pub write_key_retention_days: i64,
}

impl Default for PortalSettings {
    fn default() -> Self {
        PortalSettings {
            issuer: "Portico".to_string(),
            password_min_chars: crate::config::DEFAULT_PASSWORD_MIN_CHARS,
            throttle: throttle::AccountThrottle::default(),
            documents: crate::config::DocumentSettings::default(),
            public_address: crate::config::DEFAULT_LISTEN.to_string(),
            sla: SlaPolicy::default(),
            reopen_days: crate::config::DEFAULT_REOPEN_DAYS,
            deadlines: deadlines::DeadlineSettings::default(),
            privacy: crate::domain::privacy::PrivacySettings::default(),
            delivery: crate::notify::delivery::DeliverySettings::default(),
            write_key_retention_days: crate::config::DEFAULT_WRITE_KEY_RETENTION_DAYS,
        }
    }
}

/// The service layer: one value shared by every session of a node.
#[derive(Clone, Debug)]
pub struct Portal {
    store: Store,
    hasher: PasswordHasher,
    settings: PortalSettings,
    /// Encrypts TOTP secrets at rest. Without it, every use case that reads
    /// or writes a TOTP secret fails; `portico admin` needs none.
    secret_key: Option<SecretKey>,
    bus: Bus,
}

impl Portal {
    pub fn new(store: Store, hasher: PasswordHasher, settings: PortalSettings) -> Portal {
        Portal {
            store,
            hasher,
            settings,
            secret_key: None,
            bus: Bus::new(),
        }
    }

    /// Returns the portal with the key that encrypts TOTP secrets.
    pub fn with_secret_key(mut self, key: SecretKey) -> Portal {
        self.secret_key = Some(key);
        self
    }

    /// Returns the key that encrypts TOTP secrets, or an error naming the
    /// missing key.
    pub fn secret_key(&self) -> ServiceResult<&SecretKey> {
        self.secret_key.as_ref().ok_or_else(|| {
            ServiceError::Internal(
                "no TOTP secret key is loaded: start the server with --keys DIR".to_string(),
            )
        })
    }

    /// Returns the event bus of this node, which sessions subscribe to.
    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn settings(&self) -> &PortalSettings {
        &self.settings
    }

    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    /// Checks a new password of the account `handle` against the policy,
    /// with the rejection's reason as a [`ServiceError::Invalid`].
    fn check_new_password(&self, password: &str, handle: &str, email: &str) -> ServiceResult<()> {
        let context = PolicyContext {
            handle,
            email,
            service_name: &self.settings.issuer,
            min_chars: self.settings.password_min_chars,
        };
        check_policy(password, &context).map_err(ServiceError::Invalid)
    }

    /// Appends an audit entry for an action the server took by itself,
    /// such as rejecting a replayed code or encrypting stored secrets.
    async fn audit_system(
        &self,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: None,
            actor_handle: "system",
            action: action.as_str(),
            target,
            detail,
        };
        audit::append(self.store.pool(), &entry, now()).await?;
        Ok(())
    }

    /// Appends an audit entry for an action of `principal`. A failure to
    /// write it fails the use case, so no sensitive action goes unrecorded.
    async fn audit(
        &self,
        principal: &Principal,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: Some(principal.user_id),
            actor_handle: &principal.handle,
            action: action.as_str(),
            target,
            detail,
        };
        audit::append(self.store.pool(), &entry, now()).await?;
        Ok(())
    }
}

/// Rejects a customer whose role in the current organisation does not
/// allow changing requests (billing and viewer members). Staff pass, as
/// their rights are checked by their account role.
pub(crate) fn require_request_writer(principal: &crate::domain::Principal) -> ServiceResult<()> {
    if principal.role.is_staff() || principal.may(crate::domain::Capability::WriteRequests) {
        return Ok(());
    }
    let role = principal
        .member_role
        .map_or_else(|| tr!("texts-role-none"), crate::domain::MemberRole::name);
    Err(ServiceError::Forbidden(tr!(
        "texts-error-role-cannot-write",
        role = role,
        member = crate::domain::MemberRole::Member.name()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MemberRole, Principal, Role};
    use crate::i18n::{Language, sync_scope};

    fn viewer() -> Principal {
        Principal {
            user_id: 1,
            handle: "vera".to_string(),
            display_name: "Vera".to_string(),
            role: Role::Customer,
            organisation_id: Some(1),
            organisation_name: Some("Acme".to_string()),
            member_role: Some(MemberRole::Viewer),
        }
    }

    fn rejection(principal: &Principal) -> String {
        match require_request_writer(principal) {
            Err(ServiceError::Forbidden(reason)) => reason,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn request_writer_rejection_in_english() {
        assert_eq!(
            rejection(&viewer()),
            "your role in this organisation (viewer) cannot change requests: ask an owner for the member role"
        );
    }

    #[test]
    fn request_writer_rejection_in_french() {
        let without_role = Principal {
            member_role: None,
            ..viewer()
        };
        sync_scope(Language::French, || {
            assert_eq!(
                rejection(&viewer()),
                "votre rôle dans cette organisation (lecteur) ne permet pas de modifier les demandes\u{a0}: demandez à un propriétaire le rôle membre"
            );
            assert!(rejection(&without_role).contains("(aucun)"));
        });
    }
}
