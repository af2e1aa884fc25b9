//! Idempotency keys of new requests, state changes, closing several
//! requests at once, assignments, priorities and profile edits, and the
//! deletion of expired keys. On SQLite and PostgreSQL: a write
//! repeated with the same key is stored once and returns the first call's
//! result; a write with another key is stored again.

mod common;

use common::exec::run;
use common::{TestServer, add_account, add_customer};
use portico::domain::{RequestCategory, RequestPriority, RequestState, Role};
use portico::service::requests::{DraftOrigin, RequestDraft};
use portico::store::Store;

const DAY: i64 = 86_400;

fn draft(subject: &str) -> RequestDraft {
    RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Billing,
        body: "Invoice 2026-11 is twice the usual amount.".to_string(),
        document_id: None,
        contract_id: None,
    }
}

async fn count(store: &Store, sql: &str, value: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(value)
        .fetch_one(store.pool())
        .await
        .expect("count rows");
    count
}

async fn count_requests(store: &Store, subject: &str) -> i64 {
    count(
        store,
        "SELECT COUNT(*) FROM requests WHERE subject = $1",
        subject,
    )
    .await
}

async fn count_state_changes(store: &Store, to: RequestState) -> i64 {
    count(
        store,
        "SELECT COUNT(*) FROM request_events WHERE to_state = $1",
        to.as_str(),
    )
    .await
}

async fn count_write_keys(store: &Store) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM write_keys")
        .fetch_one(store.pool())
        .await
        .expect("count keys");
    count
}

on_both_backends!(
    open_request_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = common::principal_of(&store, alice.id).await;
        let origin = DraftOrigin::default();
        let key = "open-request-key-0001";

        let first = portal
            .open_request_once(&alice, &draft("Invoice too high"), &origin, key)
            .await
            .expect("first call");
        let again = portal
            .open_request_once(&alice, &draft("Invoice too high"), &origin, key)
            .await
            .expect("repeated call");
        assert_eq!(again, first, "the repeated call returns the first number");
        assert_eq!(count_requests(&store, "Invoice too high").await, 1);
        assert_eq!(common::audit_count(&store, "request-opened").await, 1);

        let other = portal
            .open_request_once(
                &alice,
                &draft("Invoice too high"),
                &origin,
                "open-request-key-0002",
            )
            .await
            .expect("another key");
        assert_ne!(other, first);
        assert_eq!(count_requests(&store, "Invoice too high").await, 2);

        let invalid = portal
            .open_request_once(&alice, &draft("Bad key"), &origin, "short")
            .await
            .expect_err("a short key is invalid");
        assert!(
            invalid.to_string().contains("invalid idempotency key"),
            "{invalid}"
        );
        assert_eq!(count_requests(&store, "Bad key").await, 0);
    }
);

on_both_backends!(
    requests_new_key_over_exec,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let line = "requests new --subject Keyed-over-ssh --idempotency-key 6f1c2a0e-3b7d-4e55-9a10-0c6b9d2f7e41 --json";

        let first = run(&session, line, b"Opened by a script.").await;
        assert_eq!(first.status, Some(0), "{}", first.stderr);
        let again = run(&session, line, b"Opened by a script.").await;
        assert_eq!(again.status, Some(0), "{}", again.stderr);
        assert_eq!(again.json()["number"], first.json()["number"]);
        assert_eq!(again.json()["action"], "opened");
        assert_eq!(count_requests(&store, "Keyed-over-ssh").await, 1);

        let unkeyed = run(
            &session,
            "requests new --subject Keyed-over-ssh --json",
            b"Opened by a script.",
        )
        .await;
        assert_eq!(unkeyed.status, Some(0), "{}", unkeyed.stderr);
        assert_ne!(unkeyed.json()["number"], first.json()["number"]);
        assert_eq!(count_requests(&store, "Keyed-over-ssh").await, 2);

        let invalid = run(
            &session,
            "requests new --subject Bad-key --idempotency-key short",
            b"Body",
        )
        .await;
        assert_ne!(invalid.status, Some(0));
        assert!(
            invalid.stderr.contains("invalid idempotency key"),
            "{}",
            invalid.stderr
        );
    }
);

