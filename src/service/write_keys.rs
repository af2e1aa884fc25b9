//! Claiming idempotency keys of writes, and deleting old ones. A key only
//! has to outlive the retries of its write, which end within 30 seconds in
//! a session; the retention, 7 days by default, leaves room for scripts
//! that repeat a failed command much later.

use std::time::Duration;

use tracing::{info, warn};

use super::outbox::Change;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::text::sanitize_line;
use crate::domain::{Principal, Timestamp};
use crate::store::write_keys::{self, Claim};

/// How often `serve` deletes expired keys.
const PRUNE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Claims `key` for a `kind` write of `principal` inside `change`, as the
/// change's first write. Returns the earlier write's target when the
/// principal stored this kind of write with the key before; the caller
/// then drops `change` and returns the first call's result.
pub(super) async fn claim(
    change: &mut Change,
    key: &str,
    principal: &Principal,
    kind: &str,
) -> ServiceResult<Option<i64>> {
    let now = change.now;
    match write_keys::claim_or_earlier(change.connection(), key, principal.user_id, kind, now)
        .await?
    {
        Claim::Claimed => Ok(None),
        Claim::Earlier(target) => {
            info!(handle = %principal.handle, kind, target, "write already stored under this idempotency key");
            Ok(Some(target))
        }
        Claim::Taken => Err(key_taken(key)),
    }
}

/// Builds the error for an idempotency key that another write already used.
pub(super) fn key_taken(key: &str) -> ServiceError {
    ServiceError::Invalid(tr!(
        "texts-error-idempotency-key-taken",
        key = sanitize_line(key)
    ))
}

impl Portal {
    /// Deletes the idempotency keys stored more than the configured
    /// retention before `now` and returns how many there were. Any caller
    /// may run it; a write retried with a deleted key is stored again.
    pub async fn prune_write_keys(&self, now: Timestamp) -> ServiceResult<u64> {
        let before = now - self.settings.write_key_retention_days * 86_400;
        let deleted = write_keys::prune(self.store.pool(), before).await?;
        if deleted > 0 {
            info!(
                deleted,
                retention_days = self.settings.write_key_retention_days,
                "expired idempotency keys deleted"
            );
        }
        Ok(deleted)
    }

    /// Deletes expired idempotency keys every hour until the process
    /// ends; a failed run is logged and the next one tries again.
    pub async fn write_key_pruning(self) {
        let mut interval = tokio::time::interval(PRUNE_INTERVAL);
        loop {
            interval.tick().await;
            if let Err(error) = self.prune_write_keys(crate::domain::now()).await {
                warn!(%error, "deleting expired idempotency keys failed; retrying in an hour");
            }
        }
    }
}
