//! The request lifecycle through the service layer: every allowed and a
//! sample of refused state changes, internal notes kept from customers,
//! service-level ordering, ratings, reopening, participants and knowledge
//! base suggestions. On SQLite and PostgreSQL.

mod common;

use common::{add_account, portal, principal_of};
use portico::domain::request::TRANSITIONS;
use portico::domain::{
    DocumentKind, Principal, RequestCategory, RequestPriority, RequestState, Role,
};
use portico::notify::LiveEventKind;
use portico::service::requests::{DraftOrigin, RequestDraft};
use portico::service::{Portal, ServiceError};
use portico::store::Store;
use portico::store::requests::{AssigneeFilter, RequestQuery};

/// The people of most tests: alice and bob of Acme, carol of Globex, and
/// the agents dana and eve.
struct People {
    portal: Portal,
    alice: Principal,
    bob: Principal,
    carol: Principal,
    dana: Principal,
    eve: Principal,
}

async fn people(store: &Store) -> People {
    let portal = portal(store);
    let mut principals = Vec::new();
    for (seed, (handle, organisation, role)) in [
        ("alice", Some("Acme"), Role::Customer),
        ("bob", Some("Acme"), Role::Customer),
        ("carol", Some("Globex"), Role::Customer),
        ("dana", None, Role::Agent),
        ("eve", None, Role::Agent),
    ]
    .into_iter()
    .enumerate()
    {
        let seed = u8::try_from(seed).expect("seed") + 1;
        let account = add_account(&portal, handle, organisation, role, true, seed).await;
        principals.push(principal_of(store, account.id).await);
    }
    let mut principals = principals.into_iter();
    let mut next = || principals.next().expect("principal");
    People {
        alice: next(),
        bob: next(),
        carol: next(),
        dana: next(),
        eve: next(),
        portal,
    }
}

async fn open(portal: &Portal, customer: &Principal, subject: &str) -> i64 {
    let draft = RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Billing,
        body: "Please check.".to_string(),
        document_id: None,
        contract_id: None,
    };
    portal
        .open_request(customer, &draft)
        .await
        .expect("open request")
        .id
}

async fn state_of(portal: &Portal, principal: &Principal, id: i64) -> String {
    portal
        .request_detail(principal, id)
        .await
        .expect("detail")
        .request
        .state
}

/// Moves a new request to `state` as `agent`.
async fn drive_to(portal: &Portal, agent: &Principal, id: i64, state: RequestState) {
    use RequestState::*;
    let path: &[RequestState] = match state {
        Received => &[],
        UnderReview => &[UnderReview],
        MissingDocument => &[MissingDocument],
        Approved => &[UnderReview, Approved],
        Rejected => &[UnderReview, Rejected],
        Closed => &[Closed],
    };
    for &step in path {
        portal
            .change_state(agent, id, step, "Next step for the test.")
            .await
            .expect("drive");
    }
}

on_both_backends!(
    every_allowed_transition_applies,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        for &(from, to) in TRANSITIONS {
            let id = open(portal, &people.alice, &format!("{from} to {to}")).await;
            drive_to(portal, &people.dana, id, from).await;
            let next_step = format!("Step after {to}");
            portal
                .change_state(&people.dana, id, to, &next_step)
                .await
                .unwrap_or_else(|error| panic!("{from} -> {to}: {error}"));

            let detail = portal
                .request_detail(&people.alice, id)
                .await
                .expect("detail");
            assert_eq!(detail.request.state, to.as_str(), "{from} -> {to}");
            assert_eq!(detail.request.next_step, next_step, "{from} -> {to}");
            let last = detail.history.last().expect("history");
            assert_eq!(last.actor_name, "dana tester", "{from} -> {to}");
            assert_eq!(last.from_state.as_deref(), Some(from.as_str()));
            assert_eq!(last.next_step, next_step);
        }
    }
);

