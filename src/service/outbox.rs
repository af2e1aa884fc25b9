//! Changes that commit with their notifications, and the routing of a
//! notification to email and SMS through the outbox: the user's channels,
//! quiet hours, digest choice and hourly cap decide whether a message is
//! queued now, queued for the end of quiet hours, or held for the digest.

use sqlx::{Any, AnyConnection, Transaction};

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::regional::{Regional, parse_zone};
use crate::domain::text::sanitize_line;
use crate::domain::{NotificationKind, Principal, Timestamp, now};
use crate::notify::templates::Template;
use crate::notify::{Bus, LiveEvent, LiveEventKind};
use crate::store::audit::{self, AuditEntry};
use crate::store::notification_preferences::{self as preferences, SettingsRow};
use crate::store::notifications::{self, NewNotification};
use crate::store::outbox::{self, Channel, NewMessage, OutboxRecord};

/// A change in progress: its database transaction and the events to
/// publish once it committed. Dropping it without [`Portal::commit`] rolls
/// everything back and publishes nothing.
pub struct Change {
    transaction: Transaction<'static, Any>,
    events: Vec<LiveEvent>,
    pub(crate) now: Timestamp,
}

impl Change {
    /// Returns the connection of the transaction, for store functions.
    pub fn connection(&mut self) -> &mut AnyConnection {
        &mut self.transaction
    }
}

/// How many outbox rows `portico admin outbox` lists.
const LIST_LIMIT: i64 = 500;

/// The result of routing one notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Send at this time.
    At(Timestamp),
    /// Keep for the next digest.
    Held,
}

impl Portal {
    /// Starts a change; write through [`Change::connection`] and finish with
    /// [`Portal::commit`].
    pub async fn begin(&self) -> ServiceResult<Change> {
        Ok(Change {
            transaction: self.store.pool().begin().await?,
            events: Vec::new(),
            now: now(),
        })
    }

    /// Commits a change, then publishes its events to this node's sessions.
    pub async fn commit(&self, change: Change) -> ServiceResult<()> {
        change.transaction.commit().await?;
        for event in change.events {
            self.bus.publish(event);
        }
        Ok(())
    }

    /// Stores an event in the change, to publish after the commit.
    pub(super) async fn announce_in(
        &self,
        change: &mut Change,
        event: LiveEvent,
    ) -> ServiceResult<()> {
        let now = change.now;
        let event = Bus::record(change.connection(), event, now).await?;
        change.events.push(event);
        Ok(())
    }

