//! Deadline warnings: contract deadlines for the customers who may read
//! the contract, and service-level targets for the agent who works a
//! request, each sent once however often and on however many portals the
//! check runs, in each recipient's language. On SQLite and PostgreSQL.

mod common;

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use common::{add_account, add_customer, principal_of};
use portico::auth::password::PasswordHasher;
use portico::domain::regional::{DateFormat, Language};
use portico::domain::sla::{BusinessCalendar, SlaPolicy};
use portico::domain::{
    MemberRole, NotificationKind, Principal, RequestCategory, RequestState, Role,
};
use portico::service::deadlines::DeadlineSettings;
use portico::service::requests::RequestDraft;
use portico::service::{Portal, PortalSettings};
use portico::store::Store;
use portico::store::contracts::{self, NewContract};
use portico::store::notifications::NotificationRecord;

const HOUR: i64 = 3600;

/// A portal whose business calendar runs around the clock, so the test's
/// times need no weekday arithmetic, and which warns 60 business minutes
/// before a service-level target and 14 days before a contract deadline.
fn portal(store: &Store) -> Portal {
    let calendar =
        BusinessCalendar::new(0, 24 * HOUR, [true; 7], BTreeSet::new(), 0).expect("calendar");
    let settings = PortalSettings {
        sla: SlaPolicy {
            calendar,
            rules: Vec::new(),
        },
        deadlines: DeadlineSettings {
            check_interval_secs: 60,
            contract_warning_days: 14,
            sla_warning_minutes: 60,
        },
        ..PortalSettings::default()
    };
    Portal::new(store.clone(), PasswordHasher::new(2), settings)
        .with_secret_key(common::test_secret_key())
}

async fn person(
    portal: &Portal,
    handle: &str,
    organisation: Option<&str>,
    role: Role,
) -> Principal {
    let seed = u8::try_from(handle.len()).expect("seed");
    let account = add_account(portal, handle, organisation, role, true, seed).await;
    principal_of(portal.store(), account.id).await
}

async fn deadline_notes(portal: &Portal, principal: &Principal) -> Vec<NotificationRecord> {
    portal
        .notifications(principal)
        .await
        .expect("notifications")
        .into_iter()
        .filter(|note| note.kind == NotificationKind::Deadline.as_str())
        .collect()
}

async fn open(portal: &Portal, customer: &Principal, subject: &str) -> (i64, i64) {
    let draft = RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Billing,
        body: "Please check.".to_string(),
        document_id: None,
        contract_id: None,
    };
    let id = portal
        .open_request(customer, &draft)
        .await
        .expect("open")
        .id;
    let detail = portal.request_detail(customer, id).await.expect("detail");
    (id, detail.request.created_at)
}

on_both_backends!(
    contract_deadline_warns_readers_once,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account = add_customer(&portal, "alice", "Acme", 5).await;
        let alice = principal_of(&store, alice_account.id).await;
        let bert = person(&portal, "bert", Some("Acme"), Role::Customer).await;
        let carol = person(&portal, "carol", Some("Globex"), Role::Customer).await;
        portal
            .change_member_role(&alice, "bert", MemberRole::Billing, &alice_account.code())
            .await
            .expect("bert becomes a billing member");

        let today = Utc::now().date_naive();
        let day = |days: i64| {
            (today + Duration::days(days))
                .format("%Y-%m-%d")
                .to_string()
        };
        let organisation_id = alice.organisation_id.expect("organisation");
        for (number, deadline, status) in [
            ("C-SOON", day(10), "active"),
            ("C-LATER", day(30), "active"),
            ("C-ENDED", day(3), "ended"),
        ] {
            let contract = NewContract {
                organisation_id,
                number,
                product: "Fleet insurance",
                status,
                start_date: "2025-01-01",
                end_date: None,
                notice_days: 30,
                next_deadline: Some(&deadline),
                deadline_label: "Last day to give notice",
                auto_renew: true,
                options: "",
            };
            contracts::insert(store.pool(), &contract, 0)
                .await
                .expect("contract");
        }

        let now = Utc::now().timestamp();
        let report = portal.notify_deadlines(now).await.expect("check");
        assert_eq!(report.contract_warnings, 1, "{report:?}");
        let notes = deadline_notes(&portal, &alice).await;
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = notes.first().expect("note");
        assert_eq!(
            note.title,
            "Contract C-SOON: Last day to give notice in 10 days"
        );
        assert!(note.body.contains(&day(10)), "{}", note.body);
        assert!(note.link.starts_with("contract:"), "{}", note.link);
        assert!(
            deadline_notes(&portal, &bert).await.is_empty(),
            "a billing member cannot read contracts"
        );
        assert!(deadline_notes(&portal, &carol).await.is_empty());

        // A second run, and a second portal on the same database (another
        // node, or the same node after a restart), send nothing new.
        let again = portal.notify_deadlines(now + 60).await.expect("again");
        assert_eq!(again.contract_warnings, 0);
        let other_node = self::portal(&store);
        let other = other_node.notify_deadlines(now + 120).await.expect("node");
        assert_eq!(other.contract_warnings, 0);
        assert_eq!(deadline_notes(&portal, &alice).await.len(), 1);

        // Twenty days on, the later contract enters its window.
        let later = portal
            .notify_deadlines(now + 20 * 24 * HOUR)
            .await
            .expect("later");
        assert_eq!(later.contract_warnings, 1);
        assert_eq!(deadline_notes(&portal, &alice).await.len(), 2);
    }
);