on_both_backends!(
    refused_transitions_keep_state,
    |store: Store, _url: String| async move {
        use RequestState::*;
        let people = people(&store).await;
        let portal = &people.portal;
        let refused = [
            (Received, Approved, "cannot become approved"),
            (Received, Rejected, "cannot become rejected"),
            (Approved, UnderReview, "allowed next states: Closed"),
            (Rejected, Approved, "allowed next states: Closed"),
            (MissingDocument, Approved, "cannot become approved"),
            (Closed, Approved, "allowed next states: Under review"),
        ];
        for (from, to, words) in refused {
            let id = open(portal, &people.alice, "refused").await;
            drive_to(portal, &people.dana, id, from).await;
            let error = portal
                .change_state(&people.dana, id, to, "step")
                .await
                .expect_err("refused change");
            assert!(
                matches!(error, ServiceError::Invalid(_)),
                "{from} -> {to}: {error}"
            );
            assert!(error.to_string().contains(words), "{from} -> {to}: {error}");
            assert_eq!(state_of(portal, &people.dana, id).await, from.as_str());
        }

        // Customers may not approve their own requests, and agents must
        // give a next step.
        let id = open(portal, &people.alice, "self approval").await;
        drive_to(portal, &people.dana, id, UnderReview).await;
        let error = portal
            .change_state(&people.alice, id, Approved, "")
            .await
            .expect_err("customer approval");
        assert!(error.to_string().contains("only support"), "{error}");
        let error = portal
            .change_state(&people.dana, id, Approved, "   ")
            .await
            .expect_err("empty next step");
        assert!(error.to_string().contains("next step"), "{error}");
        assert_eq!(state_of(portal, &people.dana, id).await, "under-review");
    }
);

on_both_backends!(
    customer_sees_agent_and_next_step,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Certificate").await;
        portal
            .assign_request(&people.dana, id, None)
            .await
            .expect("assign");
        portal
            .change_state(
                &people.dana,
                id,
                RequestState::MissingDocument,
                "Send your 2026 certificate",
            )
            .await
            .expect("change");
        let detail = portal
            .request_detail(&people.alice, id)
            .await
            .expect("detail");
        assert_eq!(detail.request.assignee_name.as_deref(), Some("dana tester"));
        assert_eq!(detail.request.next_step, "Send your 2026 certificate");
        let notifications = portal.notifications(&people.alice).await.expect("list");
        assert!(
            notifications
                .iter()
                .any(|n| n.title.contains("missing document")
                    && n.body.contains("Send your 2026 certificate")),
            "{notifications:?}"
        );

        // Assigning to another agent by handle notifies that agent.
        portal
            .assign_request(&people.dana, id, Some("eve"))
            .await
            .expect("assign to eve");
        let eve_notes = portal.notifications(&people.eve).await.expect("list");
        assert!(
            eve_notes
                .iter()
                .any(|n| n.title.contains("assigned to you"))
        );
        let error = portal
            .assign_request(&people.dana, id, Some("alice"))
            .await
            .expect_err("customers are no assignees");
        assert!(matches!(error, ServiceError::NotFound(_)), "{error}");
        let error = portal
            .assign_request(&people.alice, id, None)
            .await
            .expect_err("customers do not assign");
        assert!(matches!(error, ServiceError::Forbidden(_)), "{error}");
    }
);

