//! Actions on an open request: state changes with a next step, assignment,
//! attaching and supplying documents, participants, ratings and the
//! "agent is writing" signal.

use super::outbox::Change;
use super::requests::{request_event, text_in};
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::next_step::translate_in;
use crate::domain::text::{sanitize, sanitize_line, validate_text};
use crate::domain::{
    Changer, NotificationKind, Principal, RequestNumber, RequestPriority, RequestState, now,
};
use crate::notify::LiveEventKind;
use crate::store::documents;
use crate::store::lifecycle;
use crate::store::requests::{self, RequestRecord};
use crate::store::write_keys;

/// Maximum length of a next step, in characters.
pub const MAX_NEXT_STEP_CHARS: usize = 200;
/// Maximum length of a canned reply's title, in characters.
pub const MAX_CANNED_TITLE_CHARS: usize = 80;
/// Maximum length of a rating comment, in characters.
pub const MAX_RATING_COMMENT_CHARS: usize = 1000;

impl Portal {
    /// Stores in `change` that `request` changed, by `principal`.
    async fn announce_change_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        request: &RequestRecord,
    ) -> ServiceResult<()> {
        self.announce_in(
            change,
            request_event(
                LiveEventKind::RequestChanged,
                request.id,
                request.organisation_id,
                principal,
            ),
        )
        .await
    }

    pub(super) async fn request_in_scope(
        &self,
        principal: &Principal,
        request_id: i64,
    ) -> ServiceResult<RequestRecord> {
        requests::get(self.store.pool(), principal, request_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(tr!("requests-error-request", id = request_id)))
    }

    /// Moves a request to `to` with the next step shown to the customer.
    /// Staff may make every change of the lifecycle table and must give a
    /// next step. Customers may withdraw, reopen within the reopen period
    /// and supply a missing document, and the next step is written for them.
    /// Followers are notified and open sessions updated.
    pub async fn change_state(
        &self,
        principal: &Principal,
        request_id: i64,
        to: RequestState,
        next_step: &str,
    ) -> ServiceResult<()> {
        let mut change = self.begin().await?;
        self.change_state_in(&mut change, principal, request_id, to, next_step)
            .await?;
        self.commit(change).await
    }

    /// Changes a request's state as [`Portal::change_state`] does, at most
    /// once per idempotency `key` (see [`Portal::reply_once`]): a repeated
    /// call changes nothing more and returns Ok.
    pub async fn change_state_once(
        &self,
        principal: &Principal,
        request_id: i64,
        to: RequestState,
        next_step: &str,
        key: &str,
    ) -> ServiceResult<()> {
        super::requests::validate_write_key(key)?;
        let mut change = self.begin().await?;
        if super::write_keys::claim(&mut change, key, principal, write_keys::STATE_CHANGE)
            .await?
            .is_some()
        {
            return Ok(());
        }
        self.change_state_in(&mut change, principal, request_id, to, next_step)
            .await?;
        write_keys::set_target(change.connection(), key, request_id).await?;
        self.commit(change).await
    }

    /// Does what [`Portal::change_state`] does inside `change`.
    pub(super) async fn change_state_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        request_id: i64,
        to: RequestState,
        next_step: &str,
    ) -> ServiceResult<()> {
        super::require_request_writer(principal)?;
        let request = self.request_in_scope(principal, request_id).await?;
        if request.conversation != 0 {
            return Err(ServiceError::Invalid(tr!(
                "requests-error-conversation-state"
            )));
        }
        let from: RequestState = request
            .state
            .parse()
            .map_err(|error: String| ServiceError::Internal(error))?;
        let changer = if principal.role.is_staff() {
            Changer::Staff
        } else {
            Changer::Customer
        };
        from.check_change(to, changer)
            .map_err(ServiceError::Invalid)?;

        let now = now();
        if changer == Changer::Customer && from == RequestState::Closed {
            let closed_at = request.closed_at.unwrap_or(request.updated_at);
            let days = self.settings.reopen_days;
            if now > closed_at + days * 86_400 {
                return Err(ServiceError::Invalid(tr!(
                    "requests-error-reopen-too-late",
                    days = days
                )));
            }
        }
        let next_step = match (changer, to) {
            (Changer::Staff, _) => validate_text(
                "requests-field-next-step",
                &sanitize_line(next_step),
                MAX_NEXT_STEP_CHARS,
            )
            .map_err(ServiceError::Invalid)?,
            // Stored in the customer's language, and readers see these
            // defaults in their own (see `domain::next_step`).
            (Changer::Customer, RequestState::Closed) => tr!("requests-next-step-withdrawn"),
            (Changer::Customer, _) => tr!("requests-next-step-review-again"),
        };

        let changed = requests::change_state(
            change.connection(),
            request_id,
            principal.user_id,
            from,
            to,
            &next_step,
            now,
        )
        .await?;
        if !changed {
            return Err(ServiceError::Invalid(tr!(
                "requests-error-changed-meanwhile",
                number = RequestNumber::new(request.id, request.created_at).to_string()
            )));
        }

        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            change,
            principal,
            AuditAction::RequestStateChanged,
            &number.to_string(),
            &format!("{from} -> {to}"),
        )
        .await?;
        self.announce_change_in(change, principal, &request).await?;
        let number = number.to_string();
        let message = |language| {
            let state = to.label_in(language).to_lowercase();
            let title = text_in(
                language,
                "requests-notify-state-title",
                &[("number", &number), ("state", &state)],
            );
            let body = text_in(
                language,
                "requests-notify-state-body",
                &[("text", &translate_in(&next_step, language))],
            );
            (title, body)
        };
        self.notify_followers(
            change,
            principal,
            request_id,
            NotificationKind::StatusChange,
            message,
        )
        .await
    }

    /// Assigns a request to the agent with `handle`, or to the caller when
    /// `handle` is `None`. Only staff assign.
    pub async fn assign_request(
        &self,
        principal: &Principal,
        request_id: i64,
        handle: Option<&str>,
    ) -> ServiceResult<String> {
        let (assignee_id, assignee_name) = self.assignee(principal, handle).await?;
        let request = self.request_in_scope(principal, request_id).await?;
        let mut change = self.begin().await?;
        self.assign_in(
            &mut change,
            principal,
            &request,
            assignee_id,
            &assignee_name,
        )
        .await?;
        self.commit(change).await?;
        Ok(assignee_name)
    }

    /// Returns the id and name of the agent with `handle`, or of the caller
    /// when `handle` is `None` or empty. Fails unless the caller is staff.
    pub(super) async fn assignee(
        &self,
        principal: &Principal,
        handle: Option<&str>,
    ) -> ServiceResult<(i64, String)> {
        if !principal.role.is_staff() {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-assign-agents-only"
            )));
        }
        match handle.map(str::trim) {
            None | Some("") => Ok((principal.user_id, principal.display_name.clone())),
            Some(handle) => {
                let Some(agent) = lifecycle::find_agent(self.store.pool(), handle).await? else {
                    return Err(ServiceError::NotFound(tr!(
                        "requests-error-agent",
                        handle = format!("{:?}", sanitize_line(handle))
                    )));
                };
                Ok((agent.id, agent.display_name))
            }
        }
    }

    /// Assigns `request` to the agent `assignee_id` inside `change`, and
    /// notifies the agent unless they assigned themselves. The caller has
    /// checked with [`Portal::assignee`] that `principal` may assign.
    pub(super) async fn assign_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        request: &RequestRecord,
        assignee_id: i64,
        assignee_name: &str,
    ) -> ServiceResult<()> {
        let now = change.now;
        lifecycle::assign(change.connection(), request.id, Some(assignee_id), now).await?;

        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            change,
            principal,
            AuditAction::RequestAssigned,
            &number.to_string(),
            assignee_name,
        )
        .await?;
        self.announce_change_in(change, principal, request).await?;
        if assignee_id == principal.user_id {
            return Ok(());
        }
        let language = self.notification_language(assignee_id).await?;
        let title = text_in(
            language,
            "requests-notify-assigned-title",
            &[("number", &number.to_string())],
        );
        let body = text_in(
            language,
            "requests-notify-assigned-body",
            &[
                ("name", &principal.display_name),
                ("subject", &request.subject),
            ],
        );
        self.notify_in(
            change,
            assignee_id,
            NotificationKind::StatusChange,
            &title,
            &body,
            &format!("request:{}", request.id),
        )
        .await
    }

    /// Sets the priority of a request, which selects its service-level
    /// targets. Only staff set priorities.
    pub async fn set_priority(
        &self,
        principal: &Principal,
        request_id: i64,
        priority: RequestPriority,
    ) -> ServiceResult<()> {
        let mut change = self.begin().await?;
        self.set_priority_in(&mut change, principal, request_id, priority)
            .await?;
        self.commit(change).await
    }

    /// Does what [`Portal::set_priority`] does inside `change`.
    pub(super) async fn set_priority_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        request_id: i64,
        priority: RequestPriority,
    ) -> ServiceResult<()> {
        if !principal.role.is_staff() {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-priority-agents-only"
            )));
        }
        let request = self.request_in_scope(principal, request_id).await?;
        let now = change.now;
        lifecycle::set_priority(change.connection(), request_id, priority, now).await?;

        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            change,
            principal,
            AuditAction::RequestPrioritySet,
            &number.to_string(),
            priority.as_str(),
        )
        .await?;
        self.announce_change_in(change, principal, &request).await
    }

    /// Attaches one of the customer's documents to a request. A request
    /// waiting for a missing document goes back to under review.
    pub async fn attach_to_request(
        &self,
        principal: &Principal,
        request_id: i64,
        document_id: i64,
    ) -> ServiceResult<()> {
        super::require_request_writer(principal)?;
        if principal.role.is_staff() {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-attach-customers-only"
            )));
        }
        let request = self.request_in_scope(principal, request_id).await?;
        if request.state == RequestState::Closed.as_str() {
            return Err(ServiceError::Invalid(tr!("requests-error-closed-attach")));
        }
        let pool = self.store.pool();
        let Some(document) = documents::get(pool, principal, document_id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-document",
                id = document_id
            )));
        };
        let mut change = self.begin().await?;
        let now = change.now;
        requests::attach_document(
            change.connection(),
            request_id,
            document_id,
            principal.user_id,
            now,
        )
        .await?;
        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::DocumentAttached,
            &number.to_string(),
            &document.title,
        )
        .await?;

        if request.state == RequestState::MissingDocument.as_str() {
            self.change_state_in(
                &mut change,
                principal,
                request_id,
                RequestState::UnderReview,
                "",
            )
            .await?;
        } else {
            self.announce_change_in(&mut change, principal, &request)
                .await?;
        }
        self.commit(change).await
    }

    /// Adds a colleague of the request's organisation as a participant, who
    /// then follows the request. Customers and staff may add one.
    pub async fn add_participant(
        &self,
        principal: &Principal,
        request_id: i64,
        handle: &str,
    ) -> ServiceResult<String> {
        super::require_request_writer(principal)?;
        let request = self.request_in_scope(principal, request_id).await?;
        let handle = handle.trim();
        let pool = self.store.pool();
        let Some(colleague) =
            lifecycle::find_colleague(pool, request.organisation_id, handle).await?
        else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-colleague",
                handle = format!("{:?}", sanitize_line(handle)),
                organisation = sanitize_line(&request.organisation_name)
            )));
        };
        let mut change = self.begin().await?;
        let now = change.now;
        let added = lifecycle::add_participant(
            change.connection(),
            request_id,
            colleague.id,
            principal.user_id,
            now,
        )
        .await?;
        if !added {
            return Err(ServiceError::Invalid(tr!(
                "requests-error-already-follows",
                name = sanitize_line(&colleague.display_name)
            )));
        }
        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::ParticipantAdded,
            &number.to_string(),
            &colleague.handle,
        )
        .await?;
        let language = self.notification_language(colleague.id).await?;
        let title = text_in(
            language,
            "requests-notify-participant-title",
            &[("number", &number.to_string())],
        );
        let body = text_in(
            language,
            "requests-notify-participant-body",
            &[
                ("name", &principal.display_name),
                ("subject", &request.subject),
            ],
        );
        self.notify_in(
            &mut change,
            colleague.id,
            NotificationKind::StatusChange,
            &title,
            &body,
            &format!("request:{request_id}"),
        )
        .await?;
        self.announce_change_in(&mut change, principal, &request)
            .await?;
        self.commit(change).await?;
        Ok(colleague.display_name)
    }

    /// Stores a customer's rating from 1 to 5 with an optional comment. Only
    /// a closed request can be rated, and only once.
    pub async fn rate_request(
        &self,
        principal: &Principal,
        request_id: i64,
        rating: i64,
        comment: &str,
    ) -> ServiceResult<()> {
        super::require_request_writer(principal)?;
        if principal.role.is_staff() {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-rate-customers-only"
            )));
        }
        if !(1..=5).contains(&rating) {
            return Err(ServiceError::Invalid(tr!(
                "requests-error-rating-invalid",
                rating = rating
            )));
        }
        let comment = sanitize(comment, true);
        if comment.chars().count() > MAX_RATING_COMMENT_CHARS {
            return Err(ServiceError::Invalid(tr!(
                "requests-error-comment-too-long",
                max = MAX_RATING_COMMENT_CHARS
            )));
        }
        let request = self.request_in_scope(principal, request_id).await?;
        if request.state != RequestState::Closed.as_str() {
            return Err(ServiceError::Invalid(tr!("requests-error-rate-open")));
        }
        let mut change = self.begin().await?;
        let now = change.now;
        if !lifecycle::rate(change.connection(), request_id, rating, comment.trim(), now).await? {
            return Err(ServiceError::Invalid(tr!("requests-error-already-rated")));
        }
        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::RequestRated,
            &number.to_string(),
            &rating.to_string(),
        )
        .await?;
        self.announce_change_in(&mut change, principal, &request)
            .await?;
        self.commit(change).await
    }

    /// Returns the id of the caller's organisation's general conversation
    /// with support, creating it on first use. Only customers call this;
    /// agents reach conversations from their message list.
    pub async fn open_conversation(&self, principal: &Principal) -> ServiceResult<i64> {
        super::require_request_writer(principal)?;
        let Some(organisation_id) = principal.customer_organisation() else {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-conversation-customers-only"
            )));
        };
        Ok(
            requests::conversation(self.store.pool(), organisation_id, principal.user_id, now())
                .await?,
        )
    }

    /// Adds a canned reply or replaces the one with the same title, for
    /// operators through `portico admin canned set`.
    pub async fn set_canned_reply(&self, title: &str, body: &str) -> ServiceResult<()> {
        let title = validate_text(
            "texts-field-title",
            &sanitize_line(title),
            MAX_CANNED_TITLE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let body = validate_text(
            "texts-field-reply",
            &sanitize(body, true),
            crate::service::requests::MAX_MESSAGE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        lifecycle::upsert_canned_reply(self.store.pool(), &title, body.trim()).await?;
        Ok(())
    }

    /// Tells the other agents' sessions that the caller started writing in
    /// a request. Nothing is stored, and customers never hear of it.
    pub async fn signal_typing(&self, principal: &Principal, request_id: i64) -> ServiceResult<()> {
        if !principal.role.is_staff() {
            return Ok(());
        }
        let request = self.request_in_scope(principal, request_id).await?;
        self.bus.publish(request_event(
            LiveEventKind::Typing,
            request_id,
            request.organisation_id,
            principal,
        ));
        Ok(())
    }
}
