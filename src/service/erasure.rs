//! Erasure of a person's data (GDPR article 17): the customer files it as
//! a tracked request from the privacy screen, and the operator carries it
//! out with `portico admin user erase HANDLE`.

use super::requests::RequestDraft;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{MemberRole, Principal, RequestCategory, RequestNumber, Role, now};
use crate::store::erasure::{self, ErasureCounts};
use crate::store::users;

/// The subject of an erasure request, so agents recognise it in the queue.
pub const ERASURE_SUBJECT: &str = "Erase my personal data (GDPR article 17)";

/// The outcome of `admin user erase`, for its printed summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureSummary {
    pub user_id: i64,
    pub former_handle: String,
    pub pseudonym: String,
    pub counts: ErasureCounts,
    /// Documents of the person's organisations that stay, such as invoices
    /// and pay slips, because the law requires keeping them.
    pub documents_kept: i64,
    /// Messages the person wrote, kept under the pseudonym.
    pub messages_kept: i64,
    /// Organisations the person was the only owner of, now without one.
    pub ownerless: Vec<String>,
}

impl Portal {
    /// Files an erasure request for the caller as a request of category
    /// "other" in their current organisation, after a fresh second factor
    /// `code`. Customers only; every member role may, because erasure is
    /// each person's own right.
    pub async fn request_erasure(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<RequestNumber> {
        if principal.role != Role::Customer {
            return Err(ServiceError::Forbidden(tr!("privacy-staff-erasure")));
        }
        self.confirm_fresh_factor(principal, code, "factors-action-erasure")
            .await?;
        // A viewer may not open requests in general, but may ask for this one.
        let writer = Principal {
            member_role: principal.member_role.map(|_| MemberRole::Member),
            ..principal.clone()
        };
        let draft = RequestDraft {
            subject: ERASURE_SUBJECT.to_string(),
            category: RequestCategory::Other,
            body: format!(
                "Please erase the personal data of my account {}. Invoices and other records the law requires stay with the organisation.",
                principal.handle
            ),
            document_id: None,
            contract_id: None,
        };
        let number = self.open_request(&writer, &draft).await?;
        self.audit(
            principal,
            AuditAction::ErasureRequested,
            &principal.handle,
            &number.to_string(),
        )
        .await?;
        Ok(number)
    }

    /// Erases the personal data of the account `handle` for an operator:
    /// ends its sessions, deletes keys, secrets, consents, notifications
    /// and memberships, removes network data from its login history,
    /// replaces handle, name and email with a pseudonym, and disables it.
    /// Documents, requests, messages and audit entries stay. Audited.
    pub async fn erase_account(&self, handle: &str) -> ServiceResult<ErasureSummary> {
        let pool = self.store.pool();
        let Some(user) = users::find_by_handle(pool, handle.trim()).await? else {
            return Err(ServiceError::NotFound(format!(
                "account {handle}: check the handle with `portico admin user list`"
            )));
        };
        if erasure::is_erased(pool, user.id).await? {
            return Err(ServiceError::Invalid(format!(
                "account {handle} was erased already"
            )));
        }
        if user.role == Role::Operator.as_str() {
            return Err(ServiceError::Invalid(format!(
                "account {handle} is an operator: make it a customer or agent before erasing it"
            )));
        }

        let ownerless = erasure::sole_owner_of(pool, user.id).await?;
        self.end_sessions_of(user.id, "account erased").await?;
        let counts = erasure::erase_account(pool, user.id, now()).await?;
        let (documents_kept, messages_kept) = erasure::kept_records(pool, user.id).await?;
        let summary = ErasureSummary {
            user_id: user.id,
            former_handle: user.handle.clone(),
            pseudonym: erasure::erased_handle(user.id),
            counts,
            documents_kept,
            messages_kept,
            ownerless,
        };
        // NOTE: earlier audit entries keep naming the handle, because the
        // trail is hash-chained and rewriting it would break the chain.
        self.audit_operator(
            AuditAction::AccountErased,
            &summary.pseudonym,
            &format!(
                "{} keys, {} automation keys, {} recovery codes, {} sessions, {} consents, {} notifications, {} email and SMS copies, {} settings, {} memberships deleted; {} logins without network data; {} documents and {} messages kept",
                summary.counts.ssh_keys,
                summary.counts.automation_keys,
                summary.counts.recovery_codes,
                summary.counts.sessions,
                summary.counts.consents,
                summary.counts.notifications,
                summary.counts.outbox,
                summary.counts.settings,
                summary.counts.memberships,
                summary.counts.login_history,
                summary.documents_kept,
                summary.messages_kept,
            ),
        )
        .await?;
        Ok(summary)
    }
}