    /// Appends an audit entry of `principal` inside the change.
    pub(super) async fn audit_in(
        &self,
        change: &mut Change,
        principal: &Principal,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: Some(principal.user_id),
            actor_handle: &principal.handle,
            action: action.as_str(),
            target,
            detail,
        };
        let now = change.now;
        audit::append(change.connection(), &entry, now).await?;
        Ok(())
    }

    /// Appends an audit entry without an account behind it inside the
    /// change: `actor` is "system" for the server's own checks and jobs,
    /// "operator" for `portico admin` commands.
    pub(super) async fn audit_unattended_in(
        &self,
        change: &mut Change,
        actor: &str,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> ServiceResult<()> {
        let entry = AuditEntry {
            actor_id: None,
            actor_handle: actor,
            action: action.as_str(),
            target,
            detail,
        };
        let now = change.now;
        audit::append(change.connection(), &entry, now).await?;
        Ok(())
    }

    /// Writes an in-app notification for `user_id` in the change, its live
    /// event, and the email and SMS the user's preferences ask for.
    pub(super) async fn notify_in(
        &self,
        change: &mut Change,
        user_id: i64,
        kind: NotificationKind,
        title: &str,
        body: &str,
        link: &str,
    ) -> ServiceResult<()> {
        let title = sanitize_line(title);
        let body = sanitize_line(body);
        let notification = NewNotification {
            user_id,
            kind,
            title: &title,
            body: &body,
            link,
        };
        let now = change.now;
        notifications::insert(change.connection(), &notification, now).await?;
        let event = LiveEvent {
            user_id: Some(user_id),
            ..LiveEvent::new(LiveEventKind::NotificationRaised)
        };
        self.announce_in(change, event).await?;
        let template = Template::for_notification(kind, &title, &body);
        self.route_in(change, user_id, kind, &template).await
    }

    /// Queues the email and SMS of a notification that the user's preferences select.
    async fn route_in(
        &self,
        change: &mut Change,
        user_id: i64,
        kind: NotificationKind,
        template: &Template,
    ) -> ServiceResult<()> {
        let now = change.now;
        let connection = change.connection();
        let Some((email, phone)) = preferences::contact(&mut *connection, user_id).await? else {
            return Ok(());
        };
        let saved = preferences::channels(&mut *connection, user_id).await?;
        let settings = preferences::settings(&mut *connection, user_id).await?;
        let choice = super::notification_settings::channels_of(&saved, kind);
        let security = kind == NotificationKind::SecurityAlert;
        // Another user's action raised the notification, so the current
        // language is theirs, not the recipient's: the recipient's choice
        // comes first, then their latest session's language, then English.
        let language = super::display::known_language(&mut *connection, user_id)
            .await?
            .unwrap_or_default();

        let mut targets = Vec::new();
        if choice.email && !email.is_empty() {
            let rendered = template.email(language);
            targets.push((Channel::Email, email, rendered.subject, rendered.body));
        }
        if choice.sms
            && let Some(phone) = phone.filter(|phone| !phone.is_empty())
        {
            let text = template.sms(language);
            targets.push((Channel::Sms, phone, template.email(language).subject, text));
        }
        for (channel, recipient, subject, body) in targets {
            let route = if security {
                Route::At(now)
            } else {
                let sent = outbox::count_sent_since(&mut *connection, user_id, now - 3600).await?;
                route(&settings, sent, self.settings.delivery.max_per_hour, now)
            };
            let (held, next_attempt_at) = match route {
                Route::Held => (true, now),
                Route::At(at) => (false, at),
            };
            let message = NewMessage {
                user_id: Some(user_id),
                channel,
                kind: template.kind(),
                recipient: &recipient,
                subject: &subject,
                body: &body,
                held,
                next_attempt_at,
            };
            outbox::insert(&mut *connection, &message, now).await?;
        }
        Ok(())
    }

    /// Queues a message that skips preferences, quiet hours and the cap,
    /// such as an invitation or a confirmation code, in the change. It is
    /// written in the language `user_id` chose, else that of their latest
    /// terminal session, else in the current language: that of the session
    /// whose action sends it, such as the inviting owner's, or English for
    /// a job.
    pub(super) async fn queue_direct_in(
        &self,
        change: &mut Change,
        user_id: i64,
        channel: Channel,
        recipient: &str,
        template: &Template,
    ) -> ServiceResult<i64> {
        let now = change.now;
        let language = super::display::known_language(change.connection(), user_id)
            .await?
            .unwrap_or_else(crate::i18n::current);
        let rendered = template.email(language);
        let body = match channel {
            Channel::Email => rendered.body,
            Channel::Sms => template.sms(language),
        };
        let message = NewMessage {
            user_id: Some(user_id),
            channel,
            kind: template.kind(),
            recipient,
            subject: &rendered.subject,
            body: &body,
            held: false,
            next_attempt_at: now,
        };
        Ok(outbox::insert(change.connection(), &message, now).await?)
    }

    /// Lists pending, sending, held and dead messages for the operator,
    /// without bodies, which may contain codes.
    pub async fn outbox_listing(&self) -> ServiceResult<Vec<OutboxRecord>> {
        let mut rows = outbox::list(
            self.store.pool(),
            &["pending", "sending", "held", "dead"],
            LIST_LIMIT,
        )
        .await?;
        for row in &mut rows {
            row.body.clear();
        }
        Ok(rows)
    }

    /// Puts dead message `id`, or every dead message when `id` is `None`,
    /// back to pending; returns how many. Audited as the operator.
    pub async fn retry_outbox(&self, id: Option<i64>) -> ServiceResult<u64> {
        let pool = self.store.pool();
        let count = match id {
            Some(id) => {
                if !outbox::retry_dead(pool, id, now()).await? {
                    return Err(ServiceError::NotFound(format!(
                        "dead outbox message {id}; list them with portico admin outbox"
                    )));
                }
                1
            }
            None => outbox::retry_all_dead(pool, now()).await?,
        };
        let target = id.map_or_else(|| "all dead".to_string(), |id| id.to_string());
        let entry = AuditEntry {
            actor_id: None,
            actor_handle: "operator",
            action: AuditAction::OutboxRetried.as_str(),
            target: &target,
            detail: &format!("{count} message(s) back to pending"),
        };
        audit::append(pool, &entry, now()).await?;
        Ok(count)
    }
}

/// Decides when a message that is not a security alert goes out: held for
/// the digest when the user chose the digest or reached the hourly cap,
/// else at once or at the end of quiet hours.
fn route(settings: &SettingsRow, sent_last_hour: i64, max_per_hour: i64, now: Timestamp) -> Route {
    if settings.digest != 0 || sent_last_hour >= max_per_hour {
        return Route::Held;
    }
    Route::At(quiet_until(settings, now).unwrap_or(now))
}

