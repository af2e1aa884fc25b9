//! Documents arriving: one file added by an operator, a folder imported
//! with a manifest, and files customers upload to a request over SFTP.
//! Each document is written in one transaction, so a refused or failed
//! file leaves nothing behind.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::extract::extract_text_blocking;
use super::outbox::Change;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::document::{content_type_of, extension_for};
use crate::domain::parse_date;
use crate::domain::text::{sanitize_line, validate_text};
use crate::domain::{DocumentKind, NotificationKind, Principal, RequestNumber, Role};
use crate::store::audit::{self, AuditEntry};
use crate::store::document_admin;
use crate::store::documents::{self, Ingested, NewDocument};
use crate::store::{requests, users};

/// Maximum number of characters of a document title.
pub const MAX_TITLE_CHARS: usize = 200;

/// The names a manifest may have, looked for in this order.
pub const MANIFEST_NAMES: [&str; 2] = ["manifest.csv", "manifest.json"];

/// The fields an operator gives for a document to add.
#[derive(Debug, Clone, Default)]
pub struct DocumentDraft {
    /// Exact organisation name.
    pub organisation: String,
    /// Handle of the one customer who may see it, as for pay slips.
    pub user: Option<String>,
    pub kind: String,
    pub title: String,
    /// Issue date, YYYY-MM-DD; today when absent.
    pub date: Option<String>,
    /// Period covered, free text such as 2026-03.
    pub period: Option<String>,
    /// Amount as a decimal number such as 182.31.
    pub amount: Option<String>,
    pub currency: Option<String>,
    /// Number of a contract of the same organisation.
    pub contract: Option<String>,
}

/// A manifest row: the file beside the manifest and the fields of its
/// [`DocumentDraft`]. The fields are repeated rather than flattened because
/// csv's serde support infers numbers inside flattened structs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestRow {
    file: String,
    #[serde(alias = "org")]
    organisation: String,
    #[serde(default)]
    user: Option<String>,
    kind: String,
    title: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    amount: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    contract: Option<String>,
}

impl ManifestRow {
    fn draft(&self) -> DocumentDraft {
        DocumentDraft {
            organisation: self.organisation.clone(),
            user: self.user.clone(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            period: self.period.clone(),
            amount: self.amount.clone(),
            currency: self.currency.clone(),
            contract: self.contract.clone(),
        }
    }
}

/// One file or row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// "row 3 (invoice.pdf)" or the file name.
    pub name: String,
    pub reason: String,
}

/// The outcome of an import: what was added and what was refused.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Row label and new document id.
    pub added: Vec<(String, i64)>,
    pub refused: Vec<Refusal>,
}

