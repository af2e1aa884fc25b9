//! Email and SMS delivery through the outbox, on SQLite and PostgreSQL:
//! invitations, contact changes confirmed by a code, retries, dead letters,
//! crash recovery, the hourly cap with the digest, quiet hours, and the
//! transaction shared by a change and its notifications.
//!
//! The SMTP relay and the SMS provider are the minimal real listeners of
//! tests/common/mail.rs on 127.0.0.1.

mod common;

use common::mail::{SmsListener, SmtpListener, code_in, delivery_settings};
use common::{Login, TestServer, add_account, password_login, principal_of};
use portico::auth::PasswordHasher;
use portico::domain::regional::{DateFormat, Language};
use portico::domain::{MemberRole, NotificationKind, RequestCategory, Role};
use portico::notify::delivery::{DeliverySettings, Worker};
use portico::service::notification_settings::ChannelChoice;
use portico::service::organisations::Invitation;
use portico::service::requests::RequestDraft;
use portico::service::{Portal, PortalSettings, ServiceError};
use portico::store::Store;

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

fn worker(store: &Store, settings: &DeliverySettings) -> Worker {
    Worker::new(store.clone(), settings.clone()).expect("worker")
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(store.pool())
        .await
        .expect("count");
    count
}

fn draft(subject: &str) -> RequestDraft {
    RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Billing,
        body: "please check".to_string(),
        document_id: None,
        contract_id: None,
    }
}

on_both_backends!(
    invitation_code_arrives_by_mail,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let server = TestServer::start(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let alice = principal_of(&store, alice.id).await;

        let invited = server
            .portal
            .invite_member(
                &alice,
                &Invitation {
                    handle: "bea".to_string(),
                    display_name: "Bea".to_string(),
                    email: "bea@example.com".to_string(),
                    role: MemberRole::Member,
                },
            )
            .await
            .expect("invite");
        assert!(invited.outbox_id > 0);

        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].to, vec!["bea@example.com".to_string()]);
        assert!(
            mails[0].data.contains("invited to Acme"),
            "{}",
            mails[0].data
        );
        let code = code_in(&mails[0].data);

        let (_session, outcome) = password_login(server.address, "bea", &code, "").await;
        assert_eq!(outcome, Login::Success);
    }
);

on_both_backends!(
    email_change_confirmed_by_mailed_code,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, account.id).await;

        let wrong_factor = portal
            .request_email_change(&alice, "alice.new@example.com", "000000")
            .await;
        assert!(
            matches!(wrong_factor, Err(ServiceError::Invalid(_))),
            "{wrong_factor:?}"
        );
        portal
            .request_email_change(&alice, "alice.new@example.com", &account.code())
            .await
            .expect("request change");
        // The address changes only after the code is typed.
        let unchanged = portal.notification_preferences(&alice).await.expect("read");
        assert_eq!(unchanged.email, "alice@example.com");

        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].to, vec!["alice.new@example.com".to_string()]);
        let code = code_in(&mails[0].data);

        let wrong = portal
            .confirm_email_change(&alice, "AAAA-AAAA-AAAA-AAAA")
            .await;
        assert!(matches!(wrong, Err(ServiceError::Invalid(_))), "{wrong:?}");
        let changed = portal
            .confirm_email_change(&alice, &code)
            .await
            .expect("confirm");
        assert_eq!(changed, "alice.new@example.com");
        let read = portal.notification_preferences(&alice).await.expect("read");
        assert_eq!(read.email, "alice.new@example.com");

        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let recipients: Vec<Vec<String>> =
            smtp.mails().iter().map(|mail| mail.to.clone()).collect();
        assert!(
            recipients.contains(&vec!["alice@example.com".to_string()]),
            "the old address is alerted: {recipients:?}"
        );
        assert!(
            recipients.contains(&vec!["alice.new@example.com".to_string()]),
            "the new address is alerted: {recipients:?}"
        );

        let reused = portal.confirm_email_change(&alice, &code).await;
        assert!(
            matches!(reused, Err(ServiceError::NotFound(_))),
            "{reused:?}"
        );
        let audited = count(
            &store,
            "SELECT COUNT(*) FROM audit_entries WHERE action IN ('email-change-requested', 'email-change-refused', 'email-changed')",
        )
        .await;
        assert_eq!(audited, 3);
    }
);

