//! The daily digest at the hour each user chooses, on SQLite and
//! PostgreSQL, with a controlled clock: not before the hour in the user's
//! time zone, once per local day, at the same local hour across a
//! daylight-saving change, and once across a restart or a second node.
//!
//! The SMTP relay is the minimal real listener of tests/common/mail.rs.

mod common;

use common::mail::{SmtpListener, delivery_settings};
use common::{add_account, principal_of};
use portico::auth::PasswordHasher;
use portico::domain::regional::DateFormat;
use portico::domain::{NotificationKind, Principal, Role, Timestamp};
use portico::notify::delivery::{DeliverySettings, Worker};
use portico::service::{Portal, PortalSettings, ServiceError};
use portico::store::Store;

const HOUR: i64 = 3600;
/// 2026-03-28 00:00 UTC. Zurich is at UTC+1 that day and moves to UTC+2
/// at 01:00 UTC on the 29th.
const MARCH_28: Timestamp = 1_774_656_000;
const DAY: i64 = 24 * HOUR;

fn portal_with(store: &Store, delivery: DeliverySettings) -> Portal {
    Portal::new(
        store.clone(),
        PasswordHasher::new(2),
        PortalSettings {
            delivery,
            ..PortalSettings::default()
        },
    )
    .with_secret_key(common::test_secret_key())
}

/// Adds alice, in Zurich, with the digest on at `hour`.
async fn zurich_customer(portal: &Portal, store: &Store, hour: i64) -> Principal {
    let account = add_account(portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
    let alice = principal_of(store, account.id).await;
    portal
        .save_regional_preferences(&alice, "Europe/Zurich", DateFormat::Iso, None)
        .await
        .expect("regional");
    let mut wanted = portal.notification_preferences(&alice).await.expect("read");
    assert_eq!(wanted.digest_hour, 8, "the default digest hour");
    wanted.digest = true;
    wanted.digest_hour = hour;
    portal
        .set_notification_preferences(&alice, &wanted)
        .await
        .expect("save");
    alice
}

async fn hold(portal: &Portal, alice: &Principal, title: &str) {
    portal
        .notify(
            alice.user_id,
            NotificationKind::NewMessage,
            title,
            "text",
            "",
        )
        .await
        .expect("notify");
}

async fn held_count(store: &Store) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE state = 'held'")
        .fetch_one(store.pool())
        .await
        .expect("count");
    count
}

on_both_backends!(
    digest_waits_for_local_hour,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let alice = zurich_customer(&portal, &store, 18).await;
        hold(&portal, &alice, "Message 1").await;
        hold(&portal, &alice, "Message 2").await;
        assert_eq!(held_count(&store).await, 2);

        // 16:59 UTC is 17:59 in Zurich: too early.
        let early = portal
            .run_digests_at(MARCH_28 + 17 * HOUR - 60, false)
            .await
            .expect("early");
        assert_eq!(early, 0);
        assert_eq!(held_count(&store).await, 2);

        // 17:00 UTC is 18:00: the first run at or after the hour sends it.
        let due = portal
            .run_digests_at(MARCH_28 + 17 * HOUR, false)
            .await
            .expect("due");
        assert_eq!(due, 1);
        assert_eq!(held_count(&store).await, 0);
        Worker::new(store.clone(), settings.clone())
            .expect("worker")
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert!(mails[0].data.contains("Message 1"), "{}", mails[0].data);
        assert!(mails[0].data.contains("Message 2"), "{}", mails[0].data);

        // Later that day, a new held message waits for the next day.
        hold(&portal, &alice, "Message 3").await;
        let later = portal
            .run_digests_at(MARCH_28 + 22 * HOUR, false)
            .await
            .expect("later");
        assert_eq!(later, 0);

        // A restarted node or a second one does not send it again either.
        let restarted = portal_with(&store, settings.clone());
        let again = restarted
            .run_digests_at(MARCH_28 + 22 * HOUR + 30 * 60, false)
            .await
            .expect("restart");
        assert_eq!(again, 0);
        assert_eq!(held_count(&store).await, 1);
    }
);

on_both_backends!(
    digest_hour_follows_daylight_saving,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let alice = zurich_customer(&portal, &store, 18).await;
        hold(&portal, &alice, "Before the change").await;
        let first = portal
            .run_digests_at(MARCH_28 + 17 * HOUR, false)
            .await
            .expect("first");
        assert_eq!(first, 1);

        // On the 29th Zurich is at UTC+2, so 18:00 is 16:00 UTC; 17:00
        // UTC, yesterday's time, would be an hour late.
        hold(&portal, &alice, "After the change").await;
        let early = portal
            .run_digests_at(MARCH_28 + DAY + 16 * HOUR - 60, false)
            .await
            .expect("early");
        assert_eq!(early, 0);
        let due = portal
            .run_digests_at(MARCH_28 + DAY + 16 * HOUR, false)
            .await
            .expect("due");
        assert_eq!(due, 1);
        assert_eq!(held_count(&store).await, 0);
    }
);

on_both_backends!(
    forced_digest_ignores_hour,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let portal = portal_with(&store, delivery_settings(&smtp, None));
        let alice = zurich_customer(&portal, &store, 23).await;
        hold(&portal, &alice, "Message 1").await;
        let forced = portal
            .run_digests_at(MARCH_28 + 6 * HOUR, true)
            .await
            .expect("forced");
        assert_eq!(forced, 1);
        assert_eq!(held_count(&store).await, 0);
    }
);

on_both_backends!(
    invalid_digest_hour_rejected,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let portal = portal_with(&store, delivery_settings(&smtp, None));
        let alice = zurich_customer(&portal, &store, 7).await;
        for hour in [24, -1] {
            let mut wanted = portal.notification_preferences(&alice).await.expect("read");
            wanted.digest_hour = hour;
            let result = portal.set_notification_preferences(&alice, &wanted).await;
            let Err(ServiceError::Invalid(message)) = result else {
                panic!("hour {hour} was accepted: {result:?}");
            };
            assert!(message.contains(&hour.to_string()), "{message}");
        }
        let saved = portal.notification_preferences(&alice).await.expect("read");
        assert_eq!(saved.digest_hour, 7);
    }
);
