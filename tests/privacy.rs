//! Privacy rights and sensitive owner actions: a fresh second factor for
//! role changes and revocation, consent history with text versions, the
//! export archive limited to the caller's own data, and the operator's
//! erasure of an account. On SQLite and PostgreSQL.

mod common;

use common::{Account, add_account, add_text_document, audit_count, portal, principal_of};
use portico::domain::privacy::PrivacySettings;
use portico::domain::{MemberRole, RequestCategory, Role};
use portico::service::requests::RequestDraft;
use portico::service::{Portal, ServiceError};
use portico::store::Store;
use portico::store::requests::RequestQuery;

async fn consecutive_failures(store: &Store, user_id: i64) -> i64 {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT consecutive_failures FROM login_throttle WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(store.pool())
            .await
            .expect("read throttle");
    row.map_or(0, |(count,)| count)
}

fn is_invalid<T: std::fmt::Debug>(result: &Result<T, ServiceError>) -> bool {
    matches!(result, Err(ServiceError::Invalid(_)))
}

async fn owner_and_colleague(portal: &Portal) -> (Account, Account) {
    let alice = add_account(portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
    let bob = add_account(portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
    (alice, bob)
}

on_both_backends!(
    role_change_needs_fresh_code,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let (alice_account, bob) = owner_and_colleague(&portal).await;
        let alice = principal_of(&store, alice_account.id).await;

        let missing = portal
            .change_member_role(&alice, "bob", MemberRole::Viewer, "")
            .await;
        assert!(is_invalid(&missing), "{missing:?}");
        let wrong = portal
            .change_member_role(&alice, "bob", MemberRole::Viewer, "000000")
            .await;
        assert!(is_invalid(&wrong), "{wrong:?}");
        assert_eq!(
            principal_of(&store, bob.id).await.member_role,
            Some(MemberRole::Owner),
            "bob keeps his role after refused changes"
        );

        let code = alice_account.code();
        portal
            .change_member_role(&alice, "bob", MemberRole::Viewer, &code)
            .await
            .expect("change with a fresh code");
        assert_eq!(
            principal_of(&store, bob.id).await.member_role,
            Some(MemberRole::Viewer)
        );
        let replayed = portal
            .change_member_role(&alice, "bob", MemberRole::Billing, &code)
            .await;
        assert!(is_invalid(&replayed), "{replayed:?}");
        assert_eq!(
            principal_of(&store, bob.id).await.member_role,
            Some(MemberRole::Viewer),
            "a replayed code changes nothing"
        );

        assert_eq!(audit_count(&store, "second-factor-check-failed").await, 3);
        assert_eq!(audit_count(&store, "totp-replay-rejected").await, 1);
        assert_eq!(audit_count(&store, "member-role-changed").await, 1);
        // The wrong and the replayed code count as login failures.
        assert_eq!(consecutive_failures(&store, alice_account.id).await, 2);
    }
);

on_both_backends!(
    revoke_needs_fresh_code,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let (alice_account, bob) = owner_and_colleague(&portal).await;
        let alice = principal_of(&store, alice_account.id).await;

        let missing = portal.revoke_member(&alice, "bob", " ").await;
        assert!(is_invalid(&missing), "{missing:?}");
        let wrong = portal.revoke_member(&alice, "bob", "123456").await;
        assert!(is_invalid(&wrong), "{wrong:?}");
        let used_recovery = alice_account.recovery_codes[0].clone();
        portal
            .revoke_member(&alice, "bob", &used_recovery)
            .await
            .expect("revoke with a recovery code");
        assert_eq!(principal_of(&store, bob.id).await.member_role, None);

        // A recovery code works once.
        let carol = add_account(&portal, "carol", Some("Acme"), Role::Customer, true, 3).await;
        let again = portal.revoke_member(&alice, "carol", &used_recovery).await;
        assert!(is_invalid(&again), "{again:?}");
        assert_eq!(
            principal_of(&store, carol.id).await.member_role,
            Some(MemberRole::Owner)
        );
        assert_eq!(audit_count(&store, "second-factor-check-failed").await, 3);
        assert_eq!(audit_count(&store, "member-revoked").await, 1);
    }
);

