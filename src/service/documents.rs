//! Reading documents.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::Principal;
use crate::store::documents::{self, DocumentQuery, DocumentRecord};

impl Portal {
    /// Lists the documents the caller may see.
    pub async fn documents(
        &self,
        principal: &Principal,
        query: &DocumentQuery,
    ) -> ServiceResult<Vec<DocumentRecord>> {
        Ok(documents::list(self.store.pool(), principal, query).await?)
    }

    /// Opens one document: returns it and marks it read for customers.
    pub async fn open_document(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<DocumentRecord> {
        let pool = self.store.pool();
        let Some(mut document) = documents::get(pool, principal, id).await? else {
            return Err(ServiceError::NotFound(format!("document {id}")));
        };
        if document.status == "new" {
            documents::mark_read(pool, principal, id).await?;
            if principal.role == crate::domain::Role::Customer {
                document.status = "read".to_string();
            }
        }
        Ok(document)
    }
}
