//! Sessions: one row per logged-in SSH connection, so that any node can
//! end a session held by another. Each node's watcher in the SSH layer
//! polls for its sessions ended elsewhere and closes them.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{Principal, now};
use crate::store::sessions::{self, SessionRecord};

impl Portal {
    /// Records a new session of `principal` on `node`, after a completed
    /// login, and returns its id.
    pub async fn start_session(
        &self,
        principal: &Principal,
        node: &str,
        peer: &str,
    ) -> ServiceResult<i64> {
        Ok(sessions::insert(self.store.pool(), principal.user_id, node, peer, now()).await?)
    }

    /// Records activity of a session, for the list of open sessions.
    pub async fn touch_session(&self, session_id: i64) -> ServiceResult<()> {
        sessions::touch(self.store.pool(), session_id, now()).await?;
        Ok(())
    }

    /// Marks a session ended when its connection closed; a session ended
    /// earlier keeps its first reason.
    pub async fn finish_session(&self, session_id: i64, reason: &str) -> ServiceResult<()> {
        sessions::end(self.store.pool(), session_id, reason, now()).await?;
        Ok(())
    }

    /// Ends every open session of the account `user_id`, on every node,
    /// and returns how many ended. The nodes close them within their
    /// watcher's poll interval. For use cases that disable an account or
    /// reset its factors. Writes a `sessions-ended` audit entry.
    pub async fn end_sessions_of(&self, user_id: i64, reason: &str) -> ServiceResult<u64> {
        self.end_sessions_except(user_id, None, reason).await
    }

    /// Ends the sessions of account `user_id` other than `keep`, such as
    /// after a password change made in session `keep`.
    pub async fn end_sessions_except(
        &self,
        user_id: i64,
        keep: Option<i64>,
        reason: &str,
    ) -> ServiceResult<u64> {
        let ended = sessions::end_for_user(self.store.pool(), user_id, keep, reason, now()).await?;
        self.audit_system(
            AuditAction::SessionsEnded,
            &format!("account {user_id}"),
            &format!("{ended} open sessions ended: {reason}"),
        )
        .await?;
        Ok(ended)
    }

    /// Lists the caller's open sessions.
    pub async fn open_sessions(&self, principal: &Principal) -> ServiceResult<Vec<SessionRecord>> {
        Ok(sessions::list_open(self.store.pool(), principal).await?)
    }

    /// Ends one of the caller's own sessions, from the Activity screen.
    pub async fn end_own_session(
        &self,
        principal: &Principal,
        session_id: i64,
    ) -> ServiceResult<()> {
        let ended = sessions::end_own(
            self.store.pool(),
            principal,
            session_id,
            "ended by the user from another session",
            now(),
        )
        .await?;
        if !ended {
            return Err(ServiceError::NotFound(tr!(
                "activity-session-not-found",
                id = session_id.to_string()
            )));
        }
        self.audit(
            principal,
            AuditAction::SessionEnded,
            &principal.handle,
            &format!("session {session_id}"),
        )
        .await
    }

    /// Returns which of the sessions `ids` have ended, with the reason.
    /// For a node's watcher.
    pub async fn sessions_ended_among(&self, ids: &[i64]) -> ServiceResult<Vec<(i64, String)>> {
        Ok(sessions::ended_among(self.store.pool(), ids).await?)
    }
}