on_both_backends!(
    internal_notes_never_reach_customers,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let mut customer_events = portal.bus().subscribe();
        let id = open(portal, &people.alice, "Refund").await;
        portal
            .add_participant(&people.alice, id, "bob")
            .await
            .expect("participant");
        portal
            .assign_request(&people.dana, id, None)
            .await
            .expect("assign");
        let secret = "NOTE-7731 customer was refused before";
        portal
            .add_note(&people.dana, id, secret)
            .await
            .expect("note");
        portal
            .reply(&people.dana, id, "We are on it.")
            .await
            .expect("reply");

        for customer in [&people.alice, &people.bob] {
            let detail = portal.request_detail(customer, id).await.expect("detail");
            assert!(
                detail
                    .messages
                    .iter()
                    .all(|m| !m.body.contains("NOTE-7731")),
                "thread of {}",
                customer.handle
            );
            assert!(detail.messages.iter().all(|m| m.internal == 0));
            let listed = portal
                .requests(customer, &RequestQuery::default())
                .await
                .expect("list");
            let record = listed.iter().find(|r| r.id == id).expect("listed");
            assert_eq!(record.message_count, 2, "opening message and reply only");
            let notifications = portal.notifications(customer).await.expect("notifications");
            assert!(
                notifications
                    .iter()
                    .all(|n| !n.title.contains("NOTE-7731") && !n.body.contains("NOTE-7731")),
                "{notifications:?}"
            );
            let dashboard = portal.dashboard(customer).await.expect("dashboard");
            assert!(
                dashboard
                    .open_requests
                    .iter()
                    .all(|r| !r.next_step.contains("NOTE-7731"))
            );
            let export = portal.export_own_data(customer).await.expect("export");
            let export = export.to_string();
            assert!(
                export.contains("We are on it."),
                "the export has the thread"
            );
            assert!(!export.contains("NOTE-7731"), "{export}");
        }

        // The bus carried the note, but no customer session would hear of it.
        let mut kinds = Vec::new();
        while let Ok(event) = customer_events.try_recv() {
            kinds.push(event.kind);
            if event.kind == LiveEventKind::NoteAdded {
                assert!(!event.concerns(&people.alice));
                assert!(!event.concerns(&people.bob));
                assert!(event.concerns(&people.eve));
            }
        }
        assert!(kinds.contains(&LiveEventKind::NoteAdded), "{kinds:?}");

        // Agents see the note, marked internal.
        let detail = portal
            .request_detail(&people.eve, id)
            .await
            .expect("detail");
        let note = detail
            .messages
            .iter()
            .find(|m| m.body.contains("NOTE-7731"))
            .expect("agent sees note");
        assert_eq!(note.internal, 1);
        let error = portal
            .add_note(&people.alice, id, "customer note")
            .await
            .expect_err("customers write no notes");
        assert!(matches!(error, ServiceError::Forbidden(_)), "{error}");
    }
);

on_both_backends!(
    sla_puts_overdue_first,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let fresh = open(portal, &people.alice, "Fresh").await;
        let overdue = open(portal, &people.alice, "Old and unanswered").await;
        let closed = open(portal, &people.alice, "Closed long ago").await;
        let waiting = open(portal, &people.alice, "Waiting on customer").await;
        let month_ago = portico::domain::now() - 30 * 86_400;
        for id in [overdue, closed, waiting] {
            sqlx::query("UPDATE requests SET created_at = $1 WHERE id = $2")
                .bind(month_ago)
                .bind(id)
                .execute(store.pool())
                .await
                .expect("age request");
            sqlx::query("UPDATE request_events SET created_at = $1 WHERE request_id = $2")
                .bind(month_ago)
                .bind(id)
                .execute(store.pool())
                .await
                .expect("age history");
        }
        drive_to(portal, &people.dana, closed, RequestState::Closed).await;
        // The waiting request got its first reply at once and has waited on
        // the customer ever since, so its clocks stay paused and within target.
        sqlx::query("UPDATE requests SET first_response_at = $1 WHERE id = $2")
            .bind(month_ago)
            .bind(waiting)
            .execute(store.pool())
            .await
            .expect("first response");
        sqlx::query(
            "INSERT INTO request_events (request_id, actor_id, from_state, to_state, next_step, created_at) \
             VALUES ($1, $2, 'received', 'missing-document', 'Send it', $3)",
        )
        .bind(waiting)
        .bind(people.dana.user_id)
        .bind(month_ago)
        .execute(store.pool())
        .await
        .expect("history");
        sqlx::query("UPDATE requests SET state = 'missing-document' WHERE id = $1")
            .bind(waiting)
            .execute(store.pool())
            .await
            .expect("state");

        let listed = portal
            .requests(&people.dana, &RequestQuery::default())
            .await
            .expect("list");
        let order: Vec<i64> = listed.iter().map(|r| r.id).collect();
        assert_eq!(order.first(), Some(&overdue), "{order:?}");
        assert_eq!(order.last(), Some(&closed), "{order:?}");
        let sla_of = |id: i64| {
            listed
                .iter()
                .find(|r| r.id == id)
                .and_then(|r| r.sla)
                .expect("sla for staff")
        };
        assert!(sla_of(overdue).is_overdue());
        assert!(sla_of(overdue).words().contains("overdue by"));
        assert!(!sla_of(fresh).is_overdue());
        assert!(!sla_of(waiting).is_overdue(), "{:?}", sla_of(waiting));
        assert!(sla_of(waiting).resolution.paused);

        // Customers get no clocks.
        let mine = portal
            .requests(&people.alice, &RequestQuery::default())
            .await
            .expect("list");
        assert!(mine.iter().all(|r| r.sla.is_none()));
    }
);

