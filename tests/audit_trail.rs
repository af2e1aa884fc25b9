//! The audit trail's hash chain: `portico admin audit verify` names the
//! first altered or removed entry, and `audit export` prints JSON lines. On
//! SQLite and PostgreSQL.

mod common;

use common::add_account;
use portico::domain::Role;
use portico::store::Store;

/// Adds three accounts and returns the id of the audit entry that added
/// the middle one, bob.
async fn three_accounts_middle_entry(store: &Store) -> i64 {
    let portal = common::portal(store);
    for handle in ["alice", "bob", "carol"] {
        add_account(&portal, handle, Some("Acme"), Role::Customer, false, 1).await;
    }
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM audit_entries WHERE target = 'bob' AND action = 'user-added'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    id
}

on_both_backends!(
    audit_verify_finds_altered_entry,
    |store: Store, url: String| async move {
        let id = three_accounts_middle_entry(&store).await;
        let intact = common::portico(&url, &["admin", "audit", "verify"], None);
        assert!(intact.status.success(), "{}", common::stderr(&intact));
        assert!(
            common::stdout(&intact).contains("intact"),
            "{}",
            common::stdout(&intact)
        );

        sqlx::query("UPDATE audit_entries SET detail = 'operator' WHERE id = $1")
            .bind(id)
            .execute(store.pool())
            .await
            .unwrap();

        let broken = common::portico(&url, &["admin", "audit", "verify"], None);
        assert_eq!(broken.status.code(), Some(1));
        let message = common::stderr(&broken);
        assert!(
            message.contains(&format!("audit entry {id} was altered")),
            "{message}"
        );
    }
);

on_both_backends!(
    audit_verify_finds_removed_entry,
    |store: Store, url: String| async move {
        let id = three_accounts_middle_entry(&store).await;
        sqlx::query("DELETE FROM audit_entries WHERE id = $1")
            .bind(id)
            .execute(store.pool())
            .await
            .unwrap();

        let broken = common::portico(&url, &["admin", "audit", "verify"], None);
        assert_eq!(broken.status.code(), Some(1));
        let message = common::stderr(&broken);
        assert!(
            message.contains(&format!("audit entry {id} was removed")),
            "{message}"
        );
    }
);

on_both_backends!(
    audit_verify_finds_removed_newest,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        for handle in ["alice", "bob"] {
            add_account(&portal, handle, Some("Acme"), Role::Customer, false, 1).await;
        }
        let (newest,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM audit_entries")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let (before,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM audit_entries WHERE id < $1")
            .bind(newest)
            .fetch_one(store.pool())
            .await
            .unwrap();
        sqlx::query("DELETE FROM audit_entries WHERE id = $1")
            .bind(newest)
            .execute(store.pool())
            .await
            .unwrap();

        let broken = common::portico(&url, &["admin", "audit", "verify"], None);
        assert_eq!(broken.status.code(), Some(1));
        let message = common::stderr(&broken);
        assert!(
            message.contains(&format!(
                "newest audit entries after entry {before} were removed"
            )),
            "{message}"
        );
    }
);

on_both_backends!(
    audit_export_prints_json_lines,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        add_account(&portal, "alice", Some("Acme"), Role::Customer, false, 1).await;
        sqlx::query("UPDATE audit_entries SET created_at = 86400 WHERE target = 'alice' AND action = 'key-added'")
            .execute(store.pool())
            .await
            .unwrap();

        let all = common::portico(&url, &["admin", "audit", "export"], None);
        assert!(all.status.success(), "{}", common::stderr(&all));
        let lines: Vec<serde_json::Value> = common::stdout(&all)
            .lines()
            .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
            .collect();
        let actions: Vec<&str> = lines
            .iter()
            .filter_map(|line| line["action"].as_str())
            .collect();
        assert_eq!(actions, vec!["user-added", "key-added"], "{lines:?}");
        assert_eq!(lines[0]["target"], "alice");
        assert!(
            lines[0]["hash"]
                .as_str()
                .is_some_and(|hash| hash.len() == 64)
        );

        let recent = common::portico(
            &url,
            &["admin", "audit", "export", "--since", "2000-01-01"],
            None,
        );
        assert!(recent.status.success(), "{}", common::stderr(&recent));
        let text = common::stdout(&recent);
        assert!(!text.contains("key-added"), "{text}");
        assert!(
            text.contains("user-added") && text.contains("audit-exported"),
            "{text}"
        );

        let bad = common::portico(
            &url,
            &["admin", "audit", "export", "--since", "yesterday"],
            None,
        );
        assert_eq!(bad.status.code(), Some(1));
        assert!(
            common::stderr(&bad).contains("YYYY-MM-DD"),
            "{}",
            common::stderr(&bad)
        );
    }
);
