//! Contracts: listing with plain-language summaries and the requests a
//! customer opens about one (termination, renewal, change of
//! circumstances).

use super::requests::RequestDraft;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::{DocumentKind, Principal, RequestCategory, RequestNumber};
use crate::store::contracts::{self, ContractRecord};
use crate::store::documents::{self, DocumentQuery};

/// The request a customer makes about a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractAction {
    Terminate,
    Renew,
    ChangeOfCircumstances,
}

impl ContractAction {
    pub const ALL: [ContractAction; 3] = [
        ContractAction::Terminate,
        ContractAction::Renew,
        ContractAction::ChangeOfCircumstances,
    ];

    /// Returns the words shown on screens.
    pub fn label(self) -> &'static str {
        match self {
            ContractAction::Terminate => "Request termination",
            ContractAction::Renew => "Request renewal",
            ContractAction::ChangeOfCircumstances => "Report a change of circumstances",
        }
    }

    fn subject(self, number: &str) -> String {
        match self {
            ContractAction::Terminate => format!("Termination of contract {number}"),
            ContractAction::Renew => format!("Renewal of contract {number}"),
            ContractAction::ChangeOfCircumstances => {
                format!("Change of circumstances for contract {number}")
            }
        }
    }
}

impl Portal {
    /// Lists the caller's contracts, active first; staff get none.
    pub async fn contracts(&self, principal: &Principal) -> ServiceResult<Vec<ContractRecord>> {
        Ok(contracts::list(self.store.pool(), principal).await?)
    }

    /// Opens a request about a contract of the caller's organisation, with
    /// the contract linked and its newest contract document attached.
    /// `note` is the customer's message; an empty note gets a default text.
    pub async fn contract_request(
        &self,
        principal: &Principal,
        contract_id: i64,
        action: ContractAction,
        note: &str,
    ) -> ServiceResult<RequestNumber> {
        let pool = self.store.pool();
        let Some(contract) = contracts::get(pool, principal, contract_id).await? else {
            return Err(ServiceError::NotFound(format!("contract {contract_id}")));
        };
        let query = DocumentQuery {
            kind: Some(DocumentKind::Contract),
            contract_id: Some(contract.id),
            limit: Some(1),
            ..DocumentQuery::default()
        };
        let document_id = documents::list(pool, self.store.backend(), principal, &query)
            .await?
            .first()
            .map(|document| document.id);
        let body = if note.trim().is_empty() {
            format!(
                "{} ({}): {}.",
                action.label(),
                contract.product,
                contract.summary()
            )
        } else {
            note.to_string()
        };
        let draft = RequestDraft {
            subject: action.subject(&contract.number),
            category: RequestCategory::ContractChange,
            body,
            document_id,
            contract_id: Some(contract.id),
        };
        self.open_request(principal, &draft).await
    }
}