on_both_backends!(
    rating_only_once_closed,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Rate me").await;
        let error = portal
            .rate_request(&people.alice, id, 5, "")
            .await
            .expect_err("open request");
        assert!(
            error.to_string().contains("only a closed request"),
            "{error}"
        );

        drive_to(portal, &people.dana, id, RequestState::Approved).await;
        portal
            .change_state(
                &people.dana,
                id,
                RequestState::Closed,
                "Refund paid within 5 days",
            )
            .await
            .expect("close");
        for bad in [0, 6, -1] {
            let error = portal
                .rate_request(&people.alice, id, bad, "")
                .await
                .expect_err("out of range");
            assert!(error.to_string().contains("from 1 to 5"), "{error}");
        }
        let error = portal
            .rate_request(&people.dana, id, 5, "")
            .await
            .expect_err("agents do not rate");
        assert!(matches!(error, ServiceError::Forbidden(_)), "{error}");
        let error = portal
            .rate_request(&people.carol, id, 1, "")
            .await
            .expect_err("other organisation");
        assert!(matches!(error, ServiceError::NotFound(_)), "{error}");

        portal
            .rate_request(&people.alice, id, 4, "Quick, thanks\u{1b}[2J")
            .await
            .expect("rate");
        let error = portal
            .rate_request(&people.bob, id, 1, "")
            .await
            .expect_err("second rating");
        assert!(error.to_string().contains("already been rated"), "{error}");
        let detail = portal
            .request_detail(&people.alice, id)
            .await
            .expect("detail");
        assert_eq!(detail.request.rating, Some(4));
        assert_eq!(detail.request.rating_comment, "Quick, thanks[2J");
    }
);

on_both_backends!(
    supplied_document_resumes_review,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Claim").await;
        portal
            .change_state(
                &people.dana,
                id,
                RequestState::MissingDocument,
                "Send the receipt",
            )
            .await
            .expect("ask for document");
        let receipt = common::insert_document(
            &store,
            people.alice.organisation_id.expect("organisation"),
            None,
            DocumentKind::Certificate,
            "Receipt",
        )
        .await;
        let foreign = common::insert_document(
            &store,
            people.carol.organisation_id.expect("organisation"),
            None,
            DocumentKind::Certificate,
            "Globex receipt",
        )
        .await;

        let error = portal
            .attach_to_request(&people.alice, id, foreign)
            .await
            .expect_err("other organisation's document");
        assert!(matches!(error, ServiceError::NotFound(_)), "{error}");
        assert_eq!(
            state_of(portal, &people.alice, id).await,
            "missing-document"
        );

        portal
            .attach_to_request(&people.alice, id, receipt)
            .await
            .expect("attach");
        let detail = portal
            .request_detail(&people.dana, id)
            .await
            .expect("detail");
        assert_eq!(detail.request.state, "under-review");
        let attached = detail
            .attachments
            .iter()
            .find(|d| d.title == "Receipt")
            .expect("attached receipt");
        assert_eq!(attached.kind, "certificate");
        // The content is the title's bytes.
        assert_eq!(attached.size, 7);
        let context = detail.context.as_ref().expect("agent's context");
        let listed = context
            .documents
            .iter()
            .find(|d| d.title == "Receipt")
            .expect("receipt in the organisation's documents");
        assert_eq!(listed.kind, "certificate");
        assert_eq!(listed.size, 7);
        let last = detail.history.last().expect("history");
        assert_eq!(last.actor_name, "alice tester");
    }
);

