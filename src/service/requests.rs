//! Requests and their message threads.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::text::{sanitize, sanitize_line, validate_text};
use crate::domain::{Principal, RequestCategory, RequestNumber, Role, now};
use crate::store::documents;
use crate::store::messages::{self, MessageRecord};
use crate::store::requests::{self, NewRequest, RequestEventRecord, RequestQuery, RequestRecord};

/// Maximum length of a subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 120;
/// Maximum length of a message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// A request with its status history and the messages the caller may see.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: RequestRecord,
    pub history: Vec<RequestEventRecord>,
    pub messages: Vec<MessageRecord>,
}

/// The fields a customer fills in to open a request.
#[derive(Debug, Clone)]
pub struct RequestDraft {
    pub subject: String,
    pub category: RequestCategory,
    pub body: String,
    pub document_id: Option<i64>,
}

impl Portal {
    /// Lists the requests the caller may see.
    pub async fn requests(
        &self,
        principal: &Principal,
        query: &RequestQuery,
    ) -> ServiceResult<Vec<RequestRecord>> {
        Ok(requests::list(self.store.pool(), principal, query).await?)
    }

    /// Opens a request: returns it with its history and messages, and marks
    /// its thread read for the caller.
    pub async fn request_detail(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<RequestDetail> {
        let pool = self.store.pool();
        let Some(request) = requests::get(pool, principal, id).await? else {
            return Err(ServiceError::NotFound(format!("request {id}")));
        };
        let history = requests::history(pool, principal, id).await?;
        let messages = messages::list(pool, principal, id).await?;
        messages::mark_read(pool, principal, id).await?;
        Ok(RequestDetail {
            request,
            history,
            messages,
        })
    }

    /// Opens a new request for the caller's organisation. Only customers
    /// open requests; an attached document must be in their scope.
    pub async fn open_request(
        &self,
        principal: &Principal,
        draft: &RequestDraft,
    ) -> ServiceResult<RequestNumber> {
        let (Role::Customer, Some(organisation_id)) = (principal.role, principal.organisation_id)
        else {
            return Err(ServiceError::Forbidden(
                "only customers open requests".to_string(),
            ));
        };
        let subject = validate_text(
            "the subject",
            &sanitize_line(&draft.subject),
            MAX_SUBJECT_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let body = validate_text(
            "the message",
            &sanitize(&draft.body, true),
            MAX_MESSAGE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        if let Some(document_id) = draft.document_id
            && documents::get(self.store.pool(), principal, document_id)
                .await?
                .is_none()
        {
            return Err(ServiceError::NotFound(format!("document {document_id}")));
        }

        let created_at = now();
        let request = NewRequest {
            organisation_id,
            subject: &subject,
            category: draft.category,
            priority: "normal",
            body: &body,
            next_step: "An agent will review your request.",
            document_id: draft.document_id,
            contract_id: None,
        };
        let id =
            requests::insert(self.store.pool(), principal.user_id, &request, created_at).await?;
        let number = RequestNumber::new(id, created_at);
        self.audit(principal, "request-opened", &number.to_string(), &subject)
            .await?;
        Ok(number)
    }

    /// Adds the caller's reply to a request thread in their scope.
    pub async fn reply(
        &self,
        principal: &Principal,
        request_id: i64,
        body: &str,
    ) -> ServiceResult<()> {
        let body = validate_text("the message", &sanitize(body, true), MAX_MESSAGE_CHARS)
            .map_err(ServiceError::Invalid)?;
        let pool = self.store.pool();
        let Some(request) = requests::get(pool, principal, request_id).await? else {
            return Err(ServiceError::NotFound(format!("request {request_id}")));
        };
        if request.state == "closed" {
            return Err(ServiceError::Invalid(
                "this request is closed: open a new request to write to support".to_string(),
            ));
        }
        messages::insert(pool, request_id, principal.user_id, &body, false, now()).await?;
        Ok(())
    }
}