on_both_backends!(
    email_change_code_attempts_limited,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let portal = portal_with(&store, delivery_settings(&smtp, None));
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, account.id).await;
        portal
            .request_email_change(&alice, "alice.new@example.com", &account.code())
            .await
            .expect("request change");
        for _ in 0..5 {
            let wrong = portal
                .confirm_email_change(&alice, "AAAA-AAAA-AAAA-AAAA")
                .await;
            assert!(matches!(wrong, Err(ServiceError::Invalid(_))), "{wrong:?}");
        }
        let after_limit = portal
            .confirm_email_change(&alice, "AAAA-AAAA-AAAA-AAAA")
            .await;
        let Err(ServiceError::Invalid(message)) = after_limit else {
            panic!("expected a rejection, got {after_limit:?}");
        };
        assert!(message.contains("too many"), "{message}");
        let gone = portal
            .confirm_email_change(&alice, "AAAA-AAAA-AAAA-AAAA")
            .await;
        assert!(matches!(gone, Err(ServiceError::NotFound(_))), "{gone:?}");
    }
);

on_both_backends!(
    phone_confirmed_from_sms,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let sms = SmsListener::start().await;
        let settings = delivery_settings(&smtp, Some(&sms));
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, account.id).await;

        let invalid = portal
            .request_phone_change(&alice, "079 123", &account.code())
            .await;
        assert!(
            matches!(invalid, Err(ServiceError::Invalid(_))),
            "{invalid:?}"
        );
        portal
            .request_phone_change(&alice, "+41 79 123 45 67", &account.next_code())
            .await
            .expect("request change");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let messages = sms.messages();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0].to, "+41791234567");
        let code = code_in(&messages[0].message);

        portal
            .confirm_phone_change(&alice, &code)
            .await
            .expect("confirm");
        let read = portal.notification_preferences(&alice).await.expect("read");
        assert_eq!(read.phone.as_deref(), Some("+41791234567"));
    }
);

on_both_backends!(
    outbox_survives_crash_before_send,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        portal
            .notify(
                account.id,
                NotificationKind::StatusChange,
                "Request R-1 is approved",
                "Next step: none",
                "",
            )
            .await
            .expect("notify");

        // A node claims the row and stops before sending it.
        let now = portico::domain::now();
        let claimed = portico::store::outbox::claim(
            store.pool(),
            store.backend(),
            "crashed-node",
            &[portico::store::outbox::Channel::Email],
            now,
            now + 600,
            10,
        )
        .await
        .expect("claim");
        assert_eq!(claimed.len(), 1);

        // While its lease lasts, another worker leaves the row alone.
        let survivor = worker(&store, &settings);
        assert_eq!(survivor.run_until_idle().await.expect("run"), 0);
        assert!(smtp.mails().is_empty());

        // Once the lease expired, the new worker sends it exactly once.
        sqlx::query("UPDATE outbox SET lease_expires_at = 0")
            .execute(store.pool())
            .await
            .expect("expire lease");
        assert_eq!(survivor.run_until_idle().await.expect("run"), 1);
        assert_eq!(
            worker(&store, &settings)
                .run_until_idle()
                .await
                .expect("run"),
            0
        );
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert!(mails[0].data.contains("Request R-1 is approved"));
        let sent = count(&store, "SELECT COUNT(*) FROM outbox WHERE state = 'sent'").await;
        assert_eq!(sent, 1);
    }
);