on_both_backends!(
    state_change_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let alice = common::principal_of(&store, alice.id).await;
        let dana = common::principal_of(&store, dana.id).await;
        let request = portal
            .open_request(&alice, &draft("State changes"))
            .await
            .expect("open request");
        let key = "state-change-key-0001";

        for _ in 0..2 {
            portal
                .change_state_once(
                    &dana,
                    request.id,
                    RequestState::UnderReview,
                    "We check the invoice.",
                    key,
                )
                .await
                .expect("keyed state change");
        }
        assert_eq!(
            count_state_changes(&store, RequestState::UnderReview).await,
            1
        );
        assert_eq!(
            common::audit_count(&store, "request-state-changed").await,
            1
        );

        // Without a key, the repeated change is refused: the request is no
        // longer in the state it started from.
        let unkeyed = portal
            .change_state(
                &dana,
                request.id,
                RequestState::UnderReview,
                "We check the invoice.",
            )
            .await;
        assert!(unkeyed.is_err(), "an unkeyed repeat is not stored");
        assert_eq!(
            count_state_changes(&store, RequestState::UnderReview).await,
            1
        );

        portal
            .change_state_once(
                &dana,
                request.id,
                RequestState::MissingDocument,
                "Please upload the contract.",
                "state-change-key-0002",
            )
            .await
            .expect("another key");
        assert_eq!(
            count_state_changes(&store, RequestState::MissingDocument).await,
            1
        );
        assert_eq!(
            common::audit_count(&store, "request-state-changed").await,
            2
        );

        // A key names one kind of write: it cannot store a profile edit.
        let reused = portal
            .update_profile_once(&dana, "Dana Agent", "dana@example.com", key)
            .await
            .expect_err("a state change key used for a profile edit");
        assert!(
            reused
                .to_string()
                .contains("already used for another write"),
            "{reused}"
        );

        // Nor a reply, whoever sends it.
        for principal in [&dana, &alice] {
            let reused = portal
                .reply_once(principal, request.id, "Reply with a used key", key)
                .await
                .expect_err("a state change key used for a reply");
            assert!(
                reused
                    .to_string()
                    .contains("already used for another write"),
                "{reused}"
            );
        }
        assert_eq!(
            common::count_messages(&store, "Reply with a used key").await,
            0
        );
    }
);

async fn count_notifications(store: &Store, user_id: i64) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(store.pool())
        .await
        .expect("count notifications");
    count
}

async fn request_column(store: &Store, column: &str, request_id: i64) -> Option<String> {
    let (value,): (Option<String>,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT CAST({column} AS TEXT) FROM requests WHERE id = $1"
    )))
    .bind(request_id)
    .fetch_one(store.pool())
    .await
    .expect("read request");
    value
}

on_both_backends!(
    close_many_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let alice = common::principal_of(&store, alice.id).await;
        let dana = common::principal_of(&store, dana.id).await;
        let mut ids = Vec::new();
        for subject in ["First to close", "Second to close", "Third to close"] {
            let number = portal
                .open_request(&alice, &draft(subject))
                .await
                .expect("open request");
            ids.push(number.id);
        }
        let key = "close-many-key-000001";

        for _ in 0..2 {
            portal
                .close_requests_once(&dana, &ids[..2], "Solved by the new invoice.", key)
                .await
                .expect("keyed close");
        }
        assert_eq!(count_state_changes(&store, RequestState::Closed).await, 2);
        assert_eq!(
            common::audit_count(&store, "request-state-changed").await,
            2
        );

        // A batch with one request that cannot close stores nothing: the
        // first request is closed already.
        let refused = portal
            .close_requests_once(
                &dana,
                &[ids[2], ids[0]],
                "Solved by the new invoice.",
                "close-many-key-000002",
            )
            .await;
        assert!(refused.is_err(), "closing a closed request is refused");
        assert_eq!(
            request_column(&store, "state", ids[2]).await.as_deref(),
            Some(RequestState::Received.as_str()),
            "the batch rolled back"
        );
        assert_eq!(count_state_changes(&store, RequestState::Closed).await, 2);

        // The refused batch stored no key either, so it can be sent again.
        portal
            .close_requests_once(
                &dana,
                &[ids[2]],
                "Solved by the new invoice.",
                "close-many-key-000002",
            )
            .await
            .expect("the same key after a rollback");
        assert_eq!(count_state_changes(&store, RequestState::Closed).await, 3);

        let invalid = portal
            .close_requests_once(&dana, &ids, "Solved.", "short")
            .await
            .expect_err("a short key is invalid");
        assert!(
            invalid.to_string().contains("invalid idempotency key"),
            "{invalid}"
        );
    }
);