/// Returns the user's offset from UTC at `time`, in minutes: that of the
/// time zone of their regional preferences, daylight-saving time included,
/// or `utc_offset_minutes` when that zone is UTC or unknown.
pub(super) fn offset_minutes_at(settings: &SettingsRow, time: Timestamp) -> i64 {
    let zone = settings
        .time_zone
        .as_deref()
        .and_then(|name| parse_zone(name).ok())
        .filter(|zone| *zone != chrono_tz::Tz::UTC);
    match zone {
        Some(zone) => Regional {
            zone,
            ..Regional::default()
        }
        .offset_minutes_at(time),
        None => settings.utc_offset_minutes,
    }
}

/// Returns the end of the quiet hours that contain `now`, or `None` when
/// `now` is outside them or the user has none.
pub fn quiet_until(settings: &SettingsRow, now: Timestamp) -> Option<Timestamp> {
    let (Some(start), Some(end)) = (settings.quiet_start, settings.quiet_end) else {
        return None;
    };
    if start == end {
        return None;
    }
    let offset_at = |time: Timestamp| offset_minutes_at(settings, time);
    let offset = offset_at(now);
    let local = now + offset * 60;
    let minute = local.rem_euclid(86_400) / 60;
    let quiet = if start < end {
        (start..end).contains(&minute)
    } else {
        minute >= start || minute < end
    };
    if !quiet {
        return None;
    }
    let minutes_left = (end - minute).rem_euclid(1440);
    let second_of_minute = local.rem_euclid(60);
    let until = now + minutes_left * 60 - second_of_minute;
    // A daylight-saving change inside the quiet hours moves their end by
    // the change.
    Some(until + (offset - offset_at(until)) * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet(start: i64, end: i64, offset: i64) -> SettingsRow {
        SettingsRow {
            quiet_start: Some(start),
            quiet_end: Some(end),
            utc_offset_minutes: offset,
            ..SettingsRow::default()
        }
    }

    #[test]
    fn quiet_hours_over_midnight() {
        // 23:30 UTC on a day boundary multiple.
        let day = 86_400 * 20_000;
        let late = day + 23 * 3600 + 30 * 60;
        let settings = quiet(22 * 60, 7 * 60, 0);
        assert_eq!(quiet_until(&settings, late), Some(day + 86_400 + 7 * 3600));
        assert_eq!(quiet_until(&settings, day + 12 * 3600), None);
    }

    #[test]
    fn quiet_hours_in_local_time() {
        let day = 86_400 * 20_000;
        // 21:00 UTC is 23:00 at UTC+2, inside 22:00-07:00 there.
        let settings = quiet(22 * 60, 7 * 60, 120);
        let at = day + 21 * 3600;
        assert_eq!(quiet_until(&settings, at), Some(day + 86_400 + 5 * 3600));
    }

    #[test]
    fn quiet_hours_follow_daylight_saving_change() {
        // 22:00-07:00 in Zurich. On 2026-03-29 clocks go from CET (+1) to
        // CEST (+2) at 01:00 UTC; 07:00 CEST is 05:00 UTC.
        let settings = SettingsRow {
            time_zone: Some("Europe/Zurich".to_string()),
            ..quiet(22 * 60, 7 * 60, 0)
        };
        let before_change = 1_774_738_800; // 2026-03-28 23:00 UTC, 00:00 CET
        assert_eq!(quiet_until(&settings, before_change), Some(1_774_760_400));
        // In summer the same hours end at 05:00 UTC, and 20:30 UTC is
        // 22:30 local, inside them; in winter 20:30 UTC is 21:30, outside.
        let summer_evening = 1_782_505_800; // 2026-06-26 20:30 UTC
        assert_eq!(quiet_until(&settings, summer_evening), Some(1_782_536_400));
        let winter_evening = 1_766_781_000; // 2025-12-26 20:30 UTC
        assert_eq!(quiet_until(&settings, winter_evening), None);
        // UTC as the named zone keeps the fixed offset.
        let offset_only = SettingsRow {
            time_zone: Some("UTC".to_string()),
            ..quiet(22 * 60, 7 * 60, 120)
        };
        assert_eq!(
            quiet_until(&offset_only, 20_000 * 86_400 + 21 * 3600),
            Some(20_001 * 86_400 + 5 * 3600)
        );
    }

    #[test]
    fn cap_and_digest_hold() {
        let settings = SettingsRow::default();
        assert_eq!(route(&settings, 10, 10, 5), Route::Held);
        assert_eq!(route(&settings, 9, 10, 5), Route::At(5));
        let digest = SettingsRow {
            digest: 1,
            ..SettingsRow::default()
        };
        assert_eq!(route(&digest, 0, 10, 5), Route::Held);
    }
}