on_both_backends!(
    relay_failures_retry_then_send,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        smtp.fail_next(2);
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        portal
            .notify(
                account.id,
                NotificationKind::NewDocument,
                "New document: invoice",
                "Invoice",
                "",
            )
            .await
            .expect("notify");

        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        assert_eq!(smtp.mails().len(), 1);
        let (state, attempts): (String, i64) = sqlx::query_as("SELECT state, attempts FROM outbox")
            .fetch_one(store.pool())
            .await
            .expect("row");
        assert_eq!(state, "sent");
        assert_eq!(attempts, 3);
    }
);

on_both_backends!(
    failing_relay_dead_then_retried,
    |store: Store, url: String| async move {
        let smtp = SmtpListener::start().await;
        smtp.set_always_fail(true);
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        portal
            .notify(
                account.id,
                NotificationKind::Deadline,
                "Deadline tomorrow",
                "Send the form",
                "",
            )
            .await
            .expect("notify");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let dead = count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE state = 'dead' AND attempts = 3",
        )
        .await;
        assert_eq!(dead, 1);

        let listing = common::portico(&url, &["admin", "outbox"], None);
        assert!(listing.status.success(), "{}", common::stderr(&listing));
        let text = common::stdout(&listing);
        assert!(text.contains("dead"), "{text}");
        assert!(text.contains("alice@example.com"), "{text}");
        assert!(text.contains("Deadline tomorrow"), "{text}");
        assert!(text.contains("451"), "{text}");
        assert!(
            !text.contains("Send the form"),
            "bodies are not listed: {text}"
        );

        let retried = common::portico(&url, &["admin", "outbox", "retry", "--all-dead"], None);
        assert!(retried.status.success(), "{}", common::stderr(&retried));
        assert!(common::stdout(&retried).contains("1 message(s)"));
        smtp.set_always_fail(false);
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        assert_eq!(smtp.mails().len(), 1);
        let audited = count(
            &store,
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'outbox-retried'",
        )
        .await;
        assert_eq!(audited, 1);

        let missing = common::portico(&url, &["admin", "outbox", "retry", "999"], None);
        assert!(!missing.status.success());
        assert!(
            common::stderr(&missing).contains("999"),
            "{}",
            common::stderr(&missing)
        );
    }
);

on_both_backends!(
    hourly_cap_fills_digest,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = DeliverySettings {
            max_per_hour: 2,
            ..delivery_settings(&smtp, None)
        };
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        for number in 1..=4 {
            portal
                .notify(
                    account.id,
                    NotificationKind::NewMessage,
                    &format!("Message {number}"),
                    "text",
                    "",
                )
                .await
                .expect("notify");
        }
        // Security alerts are never capped.
        portal
            .notify(
                account.id,
                NotificationKind::SecurityAlert,
                "Password changed",
                "text",
                "",
            )
            .await
            .expect("alert");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        assert_eq!(smtp.mails().len(), 3);
        let held = count(&store, "SELECT COUNT(*) FROM outbox WHERE state = 'held'").await;
        assert_eq!(held, 2);

        // 09:00 UTC yesterday: past the default digest hour of 08:00, and
        // in the past, so the worker sends the digest at once.
        let today = i64::try_from(common::unix_now()).expect("time") / 86_400;
        let nine = (today - 1) * 86_400 + 9 * 3600;
        assert_eq!(portal.run_digests_at(nine, false).await.expect("digest"), 1);
        // One digest per day.
        assert_eq!(
            portal
                .run_digests_at(nine + 60, false)
                .await
                .expect("digest"),
            0
        );
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 4);
        let digest = &mails[3].data;
        assert!(digest.contains("digest"), "{digest}");
        assert!(digest.contains("Message 3"), "{digest}");
        assert!(digest.contains("Message 4"), "{digest}");
        let held = count(&store, "SELECT COUNT(*) FROM outbox WHERE state = 'held'").await;
        assert_eq!(held, 0);
    }
);

