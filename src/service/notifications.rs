//! The notification centre: what the caller has been told, and raising a
//! notification for a user.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::{NotificationKind, Principal, now};
use crate::store::notifications::{self, NotificationRecord};

/// How many notifications the centre shows.
const CENTRE_LIMIT: i64 = 200;

impl Portal {
    /// Returns the caller's own notifications, newest first.
    pub async fn notifications(
        &self,
        principal: &Principal,
    ) -> ServiceResult<Vec<NotificationRecord>> {
        Ok(notifications::list_own(self.store().pool(), principal, CENTRE_LIMIT).await?)
    }

    /// Returns how many of the caller's notifications are unread.
    pub async fn unread_notifications(&self, principal: &Principal) -> ServiceResult<i64> {
        Ok(notifications::unread_count(self.store().pool(), principal).await?)
    }

    /// Marks one of the caller's notifications read.
    pub async fn mark_notification_read(
        &self,
        principal: &Principal,
        id: i64,
    ) -> ServiceResult<()> {
        if notifications::mark_read(self.store().pool(), principal, id, now()).await? {
            Ok(())
        } else {
            Err(ServiceError::NotFound(tr!(
                "dashboard-unread-notification",
                id = id.to_string()
            )))
        }
    }

    /// Marks all of the caller's notifications read; returns how many were
    /// unread.
    pub async fn mark_all_notifications_read(&self, principal: &Principal) -> ServiceResult<u64> {
        Ok(notifications::mark_all_read(self.store().pool(), principal, now()).await?)
    }

    /// Notifies user `user_id` in the app, queues the email and SMS their
    /// preferences ask for, all in one transaction, and then publishes the
    /// event to their open sessions. Title and body are sanitized, since
    /// they may quote text from other users.
    pub async fn notify(
        &self,
        user_id: i64,
        kind: NotificationKind,
        title: &str,
        body: &str,
        link: &str,
    ) -> ServiceResult<()> {
        let mut change = self.begin().await?;
        self.notify_in(&mut change, user_id, kind, title, body, link)
            .await?;
        self.commit(change).await
    }
}
