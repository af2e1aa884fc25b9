//! Use cases of the portal. Each public function checks who may do what,
//! writes audit entries for sensitive actions and calls the store. The SSH
//! and TUI layers call only this layer.

pub mod account;
pub mod admin;
pub mod demo;
pub mod documents;
pub mod login;
pub mod notifications;
pub mod overview;
pub mod requests;
pub mod seed;

use crate::auth::PasswordHasher;
use crate::domain::{Principal, now};
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

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Settings that use cases need.
#[derive(Debug, Clone)]
pub struct PortalSettings {
    /// The issuer shown in authenticator apps.
    pub issuer: String,
    /// Minimum length of a new password, in characters.
    pub password_min_chars: usize,
}

impl Default for PortalSettings {
    fn default() -> Self {
        PortalSettings {
            issuer: "Portico".to_string(),
            password_min_chars: crate::config::DEFAULT_PASSWORD_MIN_CHARS,
        }
    }
}

/// The service layer: one value shared by every session of a node.
#[derive(Clone, Debug)]
pub struct Portal {
    store: Store,
    hasher: PasswordHasher,
    settings: PortalSettings,
}

impl Portal {
    pub fn new(store: Store, hasher: PasswordHasher, settings: PortalSettings) -> Portal {
        Portal {
            store,
            hasher,
            settings,
        }
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

    /// Appends an audit entry for an action of `principal`. A failure to
    /// write it fails the use case, so no sensitive action goes unrecorded.
    async fn audit(
        &self,
        principal: &Principal,
        action: &str,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: Some(principal.user_id),
            actor_handle: &principal.handle,
            action,
            target,
            detail,
        };
        audit::append(self.store.pool(), &entry, now()).await?;
        Ok(())
    }
}