on_both_backends!(
    contract_deadline_uses_date_format,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account = add_customer(&portal, "alice", "Acme", 5).await;
        let alice = principal_of(&store, alice_account.id).await;
        portal
            .save_regional_preferences(&alice, "UTC", DateFormat::Dotted, None)
            .await
            .expect("dotted dates");
        let bert = person(&portal, "bert", Some("Acme"), Role::Customer).await;

        let date = Utc::now().date_naive() + Duration::days(10);
        let stored = date.format("%Y-%m-%d").to_string();
        let contract = NewContract {
            organisation_id: alice.organisation_id.expect("organisation"),
            number: "C-SOON",
            product: "Fleet insurance",
            status: "active",
            start_date: "2025-01-01",
            end_date: None,
            notice_days: 30,
            next_deadline: Some(&stored),
            deadline_label: "Last day to give notice",
            auto_renew: true,
            options: "",
        };
        contracts::insert(store.pool(), &contract, 0)
            .await
            .expect("contract");

        let report = portal
            .notify_deadlines(Utc::now().timestamp())
            .await
            .expect("check");
        assert_eq!(report.contract_warnings, 2, "{report:?}");
        let alice_notes = deadline_notes(&portal, &alice).await;
        let body = &alice_notes.first().expect("alice's note").body;
        assert!(
            body.ends_with(&format!("is on {}.", date.format("%d.%m.%Y"))),
            "{body}"
        );
        let bert_notes = deadline_notes(&portal, &bert).await;
        let body = &bert_notes.first().expect("bert's note").body;
        assert!(body.ends_with(&format!("is on {stored}.")), "{body}");
    }
);

