//! Reading, finding, archiving and downloading documents.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{Capability, DocumentKind, DocumentStatus, Principal, RequestNumber, Role};
use crate::store::contracts::{self, ContractRecord};
use crate::store::documents::{self, DocumentQuery, DocumentRecord, RelatedRequest};
use crate::store::requests::{self, RequestQuery, RequestRecord};

/// Maximum number of characters of extracted text a detail view shows.
pub const PREVIEW_CHARS: usize = 4000;

/// One document with what its detail view shows besides the metadata.
#[derive(Debug, Clone)]
pub struct DocumentDetail {
    pub record: DocumentRecord,
    /// Start of the extracted text, empty when none. Ingestion sanitized
    /// it, but screens sanitize it again because other writers may not.
    pub preview: String,
    pub contract: Option<ContractRecord>,
    pub requests: Vec<RelatedRequest>,
    /// `sftp` command that downloads the document into the current folder.
    pub sftp_command: String,
    /// `scp` command that does the same.
    pub scp_command: String,
}

/// Builds the `sftp` and `scp` commands that download `path` for `handle`
/// from `address` (HOST:PORT; an IPv6 host in brackets).
pub fn download_commands(address: &str, handle: &str, path: &str) -> (String, String) {
    let (host, port) = crate::domain::network::host_and_port(address);
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port_flag = if port == "22" {
        String::new()
    } else {
        format!("-P {port} ")
    };
    (
        format!("sftp {port_flag}{handle}@{host}:{path}"),
        format!("scp {port_flag}{handle}@{host}:{path} ."),
    )
}

/// Returns a document's path in the SFTP tree: `/documents/KIND/YEAR/NAME`,
/// or `/archive/...` once archived.
pub fn sftp_path(record: &DocumentRecord) -> String {
    let root = if record.status == DocumentStatus::Archived.as_str() {
        "archive"
    } else {
        "documents"
    };
    let year = record.issue_date.get(..4).unwrap_or("0000");
    format!("/{root}/{}/{year}/{}", record.kind, record.file_name)
}

/// Returns the error for a document that does not exist or is outside the
/// caller's scope, in the current language.
fn document_not_found(id: i64) -> ServiceError {
    ServiceError::NotFound(tr!("documents-error-document", id = id.to_string()))
}

impl Portal {
    /// Lists the documents the caller may see, filtered, sorted and paged.
    pub async fn documents(
        &self,
        principal: &Principal,
        query: &DocumentQuery,
    ) -> ServiceResult<Vec<DocumentRecord>> {
        Ok(documents::list(self.store.pool(), self.store.backend(), principal, query).await?)
    }

    /// Counts the documents matching `query` regardless of its limit.
    pub async fn document_count(
        &self,
        principal: &Principal,
        query: &DocumentQuery,
    ) -> ServiceResult<i64> {
        Ok(
            documents::count_matching(self.store.pool(), self.store.backend(), principal, query)
                .await?,
        )
    }

