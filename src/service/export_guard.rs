//! The fresh second factor that an export over `ssh HOST export` or
//! `/exports/` over SFTP needs. Those channels cannot ask for a code, so
//! the login's own second factor counts as fresh while it is recent. The
//! connection must have logged in with a TOTP code or a recovery code at
//! most the configured time ago (5 minutes by default). An automation key
//! has no second factor and never exports. Each refusal is audited.

use std::time::Duration;

use tracing::info;

use super::login::Method;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{Principal, Timestamp, now};

/// Default maximum time between the login's second factor and an export
/// over exec or SFTP, in seconds.
pub const DEFAULT_EXPORT_FACTOR_MAX_AGE_SECS: u64 = 300;

/// The second factor of the login behind an exec command or SFTP session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFactor {
    /// An automation key, which has no second factor.
    AutomationKey,
    /// The login's second factor and the Unix time it was accepted.
    SecondFactor { method: Method, at: Timestamp },
}

/// The reason an export was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRefusal {
    AutomationKey,
    /// The login's second factor was neither a TOTP code nor a recovery
    /// code, as for a login that is still enrolling its authenticator.
    NoCode(Method),
    /// The login's code was accepted `age_secs` ago, more than `max_age`.
    Stale {
        age_secs: i64,
        max_age: Duration,
    },
}

impl ExportRefusal {
    /// Returns the words of the audit entry, in English like every entry.
    fn detail(&self) -> String {
        match self {
            ExportRefusal::AutomationKey => "automation key".to_string(),
            ExportRefusal::NoCode(method) => {
                format!("login second factor was {}", method.as_str())
            }
            ExportRefusal::Stale { age_secs, max_age } => format!(
                "login second factor {age_secs} s old, limit {} s",
                max_age.as_secs()
            ),
        }
    }

    /// Returns the message for the caller, in the current language.
    pub fn message(&self) -> String {
        match self {
            ExportRefusal::AutomationKey => crate::tr!("ops-export-automation-key"),
            ExportRefusal::NoCode(_) => crate::tr!("ops-export-no-code"),
            ExportRefusal::Stale { max_age, .. } => {
                let seconds = max_age.as_secs();
                if seconds >= 60 && seconds % 60 == 0 {
                    crate::tr!("ops-export-stale-minutes", minutes = seconds / 60)
                } else {
                    crate::tr!("ops-export-stale-seconds", seconds = seconds)
                }
            }
        }
    }
}

/// Returns why a connection that logged in with `factor` may not export
/// at `now`, or `None` when it may: its second factor was a TOTP or
/// recovery code accepted at most `max_age` ago.
pub fn export_refusal(
    factor: LoginFactor,
    max_age: Duration,
    now: Timestamp,
) -> Option<ExportRefusal> {
    let (method, at) = match factor {
        LoginFactor::AutomationKey => return Some(ExportRefusal::AutomationKey),
        LoginFactor::SecondFactor { method, at } => (method, at),
    };
    if !matches!(method, Method::Totp | Method::RecoveryCode) {
        return Some(ExportRefusal::NoCode(method));
    }
    let age_secs = now - at;
    let limit = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    if age_secs > limit {
        return Some(ExportRefusal::Stale { age_secs, max_age });
    }
    None
}

impl Portal {
    /// Checks that a connection that logged in with `factor` may export
    /// now over `channel` ("ssh export", "sftp"). A refusal is audited and
    /// returned as [`ServiceError::Forbidden`] with words telling the
    /// caller to reconnect.
    pub async fn check_export_factor(
        &self,
        principal: &Principal,
        factor: LoginFactor,
        max_age: Duration,
        channel: &str,
    ) -> ServiceResult<()> {
        let Some(refusal) = export_refusal(factor, max_age, now()) else {
            return Ok(());
        };
        self.audit_export_refusal(principal, channel, &refusal)
            .await?;
        Err(ServiceError::Forbidden(refusal.message()))
    }

    /// Writes the audit entry of an export refused over `channel`.
    pub async fn audit_export_refusal(
        &self,
        principal: &Principal,
        channel: &str,
        refusal: &ExportRefusal,
    ) -> ServiceResult<()> {
        let detail = format!("{channel}: {}", refusal.detail());
        info!(handle = %principal.handle, channel, reason = %detail, "export refused");
        self.audit(
            principal,
            AuditAction::ExportRefused,
            &principal.handle,
            &detail,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE_MINUTES: Duration = Duration::from_secs(300);

    #[test]
    fn recent_code_allows_export() {
        for method in [Method::Totp, Method::RecoveryCode] {
            let factor = LoginFactor::SecondFactor { method, at: 1_000 };
            assert_eq!(export_refusal(factor, FIVE_MINUTES, 1_000), None);
            assert_eq!(export_refusal(factor, FIVE_MINUTES, 1_300), None);
            assert_eq!(
                export_refusal(factor, FIVE_MINUTES, 1_301),
                Some(ExportRefusal::Stale {
                    age_secs: 301,
                    max_age: FIVE_MINUTES
                })
            );
        }
    }

    #[test]
    fn automation_key_and_enrolment_refused() {
        assert_eq!(
            export_refusal(LoginFactor::AutomationKey, FIVE_MINUTES, 0),
            Some(ExportRefusal::AutomationKey)
        );
        let enrolling = LoginFactor::SecondFactor {
            method: Method::EnrolmentPending,
            at: 0,
        };
        assert_eq!(
            export_refusal(enrolling, FIVE_MINUTES, 0),
            Some(ExportRefusal::NoCode(Method::EnrolmentPending))
        );
    }

    #[test]
    fn stale_message_names_limit_and_reconnect() {
        let stale = ExportRefusal::Stale {
            age_secs: 400,
            max_age: FIVE_MINUTES,
        };
        let message = stale.message();
        assert!(message.contains("5 minutes"), "{message}");
        assert!(message.contains("reconnect"), "{message}");
        let seconds = ExportRefusal::Stale {
            age_secs: 3,
            max_age: Duration::from_secs(2),
        };
        assert!(
            seconds.message().contains("2 seconds"),
            "{}",
            seconds.message()
        );
    }
}
