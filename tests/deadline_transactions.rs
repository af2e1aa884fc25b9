//! Deadline warnings commit in one transaction with everything they
//! write, on SQLite and PostgreSQL: the record that a user was warned,
//! the notification, its outbox row and the audit entry. A failure at any
//! step leaves none of them, and the next check sends the warning in full.
//!
//! A failing write is made by renaming the table it goes to, as in
//! tests/transactions.rs; nothing is mocked.

mod common;

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use common::{add_account, add_customer, audit_actions, principal_of};
use portico::auth::password::PasswordHasher;
use portico::domain::sla::{BusinessCalendar, SlaPolicy};
use portico::domain::{RequestCategory, Role};
use portico::service::deadlines::DeadlineSettings;
use portico::service::requests::RequestDraft;
use portico::service::{Portal, PortalSettings, ServiceError};
use portico::store::Store;
use portico::store::contracts::{self, NewContract};

const HOUR: i64 = 3600;

/// Returns a portal whose business calendar runs around the clock and
/// which warns 60 business minutes before a service-level target and 14
/// days before a contract deadline.
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

async fn count(store: &Store, sql: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(store.pool())
        .await
        .expect("count");
    count
}

/// Counts the rows a deadline warning writes: notices, deadline
/// notifications, outbox rows and deadline audit entries.
async fn warning_rows(store: &Store) -> [i64; 4] {
    [
        count(store, "SELECT COUNT(*) FROM deadline_notices").await,
        count(
            store,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'deadline'",
        )
        .await,
        count(store, "SELECT COUNT(*) FROM outbox").await,
        count(
            store,
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'deadline-warned'",
        )
        .await,
    ]
}

/// Renames `table` away so writes to it fail, runs `work`, and renames it
/// back.
async fn with_table_missing<T>(
    store: &Store,
    table: &str,
    work: impl std::future::Future<Output = T>,
) -> T {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE {table} RENAME TO {table}_away"
    )))
    .execute(store.pool())
    .await
    .expect("rename");
    let result = work.await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE {table}_away RENAME TO {table}"
    )))
    .execute(store.pool())
    .await
    .expect("rename back");
    result
}

on_both_backends!(
    contract_warning_rolls_back_whole,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 5).await;
        let alice = principal_of(&store, alice.id).await;
        add_account(&portal, "bert", Some("Acme"), Role::Customer, true, 6).await;
        let deadline = (Utc::now().date_naive() + Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let contract = NewContract {
            organisation_id: alice.organisation_id.expect("organisation"),
            number: "C-SOON",
            product: "Fleet insurance",
            status: "active",
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
        let before = warning_rows(&store).await;
        let now = Utc::now().timestamp();

        // The outbox row of the first reader fails after her notice and
        // notification were written; the audit entry fails after both
        // readers' rows were written.
        for table in ["outbox", "audit_entries"] {
            let failed = with_table_missing(&store, table, portal.notify_deadlines(now)).await;
            assert!(
                matches!(failed, Err(ServiceError::Database(_))),
                "{table}: {failed:?}"
            );
            assert_eq!(warning_rows(&store).await, before, "{table} missing");
        }

        let report = portal.notify_deadlines(now).await.expect("check");
        assert_eq!(report.contract_warnings, 2, "{report:?}");
        let [notices, notifications, outbox, audited] = warning_rows(&store).await;
        assert_eq!(notices, before[0] + 2);
        assert_eq!(notifications, before[1] + 2);
        assert_eq!(outbox, before[2] + 2, "one email per reader");
        assert_eq!(audited, 1, "one audit entry per deadline");

        let again = portal.notify_deadlines(now + 60).await.expect("again");
        assert_eq!(again.contract_warnings, 0);
        assert_eq!(
            warning_rows(&store).await,
            [notices, notifications, outbox, 1]
        );
    }
);

on_both_backends!(
    request_warning_rolls_back_whole,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 5).await;
        let alice = principal_of(&store, alice.id).await;
        add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let draft = RequestDraft {
            subject: "Invoice too high".to_string(),
            category: RequestCategory::Billing,
            body: "Please check.".to_string(),
            document_id: None,
            contract_id: None,
        };
        let id = portal.open_request(&alice, &draft).await.expect("open").id;
        let created = portal
            .request_detail(&alice, id)
            .await
            .expect("detail")
            .request
            .created_at;
        let before = warning_rows(&store).await;
        // Normal priority: the first reply is due within 8 business hours,
        // so 7 hours and one minute in, its clock has 59 minutes left.
        let check_at = created + 7 * HOUR + 60;

        let failed =
            with_table_missing(&store, "audit_entries", portal.notify_deadlines(check_at)).await;
        assert!(
            matches!(failed, Err(ServiceError::Database(_))),
            "{failed:?}"
        );
        assert_eq!(warning_rows(&store).await, before);
        assert!(
            !audit_actions(&store)
                .await
                .contains(&"deadline-warned".to_string())
        );

        let report = portal.notify_deadlines(check_at).await.expect("check");
        assert_eq!(report.request_warnings, 1, "{report:?}");
        let [notices, notifications, _, audited] = warning_rows(&store).await;
        assert_eq!(notices, before[0] + 1);
        assert_eq!(notifications, before[1] + 1);
        assert_eq!(audited, 1);
    }
);
