//! Operator commands: accounts and keys. These run from `portico admin`,
//! whose caller is anyone with access to the database, and are all audited.

use russh::keys::ssh_key::{HashAlg, PublicKey};

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::text::{sanitize_line, validate_email, validate_handle, validate_text};
use crate::domain::{Role, now};
use crate::store::audit::{self, AuditEntry};
use crate::store::keys;
use crate::store::users::{self, NewUser, UserRecord};

/// The account an operator adds.
#[derive(Debug, Clone)]
pub struct AccountDraft {
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub password: Option<String>,
}

/// Returns the SHA256 fingerprint of a key as OpenSSH prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

impl Portal {
    /// Appends an audit entry for an action of the operator's command line.
    pub(super) async fn audit_operator(
        &self,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: None,
            actor_handle: "operator",
            action: action.as_str(),
            target,
            detail,
        };
        audit::append(self.store.pool(), &entry, now()).await?;
        Ok(())
    }

    /// Adds an account, creating its organisation if new.
    pub async fn add_account(&self, draft: &AccountDraft) -> ServiceResult<i64> {
        validate_handle(&draft.handle).map_err(ServiceError::Invalid)?;
        let display_name = validate_text("--name", &sanitize_line(&draft.display_name), 80)
            .map_err(ServiceError::Invalid)?;
        validate_email(&draft.email).map_err(ServiceError::Invalid)?;
        if draft.role == Role::Customer && draft.organisation.is_none() {
            return Err(ServiceError::Invalid(
                "a customer needs an organisation: add --org NAME".to_string(),
            ));
        }
        let pool = self.store.pool();
        if users::find_by_handle(pool, &draft.handle).await?.is_some() {
            return Err(ServiceError::Invalid(format!(
                "the handle {} is taken: choose another",
                draft.handle
            )));
        }

        let password_hash = match &draft.password {
            Some(password) => {
                self.check_new_password(password, &draft.handle, &draft.email)?;
                Some(
                    self.hasher
                        .hash(password)
                        .await
                        .map_err(|error| ServiceError::Internal(error.to_string()))?,
                )
            }
            None => None,
        };
        let organisation_id = match &draft.organisation {
            Some(name) => {
                let name = validate_text("--org", &sanitize_line(name), 120)
                    .map_err(ServiceError::Invalid)?;
                Some(users::ensure_organisation(pool, &name, now()).await?)
            }
            None => None,
        };
        let user = NewUser {
            handle: &draft.handle,
            display_name: &display_name,
            email: &draft.email,
            role: draft.role,
            organisation_id,
            password_hash: password_hash.as_deref(),
        };
        let id = users::insert(pool, &user, now()).await?;
        self.audit_operator(AuditAction::UserAdded, &draft.handle, draft.role.as_str())
            .await?;
        Ok(id)
    }

    /// Registers an OpenSSH public key line for an account and returns its
    /// fingerprint.
    pub async fn add_key(&self, handle: &str, key_line: &str) -> ServiceResult<String> {
        let pool = self.store.pool();
        let Some(user) = users::find_by_handle(pool, handle).await? else {
            return Err(ServiceError::NotFound(format!(
                "account {}",
                sanitize_line(handle)
            )));
        };

        let line = key_line
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'));
        let Some(line) = line else {
            return Err(ServiceError::Invalid(
                "no public key found: expected one line such as 'ssh-ed25519 AAAA... comment'"
                    .to_string(),
            ));
        };

        let key = PublicKey::from_openssh(line).map_err(|error| {
            ServiceError::Invalid(format!("invalid public key: {error}; expected one line such as 'ssh-ed25519 AAAA... comment'"))
        })?;

        let fingerprint = fingerprint(&key);
        let openssh = key
            .to_openssh()
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        let comment = sanitize_line(key.comment().as_ref());
        let added = keys::insert(
            pool,
            user.id,
            key.algorithm().as_str(),
            &openssh,
            &fingerprint,
            &comment,
            now(),
        )
        .await?;

        if !added {
            return Err(ServiceError::Invalid(format!(
                "the key {fingerprint} is already registered for {handle}"
            )));
        }
        self.audit_operator(AuditAction::KeyAdded, handle, &fingerprint)
            .await?;
        Ok(fingerprint)
    }

    /// Lists every account for operators.
    pub async fn list_accounts(&self) -> ServiceResult<Vec<UserRecord>> {
        let accounts = users::list(self.store.pool()).await?;
        self.audit_operator(
            AuditAction::UsersListed,
            "all accounts",
            &format!("{} accounts", accounts.len()),
        )
        .await?;
        Ok(accounts)
    }
}
