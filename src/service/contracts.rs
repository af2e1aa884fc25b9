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

    /// Returns the words shown on screens, in the current language.
    pub fn label(self) -> String {
        match self {
            ContractAction::Terminate => tr!("contracts-action-terminate"),
            ContractAction::Renew => tr!("contracts-action-renew"),
            ContractAction::ChangeOfCircumstances => tr!("contracts-action-change"),
        }
    }

    /// Returns the subject of the request in the current language, which
    /// is the customer's because the request is written in their name.
    fn subject(self, number: &str) -> String {
        match self {
            ContractAction::Terminate => tr!("contracts-subject-terminate", number = number),
            ContractAction::Renew => tr!("contracts-subject-renew", number = number),
            ContractAction::ChangeOfCircumstances => {
                tr!("contracts-subject-change", number = number)
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
            return Err(ServiceError::NotFound(tr!(
                "contracts-error-contract",
                id = contract_id.to_string()
            )));
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
            tr!(
                "contracts-default-body",
                action = action.label(),
                product = &contract.product,
                summary = contract.summary()
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