on_both_backends!(
    quiet_hours_hold_email_not_alerts,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, account.id).await;
        let minute = portico::domain::now().rem_euclid(86_400) / 60;
        let mut preferences = portal.notification_preferences(&alice).await.expect("read");
        preferences.quiet_hours = Some(((minute + 1380) % 1440, (minute + 60) % 1440));
        portal
            .set_notification_preferences(&alice, &preferences)
            .await
            .expect("save");

        portal
            .notify(
                account.id,
                NotificationKind::StatusChange,
                "Request approved",
                "text",
                "",
            )
            .await
            .expect("notify");
        portal
            .notify(
                account.id,
                NotificationKind::SecurityAlert,
                "Login from a new place",
                "text",
                "",
            )
            .await
            .expect("alert");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert!(mails[0].data.contains("Login from a new place"));
        let waiting = count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND kind = 'status-change'",
        )
        .await;
        assert_eq!(waiting, 1);
        let audited = count(
            &store,
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'notification-preferences-changed'",
        )
        .await;
        assert_eq!(audited, 1);
    }
);

on_both_backends!(
    preferences_keep_security_email,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, account.id).await;
        let mut preferences = portal.notification_preferences(&alice).await.expect("read");
        for (_, choice) in &mut preferences.channels {
            *choice = ChannelChoice {
                email: false,
                sms: false,
            };
        }
        portal
            .set_notification_preferences(&alice, &preferences)
            .await
            .expect("save");
        let read = portal.notification_preferences(&alice).await.expect("read");
        for (kind, choice) in &read.channels {
            assert_eq!(
                choice.email,
                *kind == NotificationKind::SecurityAlert,
                "{kind:?}"
            );
        }
        portal
            .notify(
                account.id,
                NotificationKind::NewMessage,
                "Message",
                "text",
                "",
            )
            .await
            .expect("notify");
        portal
            .notify(
                account.id,
                NotificationKind::SecurityAlert,
                "Alert",
                "text",
                "",
            )
            .await
            .expect("alert");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert!(mails[0].data.contains("Alert"));
        // In-app notifications are always written.
        let in_app = count(&store, "SELECT COUNT(*) FROM notifications").await;
        assert_eq!(in_app, 2);
    }
);

on_both_backends!(
    failed_notification_rolls_back_reply,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let portal = portal_with(&store, delivery_settings(&smtp, None));
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let agent = add_account(&portal, "dana", None, Role::Agent, true, 2).await;
        let alice = principal_of(&store, alice.id).await;
        let agent = principal_of(&store, agent.id).await;
        let number = portal
            .open_request(&alice, &draft("Invoice wrong"))
            .await
            .expect("open");
        let request_id = number.id;

        portal
            .reply(&agent, request_id, "first answer")
            .await
            .expect("reply");
        let messages_before = count(&store, "SELECT COUNT(*) FROM messages").await;
        let outbox_before = count(&store, "SELECT COUNT(*) FROM outbox").await;
        let events_before = count(&store, "SELECT COUNT(*) FROM events").await;
        assert_eq!(outbox_before, 1, "the first reply mailed alice");

        // The notification write fails: its table is gone.
        sqlx::query("ALTER TABLE notifications RENAME TO notifications_away")
            .execute(store.pool())
            .await
            .expect("rename");
        let mut bus = portal.bus().subscribe();
        let failed = portal.reply(&agent, request_id, "second answer").await;
        assert!(
            matches!(failed, Err(ServiceError::Database(_))),
            "{failed:?}"
        );
        sqlx::query("ALTER TABLE notifications_away RENAME TO notifications")
            .execute(store.pool())
            .await
            .expect("rename back");

        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM messages").await,
            messages_before
        );
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM outbox").await,
            outbox_before
        );
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM events").await,
            events_before
        );
        assert!(
            bus.try_recv().is_err(),
            "nothing is published for a rolled back change"
        );
    }
);

on_both_backends!(
    worker_task_sends_then_stops,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let running = worker(&store, &settings).spawn();
        portal
            .notify(
                account.id,
                NotificationKind::StatusChange,
                "Request approved",
                "text",
                "",
            )
            .await
            .expect("notify");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while smtp.mails().is_empty() && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(smtp.mails().len(), 1);
        tokio::time::timeout(std::time::Duration::from_secs(5), running.stop())
            .await
            .expect("the worker stops");
    }
);