on_both_backends!(
    sla_warns_agent_before_target,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = person(&portal, "alice", Some("Acme"), Role::Customer).await;
        let dana = person(&portal, "dana", None, Role::Agent).await;
        let eve = person(&portal, "eve", None, Role::Agent).await;
        let (assigned, created) = open(&portal, &alice, "Invoice too high").await;
        let (unassigned, _) = open(&portal, &alice, "Router lights").await;
        let (waiting, _) = open(&portal, &alice, "Claim for glasses").await;
        portal
            .assign_request(&dana, assigned, None)
            .await
            .expect("assign");
        portal
            .change_state(
                &dana,
                waiting,
                RequestState::MissingDocument,
                "Send your 2026 certificate",
            )
            .await
            .expect("missing document");

        // Normal priority: first reply within 8 business hours, resolution
        // within 40. Six hours in, no clock is within its last hour.
        let early = portal
            .notify_deadlines(created + 6 * HOUR)
            .await
            .expect("early");
        assert_eq!(early.request_warnings, 0, "{early:?}");

        // Seven hours and one minute in, both open requests' first-reply
        // clocks have 59 minutes left: dana for hers, every agent for the
        // unassigned one. The waiting request's clocks are paused.
        let due = portal
            .notify_deadlines(created + 7 * HOUR + 60)
            .await
            .expect("due");
        assert_eq!(due.request_warnings, 3, "{due:?}");
        let dana_notes = deadline_notes(&portal, &dana).await;
        let eve_notes = deadline_notes(&portal, &eve).await;
        assert_eq!(dana_notes.len(), 2, "{dana_notes:?}");
        assert_eq!(eve_notes.len(), 1, "{eve_notes:?}");
        let eve_note = eve_notes.first().expect("note");
        assert_eq!(eve_note.link, format!("request:{unassigned}"));
        assert!(
            eve_note.title.contains("first reply due in 0h 59m"),
            "{}",
            eve_note.title
        );
        assert!(
            dana_notes
                .iter()
                .all(|note| note.link != format!("request:{waiting}")),
            "{dana_notes:?}"
        );
        assert!(deadline_notes(&portal, &alice).await.is_empty());

        // Later runs, also from another portal, repeat nothing; an answer
        // stops the first-reply clock, and near the resolution target each
        // agent is warned once more.
        let other_node = self::portal(&store);
        let repeat = other_node
            .notify_deadlines(created + 7 * HOUR + 120)
            .await
            .expect("repeat");
        assert_eq!(repeat.request_warnings, 0);
        let resolution = other_node
            .notify_deadlines(created + 39 * HOUR + 30 * 60)
            .await
            .expect("resolution");
        assert_eq!(resolution.request_warnings, 3, "{resolution:?}");
        let dana_notes = deadline_notes(&portal, &dana).await;
        assert_eq!(dana_notes.len(), 4, "{dana_notes:?}");
        assert!(
            dana_notes
                .iter()
                .any(|note| note.title.contains("resolution due in 0h 30m")),
            "{dana_notes:?}"
        );
    }
);

on_both_backends!(
    warnings_in_recipient_language,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account = add_customer(&portal, "alice", "Acme", 5).await;
        let alice = principal_of(&store, alice_account.id).await;
        let dana = person(&portal, "dana", None, Role::Agent).await;
        // Alice chose French; Dana follows the terminal, whose latest
        // session ran in French.
        portal
            .save_regional_preferences(&alice, "UTC", DateFormat::Iso, Some(Language::French))
            .await
            .expect("alice chooses French");
        portal
            .record_session_language(&dana, Language::French)
            .await
            .expect("record dana's session");

        let today = Utc::now().date_naive();
        let deadline = (today + Duration::days(1)).format("%Y-%m-%d").to_string();
        let contract = NewContract {
            organisation_id: alice.organisation_id.expect("organisation"),
            number: "C-SOON",
            product: "Fleet insurance",
            status: "active",
            start_date: "2025-01-01",
            end_date: None,
            notice_days: 30,
            next_deadline: Some(&deadline),
            deadline_label: "",
            auto_renew: true,
            options: "",
        };
        contracts::insert(store.pool(), &contract, 0)
            .await
            .expect("contract");
        let (id, created) = open(&portal, &alice, "Facture trop élevée").await;
        portal
            .assign_request(&dana, id, None)
            .await
            .expect("assign");

        let report = portal
            .notify_deadlines(created + 7 * HOUR + 60)
            .await
            .expect("check");
        assert_eq!(report.contract_warnings, 1, "{report:?}");
        assert_eq!(report.request_warnings, 1, "{report:?}");

        let notes = deadline_notes(&portal, &alice).await;
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = notes.first().expect("contract note");
        assert_eq!(note.title, "Contrat C-SOON\u{a0}: Échéance demain");
        assert_eq!(
            note.body,
            format!("Échéance pour Fleet insurance (C-SOON)\u{a0}: le {deadline}.")
        );

        let notes = deadline_notes(&portal, &dana).await;
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = notes.first().expect("request note");
        assert!(
            note.title
                .ends_with("\u{a0}: première réponse attendue dans 0 h 59"),
            "{}",
            note.title
        );
        assert_eq!(
            note.body,
            "«\u{a0}Facture trop élevée\u{a0}» de Acme\u{a0}: première réponse\u{a0}: reste 0 h 59 (heures ouvrées)."
        );
    }
);
