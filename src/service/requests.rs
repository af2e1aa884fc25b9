//! Requests and their message threads: listing, opening, reading and
//! replying. State changes, assignment and the other actions on an open
//! request are in [`super::lifecycle`].

use std::collections::HashMap;

use super::outbox::Change;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::regional::Language;
use crate::domain::sla::SlaFacts;
use crate::domain::text::{sanitize, sanitize_line, validate_text};
use crate::domain::{
    NotificationKind, Principal, RequestCategory, RequestNumber, RequestPriority, RequestState,
    Role, Timestamp, now,
};
use crate::notify::{LiveEvent, LiveEventKind};
use crate::store::documents::{self, DocumentQuery, DocumentRecord};
use crate::store::lifecycle::{
    self, AgentRecord, CannedReplyRecord, ContractSummary, DocumentSummary, ParticipantRecord,
};
use crate::store::messages::{self, MessageRecord};
use crate::store::requests::{self, NewRequest, RequestEventRecord, RequestQuery, RequestRecord};
use crate::store::{contracts, kb, users, write_keys};

/// Maximum length of a subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 120;
/// Maximum length of a message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// Articles offered this long before a request was opened count as offered
/// for it, in seconds.
const SUGGESTION_WINDOW_SECS: i64 = 3600;
/// How many recent requests and documents the context panel lists.
const CONTEXT_LIMIT: i64 = 5;

/// A request with its status history and the messages the caller may see.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: RequestRecord,
    pub history: Vec<RequestEventRecord>,
    pub messages: Vec<MessageRecord>,
    pub participants: Vec<ParticipantRecord>,
    /// Documents attached to the request that the caller may see.
    pub attachments: Vec<DocumentSummary>,
    /// For customers: their organisation's newest documents, which they
    /// may attach. Empty for staff.
    pub attachable: Vec<DocumentSummary>,
    /// For staff: the customer's context. `None` for customers.
    pub context: Option<StaffContext>,
    /// For staff: canned replies with the placeholders filled in.
    pub canned: Vec<CannedReplyRecord>,
    /// For staff: the enabled agents and operators, by handle, to assign
    /// the request to. Empty for customers.
    pub agents: Vec<AgentRecord>,
    /// Until when the customer may reopen the closed request.
    pub reopen_until: Option<Timestamp>,
}

/// The context shown to agents beside a request: the customer's
/// organisation, its contracts, documents attached to its requests and its
/// recent requests.
#[derive(Debug, Clone, Default)]
pub struct StaffContext {
    pub organisation: String,
    pub contracts: Vec<ContractSummary>,
    pub documents: Vec<DocumentSummary>,
    pub recent_requests: Vec<RequestRecord>,
}

/// The fields a customer fills in to open a request.
#[derive(Debug, Clone)]
pub struct RequestDraft {
    pub subject: String,
    pub category: RequestCategory,
    pub body: String,
    pub document_id: Option<i64>,
    /// The contract the request is about, when opened from a contract;
    /// stored with the request in the same transaction.
    pub contract_id: Option<i64>,
}

/// The origin of a new request: the screen it was opened from and the
/// articles offered before.
#[derive(Debug, Clone, Default)]
pub struct DraftOrigin {
    /// The screen and item, such as "Documents: Invoice 2026-02 (new
    /// request from the document)", stored in English.
    pub context: String,
    /// Knowledge base articles offered while the subject was typed.
    pub offered_articles: Vec<i64>,
}

/// Fills the placeholders `{customer}`, `{number}`, `{agent}` and
/// `{organisation}` of a canned reply.
pub fn fill_placeholders(template: &str, request: &RequestRecord, agent: &str) -> String {
    template
        .replace("{customer}", &request.opened_by_name)
        .replace(
            "{number}",
            &RequestNumber::new(request.id, request.created_at).to_string(),
        )
        .replace("{agent}", agent)
        .replace("{organisation}", &request.organisation_name)
}

