//! Erasure of a person's data (GDPR article 17): the customer files it as
//! a tracked request from the privacy screen, the operator lists these
//! requests with `portico admin user erasures` and carries one out with
//! `portico admin user erase HANDLE`, which closes the account's open
//! erasure requests.

use super::requests::{DraftOrigin, RequestDraft};
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{
    MemberRole, Principal, RequestCategory, RequestNumber, RequestState, Role, Timestamp,
};
use crate::notify::{LiveEvent, LiveEventKind};
use crate::store::erasure::{self, ErasureCounts, ErasureRequestRecord};
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
    /// The person's erasure requests that the erasure closed.
    pub closed_requests: Vec<RequestNumber>,
}

/// The progress of an erasure request, for the operator's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureStatus {
    /// The account is not erased and the request is open.
    Pending,
    /// The account was erased at this time.
    Erased(Timestamp),
    /// The request was closed at this time without an erasure, such as
    /// when the customer withdrew it.
    ClosedWithoutErasure(Timestamp),
}

/// One erasure request in the operator's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureRequestSummary {
    pub number: RequestNumber,
    /// The account's handle, or its pseudonym once erased.
    pub handle: String,
    pub organisation: String,
    pub filed_at: Timestamp,
    pub status: ErasureStatus,
}

impl ErasureRequestSummary {
    fn from_record(record: ErasureRequestRecord) -> ErasureRequestSummary {
        let status = match (record.erased_at, record.state.as_str()) {
            (Some(erased_at), _) => ErasureStatus::Erased(erased_at),
            (None, "closed") => {
                ErasureStatus::ClosedWithoutErasure(record.closed_at.unwrap_or(record.created_at))
            }
            (None, _) => ErasureStatus::Pending,
        };
        ErasureRequestSummary {
            number: RequestNumber::new(record.id, record.created_at),
            handle: record.handle,
            organisation: record.organisation_name,
            filed_at: record.created_at,
            status,
        }
    }
}

impl Portal {
    /// Files an erasure request for the caller as a request of category
    /// "other" in their current organisation, marked as an erasure request,
    /// after a fresh second factor `code`. Customers only; every member
    /// role may, because erasure is each person's own right.
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
        self.open_request_keyed(&writer, &draft, &DraftOrigin::default(), None, true)
            .await
    }

    /// Lists every erasure request for the operator's command line: those
    /// still to carry out first, then the erased and closed ones, each
    /// group oldest first.
    pub async fn erasure_requests(&self) -> ServiceResult<Vec<ErasureRequestSummary>> {
        let records = erasure::list_requests(self.store.pool()).await?;
        Ok(records
            .into_iter()
            .map(ErasureRequestSummary::from_record)
            .collect())
    }

    /// Erases the personal data of the account `handle` for an operator:
    /// ends its sessions, deletes keys, secrets, consents, notifications
    /// and memberships, removes network data from its login history,
    /// replaces handle, name and email with a pseudonym, and disables it.
    /// Documents, requests, messages and audit entries stay. In the same
    /// transaction it closes the account's open erasure requests with a
    /// next step giving the date of the erasure. Audited.
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

        let mut change = self.begin().await?;
        let erased_at = change.now;
        let counts = erasure::erase_account(change.connection(), user.id, erased_at).await?;
        let (documents_kept, messages_kept) =
            erasure::kept_records(change.connection(), user.id).await?;
        let closed_requests = self.close_erasure_requests_in(&mut change, user.id).await?;
        let summary = ErasureSummary {
            user_id: user.id,
            former_handle: user.handle.clone(),
            pseudonym: erasure::erased_handle(user.id),
            counts,
            documents_kept,
            messages_kept,
            ownerless,
            closed_requests,
        };
        // NOTE: earlier audit entries keep naming the handle, because the
        // trail is hash-chained and rewriting it would break the chain.
        self.audit_unattended_in(
            &mut change,
            "operator",
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
        self.commit(change).await?;
        Ok(summary)
    }

    /// Closes the open erasure requests of account `user_id` inside
    /// `change`, with an audit entry and a live event for each, and returns
    /// their numbers.
    async fn close_erasure_requests_in(
        &self,
        change: &mut super::outbox::Change,
        user_id: i64,
    ) -> ServiceResult<Vec<RequestNumber>> {
        let erased_at = change.now;
        let date = crate::domain::time::date_utc(erased_at).unwrap_or_default();
        // Stored in the command line's language (English); readers see it
        // in their own, because `domain::next_step` matches it.
        let next_step = tr!("requests-next-step-erased", date = date);
        let closed =
            erasure::close_erasure_requests(change.connection(), user_id, &next_step, erased_at)
                .await?;

        let mut numbers = Vec::with_capacity(closed.len());
        for request in closed {
            let number = RequestNumber::new(request.id, request.created_at);
            self.audit_unattended_in(
                change,
                "operator",
                AuditAction::RequestStateChanged,
                &number.to_string(),
                &format!(
                    "{} -> {}: personal data erased",
                    request.from,
                    RequestState::Closed
                ),
            )
            .await?;
            let event = LiveEvent {
                request_id: Some(request.id),
                organisation_id: Some(request.organisation_id),
                ..LiveEvent::new(LiveEventKind::RequestChanged)
            };
            self.announce_in(change, event).await?;
            numbers.push(number);
        }
        Ok(numbers)
    }
}