on_both_backends!(
    worker_leaves_unconfigured_channel,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let sms = SmsListener::start().await;
        let portal = portal_with(&store, delivery_settings(&smtp, Some(&sms)));
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        portal
            .notify(
                account.id,
                NotificationKind::NewMessage,
                "Message",
                "text",
                "",
            )
            .await
            .expect("notify");

        // A node without an SMTP relay leaves email rows to other nodes.
        let sms_only = DeliverySettings {
            smtp: None,
            ..delivery_settings(&smtp, Some(&sms))
        };
        assert_eq!(
            worker(&store, &sms_only)
                .run_until_idle()
                .await
                .expect("run"),
            0
        );
        let pending = count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts = 0",
        )
        .await;
        assert_eq!(pending, 1);
    }
);

on_both_backends!(
    two_workers_send_each_once,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = DeliverySettings {
            max_per_hour: 100,
            ..delivery_settings(&smtp, None)
        };
        let portal = portal_with(&store, settings.clone());
        let account = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        for number in 0..40 {
            portal
                .notify(
                    account.id,
                    NotificationKind::NewMessage,
                    &format!("Message {number:02}"),
                    "text",
                    "",
                )
                .await
                .expect("notify");
        }

        // Two nodes claim from the same outbox at once.
        let (first, second) = (worker(&store, &settings), worker(&store, &settings));
        let (sent_first, sent_second) =
            tokio::join!(first.run_until_idle(), second.run_until_idle());
        let total = sent_first.expect("first") + sent_second.expect("second");
        assert_eq!(total, 40);

        let mut subjects: Vec<String> = smtp
            .mails()
            .iter()
            .filter_map(|mail| {
                mail.data
                    .lines()
                    .find(|line| line.starts_with("Subject:"))
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(subjects.len(), 40);
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), 40, "no message was sent twice");
    }
);

/// Stores `language` as the regional choice of account `id`.
async fn choose_language(portal: &Portal, store: &Store, id: i64, language: Option<Language>) {
    let principal = principal_of(store, id).await;
    portal
        .save_regional_preferences(&principal, "UTC", DateFormat::Iso, language)
        .await
        .expect("save regional preferences");
}

on_both_backends!(
    notification_mail_in_recipient_language,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let claire = add_account(&portal, "claire", Some("Acme"), Role::Customer, true, 1).await;
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 2).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 3).await;
        choose_language(&portal, &store, claire.id, Some(Language::French)).await;
        choose_language(&portal, &store, alice.id, Some(Language::English)).await;
        // Bob follows the terminal's language, and a mail has none.
        choose_language(&portal, &store, bob.id, None).await;

        for account in [&claire, &alice, &bob] {
            portal
                .notify(
                    account.id,
                    NotificationKind::SecurityAlert,
                    "Password changed",
                    "From 192.0.2.1",
                    "",
                )
                .await
                .expect("notify");
        }
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 3, "{mails:?}");
        let mail_to = |handle: &str| {
            let address = format!("{handle}@example.com");
            mails
                .iter()
                .find(|mail| mail.to == vec![address.clone()])
                .unwrap_or_else(|| panic!("no mail to {address}"))
        };

        let french = mail_to("claire");
        assert_eq!(
            french.subject(),
            "[Portico] Alerte de sécurité\u{a0}: Password changed"
        );
        let body = french.body();
        assert!(
            body.contains("Si ce n’était pas vous, changez votre mot de passe"),
            "{body}"
        );
        assert!(!body.contains("If this was not you"), "{body}");

        for english in [mail_to("alice"), mail_to("bob")] {
            assert_eq!(
                english.subject(),
                "[Portico] Security alert: Password changed"
            );
            let body = english.body();
            assert!(
                body.contains("If this was not you, change your password"),
                "{body}"
            );
            assert!(!body.contains("Si ce n’était pas vous"), "{body}");
        }
    }
);