on_both_backends!(
    assignment_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let sam = add_account(&portal, "sam", None, Role::Agent, true, 5).await;
        let alice = common::principal_of(&store, alice.id).await;
        let dana = common::principal_of(&store, dana.id).await;
        let mut ids = Vec::new();
        for subject in ["First to assign", "Second to assign"] {
            let number = portal
                .open_request(&alice, &draft(subject))
                .await
                .expect("open request");
            ids.push(number.id);
        }
        let key = "assignment-key-000001";

        let first = portal
            .assign_requests_once(&dana, &ids, Some("sam"), key)
            .await
            .expect("keyed assignment");
        let notified = count_notifications(&store, sam.id).await;
        assert_eq!(notified, 2, "sam hears of each request once");
        // A repeat with the same key assigns nothing, even to someone else,
        // and returns the first call's assignee.
        let again = portal
            .assign_requests_once(&dana, &ids, None, key)
            .await
            .expect("repeated call");
        assert_eq!(again, first);
        for &id in &ids {
            assert_eq!(
                request_column(&store, "assignee_id", id).await,
                Some(sam.id.to_string())
            );
        }
        assert_eq!(common::audit_count(&store, "request-assigned").await, 2);
        assert_eq!(count_notifications(&store, sam.id).await, notified);

        let mine = portal
            .assign_requests_once(&dana, &ids[..1], None, "assignment-key-000002")
            .await
            .expect("another key");
        assert_eq!(mine, dana.display_name);
        assert_eq!(
            request_column(&store, "assignee_id", ids[0]).await,
            Some(dana.user_id.to_string())
        );
        assert_eq!(common::audit_count(&store, "request-assigned").await, 3);

        let customer = portal
            .assign_requests_once(&alice, &ids, None, "assignment-key-000003")
            .await;
        assert!(customer.is_err(), "customers do not assign");
        assert_eq!(common::audit_count(&store, "request-assigned").await, 3);
    }
);

on_both_backends!(
    priority_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 4).await;
        let alice = common::principal_of(&store, alice.id).await;
        let dana = common::principal_of(&store, dana.id).await;
        let request = portal
            .open_request(&alice, &draft("Priority"))
            .await
            .expect("open request");
        let key = "priority-key-00000001";

        portal
            .set_priority_once(&dana, request.id, RequestPriority::High, key)
            .await
            .expect("keyed priority");
        // A repeat with the same key changes nothing, even with another
        // priority.
        portal
            .set_priority_once(&dana, request.id, RequestPriority::Low, key)
            .await
            .expect("repeated call");
        assert_eq!(
            request_column(&store, "priority", request.id)
                .await
                .as_deref(),
            Some("high")
        );
        assert_eq!(common::audit_count(&store, "request-priority-set").await, 1);

        portal
            .set_priority_once(
                &dana,
                request.id,
                RequestPriority::Low,
                "priority-key-00000002",
            )
            .await
            .expect("another key");
        assert_eq!(
            request_column(&store, "priority", request.id)
                .await
                .as_deref(),
            Some("low")
        );
        assert_eq!(common::audit_count(&store, "request-priority-set").await, 2);

        // A key names one kind of write: it cannot close requests.
        let reused = portal
            .close_requests_once(&dana, &[request.id], "Done.", key)
            .await
            .expect_err("a priority key used to close requests");
        assert!(
            reused
                .to_string()
                .contains("already used for another write"),
            "{reused}"
        );
        let customer = portal
            .set_priority_once(
                &alice,
                request.id,
                RequestPriority::Urgent,
                "priority-key-00000003",
            )
            .await;
        assert!(customer.is_err(), "customers do not set priorities");
    }
);