on_both_backends!(
    consent_history_keeps_versions,
    |store: Store, _url: String| async move {
        let first = portal(&store);
        let alice_account =
            add_account(&first, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, alice_account.id).await;

        let overview = first.privacy_overview(&alice).await.expect("overview");
        assert!(!overview.purposes.is_empty());
        assert_eq!(overview.consents.len(), 2);
        assert!(overview.consents.iter().all(|consent| !consent.granted));
        assert!(overview.history.is_empty());

        first
            .set_consent(&alice, "product-news", true)
            .await
            .expect("give consent");
        let unknown = first.set_consent(&alice, "telemarketing", true).await;
        assert!(
            matches!(unknown, Err(ServiceError::NotFound(_))),
            "{unknown:?}"
        );

        // The operator rewords the text, so its version changes.
        let mut settings = portico::service::PortalSettings::default();
        let mut privacy = PrivacySettings::default();
        privacy.consents[0].text = "Send me news, now also by SMS.".to_string();
        privacy.consents[0].version = "2".to_string();
        settings.privacy = privacy;
        let reworded = Portal::new(
            store.clone(),
            portico::auth::PasswordHasher::new(1),
            settings,
        )
        .with_secret_key(common::test_secret_key());
        let overview = reworded.privacy_overview(&alice).await.expect("overview");
        let news = &overview.consents[0];
        assert!(news.granted);
        assert!(news.outdated(), "consent given to version 1 of 2");

        reworded
            .set_consent(&alice, "product-news", false)
            .await
            .expect("withdraw");
        reworded
            .set_consent(&alice, "product-news", true)
            .await
            .expect("give again");
        let overview = reworded.privacy_overview(&alice).await.expect("overview");
        let history: Vec<(String, String, i64)> = overview
            .history
            .iter()
            .map(|event| {
                (
                    event.topic.clone(),
                    event.text_version.clone(),
                    event.granted,
                )
            })
            .collect();
        assert_eq!(
            history,
            vec![
                ("product-news".to_string(), "1".to_string(), 1),
                ("product-news".to_string(), "2".to_string(), 0),
                ("product-news".to_string(), "2".to_string(), 1),
            ]
        );
        assert!(!overview.consents[0].outdated());
        assert!(overview.history.iter().all(|event| event.created_at > 0));
        assert_eq!(audit_count(&store, "consent-given").await, 2);
        assert_eq!(audit_count(&store, "consent-withdrawn").await, 1);

        // Another person sees none of alice's decisions.
        let bob_account = add_account(&first, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let bob = principal_of(&store, bob_account.id).await;
        let overview = first.privacy_overview(&bob).await.expect("overview");
        assert!(overview.history.is_empty());
    }
);

on_both_backends!(
    export_archive_own_data_only,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let (alice_account, _bob) = owner_and_colleague(&portal).await;
        add_account(&portal, "carol", Some("Globex"), Role::Customer, true, 3).await;
        add_text_document(
            &portal,
            "Acme",
            None,
            "invoice",
            "Acme invoice",
            b"acme invoice bytes",
        )
        .await;
        add_text_document(
            &portal,
            "Acme",
            Some("alice"),
            "pay-slip",
            "Alice pay slip",
            b"alice pay",
        )
        .await;
        add_text_document(
            &portal,
            "Acme",
            Some("bob"),
            "pay-slip",
            "Bob pay slip",
            b"bob private pay",
        )
        .await;
        add_text_document(
            &portal,
            "Globex",
            None,
            "invoice",
            "Globex invoice",
            b"globex bytes",
        )
        .await;
        let alice = principal_of(&store, alice_account.id).await;
        portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Question".to_string(),
                    category: RequestCategory::Billing,
                    body: "Is the March invoice right?".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        portal
            .set_consent(&alice, "satisfaction-surveys", true)
            .await
            .expect("consent");

        let archive = portal
            .export_archive(&alice, "test")
            .await
            .expect("export archive");
        assert!(
            archive.file_name.starts_with("portico-export-alice-"),
            "{}",
            archive.file_name
        );
        assert_eq!(archive.documents, 2);
        let entries = common::tar_entries(&archive.bytes);
        let contents: Vec<&Vec<u8>> = entries.values().collect();
        assert!(
            contents.contains(&&b"acme invoice bytes".to_vec()),
            "{entries:?}"
        );
        assert!(contents.contains(&&b"alice pay".to_vec()), "{entries:?}");
        assert!(
            !contents.contains(&&b"bob private pay".to_vec()),
            "{entries:?}"
        );
        assert!(
            !contents.contains(&&b"globex bytes".to_vec()),
            "{entries:?}"
        );

        let data: serde_json::Value =
            serde_json::from_slice(entries.get("data.json").expect("data.json")).expect("json");
        let text = data.to_string();
        assert_eq!(data["profile"]["handle"], "alice");
        assert_eq!(data["memberships"][0]["organisation"], "Acme");
        assert_eq!(data["consents"][0]["topic"], "satisfaction-surveys");
        assert_eq!(
            data["requests"][0]["messages"][0]["body"],
            "Is the March invoice right?"
        );
        assert!(
            data["audit_entries"]
                .as_array()
                .is_some_and(|entries| entries
                    .iter()
                    .any(|entry| entry["action"] == "consent-given")),
            "{text}"
        );
        assert!(data["login_history"].is_array(), "{text}");
        assert!(data["notifications"].is_array(), "{text}");
        assert!(!text.contains("Globex"), "{text}");
        assert!(!text.contains("Bob pay slip"), "{text}");
        assert_eq!(audit_count(&store, "personal-data-exported").await, 1);
    }
);