on_both_backends!(
    digest_in_recipient_language,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = DeliverySettings {
            max_per_hour: 0,
            ..delivery_settings(&smtp, None)
        };
        let portal = portal_with(&store, settings.clone());
        let claire = add_account(&portal, "claire", Some("Acme"), Role::Customer, true, 1).await;
        choose_language(&portal, &store, claire.id, Some(Language::French)).await;
        portal
            .notify(
                claire.id,
                NotificationKind::NewMessage,
                "Message 1",
                "text",
                "",
            )
            .await
            .expect("notify");
        assert_eq!(portal.run_digests(true).await.expect("digest"), 1);
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].subject(), "[Portico] Votre résumé quotidien");
        let body = mails[0].body();
        assert!(
            body.starts_with("Votre résumé Portico\u{a0}: 1 notification retenue"),
            "{body}"
        );
        assert!(body.contains("Message 1"), "{body}");
    }
);

on_both_backends!(
    mail_follows_latest_session_language,
    |store: Store, _url: String| async move {
        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        let claire = add_account(&portal, "claire", Some("Acme"), Role::Customer, true, 1).await;
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 2).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 3).await;
        // Claire follows the terminal, and her latest session ran in French.
        choose_language(&portal, &store, claire.id, None).await;
        let principal = principal_of(&store, claire.id).await;
        portal
            .record_session_language(&principal, Language::French)
            .await
            .expect("record claire's session");
        // Alice chose English, so her French session does not count.
        choose_language(&portal, &store, alice.id, Some(Language::English)).await;
        let principal = principal_of(&store, alice.id).await;
        portal
            .record_session_language(&principal, Language::French)
            .await
            .expect("record alice's session");
        // Bob follows the terminal and had no session: English.
        choose_language(&portal, &store, bob.id, None).await;

        for account in [&claire, &alice, &bob] {
            portal
                .notify(
                    account.id,
                    NotificationKind::SecurityAlert,
                    "Password changed",
                    "From 192.0.2.1",
                    "",
                )
                .await
                .expect("notify");
        }
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 3, "{mails:?}");
        let subject_to = |handle: &str| {
            let address = format!("{handle}@example.com");
            mails
                .iter()
                .find(|mail| mail.to == vec![address.clone()])
                .unwrap_or_else(|| panic!("no mail to {address}"))
                .subject()
        };

        assert_eq!(
            subject_to("claire"),
            "[Portico] Alerte de sécurité\u{a0}: Password changed"
        );
        assert_eq!(
            subject_to("alice"),
            "[Portico] Security alert: Password changed"
        );
        assert_eq!(
            subject_to("bob"),
            "[Portico] Security alert: Password changed"
        );
    }
);

on_both_backends!(
    french_terminal_session_sets_mail_language,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, session) = common::customer_login(&server).await;
        let mut channel = session.channel_open_session().await.expect("open session");
        channel
            .request_pty(true, "xterm-256color", 100, 30, 0, 0, &[])
            .await
            .expect("pty");
        channel
            .set_env(true, "LANG", "fr_FR.UTF-8")
            .await
            .expect("env request");
        channel.request_shell(true).await.expect("shell");
        let mut screen = common::Screen::new(100, 30);
        assert!(
            common::wait_for(
                &mut channel,
                &mut screen,
                "Tableau de bord",
                std::time::Duration::from_secs(10)
            )
            .await,
            "{}",
            screen.text()
        );

        let smtp = SmtpListener::start().await;
        let settings = delivery_settings(&smtp, None);
        let portal = portal_with(&store, settings.clone());
        portal
            .notify(
                alice.id,
                NotificationKind::SecurityAlert,
                "Password changed",
                "From 192.0.2.1",
                "",
            )
            .await
            .expect("notify");
        worker(&store, &settings)
            .run_until_idle()
            .await
            .expect("deliver");
        let mails = smtp.mails();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(
            mails[0].subject(),
            "[Portico] Alerte de sécurité\u{a0}: Password changed"
        );
    }
);