/// Empty an empty text field, so CSV cells and absent JSON keys read alike.
fn present(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// Parses "182.31", "182" or "-0.50" into cents.
fn parse_amount(text: &str) -> Result<i64, String> {
    let invalid = || format!("invalid amount {text:?}: expected a number such as 182.31");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || fraction.len() > 2 || !all_digits(whole) || !all_digits(fraction) {
        return Err(invalid());
    }
    let whole: i64 = whole.parse().map_err(|_| invalid())?;
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    let cents = whole
        .checked_mul(100)
        .and_then(|cents| cents.checked_add(fraction))
        .ok_or_else(invalid)?;
    Ok(if negative { -cents } else { cents })
}

/// Returns the retention date of a document issued on `issued`, or `None`
/// when its kind has no configured period.
// NOTE: the date is fixed when the document is added; a changed period in
// the configuration applies only to documents added afterwards.
fn retention_date(portal: &Portal, kind: DocumentKind, issued: NaiveDate) -> Option<String> {
    let years = *portal.settings().documents.retention_years.get(&kind)?;
    let years = i32::try_from(years).ok()?;
    let target_year = issued.year().checked_add(years)?;
    // 29 February falls back to 28 February in a year without it.
    let date = issued
        .with_year(target_year)
        .or_else(|| NaiveDate::from_ymd_opt(target_year, issued.month(), 28))?;
    Some(date.format("%Y-%m-%d").to_string())
}

impl Portal {
    /// Rejects a file of `size` bytes over the size limit.
    fn check_size_limit(&self, size: u64) -> ServiceResult<()> {
        let max = self.settings.documents.max_bytes;
        if size > max {
            return Err(ServiceError::Invalid(tr!(
                "texts-error-file-too-large",
                size = size,
                max = max
            )));
        }
        Ok(())
    }

    /// Checks that content is neither empty nor over the size limit.
    fn check_size(&self, content: &[u8]) -> ServiceResult<()> {
        if content.is_empty() {
            return Err(ServiceError::Invalid(tr!("texts-error-file-empty")));
        }
        self.check_size_limit(u64::try_from(content.len()).unwrap_or(u64::MAX))
    }

    /// Adds one document for an operator (`portico admin document add`):
    /// validates the draft, rejects empty, oversized and duplicate content,
    /// extracts the text and stores everything in one transaction. Returns
    /// the new id. `source_name` is the original file name.
    pub async fn add_document(
        &self,
        draft: &DocumentDraft,
        source_name: &str,
        content: Vec<u8>,
    ) -> ServiceResult<i64> {
        self.check_size(&content)?;
        let pool = self.store.pool();

        let kind: DocumentKind = draft.kind.trim().parse().map_err(ServiceError::Invalid)?;
        let title = validate_text(
            "texts-field-title",
            &sanitize_line(&draft.title),
            MAX_TITLE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;
        let organisation_name = sanitize_line(draft.organisation.trim());
        let Some(organisation_id) =
            document_admin::organisation_id(pool, &organisation_name).await?
        else {
            return Err(ServiceError::NotFound(format!(
                "organisation {organisation_name:?}"
            )));
        };
        let owner_user_id = match present(&draft.user) {
            Some(handle) => {
                let user = users::find_by_handle(pool, handle).await?;
                match user {
                    Some(user)
                        if user.role == Role::Customer.as_str()
                            && user.organisation_id == Some(organisation_id) =>
                    {
                        Some(user.id)
                    }
                    _ => {
                        return Err(ServiceError::NotFound(format!(
                            "customer {} of {organisation_name}",
                            sanitize_line(handle)
                        )));
                    }
                }
            }
            None => None,
        };
        let issued = match present(&draft.date) {
            Some(text) => parse_date(text, "issue date").map_err(ServiceError::Invalid)?,
            None => Utc::now().date_naive(),
        };
        let amount_cents = present(&draft.amount)
            .map(parse_amount)
            .transpose()
            .map_err(ServiceError::Invalid)?;
        let currency = present(&draft.currency).map(|currency| currency.to_ascii_uppercase());
        if currency
            .as_deref()
            .is_some_and(|code| code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return Err(ServiceError::Invalid(format!(
                "invalid currency {:?}: expected a three-letter code such as EUR",
                draft
                    .currency
                    .as_deref()
                    .map(sanitize_line)
                    .unwrap_or_default()
            )));
        }
        let contract_id = match present(&draft.contract) {
            Some(number) => Some(
                document_admin::contract_id(pool, organisation_id, number)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::NotFound(format!(
                            "contract {} of {organisation_name}",
                            sanitize_line(number)
                        ))
                    })?,
            ),
            None => None,
        };
        let period = present(&draft.period).map(sanitize_line);

        let sha256 = hex::encode(Sha256::digest(&content));
        if let Some(existing) = document_admin::duplicate(pool, organisation_id, &sha256).await? {
            return Err(ServiceError::Invalid(format!(
                "duplicate: the same content is already document {existing} of {organisation_name}"
            )));
        }

        let content_type = content_type_of(source_name, &content);
        let extension = extension_for(content_type, source_name);
        let content = Arc::new(content);
        let body_text = extract_text_blocking(content_type.to_string(), Arc::clone(&content)).await;
        let issue_date = issued.format("%Y-%m-%d").to_string();
        let retention_until = retention_date(self, kind, issued);

        let document = NewDocument {
            organisation_id,
            owner_user_id,
            contract_id,
            kind,
            title: &title,
            issue_date: &issue_date,
            amount_cents,
            currency: currency.as_deref(),
            content_type,
            content: &content,
        };
        let ingested = Ingested {
            period: period.as_deref(),
            retention_until: retention_until.as_deref(),
            body_text: &body_text,
            extension: &extension,
            attach_to_request: None,
        };
        let mut change = self.begin().await?;
        let now = change.now;
        let id = documents::insert_ingested(change.connection(), &document, &ingested, now).await?;
        let entry = AuditEntry {
            actor_id: None,
            actor_handle: "operator",
            action: AuditAction::DocumentAdded.as_str(),
            target: &format!("document:{id}"),
            detail: &format!("{organisation_name}: {title} ({sha256})"),
        };
        audit::append(change.connection(), &entry, now).await?;
        self.notify_new_document(
            &mut change,
            organisation_id,
            owner_user_id,
            id,
            kind,
            &title,
            &issue_date,
        )
        .await?;
        self.commit(change).await?;
        Ok(id)
    }

    /// Tells the document's owner, or every customer of its organisation,
    /// about a new document, inside the change that stores it, so the
    /// document and its notifications commit or roll back together.
    #[allow(clippy::too_many_arguments)]
    async fn notify_new_document(
        &self,
        change: &mut Change,
        organisation_id: i64,
        owner_user_id: Option<i64>,
        id: i64,
        kind: DocumentKind,
        title: &str,
        issue_date: &str,
    ) -> ServiceResult<()> {
        let recipients = match owner_user_id {
            Some(owner) => vec![owner],
            None => document_admin::customer_ids(change.connection(), organisation_id).await?,
        };
        let body = format!("{}, issued {issue_date}", kind.label());
        for user_id in recipients {
            self.notify_in(
                change,
                user_id,
                NotificationKind::NewDocument,
                &format!("New document: {title}"),
                &body,
                &format!("document:{id}"),
            )
            .await?;
        }
        Ok(())
    }

    /// Imports every row of the manifest in `folder` (manifest.csv with a
    /// header row, or manifest.json holding an array of objects), with the
    /// fields of [`DocumentDraft`] plus `file`, a plain file name in the
    /// same folder. Each row is added or refused on its own; the report
    /// names every refused row and its reason.
    pub async fn import_folder(&self, folder: &Path) -> ServiceResult<ImportReport> {
        let manifest = MANIFEST_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|path| path.is_file())
            .ok_or_else(|| {
                ServiceError::Invalid(format!(
                    "no manifest in {}: add manifest.csv or manifest.json beside the files",
                    folder.display()
                ))
            })?;
        let text = std::fs::read_to_string(&manifest).map_err(|error| {
            ServiceError::Invalid(format!("cannot read {}: {error}", manifest.display()))
        })?;
        let rows = if manifest
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            parse_json_manifest(&text)?
        } else {
            parse_csv_manifest(&text)
        };

        let mut report = ImportReport::default();
        for (number, row) in rows.into_iter().enumerate() {
            let number = number + 1;
            let row = match row {
                Ok(row) => row,
                Err(reason) => {
                    report.refused.push(Refusal {
                        name: format!("row {number}"),
                        reason,
                    });
                    continue;
                }
            };
            let name = format!("row {number} ({})", sanitize_line(&row.file));
            match self.import_row(folder, &row).await {
                Ok(id) => report.added.push((name, id)),
                Err(error) => report.refused.push(Refusal {
                    name,
                    reason: error.to_string(),
                }),
            }
        }
        Ok(report)
    }

    async fn import_row(&self, folder: &Path, row: &ManifestRow) -> ServiceResult<i64> {
        let path = manifest_file_path(folder, &row.file).map_err(ServiceError::Invalid)?;
        let metadata = std::fs::symlink_metadata(&path)
            .map_err(|error| ServiceError::Invalid(format!("unreadable file: {error}")))?;
        if !metadata.file_type().is_file() {
            return Err(ServiceError::Invalid(
                "not a regular file: links and folders are not imported".to_string(),
            ));
        }
        // Checked before reading, so an oversized file is never loaded.
        self.check_size_limit(metadata.len())?;
        let content = tokio::fs::read(&path)
            .await
            .map_err(|error| ServiceError::Invalid(format!("unreadable file: {error}")))?;
        self.add_document(&row.draft(), &row.file, content).await
    }

    /// Stores a file a customer uploaded to one of their organisation's
    /// open requests as a supporting document attached to it. The same
    /// transaction posts a message in the request's thread naming the file,
    /// so the agent is notified and the request moves up their queue, and
    /// writes the audit entry. Returns the new document id.
    pub async fn upload_to_request(
        &self,
        principal: &Principal,
        request_id: i64,
        file_name: &str,
        content: Vec<u8>,
    ) -> ServiceResult<i64> {
        let (Role::Customer, Some(organisation_id)) = (principal.role, principal.organisation_id)
        else {
            return Err(ServiceError::Forbidden(tr!(
                "texts-error-upload-customers-only"
            )));
        };
        let pool = self.store.pool();
        let Some(request) = requests::get(pool, principal, request_id).await? else {
            return Err(ServiceError::NotFound(tr!(
                "requests-error-request",
                id = request_id
            )));
        };
        if request.state == "closed" {
            return Err(ServiceError::Invalid(tr!("texts-error-upload-closed")));
        }
        super::require_request_writer(principal)?;
        self.check_size(&content)?;
        let title = validate_text(
            "texts-field-file-name",
            &sanitize_line(file_name),
            MAX_TITLE_CHARS,
        )
        .map_err(ServiceError::Invalid)?;

        let sha256 = hex::encode(Sha256::digest(&content));
        let content_type = content_type_of(file_name, &content);
        let extension = extension_for(content_type, file_name);
        let content = Arc::new(content);
        let body_text = extract_text_blocking(content_type.to_string(), Arc::clone(&content)).await;
        let issue_date = Utc::now().date_naive();
        let retention_until = retention_date(self, DocumentKind::SupportingDocument, issue_date);
        let issue_date = issue_date.format("%Y-%m-%d").to_string();

        let document = NewDocument {
            organisation_id,
            owner_user_id: None,
            contract_id: request.contract_id,
            kind: DocumentKind::SupportingDocument,
            title: &title,
            issue_date: &issue_date,
            amount_cents: None,
            currency: None,
            content_type,
            content: &content,
        };
        let ingested = Ingested {
            period: None,
            retention_until: retention_until.as_deref(),
            body_text: &body_text,
            extension: &extension,
            attach_to_request: Some((request_id, principal.user_id)),
        };
        let mut change = self.begin().await?;
        let stored_at = change.now;
        let id = documents::insert_ingested(change.connection(), &document, &ingested, stored_at)
            .await?;
        let note = tr!(
            "texts-upload-message",
            title = title.as_str(),
            size = crate::i18n::size_in(
                crate::i18n::current(),
                i64::try_from(content.len()).unwrap_or(i64::MAX)
            )
        );
        self.post_message_in(&mut change, principal, &request, &note, false, None)
            .await?;
        let number = RequestNumber::new(request.id, request.created_at);
        self.audit_in(
            &mut change,
            principal,
            AuditAction::DocumentUploaded,
            &format!("document:{id}"),
            &format!("{number}: {title} ({sha256})"),
        )
        .await?;
        self.commit(change).await?;
        Ok(id)
    }
}

