//! Changes that commit or roll back with their notifications, on SQLite
//! and PostgreSQL: a security alert shares the transaction of the change
//! it reports, and a request opened from a contract is stored with its
//! contract link.
//!
//! A failing write is made by renaming the table it goes to, as in
//! tests/delivery.rs; nothing is mocked.

mod common;

use common::{add_account, audit_actions, principal_of};
use portico::domain::{NotificationKind, Role};
use portico::service::ServiceError;
use portico::service::contracts::ContractAction;
use portico::store::Store;
use portico::store::contracts::{self, NewContract};

async fn count(store: &Store, sql: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(store.pool())
        .await
        .expect("count");
    count
}

async fn recovery_hashes(store: &Store, user_id: i64) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT code_hash FROM recovery_codes WHERE user_id = $1 ORDER BY code_hash",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await
    .expect("recovery codes");
    rows.into_iter().map(|(hash,)| hash).collect()
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
    failed_alert_keeps_old_recovery_codes,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let principal = principal_of(&store, alice.id).await;
        let hashes_before = recovery_hashes(&store, alice.id).await;
        let alerts_before = count(&store, "SELECT COUNT(*) FROM notifications").await;
        let mut bus = portal.bus().subscribe();

        let failed = with_table_missing(
            &store,
            "notifications",
            portal.regenerate_recovery_codes(&principal, &alice.code()),
        )
        .await;
        assert!(
            matches!(failed, Err(ServiceError::Database(_))),
            "{failed:?}"
        );
        assert_eq!(
            recovery_hashes(&store, alice.id).await,
            hashes_before,
            "the old recovery codes still work when the alert could not be written"
        );
        assert!(
            !audit_actions(&store)
                .await
                .contains(&"recovery-codes-regenerated".to_string())
        );
        assert!(
            bus.try_recv().is_err(),
            "nothing is published for a rolled back change"
        );

        // With the table back, the same change commits with its alert.
        let fresh = portal
            .regenerate_recovery_codes(&principal, &alice.recovery_codes[0])
            .await
            .expect("regenerate");
        assert_ne!(recovery_hashes(&store, alice.id).await, hashes_before);
        assert_eq!(fresh.len(), 10);
        let alerts = portal
            .notifications(&principal)
            .await
            .expect("notifications");
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM notifications").await,
            alerts_before + 1
        );
        assert!(alerts.iter().any(|alert| {
            alert.kind == NotificationKind::SecurityAlert.as_str()
                && alert.title == "New recovery codes"
        }));
        assert!(
            audit_actions(&store)
                .await
                .contains(&"recovery-codes-regenerated".to_string())
        );
    }
);

on_both_backends!(
    contract_link_commits_with_its_request,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, alice.id).await;
        let acme = alice.organisation_id.expect("organisation");
        let contract_id = contracts::insert(
            store.pool(),
            &NewContract {
                organisation_id: acme,
                number: "AC-1",
                product: "Fibre",
                status: "active",
                start_date: "2025-03-01",
                end_date: Some("2027-03-01"),
                notice_days: 28,
                next_deadline: Some("2027-02-01"),
                deadline_label: "Notice before renewal",
                auto_renew: true,
                options: "",
            },
            1_770_000_000,
        )
        .await
        .expect("contract");

        // The live event of the new request cannot be stored: neither the
        // request nor its contract link remains.
        let failed = with_table_missing(
            &store,
            "events",
            portal.contract_request(&alice, contract_id, ContractAction::Terminate, ""),
        )
        .await;
        assert!(
            matches!(failed, Err(ServiceError::Database(_))),
            "{failed:?}"
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM requests").await, 0);

        let number = portal
            .contract_request(&alice, contract_id, ContractAction::Terminate, "")
            .await
            .expect("request");
        let (linked,): (Option<i64>,) =
            sqlx::query_as("SELECT contract_id FROM requests WHERE id = $1")
                .bind(number.id)
                .fetch_one(store.pool())
                .await
                .expect("request row");
        assert_eq!(linked, Some(contract_id));

        // A contract of another organisation is rejected before anything is
        // written.
        let carol = add_account(&portal, "carol", Some("Globex"), Role::Customer, true, 3).await;
        let carol = principal_of(&store, carol.id).await;
        let draft = portico::service::requests::RequestDraft {
            subject: "Not mine".to_string(),
            category: portico::domain::RequestCategory::ContractChange,
            body: "terminate".to_string(),
            document_id: None,
            contract_id: Some(contract_id),
        };
        assert!(matches!(
            portal.open_request(&carol, &draft).await,
            Err(ServiceError::NotFound(_))
        ));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM requests").await, 1);
    }
);