on_both_backends!(
    profile_key_stores_once,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let principal = common::principal_of(&store, alice.id).await;
        let email = portal
            .profile(&principal)
            .await
            .expect("profile")
            .email
            .clone();
        let key = "profile-key-000000001";

        portal
            .update_profile_once(&principal, "Alice Example", &email, key)
            .await
            .expect("first call");
        // A repeat with the same key changes nothing, even with another name.
        portal
            .update_profile_once(&principal, "Someone Else", &email, key)
            .await
            .expect("repeated call");
        let profile = portal.profile(&principal).await.expect("profile");
        assert_eq!(profile.display_name, "Alice Example");
        assert_eq!(common::audit_count(&store, "profile-changed").await, 1);

        portal
            .update_profile_once(&principal, "Someone Else", &email, "profile-key-000000002")
            .await
            .expect("another key");
        let profile = portal.profile(&principal).await.expect("profile");
        assert_eq!(profile.display_name, "Someone Else");
        assert_eq!(common::audit_count(&store, "profile-changed").await, 2);
    }
);

on_both_backends!(
    expired_keys_are_deleted,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = common::principal_of(&store, alice.id).await;
        let origin = DraftOrigin::default();
        let old_key = "expired-key-000000001";
        let new_key = "current-key-000000001";
        portal
            .open_request_once(&alice, &draft("Old keyed request"), &origin, old_key)
            .await
            .expect("old request");
        portal
            .open_request_once(&alice, &draft("New keyed request"), &origin, new_key)
            .await
            .expect("new request");
        // The first key was stored eight days ago, past the default 7 days.
        sqlx::query("UPDATE write_keys SET created_at = created_at - $1 WHERE key = $2")
            .bind(8 * DAY)
            .bind(old_key)
            .execute(store.pool())
            .await
            .expect("age the key");

        let deleted = portal
            .prune_write_keys(portico::domain::now())
            .await
            .expect("prune");
        assert_eq!(deleted, 1);
        assert_eq!(count_write_keys(&store).await, 1);
        assert_eq!(
            count(
                &store,
                "SELECT COUNT(*) FROM write_keys WHERE key = $1",
                new_key
            )
            .await,
            1,
            "the recent key is kept"
        );

        // `admin retention run` deletes keys older than its retention too.
        let output = common::portico(
            &url,
            &[
                "admin",
                "retention",
                "run",
                "--write-key-retention-days",
                "1",
            ],
            None,
        );
        assert!(output.status.success(), "{}", common::describe(&output));
        assert!(
            common::stdout(&output).contains("0 expired idempotency keys deleted."),
            "{}",
            common::describe(&output)
        );
        sqlx::query("UPDATE write_keys SET created_at = created_at - $1")
            .bind(2 * DAY)
            .execute(store.pool())
            .await
            .expect("age the key");
        let output = common::portico(
            &url,
            &[
                "admin",
                "retention",
                "run",
                "--write-key-retention-days",
                "1",
            ],
            None,
        );
        assert!(output.status.success(), "{}", common::describe(&output));
        assert!(
            common::stdout(&output).contains("1 expired idempotency keys deleted."),
            "{}",
            common::describe(&output)
        );
        assert_eq!(count_write_keys(&store).await, 0);

        // A write retried after its key expired is stored again.
        portal
            .open_request_once(&alice, &draft("Old keyed request"), &origin, old_key)
            .await
            .expect("request with the expired key");
        assert_eq!(count_requests(&store, "Old keyed request").await, 2);
    }
);

on_both_backends!(
    serve_deletes_expired_keys,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = common::principal_of(&store, alice.id).await;
        portal
            .open_request_once(
                &alice,
                &draft("Keyed before the start"),
                &DraftOrigin::default(),
                "expired-key-000000002",
            )
            .await
            .expect("keyed request");
        sqlx::query("UPDATE write_keys SET created_at = created_at - $1")
            .bind(3 * DAY)
            .execute(store.pool())
            .await
            .expect("age the key");

        // The hourly job of `serve` runs once right after the start.
        let keys = tempfile::tempdir().expect("key folder");
        common::node::write_test_secret_key(keys.path());
        let node = common::node::NodeProcess::start(
            &url,
            keys.path(),
            "127.0.0.1:0",
            &["--write-key-retention-days", "2"],
        )
        .await;
        let started = std::time::Instant::now();
        while count_write_keys(&store).await > 0 {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "serve did not delete the expired key"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        node.terminate();
        let (status, _) = node.exit(std::time::Duration::from_secs(15)).await;
        assert!(status.success(), "{status}");
    }
);