impl Portal {
    /// Lists the requests the caller may see. For staff each request
    /// carries its service-level clocks, and the list is ordered by them:
    /// overdue requests first, then the least time left, then requests
    /// with stopped clocks by update time. `overdue_only` applies to staff.
    pub async fn requests(
        &self,
        principal: &Principal,
        query: &RequestQuery,
    ) -> ServiceResult<Vec<RequestRecord>> {
        let mut records = requests::list(self.store.pool(), principal, query).await?;
        if principal.role.is_staff() {
            self.add_sla(principal, &mut records, now()).await?;
            if query.overdue_only {
                records.retain(RequestRecord::is_overdue);
            }
            sort_by_sla(&mut records);
        }
        Ok(records)
    }

    /// Sets the service-level clocks of `records` as of `now`.
    pub(super) async fn add_sla(
        &self,
        principal: &Principal,
        records: &mut [RequestRecord],
        now: Timestamp,
    ) -> ServiceResult<()> {
        let ids: Vec<i64> = records
            .iter()
            .filter(|record| record.conversation == 0)
            .map(|record| record.id)
            .collect();
        let mut histories: HashMap<i64, Vec<(RequestState, Timestamp)>> = HashMap::new();
        for change in lifecycle::state_changes(self.store.pool(), principal, &ids).await? {
            if let Ok(state) = change.to_state.parse() {
                histories
                    .entry(change.request_id)
                    .or_default()
                    .push((state, change.created_at));
            }
        }
        for record in records.iter_mut().filter(|record| record.conversation == 0) {
            let history = histories.remove(&record.id).unwrap_or_default();
            let facts = SlaFacts {
                category: record.category.parse().unwrap_or(RequestCategory::Other),
                priority: record.priority.parse().unwrap_or(RequestPriority::Normal),
                created_at: record.created_at,
                first_response_at: record.first_response_at,
                closed_at: record.closed_at,
                history: &history,
            };
            record.sla = Some(self.settings.sla.status(&facts, now));
        }
        Ok(())
    }

