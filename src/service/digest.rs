//! The daily digest: email and SMS held by the user's digest choice or by
//! the hourly cap go out as one email a day, at the first digest run at or
//! after the hour the user chose (08:00 unless they chose another), in the
//! time zone of their regional preferences.
//!
//! "Once a day" means once per local calendar day: a digest is due when
//! the local hour has reached the chosen one and no digest was sent
//! earlier that local day. So a skipped hour (clocks going forward) delays
//! the digest to the next run, and a repeated hour (clocks going back)
//! does not send a second one. The time of the last digest is stored, so
//! a restart changes nothing, and each run claims the digest in the
//! database, so several nodes send it once.

use std::time::Duration;

use super::outbox::offset_minutes_at;
use super::{Portal, ServiceResult};
use crate::domain::{Timestamp, now};
use crate::notify::templates::Template;
use crate::store::notification_preferences::{self as preferences, SettingsRow};
use crate::store::outbox::{self, Channel};

/// Pause between two digest runs of [`Portal::digests_daily`]. A digest
/// goes out at most this long after its hour.
pub const DIGEST_RUN_INTERVAL: Duration = Duration::from_secs(60);

const DAY_SECS: i64 = 86_400;

/// Tells whether the user's digest is due at `now`: the local hour has
/// reached their digest hour and no digest went out earlier this local day.
pub fn digest_due(settings: &SettingsRow, now: Timestamp) -> bool {
    let local = |time: Timestamp| time + offset_minutes_at(settings, time) * 60;
    let local_now = local(now);
    let hour = local_now.rem_euclid(DAY_SECS) / 3600;
    if hour < settings.digest_hour {
        return false;
    }
    let today = local_now.div_euclid(DAY_SECS);
    settings
        .last_digest_at
        .is_none_or(|last| local(last).div_euclid(DAY_SECS) < today)
}

impl Portal {
    /// Sends the digests due now; see [`Portal::run_digests_at`].
    pub async fn run_digests(&self, force: bool) -> ServiceResult<usize> {
        self.run_digests_at(now(), force).await
    }

    /// Queues one digest email of the held messages of each user whose
    /// digest is due at `now`, or of every user with held messages when
    /// `force`, and returns how many were queued. Held SMS are listed in
    /// the email digest too. Each digest commits in one change with the
    /// held rows it folds and the record of when it was sent.
    pub async fn run_digests_at(&self, now: Timestamp, force: bool) -> ServiceResult<usize> {
        let mut queued = 0;
        let pool = self.store.pool();
        for user_id in outbox::users_with_held(pool).await? {
            let settings = preferences::settings(pool, user_id).await?;
            if !force && !digest_due(&settings, now) {
                continue;
            }
            let mut change = self.begin().await?;
            change.now = now;
            let connection = change.connection();
            let claimed =
                preferences::claim_digest(&mut *connection, user_id, settings.last_digest_at, now)
                    .await?;
            if !claimed {
                continue;
            }
            let Some((email, _)) = preferences::contact(&mut *connection, user_id).await? else {
                continue;
            };
            let mut held = outbox::held_of(&mut *connection, user_id, Channel::Email).await?;
            held.extend(outbox::held_of(&mut *connection, user_id, Channel::Sms).await?);
            if held.is_empty() {
                continue;
            }
            let lines: Vec<String> = held.iter().map(|row| row.subject.clone()).collect();
            for row in &held {
                outbox::fold_into_digest(&mut *connection, row.id, now).await?;
            }
            if !email.is_empty() {
                self.queue_direct_in(
                    &mut change,
                    user_id,
                    Channel::Email,
                    &email,
                    &Template::Digest { lines },
                )
                .await?;
                queued += 1;
            }
            self.commit(change).await?;
        }
        Ok(queued)
    }

    /// Runs the digests every [`DIGEST_RUN_INTERVAL`] until the task is
    /// aborted; each user's digest goes out at the first run at or after
    /// their hour.
    pub async fn digests_daily(self) {
        let mut interval = tokio::time::interval(DIGEST_RUN_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = self.run_digests(false).await {
                tracing::warn!(error = %error, "sending digests failed; retrying at the next run");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-28 00:00 UTC, a Saturday; Zurich moves from CET (+1) to
    /// CEST (+2) at 01:00 UTC the next day.
    const MARCH_28: Timestamp = 1_774_656_000;
    const HOUR: i64 = 3600;

    fn zurich(digest_hour: i64, last_digest_at: Option<Timestamp>) -> SettingsRow {
        SettingsRow {
            time_zone: Some("Europe/Zurich".to_string()),
            digest_hour,
            last_digest_at,
            ..SettingsRow::default()
        }
    }

    #[test]
    fn due_from_local_hour_once_a_day() {
        let settings = zurich(8, None);
        // 06:59 UTC is 07:59 CET; 07:00 UTC is 08:00.
        assert!(!digest_due(&settings, MARCH_28 + 7 * HOUR - 60));
        assert!(digest_due(&settings, MARCH_28 + 7 * HOUR));
        let sent = zurich(8, Some(MARCH_28 + 7 * HOUR));
        assert!(!digest_due(&sent, MARCH_28 + 22 * HOUR + 59 * 60));
        // 23:00 UTC is midnight in Zurich: a new day, but before 08:00.
        assert!(!digest_due(&sent, MARCH_28 + 23 * HOUR));
        // On the 29th, 08:00 CEST is 06:00 UTC.
        assert!(!digest_due(&sent, MARCH_28 + DAY_SECS + 6 * HOUR - 60));
        assert!(digest_due(&sent, MARCH_28 + DAY_SECS + 6 * HOUR));
    }

    #[test]
    fn skipped_hour_sends_at_next_run() {
        // 02:00 does not exist in Zurich on 2026-03-29: 01:00 UTC is 03:00.
        let settings = zurich(2, Some(MARCH_28 + HOUR));
        assert!(!digest_due(&settings, MARCH_28 + DAY_SECS + HOUR - 60));
        assert!(digest_due(&settings, MARCH_28 + DAY_SECS + HOUR));
    }

    #[test]
    fn repeated_hour_sends_once() {
        // 2026-10-25: 01:00 UTC turns 03:00 CEST back into 02:00 CET, so
        // 02:00-03:00 local happens at 00:00 and at 01:00 UTC.
        let october_25 = 1_792_886_400;
        let settings = zurich(2, None);
        assert!(digest_due(&settings, october_25));
        let sent = zurich(2, Some(october_25));
        assert!(!digest_due(&sent, october_25 + HOUR));
        assert!(!digest_due(&sent, october_25 + 2 * HOUR));
    }

    #[test]
    fn utc_zone_uses_fixed_offset() {
        let settings = SettingsRow {
            time_zone: Some("UTC".to_string()),
            utc_offset_minutes: -300,
            ..SettingsRow::default()
        };
        // 12:59 UTC is 07:59 at UTC-5; 13:00 is 08:00.
        assert!(!digest_due(&settings, MARCH_28 + 13 * HOUR - 60));
        assert!(digest_due(&settings, MARCH_28 + 13 * HOUR));
    }
}
