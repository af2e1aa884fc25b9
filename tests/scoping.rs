//! Data scoping: a customer reads only their organisation's data, pay slips
//! only their own, and never internal notes. On SQLite and PostgreSQL.

mod common;

use common::{add_account, add_customer, insert_document, portal, principal_of};
use portico::domain::{DocumentKind, RequestCategory, Role};
use portico::service::ServiceError;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use portico::store::documents::{self, DocumentQuery};
use portico::store::requests::RequestQuery;

on_both_backends!(
    other_organisation_unreachable,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let carol = add_customer(&portal, "carol", "Globex", 3).await;
        let alice = principal_of(&store, alice.id).await;
        let carol = principal_of(&store, carol.id).await;

        let globex = carol.organisation_id.expect("organisation");
        let secret_doc = insert_document(
            &store,
            globex,
            None,
            DocumentKind::Invoice,
            "Globex invoice",
        )
        .await;
        let number = portal
            .open_request(
                &carol,
                &RequestDraft {
                    subject: "Globex private matter".to_string(),
                    category: RequestCategory::Billing,
                    body: "only Globex may read this".to_string(),
                    document_id: Some(secret_doc),
                    contract_id: None,
                },
            )
            .await
            .expect("open request");

        assert!(
            portal
                .documents(&alice, &DocumentQuery::default())
                .await
                .expect("list")
                .is_empty()
        );
        assert!(matches!(
            portal.open_document(&alice, secret_doc).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(
            portal
                .requests(&alice, &RequestQuery::default())
                .await
                .expect("list")
                .is_empty()
        );
        assert!(matches!(
            portal.request_detail(&alice, number.id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(matches!(
            portal.reply(&alice, number.id, "let me in").await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(
            documents::content(store.pool(), &alice, secret_doc)
                .await
                .expect("content")
                .is_none()
        );

        let dashboard = portal.dashboard(&alice).await.expect("dashboard");
        assert_eq!(dashboard.open_request_count, 0);
        assert_eq!(dashboard.unread_messages, 0);
        assert_eq!(dashboard.document_count, 0);

        // Attaching another organisation's document to one's own request fails.
        let rejected = portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Steal".to_string(),
                    category: RequestCategory::Other,
                    body: "attach theirs".to_string(),
                    document_id: Some(secret_doc),
                    contract_id: None,
                },
            )
            .await;
        assert!(
            matches!(rejected, Err(ServiceError::NotFound(_))),
            "{rejected:?}"
        );

        // Carol still lists her own request.
        assert_eq!(
            portal
                .requests(&carol, &RequestQuery::default())
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

on_both_backends!(
    pay_slip_hidden_from_colleague,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let bob = add_customer(&portal, "bob", "Acme", 2).await;
        let alice = principal_of(&store, alice.id).await;
        let bob = principal_of(&store, bob.id).await;
        let acme = alice.organisation_id.expect("organisation");

        let slip = insert_document(
            &store,
            acme,
            Some(alice.user_id),
            DocumentKind::PaySlip,
            "Alice pay slip",
        )
        .await;
        let invoice =
            insert_document(&store, acme, None, DocumentKind::Invoice, "Acme invoice").await;

        let bobs: Vec<i64> = portal
            .documents(&bob, &DocumentQuery::default())
            .await
            .expect("list")
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(bobs, vec![invoice]);
        assert!(matches!(
            portal.open_document(&bob, slip).await,
            Err(ServiceError::NotFound(_))
        ));
        let alices = portal
            .documents(&alice, &DocumentQuery::default())
            .await
            .expect("list");
        assert_eq!(alices.len(), 2);
    }
);

on_both_backends!(
    internal_notes_hidden_from_customers,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let sam = add_account(&portal, "sam", None, Role::Agent, true, 9).await;
        let alice = principal_of(&store, alice.id).await;
        let sam = principal_of(&store, sam.id).await;

        let number = portal
            .open_request(&alice, &question_draft())
            .await
            .expect("open");
        portico::store::messages::insert(
            store.pool(),
            number.id,
            sam.user_id,
            "INTERNAL: customer is difficult",
            true,
            1_770_000_100,
        )
        .await
        .expect("note");
        portico::store::messages::insert(
            store.pool(),
            number.id,
            sam.user_id,
            "We are on it",
            false,
            1_770_000_200,
        )
        .await
        .expect("reply");

        let customer_view = portal
            .request_detail(&alice, number.id)
            .await
            .expect("detail");
        assert!(customer_view.messages.iter().all(|m| m.internal == 0));
        assert!(
            customer_view
                .messages
                .iter()
                .all(|m| !m.body.contains("difficult"))
        );
        assert_eq!(customer_view.messages.len(), 2);

        let agent_view = portal
            .request_detail(&sam, number.id)
            .await
            .expect("detail");
        assert_eq!(agent_view.messages.len(), 3);
        // The agent lists every organisation's requests.
        assert_eq!(
            portal
                .requests(&sam, &RequestQuery::default())
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

on_both_backends!(
    unread_counts_follow_reading,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let sam = add_account(&portal, "sam", None, Role::Agent, true, 9).await;
        let alice = principal_of(&store, alice.id).await;
        let sam = principal_of(&store, sam.id).await;

        let number = portal
            .open_request(&alice, &question_draft())
            .await
            .expect("open");
        assert_eq!(
            portal
                .dashboard(&alice)
                .await
                .expect("dashboard")
                .unread_messages,
            0
        );
        portal
            .reply(&sam, number.id, "Answer one")
            .await
            .expect("reply");
        portal
            .reply(&sam, number.id, "Answer two")
            .await
            .expect("reply");
        assert_eq!(
            portal
                .dashboard(&alice)
                .await
                .expect("dashboard")
                .unread_messages,
            2
        );
        portal
            .request_detail(&alice, number.id)
            .await
            .expect("read");
        assert_eq!(
            portal
                .dashboard(&alice)
                .await
                .expect("dashboard")
                .unread_messages,
            0
        );
    }
);

on_both_backends!(
    hostile_text_is_sanitized,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;
        let number = portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Pay\u{1b}]52;c;ZXZpbA==\u{7} now\u{202e}".to_string(),
                    category: RequestCategory::Billing,
                    body: "line one\r\n\u{1b}[2Jline two".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open");
        let detail = portal
            .request_detail(&alice, number.id)
            .await
            .expect("detail");
        assert_eq!(detail.request.subject, "Pay]52;c;ZXZpbA== now");
        assert_eq!(detail.messages[0].body, "line one\n[2Jline two");
    }
);

on_both_backends!(demo_seeds_once, |store: Store, _url: String| async move {
    let portal = portal(&store);
    let outcome = portal.seed_demo().await.expect("seed");
    let portico::service::demo::DemoOutcome::Seeded(accounts) = outcome else {
        panic!("an empty database gets demo data");
    };
    assert!(accounts.iter().any(|a| a.role == Role::Agent));
    assert!(accounts.iter().any(|a| a.totp_secret.is_none()));
    let again = portal.seed_demo().await.expect("seed again");
    assert!(matches!(
        again,
        portico::service::demo::DemoOutcome::NotEmpty
    ));

    let (documents,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert!(documents >= 28, "about 30 documents, got {documents}");
    let states: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT state FROM requests")
        .fetch_all(store.pool())
        .await
        .expect("states");
    assert_eq!(states.len(), 6, "requests in every state: {states:?}");
});

on_both_backends!(
    password_change_needs_current,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let account = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, account.id).await;

        let wrong = portal
            .change_password(
                &alice,
                "not my password",
                "a brand new passphrase",
                &account.recovery_codes[0],
                None,
            )
            .await;
        assert!(
            matches!(wrong, Err(ServiceError::Invalid(ref message)) if message.contains("current password")),
            "{wrong:?}"
        );
        let short = portal
            .change_password(
                &alice,
                common::PASSWORD,
                "short",
                &account.recovery_codes[0],
                None,
            )
            .await;
        assert!(
            matches!(short, Err(ServiceError::Invalid(ref message)) if message.contains("too short")),
            "{short:?}"
        );

        let no_code = portal
            .change_password(&alice, common::PASSWORD, "a brand new passphrase", "", None)
            .await;
        assert!(
            matches!(no_code, Err(ServiceError::Invalid(ref message)) if message.contains("fresh code")),
            "{no_code:?}"
        );
        portal
            .change_password(
                &alice,
                common::PASSWORD,
                "a brand new passphrase",
                &account.recovery_codes[0],
                None,
            )
            .await
            .expect("change");
        let old = portal
            .verify_password("alice", common::PASSWORD, "127.0.0.1:1")
            .await
            .expect("verify");
        assert!(old.is_none(), "the old password no longer works");
        let new = portal
            .verify_password("alice", "a brand new passphrase", "127.0.0.1:1")
            .await
            .expect("verify");
        assert!(new.is_some(), "the new password works");

        let actions: Vec<String> = portal
            .activity(&alice)
            .await
            .expect("activity")
            .actions
            .iter()
            .map(|a| a.action.clone())
            .collect();
        assert!(
            actions.contains(&"password-changed".to_string()),
            "{actions:?}"
        );
        assert!(
            actions.contains(&"password-change-refused".to_string()),
            "{actions:?}"
        );
    }
);

on_both_backends!(
    profile_update_validates_email,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;

        let bad = portal
            .update_profile(&alice, "Alice M.", "alice-at-example")
            .await;
        assert!(
            matches!(bad, Err(ServiceError::Invalid(ref message)) if message.contains("invalid email")),
            "{bad:?}"
        );
        let unchanged = portal.profile(&alice).await.expect("profile");
        assert_eq!(
            unchanged.email, "alice@example.com",
            "a rejected change loses nothing"
        );

        // A new address needs the code sent to it, so the profile form
        // cannot change it.
        let new_address = portal
            .update_profile(&alice, "Alice M.", "alice.m@example.com")
            .await;
        assert!(
            matches!(new_address, Err(ServiceError::Invalid(ref message)) if message.contains("code")),
            "{new_address:?}"
        );
        portal
            .update_profile(&alice, "Alice M.\u{1b}[2J", "alice@example.com")
            .await
            .expect("update");
        let updated = portal.profile(&alice).await.expect("profile");
        assert_eq!(updated.display_name, "Alice M.[2J");
        assert_eq!(updated.email, "alice@example.com");
    }
);

/// A plain question without an attached document.
fn question_draft() -> RequestDraft {
    RequestDraft {
        subject: "Question".to_string(),
        category: RequestCategory::Other,
        body: "Hello".to_string(),
        document_id: None,
        contract_id: None,
    }
}

on_both_backends!(
    notifications_reach_only_their_user,
    |store: Store, _url: String| async move {
        use portico::domain::NotificationKind;

        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let bob = add_customer(&portal, "bob", "Acme", 2).await;
        let alice = principal_of(&store, alice.id).await;
        let bob = principal_of(&store, bob.id).await;

        portal
            .notify(
                alice.user_id,
                NotificationKind::StatusChange,
                "Request R-2026-000001 \x1b[31mapproved",
                "Refund paid within 5 days",
                "request:1",
            )
            .await
            .expect("notify");

        assert!(portal.notifications(&bob).await.expect("list").is_empty());
        assert_eq!(portal.unread_notifications(&bob).await.expect("count"), 0);

        let own = portal.notifications(&alice).await.expect("list");
        assert_eq!(own.len(), 1);
        assert!(
            !own[0].title.contains('\x1b'),
            "title kept an escape: {:?}",
            own[0].title
        );
        assert_eq!(portal.unread_notifications(&alice).await.expect("count"), 1);

        let id = own[0].id;
        let refused = portal.mark_notification_read(&bob, id).await;
        assert!(
            matches!(refused, Err(ServiceError::NotFound(_))),
            "{refused:?}"
        );
        assert_eq!(portal.unread_notifications(&alice).await.expect("count"), 1);

        portal
            .mark_notification_read(&alice, id)
            .await
            .expect("mark read");
        assert_eq!(portal.unread_notifications(&alice).await.expect("count"), 0);
        assert_eq!(
            portal
                .mark_all_notifications_read(&alice)
                .await
                .expect("all"),
            0
        );
    }
);

on_both_backends!(
    staff_see_documents_attached_to_requests,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let sam = add_account(&portal, "sam", None, Role::Agent, true, 4).await;
        let alice = principal_of(&store, alice.id).await;
        let sam = principal_of(&store, sam.id).await;
        let acme = alice.organisation_id.expect("organisation");

        let attached =
            insert_document(&store, acme, None, DocumentKind::Invoice, "March invoice").await;
        let private =
            insert_document(&store, acme, None, DocumentKind::Statement, "Statement").await;
        let number = portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Question about March".to_string(),
                    category: RequestCategory::Billing,
                    body: "Why is it higher?".to_string(),
                    document_id: Some(attached),
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        let seen = documents::attached_to(store.pool(), &sam, number.id)
            .await
            .expect("attached");
        assert_eq!(
            seen.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![attached]
        );
        assert!(
            documents::get(store.pool(), &sam, private)
                .await
                .expect("get")
                .is_none()
        );
        assert!(
            documents::get(store.pool(), &sam, attached)
                .await
                .expect("get")
                .is_some()
        );
    }
);