on_both_backends!(
    withdraw_and_reopen_within_period,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Withdraw me").await;
        portal
            .change_state(&people.alice, id, RequestState::Closed, "")
            .await
            .expect("withdraw");
        assert_eq!(state_of(portal, &people.alice, id).await, "closed");
        let error = portal
            .reply(&people.alice, id, "hello?")
            .await
            .expect_err("closed");
        assert!(error.to_string().contains("closed"), "{error}");
        portal
            .change_state(&people.alice, id, RequestState::UnderReview, "")
            .await
            .expect("reopen");
        assert_eq!(state_of(portal, &people.alice, id).await, "under-review");

        portal
            .change_state(&people.alice, id, RequestState::Closed, "")
            .await
            .expect("withdraw again");
        sqlx::query("UPDATE requests SET closed_at = $1 WHERE id = $2")
            .bind(portico::domain::now() - 15 * 86_400)
            .bind(id)
            .execute(store.pool())
            .await
            .expect("age");
        let error = portal
            .change_state(&people.alice, id, RequestState::UnderReview, "")
            .await
            .expect_err("too late");
        assert!(error.to_string().contains("more than 14 days"), "{error}");
        // Agents may still reopen it.
        portal
            .change_state(
                &people.dana,
                id,
                RequestState::UnderReview,
                "We look again.",
            )
            .await
            .expect("agent reopens");
    }
);

on_both_backends!(
    participant_follows_request,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Shared").await;
        let error = portal
            .add_participant(&people.alice, id, "carol")
            .await
            .expect_err("other organisation");
        assert!(matches!(error, ServiceError::NotFound(_)), "{error}");
        portal
            .add_participant(&people.alice, id, "bob")
            .await
            .expect("add bob");
        let error = portal
            .add_participant(&people.alice, id, "bob")
            .await
            .expect_err("twice");
        assert!(error.to_string().contains("already follows"), "{error}");

        portal
            .reply(&people.dana, id, "Answer for both")
            .await
            .expect("reply");
        let bob_notes = portal.notifications(&people.bob).await.expect("list");
        assert!(
            bob_notes.iter().any(|n| n.title.starts_with("New message")),
            "{bob_notes:?}"
        );
        let carol_notes = portal.notifications(&people.carol).await.expect("list");
        assert!(carol_notes.is_empty(), "{carol_notes:?}");
        let detail = portal
            .request_detail(&people.bob, id)
            .await
            .expect("detail");
        assert!(
            detail
                .participants
                .iter()
                .any(|p| p.display_name == "bob tester")
        );
    }
);