on_both_backends!(
    erasure_request_needs_fresh_code,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account =
            add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, alice_account.id).await;

        let missing = portal.request_erasure(&alice, "").await;
        assert!(is_invalid(&missing), "{missing:?}");
        let number = portal
            .request_erasure(&alice, &alice_account.code())
            .await
            .expect("file erasure request");
        let requests = portal
            .requests(&alice, &RequestQuery::default())
            .await
            .expect("list requests");
        let request = requests
            .iter()
            .find(|request| request.id == number.id)
            .expect("erasure request listed");
        assert_eq!(request.category, "other");
        assert!(request.subject.contains("Erase"), "{}", request.subject);
        assert_eq!(audit_count(&store, "erasure-requested").await, 1);
    }
);

on_both_backends!(
    admin_erase_keeps_invoices,
    |store: Store, url: String| async move {
        let portal = portal(&store);
        let (alice_account, bob) = owner_and_colleague(&portal).await;
        let invoice =
            add_text_document(&portal, "Acme", None, "invoice", "Acme invoice", b"invoice").await;
        let bob_principal = principal_of(&store, bob.id).await;
        let number = portal
            .open_request(
                &bob_principal,
                &RequestDraft {
                    subject: "Moving out".to_string(),
                    category: RequestCategory::Other,
                    body: "Bob writes this.".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        portal
            .set_consent(&bob_principal, "product-news", true)
            .await
            .expect("consent");

        let output = common::portico(&url, &["admin", "user", "erase", "bob", "--yes"], None);
        assert!(output.status.success(), "{}", common::stderr(&output));
        let summary = common::stdout(&output);
        assert!(summary.contains("Erased bob"), "{summary}");
        assert!(summary.contains("consent decisions"), "{summary}");
        assert!(summary.contains("Kept, as the law requires"), "{summary}");

        let (handle, name, email, disabled, secret): (String, String, String, i64, Option<String>) =
            sqlx::query_as(
                "SELECT handle, display_name, email, disabled, totp_secret FROM users WHERE id = $1",
            )
            .bind(bob.id)
            .fetch_one(store.pool())
            .await
            .expect("read account");
        assert_eq!(handle, format!("erased-{}", bob.id));
        assert_eq!(name, format!("erased user {}", bob.id));
        assert_eq!(email, "");
        assert_eq!(disabled, 1);
        assert_eq!(secret, None);
        for table in [
            "ssh_keys",
            "recovery_codes",
            "consent_events",
            "organisation_members",
        ] {
            let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table} WHERE user_id = $1"
            )))
            .bind(bob.id)
            .fetch_one(store.pool())
            .await
            .expect("count rows");
            assert_eq!(count, 0, "{table} rows of the erased account");
        }

        // The invoice and the request stay with the organisation, and the
        // message now shows the pseudonym.
        let alice = principal_of(&store, alice_account.id).await;
        let documents = portal
            .documents(&alice, &Default::default())
            .await
            .expect("documents");
        assert!(documents.iter().any(|document| document.id == invoice));
        let detail = portal
            .request_detail(&alice, number.id)
            .await
            .expect("request stays");
        assert_eq!(
            detail.messages[0].author_name,
            format!("erased user {}", bob.id)
        );
        assert_eq!(audit_count(&store, "account-erased").await, 1);

        // Alice is now Acme's only owner, so erasing her leaves it without one.
        let output = common::portico(&url, &["admin", "user", "erase", "alice", "--yes"], None);
        assert!(output.status.success(), "{}", common::stderr(&output));
        let summary = common::stdout(&output);
        assert!(
            summary.contains("Organisation Acme has no owner now"),
            "{summary}"
        );

        let again = common::portico(&url, &["admin", "user", "erase", "bob", "--yes"], None);
        assert!(!again.status.success());
        assert!(
            common::stderr(&again).contains("account bob"),
            "{}",
            common::stderr(&again)
        );
    }
);
