//! Agent changes of requests that carry an idempotency key: closing several
//! requests at once, assignment and priority. Each call is one transaction
//! that also stores its key, so a retry after an unclear failure (the
//! connection dropped while COMMIT was under way) changes nothing more.

use super::requests::validate_write_key;
use super::{Portal, ServiceError, ServiceResult};
use crate::domain::{Principal, RequestPriority, RequestState};
use crate::store::{users, write_keys};

impl Portal {
    /// Closes every request of `request_ids` with the same next step, at
    /// most once per idempotency `key` (see [`Portal::reply_once`]). Each
    /// close follows the rules of [`Portal::change_state`], and all of them
    /// commit together or not at all. A repeated call returns Ok.
    pub async fn close_requests_once(
        &self,
        principal: &Principal,
        request_ids: &[i64],
        next_step: &str,
        key: &str,
    ) -> ServiceResult<()> {
        validate_write_key(key)?;
        let Some(&first) = request_ids.first() else {
            return Ok(());
        };
        let mut change = self.begin().await?;
        if super::write_keys::claim(&mut change, key, principal, write_keys::CLOSE_MANY)
            .await?
            .is_some()
        {
            return Ok(());
        }
        for &request_id in request_ids {
            self.change_state_in(
                &mut change,
                principal,
                request_id,
                RequestState::Closed,
                next_step,
            )
            .await?;
        }
        write_keys::set_target(change.connection(), key, first).await?;
        self.commit(change).await
    }

    /// Assigns every request of `request_ids` as [`Portal::assign_request`]
    /// does, at most once per idempotency `key`, in one transaction. Returns
    /// the assignee's name; a repeated call returns the name of the agent
    /// the first call assigned.
    pub async fn assign_requests_once(
        &self,
        principal: &Principal,
        request_ids: &[i64],
        handle: Option<&str>,
        key: &str,
    ) -> ServiceResult<String> {
        validate_write_key(key)?;
        let (assignee_id, assignee_name) = self.assignee(principal, handle).await?;
        let mut change = self.begin().await?;
        if let Some(earlier) =
            super::write_keys::claim(&mut change, key, principal, write_keys::ASSIGNMENT).await?
        {
            drop(change);
            return self.user_name(earlier).await;
        }
        for &request_id in request_ids {
            let request = self.request_in_scope(principal, request_id).await?;
            self.assign_in(
                &mut change,
                principal,
                &request,
                assignee_id,
                &assignee_name,
            )
            .await?;
        }
        write_keys::set_target(change.connection(), key, assignee_id).await?;
        self.commit(change).await?;
        Ok(assignee_name)
    }

    /// Sets a request's priority as [`Portal::set_priority`] does, at most
    /// once per idempotency `key`. A repeated call returns Ok.
    pub async fn set_priority_once(
        &self,
        principal: &Principal,
        request_id: i64,
        priority: RequestPriority,
        key: &str,
    ) -> ServiceResult<()> {
        validate_write_key(key)?;
        let mut change = self.begin().await?;
        if super::write_keys::claim(&mut change, key, principal, write_keys::PRIORITY)
            .await?
            .is_some()
        {
            return Ok(());
        }
        self.set_priority_in(&mut change, principal, request_id, priority)
            .await?;
        write_keys::set_target(change.connection(), key, request_id).await?;
        self.commit(change).await
    }

    /// Returns the display name of the user `user_id`, such as the agent
    /// an earlier keyed assignment chose.
    async fn user_name(&self, user_id: i64) -> ServiceResult<String> {
        let Some(user) = users::find_by_id(self.store.pool(), user_id).await? else {
            return Err(ServiceError::NotFound(format!("account {user_id}")));
        };
        Ok(user.display_name)
    }
}