on_both_backends!(
    kb_suggests_articles_for_subject,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let folder = tempfile::tempdir().expect("folder");
        std::fs::create_dir(folder.path().join("Billing")).expect("category folder");
        std::fs::write(
            folder.path().join("Billing/invoice-too-high.md"),
            "# Why is my invoice higher than usual?\n\nUsage above the plan is billed.",
        )
        .expect("write");
        std::fs::write(
            folder.path().join("router-reboots.md"),
            "# Router reboots by itself\n\nUpdate the firmware.",
        )
        .expect("write");
        let report = portal.import_articles(folder.path()).await.expect("import");
        assert_eq!((report.added, report.updated), (2, 0));
        let report = portal.import_articles(folder.path()).await.expect("import");
        assert_eq!((report.added, report.updated), (0, 2));

        let found = portal
            .search_articles(&people.alice, "Invoice too high")
            .await
            .expect("search");
        let titles: Vec<&str> = found.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, vec!["Why is my invoice higher than usual?"]);
        assert_eq!(found.first().map(|a| a.category.as_str()), Some("Billing"));
        let none = portal
            .search_articles(&people.alice, "pizza")
            .await
            .expect("search");
        assert!(none.is_empty());

        let article = found.first().expect("article").id;
        let draft = RequestDraft {
            subject: "Invoice too high".to_string(),
            category: RequestCategory::Billing,
            body: "The article did not help.".to_string(),
            document_id: None,
            contract_id: None,
        };
        let origin = DraftOrigin {
            context: "Documents: Invoice 2026-02".to_string(),
            offered_articles: vec![article],
        };
        let number = portal
            .open_request_from(&people.alice, &draft, &origin)
            .await
            .expect("open");
        portal
            .record_unopened_suggestions(&people.bob, "Invoice too high", &[article])
            .await
            .expect("record");
        let stats = portal.suggestion_stats().await.expect("stats");
        let row = stats
            .iter()
            .find(|row| row.slug == "invoice-too-high")
            .expect("stats row");
        assert_eq!((row.offered, row.opened_anyway), (2, 1));
        let detail = portal
            .request_detail(&people.dana, number.id)
            .await
            .expect("detail");
        assert_eq!(detail.request.context, "Documents: Invoice 2026-02");
    }
);

on_both_backends!(
    general_conversation_has_no_lifecycle,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = portal
            .open_conversation(&people.alice)
            .await
            .expect("conversation");
        assert_eq!(
            portal.open_conversation(&people.bob).await.expect("again"),
            id,
            "one conversation per organisation"
        );
        let globex = portal
            .open_conversation(&people.carol)
            .await
            .expect("other organisation");
        assert_ne!(globex, id);
        let with_messages = RequestQuery {
            include_conversations: true,
            has_messages: true,
            ..RequestQuery::default()
        };
        let threads = portal
            .requests(&people.alice, &with_messages)
            .await
            .expect("threads");
        assert!(
            threads.iter().all(|r| r.id != id),
            "a conversation without messages is no thread"
        );
        let error = portal
            .open_conversation(&people.dana)
            .await
            .expect_err("agents");
        assert!(matches!(error, ServiceError::Forbidden(_)), "{error}");

        portal
            .reply(&people.alice, id, "A general question")
            .await
            .expect("write");
        portal
            .reply(&people.dana, id, "A general answer")
            .await
            .expect("answer");
        let error = portal
            .change_state(&people.dana, id, RequestState::Closed, "Done")
            .await
            .expect_err("no lifecycle");
        assert!(error.to_string().contains("no state"), "{error}");

        let requests = portal
            .requests(&people.alice, &RequestQuery::default())
            .await
            .expect("requests");
        assert!(
            requests.iter().all(|r| r.id != id),
            "left out of request lists"
        );
        let threads = portal
            .requests(
                &people.bob,
                &RequestQuery {
                    include_conversations: true,
                    has_messages: true,
                    ..RequestQuery::default()
                },
            )
            .await
            .expect("threads");
        let thread = threads
            .iter()
            .find(|r| r.id == id)
            .expect("listed as thread");
        assert_eq!(thread.message_count, 2);
        assert_eq!(thread.unread, 2);
        let error = portal
            .request_detail(&people.carol, id)
            .await
            .expect_err("other organisation");
        assert!(matches!(error, ServiceError::NotFound(_)), "{error}");
        let dashboard = portal.dashboard(&people.alice).await.expect("dashboard");
        assert_eq!(dashboard.open_request_count, 0);
    }
);

