//! The complete export of a person's data (GDPR articles 15 and 20): one
//! tar archive with `data.json` and the bytes of every document the person
//! may see, built on demand for `ssh HOST export` and `/exports/` over SFTP.

use serde_json::{Value, json};

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::time::iso_8601 as iso_time;
use crate::domain::{Principal, Role, now};
use crate::store::documents::{self, DocumentQuery};
use crate::store::{audit, consents, history};

/// Upper bound on login history rows in one export.
const MAX_LOGIN_ROWS: i64 = 100_000;

/// A built export archive.
#[derive(Debug, Clone)]
pub struct ExportArchive {
    /// `portico-export-HANDLE-YYYY-MM-DD.tar`.
    pub file_name: String,
    /// How many documents it contains.
    pub documents: usize,
    pub bytes: Vec<u8>,
}

/// Returns the archive's file name for `handle` on the day of `seconds`.
pub fn archive_name(handle: &str, seconds: i64) -> String {
    let day = iso_time(seconds).get(..10).unwrap_or("undated").to_string();
    format!("portico-export-{handle}-{day}.tar")
}

/// Returns a file name safe inside the archive: no folders, no dot-dot.
fn entry_name(id: i64, file_name: &str) -> String {
    let cleaned: String = file_name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{id}-{}", cleaned.trim_start_matches('.'))
}

fn append(
    builder: &mut tar::Builder<Vec<u8>>,
    path: &str,
    data: &[u8],
    mtime: u64,
) -> ServiceResult<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(u64::try_from(data.len()).unwrap_or(u64::MAX));
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_cksum();
    builder
        .append_data(&mut header, path, data)
        .map_err(|error| {
            ServiceError::Internal(format!("cannot add {path} to the export: {error}"))
        })
}

impl Portal {
    /// Builds the caller's export archive: `data.json` with profile,
    /// memberships, consents, documents, contracts, requests with the
    /// messages they may see (never internal notes), notifications, login
    /// history and audit entries about them, plus each document's bytes
    /// under `documents/`. Documents and requests are those of the current
    /// organisation within the caller's role. `channel` names where it
    /// goes ("ssh export", "terminal") in the audit entry.
    pub async fn export_archive(
        &self,
        principal: &Principal,
        channel: &str,
    ) -> ServiceResult<ExportArchive> {
        let archive = self.build_export_archive(principal).await?;
        self.audit_export(principal, channel, &archive).await?;
        Ok(archive)
    }

    /// Writes the audit entry of an export handed to the caller. SFTP
    /// builds the archive to list its size and calls this once the file is
    /// opened for reading.
    pub async fn audit_export(
        &self,
        principal: &Principal,
        channel: &str,
        archive: &ExportArchive,
    ) -> ServiceResult<()> {
        self.audit(
            principal,
            AuditAction::PersonalDataExported,
            &principal.handle,
            &format!(
                "{channel}: {} ({} documents, {} bytes)",
                archive.file_name,
                archive.documents,
                archive.bytes.len()
            ),
        )
        .await
    }

    /// Builds the archive of [`Portal::export_archive`] without handing it
    /// out, so without an audit entry. Callers that hand it to the user
    /// call [`Portal::audit_export`].
    pub async fn build_export_archive(
        &self,
        principal: &Principal,
    ) -> ServiceResult<ExportArchive> {
        let pool = self.store.pool();
        let exported_at = now();
        let mut data = self.own_data(principal).await?;

        let memberships: Vec<Value> = self
            .memberships(principal)
            .await?
            .into_iter()
            .map(|membership| {
                json!({
                    "organisation": membership.organisation_name,
                    "role": membership.role,
                })
            })
            .collect();
        let consent_history: Vec<Value> = consents::history(pool, principal)
            .await?
            .into_iter()
            .map(|event| {
                json!({
                    "topic": event.topic,
                    "text_version": event.text_version,
                    "granted": event.granted == 1,
                    "at": iso_time(event.created_at),
                })
            })
            .collect();
        let logins: Vec<Value> = history::list_own(pool, principal, MAX_LOGIN_ROWS)
            .await?
            .into_iter()
            .rev()
            .map(|login| {
                json!({
                    "at": iso_time(login.created_at),
                    "peer": login.peer,
                    "method": login.method,
                    "outcome": login.outcome,
                    "key_fingerprint": login.key_fingerprint,
                    "client": login.client_version,
                })
            })
            .collect();
        let audit_entries: Vec<Value> = audit::list_about(pool, principal)
            .await?
            .into_iter()
            .map(|entry| {
                json!({
                    "at": iso_time(entry.created_at),
                    "actor": entry.actor_handle,
                    "action": entry.action,
                    "target": entry.target,
                    "detail": entry.detail,
                })
            })
            .collect();

        let mut builder = tar::Builder::new(Vec::new());
        let mtime = u64::try_from(exported_at).unwrap_or(0);
        let mut files = Vec::new();
        // NOTE: staff accounts get no documents, as in the JSON export,
        // because their document scope is every organisation's.
        if principal.role == Role::Customer {
            for record in self.documents(principal, &DocumentQuery::default()).await? {
                let Some(content) = documents::content(pool, principal, record.id).await? else {
                    continue;
                };
                let path = format!("documents/{}", entry_name(record.id, &record.file_name));
                append(&mut builder, &path, &content, mtime)?;
                files.push(json!({
                    "id": record.id,
                    "title": record.title,
                    "kind": record.kind,
                    "sha256": record.sha256,
                    "path": path,
                }));
            }
        }

        if let Some(object) = data.as_object_mut() {
            object.insert("memberships".to_string(), Value::Array(memberships));
            object.insert("consents".to_string(), Value::Array(consent_history));
            object.insert("login_history".to_string(), Value::Array(logins));
            object.insert("audit_entries".to_string(), Value::Array(audit_entries));
            object.insert("document_files".to_string(), Value::Array(files.clone()));
        }
        let json = serde_json::to_vec_pretty(&data)
            .map_err(|error| ServiceError::Internal(format!("cannot write data.json: {error}")))?;
        append(&mut builder, "data.json", &json, mtime)?;
        let bytes = builder.into_inner().map_err(|error| {
            ServiceError::Internal(format!("cannot finish the export: {error}"))
        })?;
        Ok(ExportArchive {
            file_name: archive_name(&principal.handle, exported_at),
            documents: files.len(),
            bytes,
        })
    }

    /// Builds the caller's export archive after a fresh second factor
    /// `code`, for the terminal app, where the login may be hours old.
    pub async fn export_archive_confirmed(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<ExportArchive> {
        self.confirm_fresh_factor(principal, code, "factors-action-export")
            .await?;
        self.export_archive(principal, "terminal").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_stay_in_folder() {
        assert_eq!(entry_name(3, "../../etc/passwd"), "3-_.._etc_passwd");
        assert_eq!(entry_name(4, "a\nb.pdf"), "4-a_b.pdf");
    }

    #[test]
    fn archive_name_has_handle_and_day() {
        assert_eq!(
            archive_name("alice", 1_772_366_400),
            "portico-export-alice-2026-03-01.tar"
        );
    }
}
