//! Operator commands on the audit trail: check its hash chain and export
//! it as JSON lines. Both are audit entries themselves.

use std::io::Write;

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::parse_date;
use crate::store::audit::{self, ChainBreak};

/// Returns the Unix time of 00:00 UTC on a `YYYY-MM-DD` date.
pub fn parse_since(date: &str) -> ServiceResult<i64> {
    let day = parse_date(date, "--since date").map_err(ServiceError::Invalid)?;
    day.and_hms_opt(0, 0, 0)
        .map(|time| time.and_utc().timestamp())
        .ok_or_else(|| ServiceError::Invalid(format!("invalid date {date:?}")))
}

impl Portal {
    /// Walks the audit chain and returns how many entries it checked, or
    /// the first altered or removed entry. The check itself is audited
    /// after the walk.
    pub async fn verify_audit_chain(&self) -> ServiceResult<Result<u64, ChainBreak>> {
        let outcome = audit::verify_chain(self.store.pool()).await?;
        let detail = match &outcome {
            Ok(count) => format!("{count} entries intact"),
            Err(broken) => broken.to_string(),
        };
        self.audit_operator(AuditAction::AuditVerified, "audit trail", &detail)
            .await?;
        Ok(outcome)
    }

    /// Writes the audit entries from `since` (a `YYYY-MM-DD` date, UTC) on,
    /// or all of them, to `out` as JSON lines, oldest first, and returns
    /// how many. A page of entries is in memory at a time.
    pub async fn export_audit(
        &self,
        since: Option<&str>,
        out: &mut dyn Write,
    ) -> ServiceResult<u64> {
        let since_time = since.map(parse_since).transpose()?.unwrap_or(i64::MIN);
        let mut after_id = 0;
        let mut written = 0u64;
        loop {
            let page = audit::list_page_since(self.store.pool(), since_time, after_id).await?;
            let Some(last) = page.last() else {
                break;
            };
            after_id = last.id;
            for record in &page {
                let line = serde_json::to_string(record)
                    .map_err(|error| ServiceError::Internal(error.to_string()))?;
                writeln!(out, "{line}").map_err(|error| {
                    ServiceError::Internal(format!("cannot write the export: {error}"))
                })?;
                written += 1;
            }
        }
        self.audit_operator(
            AuditAction::AuditExported,
            "audit trail",
            &format!("{written} entries since {}", since.unwrap_or("the start")),
        )
        .await?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_dates_parsed() {
        assert_eq!(parse_since("1970-01-02").unwrap(), 86_400);
        assert_eq!(parse_since("2026-03-01").unwrap(), 1_772_323_200);
        for bad in ["2026-13-01", "01.03.2026", "", "2026-03-01; DROP TABLE"] {
            let error = parse_since(bad).unwrap_err().to_string();
            assert!(error.contains("YYYY-MM-DD"), "{bad}: {error}");
        }
    }
}