on_both_backends!(
    priority_selects_sla_target,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let id = open(portal, &people.alice, "Urgent outage").await;
        let error = portal
            .set_priority(&people.alice, id, RequestPriority::Urgent)
            .await
            .expect_err("customers");
        assert!(matches!(error, ServiceError::Forbidden(_)), "{error}");
        portal
            .set_priority(&people.dana, id, RequestPriority::Urgent)
            .await
            .expect("set priority");
        let listed = portal
            .requests(&people.dana, &RequestQuery::default())
            .await
            .expect("list");
        let record = listed.iter().find(|r| r.id == id).expect("listed");
        assert_eq!(record.priority, "urgent");
        let sla = record.sla.expect("sla");
        assert_eq!(sla.first_response.target, 3600);
        assert_eq!(sla.resolution.target, 8 * 3600);
    }
);

on_both_backends!(
    kb_search_ranks_and_scopes,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let folder = tempfile::tempdir().expect("folder");
        let write = |name: &str, text: &str| {
            std::fs::write(folder.path().join(name), text).expect("write article");
        };
        write(
            "invoice-lines.md",
            "# Reading your invoice\n\nEach line names a service and its period.",
        );
        write(
            "address.md",
            "# Change your address\n\nThe next invoice goes to the new address.",
        );
        write(
            "invoice-draft.md",
            "---\nstatus: draft\n---\n# Invoice corrections\n\nNot ready yet.",
        );
        write(
            "invoice-staff.md",
            "---\naudience: staff\n---\n# Invoice credit notes for agents\n\nHow to issue a credit note.",
        );
        write(
            "invoice-acme.md",
            "---\norganisation: Acme\n---\n# Acme invoice schedule\n\nAcme is invoiced quarterly.",
        );
        let report = portal.import_articles(folder.path()).await.expect("import");
        assert_eq!(report.added, 5);

        let titles = |articles: Vec<portico::store::kb::ArticleRecord>| -> Vec<String> {
            articles.into_iter().map(|article| article.title).collect()
        };
        // A title match ranks above a body match; drafts never appear.
        let alice = titles(
            portal
                .search_articles(&people.alice, "Question about my invoice")
                .await
                .expect("search"),
        );
        assert_eq!(
            alice,
            vec![
                "Acme invoice schedule",
                "Reading your invoice",
                "Change your address"
            ]
        );
        // Another organisation's customer sees neither Acme's article nor
        // the staff article.
        let carol = titles(
            portal
                .search_articles(&people.carol, "invoice")
                .await
                .expect("search"),
        );
        assert_eq!(carol, vec!["Reading your invoice", "Change your address"]);
        // Agents find staff and organisation articles, never drafts.
        let dana = titles(
            portal
                .search_articles(&people.dana, "invoice")
                .await
                .expect("search"),
        );
        assert_eq!(dana.len(), 4, "{dana:?}");
        assert!(dana.iter().any(|title| title.contains("credit notes")));
        assert!(!dana.iter().any(|title| title.contains("corrections")));
        // Prefixes match, and operators of either full-text syntax are
        // taken as words.
        let prefix = titles(
            portal
                .search_articles(&people.carol, "addr")
                .await
                .expect("search"),
        );
        assert_eq!(prefix, vec!["Change your address"]);
        for hostile in ["invoice\" OR *", "NEAR(invoice", "invoice:* | !x", "''"] {
            portal
                .search_articles(&people.carol, hostile)
                .await
                .expect("hostile search is words");
        }

        // Publishing the draft by importing it again shows it.
        write(
            "invoice-draft.md",
            "---\nstatus: published\n---\n# Invoice corrections\n\nReady now.",
        );
        let report = portal.import_articles(folder.path()).await.expect("import");
        assert_eq!(report.updated, 5);
        let carol = titles(
            portal
                .search_articles(&people.carol, "corrections")
                .await
                .expect("search"),
        );
        assert_eq!(carol, vec!["Invoice corrections"]);

        // Opening an article by id follows the same scope.
        let staff_article = portal
            .search_articles(&people.dana, "credit")
            .await
            .expect("search")
            .into_iter()
            .next()
            .expect("staff article")
            .id;
        assert!(matches!(
            portal.article(&people.carol, staff_article).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(portal.article(&people.dana, staff_article).await.is_ok());
    }
);

on_both_backends!(
    queue_filters_run_in_query,
    |store: Store, _url: String| async move {
        let people = people(&store).await;
        let portal = &people.portal;
        let invoice = open(portal, &people.alice, "Invoice 100% too high").await;
        let router = open(portal, &people.alice, "Router lights blink").await;
        let draft = RequestDraft {
            subject: "Router replacement".to_string(),
            category: RequestCategory::Technical,
            body: "It broke.".to_string(),
            document_id: None,
            contract_id: None,
        };
        let globex = portal
            .open_request(&people.carol, &draft)
            .await
            .expect("open")
            .id;
        portal
            .assign_request(&people.dana, router, None)
            .await
            .expect("assign");
        portal
            .set_priority(&people.dana, globex, RequestPriority::Urgent)
            .await
            .expect("priority");
        drive_to(portal, &people.dana, invoice, RequestState::MissingDocument).await;
        // The router request is a month old and unanswered: overdue.
        sqlx::query("UPDATE requests SET created_at = $1 WHERE id = $2")
            .bind(portico::domain::now() - 30 * 86_400)
            .bind(router)
            .execute(store.pool())
            .await
            .expect("age request");

        let ids = |query: RequestQuery, who: Principal| {
            let portal = portal.clone();
            async move {
                let mut ids: Vec<i64> = portal
                    .requests(&who, &query)
                    .await
                    .expect("list")
                    .into_iter()
                    .map(|record| record.id)
                    .collect();
                ids.sort_unstable();
                ids
            }
        };
        let words = |text: &str| RequestQuery {
            words: Some(text.to_string()),
            ..RequestQuery::default()
        };
        let year = chrono::Utc::now().format("%Y");
        let mut unassigned = vec![invoice, globex];
        unassigned.sort_unstable();
        // Words must all match, in subject or organisation, ignoring case;
        // % and _ are plain characters, and a request number finds that
        // request. Combined filters narrow together.
        let cases = [
            (
                "state",
                RequestQuery {
                    state: Some(RequestState::MissingDocument),
                    ..RequestQuery::default()
                },
                vec![invoice],
            ),
            (
                "category",
                RequestQuery {
                    category: Some(RequestCategory::Technical),
                    ..RequestQuery::default()
                },
                vec![globex],
            ),
            (
                "priority",
                RequestQuery {
                    priority: Some(RequestPriority::Urgent),
                    ..RequestQuery::default()
                },
                vec![globex],
            ),
            (
                "assigned to me",
                RequestQuery {
                    assignee: AssigneeFilter::Me,
                    ..RequestQuery::default()
                },
                vec![router],
            ),
            (
                "unassigned",
                RequestQuery {
                    assignee: AssigneeFilter::Unassigned,
                    ..RequestQuery::default()
                },
                unassigned,
            ),
            (
                "overdue only",
                RequestQuery {
                    overdue_only: true,
                    ..RequestQuery::default()
                },
                vec![router],
            ),
            ("words in two fields", words("ROUTER globex"), vec![globex]),
            ("percent sign", words("100%"), vec![invoice]),
            ("underscore", words("1_0"), vec![]),
            (
                "number",
                words(&format!("R-{year}-{globex:06}")),
                vec![globex],
            ),
            (
                "combined",
                RequestQuery {
                    words: Some("router".to_string()),
                    assignee: AssigneeFilter::Unassigned,
                    category: Some(RequestCategory::Billing),
                    ..RequestQuery::default()
                },
                vec![],
            ),
        ];
        for (name, query, expected) in cases {
            assert_eq!(ids(query, people.dana.clone()).await, expected, "{name}");
        }
        let eve_mine = RequestQuery {
            assignee: AssigneeFilter::Me,
            ..RequestQuery::default()
        };
        assert!(ids(eve_mine, people.eve.clone()).await.is_empty());
        // A customer's words never reach another organisation's requests.
        assert!(ids(words("globex"), people.alice.clone()).await.is_empty());
    }
);