/// Resolves a manifest's file name inside `folder`, rejecting anything but
/// a plain name: no separators, no `.` or `..`, no hidden files.
fn manifest_file_path(folder: &Path, name: &str) -> Result<PathBuf, String> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).components().count() == 1;
    if !plain {
        return Err(format!(
            "invalid file name {:?}: expected a plain name of a file beside the manifest",
            sanitize_line(name)
        ));
    }
    Ok(folder.join(name))
}

fn parse_csv_manifest(text: &str) -> Vec<Result<ManifestRow, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    reader
        .deserialize::<ManifestRow>()
        .map(|row| row.map_err(|error| format!("invalid row: {error}")))
        .collect()
}

fn parse_json_manifest(text: &str) -> ServiceResult<Vec<Result<ManifestRow, String>>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|error| {
        ServiceError::Invalid(format!(
            "invalid manifest.json: {error}; expected an array of objects"
        ))
    })?;
    Ok(values
        .into_iter()
        .map(|value| {
            serde_json::from_value::<ManifestRow>(value)
                .map_err(|error| format!("invalid row: {error}"))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_to_cents() {
        assert_eq!(parse_amount("182.31"), Ok(18231));
        assert_eq!(parse_amount("182.3"), Ok(18230));
        assert_eq!(parse_amount("7"), Ok(700));
        assert_eq!(parse_amount("-12.5"), Ok(-1250));
        assert_eq!(parse_amount("-0.50"), Ok(-50));
        assert!(parse_amount("1.234").is_err());
        assert!(parse_amount("12,50").is_err());
        assert!(parse_amount("1.-5").is_err());
        assert_eq!(parse_amount("+5"), Ok(500));
        assert!(parse_amount("-").is_err());
    }

    #[test]
    fn manifest_names_stay_in_folder() {
        let folder = Path::new("/srv/import");
        assert!(manifest_file_path(folder, "invoice.pdf").is_ok());
        for bad in [
            "../secret",
            "/etc/passwd",
            "a/b.pdf",
            "..",
            ".hidden",
            "a\\b",
            "",
        ] {
            assert!(manifest_file_path(folder, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_rows_report_missing_columns() {
        let rows = parse_csv_manifest(
            "file,organisation,kind,title\ninvoice.pdf,Acme,invoice,March\nbroken.pdf,Acme\n",
        );
        assert_eq!(rows.len(), 2);
        assert!(rows[0].is_ok());
        assert!(rows[1].is_err());
    }
}