    /// Opens a request: returns it with its history, messages and, for
    /// staff, the customer's context, and marks its thread read for the
    /// caller.
    pub async fn request_detail(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<RequestDetail> {
        let pool = self.store.pool();
        let Some(mut request) = requests::get(pool, principal, id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-request",
                id = id
            )));
        };
        let mut history = requests::history(pool, principal, id).await?;
        for event in history
            .iter_mut()
            .filter(|event| event.actor_name.is_empty())
        {
            event.actor_name = tr!("requests-actor-operator");
        }
        let messages = messages::list(pool, principal, id).await?;
        messages::mark_read(pool, principal, id).await?;
        let participants = lifecycle::participants(pool, id).await?;
        let attachments = documents::attached_to(pool, principal, id)
            .await?
            .into_iter()
            .map(summary)
            .collect();
        let reopen_until = request
            .closed_at
            .map(|closed| closed + self.settings.reopen_days * 86_400);

        let (context, canned, attachable, agents) = if principal.role.is_staff() {
            self.add_sla(principal, std::slice::from_mut(&mut request), now())
                .await?;
            let context = self.staff_context(principal, &request).await?;
            let canned = lifecycle::canned_replies(pool, principal)
                .await?
                .into_iter()
                .map(|reply| CannedReplyRecord {
                    body: fill_placeholders(&reply.body, &request, &principal.display_name),
                    ..reply
                })
                .collect();
            let agents = lifecycle::agents(pool).await?;
            (Some(context), canned, Vec::new(), agents)
        } else {
            let query = DocumentQuery {
                limit: Some(9),
                ..DocumentQuery::default()
            };
            let attachable = documents::list(pool, self.store.backend(), principal, &query)
                .await?
                .into_iter()
                .map(summary)
                .collect();
            (None, Vec::new(), attachable, Vec::new())
        };
        Ok(RequestDetail {
            request,
            history,
            messages,
            participants,
            attachments,
            attachable,
            context,
            canned,
            agents,
            reopen_until,
        })
    }

    async fn staff_context(
        &self,
        principal: &Principal,
        request: &RequestRecord,
    ) -> ServiceResult<StaffContext> {
        let pool = self.store.pool();
        let organisation_id = request.organisation_id;
        let contracts = lifecycle::organisation_contracts(pool, principal, organisation_id).await?;
        let documents = lifecycle::organisation_attached_documents(
            pool,
            principal,
            organisation_id,
            CONTEXT_LIMIT,
        )
        .await?;
        let query = RequestQuery {
            organisation_id: Some(organisation_id),
            limit: Some(CONTEXT_LIMIT + 1),
            ..RequestQuery::default()
        };
        let recent_requests = requests::list(pool, principal, &query)
            .await?
            .into_iter()
            .filter(|other| other.id != request.id)
            .take(usize::try_from(CONTEXT_LIMIT).unwrap_or(5))
            .collect();
        Ok(StaffContext {
            organisation: request.organisation_name.clone(),
            contracts,
            documents,
            recent_requests,
        })
    }

    /// Opens a new request for the caller's organisation. Only customers
    /// open requests; an attached document must be in their scope.
    pub async fn open_request(
        &self,
        principal: &Principal,
        draft: &RequestDraft,
    ) -> ServiceResult<RequestNumber> {
        self.open_request_from(principal, draft, &DraftOrigin::default())
            .await
    }

    /// Opens a new request like [`Portal::open_request`] and records where
    /// it was opened from and which articles were offered before.
    pub async fn open_request_from(
        &self,
        principal: &Principal,
        draft: &RequestDraft,
        origin: &DraftOrigin,
    ) -> ServiceResult<RequestNumber> {
        self.open_request_keyed(principal, draft, origin, None, false)
            .await
    }

    /// Opens a request as [`Portal::open_request_from`] does, at most once
    /// per idempotency `key` (see [`Portal::reply_once`]): a repeated call
    /// returns the number of the request the first call opened.
    pub async fn open_request_once(
        &self,
        principal: &Principal,
        draft: &RequestDraft,
        origin: &DraftOrigin,
        key: &str,
    ) -> ServiceResult<RequestNumber> {
        validate_write_key(key)?;
        self.open_request_keyed(principal, draft, origin, Some(key), false)
            .await
    }

    /// Opens a request as [`Portal::open_request_once`] does. An `erasure`
    /// request is marked as one and gets its erasure-requested audit entry
    /// in the same transaction.
    pub(super) async fn open_request_keyed(
        &self,
        principal: &Principal,
        draft: &RequestDraft,
        origin: &DraftOrigin,
        key: Option<&str>,
        erasure: bool,
    ) -> ServiceResult<RequestNumber> {
        super::require_request_writer(principal)?;
        let (Role::Customer, Some(organisation_id)) = (principal.role, principal.organisation_id)
        else {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-customers-only"
            )));
        };
        let subject = validate_text(
            "requests-field-subject",
            &sanitize_line(&draft.subject),
            MAX_SUBJECT_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let body = validate_text(
            "requests-field-message",
            &sanitize(&draft.body, true),
            MAX_MESSAGE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let pool = self.store.pool();
        let mut contract_id = None;
        if let Some(document_id) = draft.document_id {
            let Some(document) = documents::get(pool, principal, document_id).await? else {
                return Err(ServiceError::NotFound(tr!(
                    "requests-error-document",
                    id = document_id
                )));
            };
            contract_id = document.contract_id;
        }
        if let Some(id) = draft.contract_id {
            if contracts::get(pool, principal, id).await?.is_none() {
                return Err(ServiceError::NotFound(tr!(
                    "requests-error-contract",
                    id = id
                )));
            }
            contract_id = Some(id);
        }

        let created_at = now();
        let context = sanitize_line(&origin.context);
        // Stored, and read by the customer who opens the request, in their
        // language.
        let next_step = tr!("requests-next-step-received");
        let request = NewRequest {
            organisation_id,
            subject: &subject,
            category: draft.category,
            priority: RequestPriority::Normal.as_str(),
            body: &body,
            next_step: &next_step,
            document_id: draft.document_id,
            contract_id,
            context: &context,
            erasure,
        };
        let mut change = self.begin().await?;
        // Claiming the key is the transaction's first write, as for messages.
        if let Some(key) = key
            && let Some(id) =
                super::write_keys::claim(&mut change, key, principal, write_keys::REQUEST).await?
        {
            drop(change);
            return self.earlier_request(principal, id).await;
        }
        let id =
            requests::insert(change.connection(), principal.user_id, &request, created_at).await?;
        if let Some(key) = key {
            write_keys::set_target(change.connection(), key, id).await?;
        }
        let number = RequestNumber::new(id, created_at);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::RequestOpened,
            &number.to_string(),
            &subject,
        )
        .await?;
        if erasure {
            self.audit_in(
                &mut change,
                principal,
                AuditAction::ErasureRequested,
                &principal.handle,
                &number.to_string(),
            )
            .await?;
        }
        self.announce_in(
            &mut change,
            request_event(
                LiveEventKind::RequestChanged,
                id,
                organisation_id,
                principal,
            ),
        )
        .await?;
        if !origin.offered_articles.is_empty() {
            kb::link_suggestions(
                change.connection(),
                principal.user_id,
                &origin.offered_articles,
                &subject,
                id,
                created_at - SUGGESTION_WINDOW_SECS,
                created_at,
            )
            .await?;
        }
        self.commit(change).await?;
        Ok(number)
    }

    /// Returns the number of the request an earlier keyed call opened.
    async fn earlier_request(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<RequestNumber> {
        let Some(request) = requests::get(self.store.pool(), principal, id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-request",
                id = id
            )));
        };
        Ok(RequestNumber::new(request.id, request.created_at))
    }

    /// Adds the caller's reply to a request thread in their scope and
    /// notifies the request's followers.
    pub async fn reply(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
    ) -> ServiceResult<()> {
        self.write_message(principal, request_id, body, false, None)
            .await
    }

    /// Replies as [`Portal::reply`] does, at most once per idempotency
    /// `key`: repeating the call with the same key after an unclear failure
    /// stores nothing more and returns Ok. Keys are 16 to 64 letters,
    /// digits, `-` or `_`, chosen at random by the writer.
    pub async fn reply_once(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
        key: &str,
    ) -> ServiceResult<()> {
        validate_write_key(key)?;
        self.write_message(principal, request_id, body, false, Some(key))
            .await
    }

    /// Adds an internal note as [`Portal::add_note`] does, at most once
    /// per idempotency `key` (see [`Portal::reply_once`]).
    pub async fn add_note_once(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
        key: &str,
    ) -> ServiceResult<()> {
        validate_write_key(key)?;
        self.write_message(principal, request_id, body, true, Some(key))
            .await
    }

    /// Adds an internal note, which only staff ever see, to a request.
    pub async fn add_note(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
    ) -> ServiceResult<()> {
        self.write_message(principal, request_id, body, true, None)
            .await
    }

    async fn write_message(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
        internal: bool,
        key: Option<&str>,
    ) -> ServiceResult<()> {
        if internal && !principal.role.is_staff() {
            return Err(ServiceError::Forbidden(tr!(
                "requests-error-notes-agents-only"
            )));
        }
        super::require_request_writer(principal)?;
        let body = validate_text(
            "requests-field-message",
            &sanitize(body, true),
            MAX_MESSAGE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let pool = self.store.pool();
        let Some(request) = requests::get(pool, principal, request_id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-request",
                id = request_id
            )));
        };
        if request.state == RequestState::Closed.as_str() && !internal {
            return Err(ServiceError::Invalid(tr!("requests-error-closed-reply")));
        }
        let mut change = self.begin().await?;
        self.post_message_in(&mut change, principal, &request, &body, internal, key)
            .await?;
        self.commit(change).await
    }

    /// Stores a message in `change` with its live event and, unless it is
    /// an internal note, the followers' notifications. The caller checked
    /// that `principal` may write to `request`.
    pub(super) async fn post_message_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        request: &RequestRecord,
        body: &str,
        internal: bool,
        key: Option<&str>,
    ) -> ServiceResult<()> {
        let now = change.now;
        let stored = messages::insert_once(
            change.connection(),
            key,
            request.id,
            principal.user_id,
            body,
            internal,
            now,
        )
        .await
        .map_err(|error| match error {
            // A key claimed by another user or kind of write.
            sqlx::Error::InvalidArgument(_) => {
                super::write_keys::key_taken(key.unwrap_or_default())
            }
            error => error.into(),
        })?;
        if let messages::Stored::Earlier(id) = stored {
            // The earlier attempt stored the message and its event in one
            // transaction; the bridge relays that event.
            tracing::info!(handle = %principal.handle, request = request.id, message = id, "message already stored under this idempotency key");
            return Ok(());
        }

        let kind = if internal {
            LiveEventKind::NoteAdded
        } else {
            LiveEventKind::MessageAdded
        };
        self.announce_in(
            change,
            request_event(kind, request.id, request.organisation_id, principal),
        )
        .await?;
        if !internal {
            let number = RequestNumber::new(request.id, request.created_at).to_string();
            let message = |language| {
                let title = text_in(
                    language,
                    "requests-notify-message-title",
                    &[("number", &number)],
                );
                let body = text_in(
                    language,
                    "requests-notify-message-body",
                    &[
                        ("name", &principal.display_name),
                        ("subject", &request.subject),
                    ],
                );
                (title, body)
            };
            self.notify_followers(
                change,
                principal,
                request.id,
                NotificationKind::NewMessage,
                message,
            )
            .await?;
        }
        Ok(())
    }

    /// Notifies the followers of a request (opener, assignee and
    /// participants) except the actor, inside `change`, so the
    /// notifications commit or roll back with it. `message` writes the
    /// title and body in each follower's language.
    pub(super) async fn notify_followers(
        &self,
        change: &mut Change,
        actor: &Principal,
        request_id: i64,
        kind: NotificationKind,
        message: impl Fn(Language) -> (String, String),
    ) -> ServiceResult<()> {
        let link = format!("request:{request_id}");
        for user_id in lifecycle::followers(change.connection(), request_id).await? {
            if user_id == actor.user_id {
                continue;
            }
            // A follower who left the organisation or was disabled is skipped.
            let Some(user) = users::find_by_id(self.store.pool(), user_id).await? else {
                continue;
            };
            if user.disabled != 0 {
                continue;
            }
            let (title, body) = message(self.notification_language(user_id).await?);
            self.notify_in(change, user_id, kind, &title, &body, &link)
                .await?;
        }
        Ok(())
    }

    /// Returns the language `user_id` chose, else that of their latest
    /// terminal session, else English. Never the actor's language, because
    /// another user's action raises these notifications.
    pub(super) async fn notification_language(&self, user_id: i64) -> ServiceResult<Language> {
        let known = super::display::known_language(self.store.pool(), user_id).await?;
        Ok(known.unwrap_or_default())
    }
}