    /// Opens one document: returns it and marks it read for customers who
    /// may change documents.
    pub async fn open_document(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<DocumentRecord> {
        let pool = self.store.pool();
        let Some(mut document) = documents::get(pool, principal, id).await? else {
            return Err(document_not_found(id));
        };
        if document.status == DocumentStatus::New.as_str()
            && documents::mark_read(pool, principal, id).await?
        {
            document.status = DocumentStatus::Read.as_str().to_string();
        }
        Ok(document)
    }

    /// Opens a document with its text preview, contract and requests.
    pub async fn document_detail(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<DocumentDetail> {
        let record = self.open_document(principal, id).await?;
        let pool = self.store.pool();
        let preview = documents::text_preview(pool, principal, id, PREVIEW_CHARS)
            .await?
            .unwrap_or_default();
        let contract = match record.contract_id {
            Some(contract_id) => contracts::get(pool, principal, contract_id).await?,
            None => None,
        };
        let requests = documents::related_requests(pool, principal, id).await?;
        let (sftp_command, scp_command) = download_commands(
            &self.settings.public_address,
            &principal.handle,
            &sftp_path(&record),
        );
        Ok(DocumentDetail {
            record,
            preview,
            contract,
            requests,
            sftp_command,
            scp_command,
        })
    }

    /// Archives a document of the caller (customers), or brings it back
    /// with `archived` false, and returns it.
    pub async fn set_document_archived(
        &self,
        principal: &Principal,
        id: i64,
        archived: bool,
    ) -> ServiceResult<DocumentRecord> {
        if principal.role != Role::Customer {
            return Err(ServiceError::Forbidden(tr!(
                "documents-error-archive-staff"
            )));
        }
        if !principal.may(Capability::ChangeDocuments) {
            return Err(ServiceError::Forbidden(tr!(
                "documents-error-archive-read-only"
            )));
        }
        let status = if archived {
            DocumentStatus::Archived
        } else {
            DocumentStatus::Read
        };
        let pool = self.store.pool();
        if !documents::set_status(pool, principal, id, status).await? {
            return Err(document_not_found(id));
        }
        documents::get(pool, principal, id)
            .await?
            .ok_or_else(|| document_not_found(id))
    }

    /// Lists the (kind, year) folders of the caller's documents.
    pub async fn document_folders(
        &self,
        principal: &Principal,
        archived: bool,
    ) -> ServiceResult<Vec<(String, String)>> {
        Ok(documents::folders(self.store.pool(), principal, archived).await?)
    }

    /// Lists the caller's documents of one SFTP folder, or only the one
    /// named `file_name` when given.
    pub async fn documents_in_folder(
        &self,
        principal: &Principal,
        archived: bool,
        kind: DocumentKind,
        year: i32,
        file_name: Option<&str>,
    ) -> ServiceResult<Vec<DocumentRecord>> {
        let query = DocumentQuery {
            kind: Some(kind),
            archived: Some(archived),
            year: Some(year),
            file_name: file_name.map(str::to_string),
            sort: documents::DocumentSort::Title,
            ..DocumentQuery::default()
        };
        self.documents(principal, &query).await
    }

    /// Returns a document's content for a download over `channel` (such as
    /// "sftp"), marks it read and writes an audit entry.
    pub async fn download_document(
        &self,
        principal: &Principal,
        id: i64,
        channel: &str,
    ) -> ServiceResult<(DocumentRecord, Vec<u8>)> {
        let record = self.open_document(principal, id).await?;
        let Some(content) = documents::content_of(self.store.pool(), &record).await? else {
            return Err(document_not_found(id));
        };
        self.audit(
            principal,
            AuditAction::DocumentDownloaded,
            &format!("document:{id}"),
            &format!("{channel}: {} ({})", record.file_name, record.sha256),
        )
        .await?;
        Ok((record, content))
    }
}

impl Portal {
    /// Lists the documents attached to a request in the caller's scope.
    pub async fn request_documents(
        &self,
        principal: &Principal,
        request_id: i64,
    ) -> ServiceResult<Vec<DocumentRecord>> {
        Ok(documents::attached_to(self.store.pool(), principal, request_id).await?)
    }

    /// Lists the caller's open requests, the folders of `/uploads`.
    pub async fn upload_requests(
        &self,
        principal: &Principal,
    ) -> ServiceResult<Vec<RequestRecord>> {
        if principal.role != Role::Customer {
            return Ok(Vec::new());
        }
        let query = RequestQuery {
            open_only: true,
            ..RequestQuery::default()
        };
        Ok(requests::list(self.store.pool(), principal, &query).await?)
    }

    /// Finds the open request of the caller's organisation that `number`
    /// names exactly, year included, for an upload.
    pub async fn upload_request(
        &self,
        principal: &Principal,
        number: RequestNumber,
    ) -> ServiceResult<RequestRecord> {
        let not_found =
            || ServiceError::NotFound(tr!("documents-error-request", number = number.to_string()));
        if principal.role != Role::Customer {
            return Err(not_found());
        }
        let request = requests::get(self.store.pool(), principal, number.id)
            .await?
            .ok_or_else(not_found)?;
        if RequestNumber::new(request.id, request.created_at) != number || request.state == "closed"
        {
            return Err(not_found());
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_commands_name_port_and_path() {
        let (sftp, scp) =
            download_commands("127.0.0.1:2222", "alice", "/documents/invoice/2026/a.pdf");
        assert_eq!(
            sftp,
            "sftp -P 2222 alice@127.0.0.1:/documents/invoice/2026/a.pdf"
        );
        assert_eq!(
            scp,
            "scp -P 2222 alice@127.0.0.1:/documents/invoice/2026/a.pdf ."
        );
        let (sftp, _) = download_commands("[::1]:22", "bob", "/archive/x");
        assert_eq!(sftp, "sftp bob@[::1]:/archive/x");
        let (sftp, _) = download_commands("portal.example.com", "bob", "/x");
        assert_eq!(sftp, "sftp bob@portal.example.com:/x");
    }
}
