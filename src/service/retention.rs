//! Retention: documents past their retention date are deleted unless an
//! operator put them under legal hold. Runs daily inside `serve` and on
//! demand with `portico admin retention run`.

use chrono::NaiveDate;
use tracing::{info, warn};

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::store::document_admin::{self, RetainedDocument};

/// Documents deleted per batch, so one run never keeps a huge list in memory.
const BATCH: i64 = 500;

/// The documents one retention run deleted.
#[derive(Debug, Clone, Default)]
pub struct RetentionReport {
    pub deleted: Vec<RetainedDocument>,
}

impl Portal {
    /// Deletes every document whose retention date is before `today` and
    /// that is not under legal hold, with one audit entry each.
    pub async fn run_retention(&self, today: NaiveDate) -> ServiceResult<RetentionReport> {
        let today = today.format("%Y-%m-%d").to_string();
        let pool = self.store.pool();
        let mut report = RetentionReport::default();
        loop {
            let batch = document_admin::expired(pool, &today, BATCH).await?;
            if batch.is_empty() {
                break;
            }
            let mut progressed = false;
            for document in batch {
                if !document_admin::delete(pool, &document).await? {
                    continue;
                }
                progressed = true;
                self.audit_operator(
                    AuditAction::DocumentDeleted,
                    &format!("document:{}", document.id),
                    &format!(
                        "retention until {} passed; {} {:?} of organisation {}",
                        document.retention_until.as_deref().unwrap_or("-"),
                        document.kind,
                        document.title,
                        document.organisation_id
                    ),
                )
                .await?;
                report.deleted.push(document);
            }
            if !progressed {
                break;
            }
        }
        info!(deleted = report.deleted.len(), today = %today, "retention run finished");
        Ok(report)
    }

    /// Puts a document under legal hold, or releases it, audited. A held
    /// document is never deleted by retention.
    pub async fn set_legal_hold(&self, id: i64, hold: bool) -> ServiceResult<RetainedDocument> {
        let pool = self.store.pool();
        if !document_admin::set_hold(pool, id, hold).await? {
            return Err(ServiceError::NotFound(format!("document {id}")));
        }
        let Some(document) = document_admin::find(pool, id).await? else {
            return Err(ServiceError::NotFound(format!("document {id}")));
        };
        let action = if hold {
            AuditAction::LegalHoldSet
        } else {
            AuditAction::LegalHoldReleased
        };
        self.audit_operator(action, &format!("document:{id}"), &document.title)
            .await?;
        Ok(document)
    }

    /// Runs retention once a day until the process ends; errors are logged
    /// and the next day's run tries again.
    pub async fn retention_daily(self) {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(24 * 60 * 60));
        loop {
            interval.tick().await;
            if let Err(error) = self.run_retention(chrono::Utc::now().date_naive()).await {
                warn!(error = %error, "retention run failed; retrying in a day");
            }
        }
    }
}