/// Returns the short form of a document that request views list.
fn summary(document: DocumentRecord) -> DocumentSummary {
    DocumentSummary {
        id: document.id,
        title: document.title,
        issue_date: document.issue_date,
        kind: document.kind,
        size: document.size,
    }
}

/// Builds the event of a change to a request.
pub(super) fn request_event(
    kind: LiveEventKind,
    request_id: i64,
    organisation_id: i64,
    actor: &Principal,
) -> LiveEvent {
    LiveEvent {
        request_id: Some(request_id),
        organisation_id: Some(organisation_id),
        actor_id: Some(actor.user_id),
        actor_name: actor.display_name.clone(),
        ..LiveEvent::new(kind)
    }
}

/// Orders staff lists: overdue first, then by time left, then requests whose
/// clocks stopped, newest update first.
pub fn sort_by_sla(records: &mut [RequestRecord]) {
    records.sort_by(|a, b| {
        let urgency = |record: &RequestRecord| record.sla.and_then(|sla| sla.urgency());
        match (urgency(a), urgency(b)) {
            (Some(left_a), Some(left_b)) => left_a.cmp(&left_b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.updated_at.cmp(&a.updated_at),
        }
        .then_with(|| b.id.cmp(&a.id))
    });
}

/// Returns the text of message `id` in `language` with text arguments;
/// notifications are written in the recipient's language.
pub(super) fn text_in(language: Language, id: &str, args: &[(&'static str, &str)]) -> String {
    let mut fluent_args = crate::i18n::FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, *value);
    }
    crate::i18n::text_in(language, id, Some(&fluent_args))
}

/// Checks an idempotency key: 16 to 64 ASCII letters, digits, `-` or `_`.
pub(super) fn validate_write_key(key: &str) -> ServiceResult<()> {
    let valid = (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if valid {
        return Ok(());
    }
    Err(ServiceError::Invalid(tr!(
        "requests-error-idempotency-key",
        key = format!("{:?}", crate::domain::text::sanitize_line(key))
    )))
}
