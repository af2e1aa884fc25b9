//! The open sessions of an account.

use tracing::info;

use super::{Portal, ServiceResult};

impl Portal {
    /// Asks to end every open session of account `user_id`, for `reason`
    /// (such as "account disabled" or "password changed"), and writes an
    /// audit entry.
    ///
    /// TODO: this only writes the audit entry. Sessions end once the
    /// session registry exists; until then a disabled or reset account
    /// keeps its open sessions, although it cannot log in again.
    pub async fn end_sessions_of(&self, user_id: i64, reason: &str) -> ServiceResult<()> {
        info!(
            user_id,
            reason, "open sessions of the account should end; not ended yet"
        );
        self.audit_system("sessions-ended", &format!("account {user_id}"), reason)
            .await
    }
}
