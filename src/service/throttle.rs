//! Per-account login throttling. After `backoff_after` consecutive failed
//! steps, each further attempt is held until a delay has passed, or
//! rejected unchecked when the delay is longer than the attempt may wait.
//! The delay doubles with each failure up to `backoff_max_secs`. A
//! completed login resets the count. A factor that fails `suspend_after`
//! times in a row is suspended until the user recovers it, and the user
//! is told. These limits follow NIST SP 800-63B, which caps consecutive
//! failures at 100.
//!
//! So that an attacker cannot lock a genuine user out, the delay applies
//! only to addresses that failed a login step of the account within the
//! last `backoff_max_secs`: an attack from one address leaves a login from
//! another undelayed. An attack spread over many addresses is bounded by
//! the suspension, which applies to every address, and by the per-source
//! penalties of the SSH layer.

use std::time::Duration;

use tokio::time::Instant;
use tracing::{info, warn};

use super::{Portal, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{NotificationKind, Principal, now};
use crate::store::throttle::{self, Factor};
use crate::store::users::UserRecord;

/// Limits of per-account throttling; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountThrottle {
    pub backoff_after: i64,
    pub backoff_max_secs: i64,
    pub suspend_after: i64,
}

pub const DEFAULT_BACKOFF_AFTER: i64 = 5;
pub const DEFAULT_BACKOFF_MAX_SECS: i64 = 15 * 60;
pub const DEFAULT_SUSPEND_AFTER: i64 = 100;

impl Default for AccountThrottle {
    fn default() -> Self {
        AccountThrottle {
            backoff_after: DEFAULT_BACKOFF_AFTER,
            backoff_max_secs: DEFAULT_BACKOFF_MAX_SECS,
            suspend_after: DEFAULT_SUSPEND_AFTER,
        }
    }
}

impl AccountThrottle {
    /// Returns the seconds further attempts wait after `failures`
    /// consecutive failures: none below the threshold, then 1, 2, 4, ...
    /// up to the maximum.
    pub fn delay_secs(&self, failures: i64) -> i64 {
        if failures < self.backoff_after {
            return 0;
        }
        let doublings = u32::try_from(failures - self.backoff_after)
            .unwrap_or(u32::MAX)
            .min(30);
        (1_i64 << doublings).min(self.backoff_max_secs)
    }
}

/// Returns the part of a peer address that names the host, such as
/// `"192.0.2.7:"` for `"192.0.2.7:50122"` or `"[::1]:"` for `"[::1]:50122"`.
fn host_prefix(peer: &str) -> Option<&str> {
    let colon = peer.rfind(':')?;
    peer.get(..=colon)
}

impl Portal {
    /// Waits out the delay of a throttled account, then returns `None` when
    /// the attempt of `factor` may be checked, or why it must be rejected
    /// unchecked: the factor is suspended, or the delay runs beyond
    /// `max_wait`. Called by the login use cases before any password or
    /// code is checked. The wait is a timer on the async runtime, so a held
    /// attempt occupies no thread, and the honest user who mistyped and
    /// tries again is let in once the delay has passed.
    ///
    /// NOTE: attempts held on several connections from one address wake
    /// together and are all checked, as refused attempts retried right
    /// after the delay would be. The per-source startup cap bounds how many
    /// there can be.
    pub(crate) async fn throttle_wait(
        &self,
        user: &UserRecord,
        factor: Factor,
        peer: &str,
        max_wait: Duration,
    ) -> ServiceResult<Option<&'static str>> {
        let pool = self.store.pool();
        let give_up = Instant::now() + max_wait;
        loop {
            let state = throttle::state(pool, user.id).await?;
            if state.is_suspended(factor) {
                return Ok(Some("rejected: factor suspended"));
            }
            let wait_secs = state.blocked_until - now();
            if wait_secs <= 0 {
                return Ok(None);
            }
            let since = now() - self.settings.throttle.backoff_max_secs;
            let failed_here = match host_prefix(peer) {
                Some(prefix) => throttle::has_failed_from(pool, user.id, prefix, since).await?,
                None => true,
            };
            if !failed_here {
                return Ok(None);
            }
            let wait = Duration::from_secs(wait_secs.unsigned_abs());
            if Instant::now() + wait > give_up {
                info!(handle = %user.handle, peer, wait_secs, "login attempt rejected: account throttled for longer than the attempt may wait");
                return Ok(Some("rejected: throttled"));
            }
            info!(handle = %user.handle, peer, wait_secs, "login attempt held: account throttled");
            // Another failure meanwhile moves the delay on, so the state is
            // read again after the wait.
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts a failed step of `factor`; on the failure that suspends the
    /// factor, notifies the user and writes an audit entry.
    pub(crate) async fn note_login_failure(
        &self,
        user: &UserRecord,
        factor: Factor,
    ) -> ServiceResult<()> {
        let limits = self.settings.throttle;
        let before = throttle::state(self.store.pool(), user.id).await?;
        let mut change = self.begin().await?;
        let after = throttle::record_failure(
            change.connection(),
            user.id,
            factor,
            limits.suspend_after,
            now(),
            |failures| limits.delay_secs(failures),
        )
        .await?;
        if before.is_suspended(factor) || !after.is_suspended(factor) {
            return self.commit(change).await;
        }

        warn!(handle = %user.handle, factor = factor.as_str(), failures = limits.suspend_after, "login factor suspended after consecutive failures");
        let (title, body) = match factor {
            Factor::Password => (
                "Password login suspended",
                "Your password was entered wrongly too many times in a row, so it no longer logs in. Log in with your SSH key and change your password, or ask an operator to reset your account.",
            ),
            _ => (
                "Authenticator codes suspended",
                "Wrong authenticator codes were entered too many times in a row, so codes no longer log in. Log in with a recovery code and set up your authenticator again.",
            ),
        };
        self.notify_in(
            &mut change,
            user.id,
            NotificationKind::SecurityAlert,
            title,
            body,
            "",
        )
        .await?;
        self.audit_in(
            &mut change,
            &user.principal(),
            AuditAction::FactorSuspended,
            &user.handle,
            &format!(
                "{} after {} consecutive failures",
                factor.as_str(),
                limits.suspend_after
            ),
        )
        .await?;
        self.commit(change).await
    }

    /// Resets the consecutive failures of an account after a completed
    /// login.
    pub(crate) async fn note_login_success(&self, user_id: i64) -> ServiceResult<()> {
        throttle::record_success(self.store.pool(), user_id).await?;
        Ok(())
    }

    /// Lifts the suspension of `factor` for the caller's account once it
    /// has been recovered (a new password, or TOTP enrolled again).
    pub async fn clear_factor_suspension(
        &self,
        principal: &Principal,
        factor: Factor,
    ) -> ServiceResult<()> {
        throttle::clear_suspension(self.store.pool(), principal.user_id, factor).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_up_to_maximum() {
        let limits = AccountThrottle::default();
        assert_eq!(limits.delay_secs(4), 0);
        assert_eq!(limits.delay_secs(5), 1);
        assert_eq!(limits.delay_secs(6), 2);
        assert_eq!(limits.delay_secs(9), 16);
        assert_eq!(limits.delay_secs(15), 900);
        assert_eq!(limits.delay_secs(1_000_000), 900);
    }

    #[test]
    fn host_prefix_keeps_address() {
        assert_eq!(host_prefix("192.0.2.7:50122"), Some("192.0.2.7:"));
        assert_eq!(host_prefix("[2001:db8::1]:22"), Some("[2001:db8::1]:"));
        assert_eq!(host_prefix("unknown"), None);
    }
}
