//! The operator's side of erasure requests: `portico admin user erasures`
//! lists them, `portico admin user erase` closes the account's open ones,
//! and erase asks for the handle again on a terminal or else needs
//! `--yes`. On SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::{Account, add_account, audit_count, portal, principal_of};
use portico::domain::time::date_utc;
use portico::domain::{RequestCategory, RequestNumber, RequestState, Role};
use portico::service::Portal;
use portico::service::erasure::ERASURE_SUBJECT;
use portico::service::requests::RequestDraft;
use portico::store::Store;

/// Files an erasure request for `account` with a fresh code.
async fn file_erasure(portal: &Portal, store: &Store, account: &Account) -> RequestNumber {
    let principal = principal_of(store, account.id).await;
    portal
        .request_erasure(&principal, &account.code())
        .await
        .expect("file erasure request")
}

/// Opens an ordinary request for `account`.
async fn open_request(
    portal: &Portal,
    store: &Store,
    account: &Account,
    subject: &str,
) -> RequestNumber {
    let principal = principal_of(store, account.id).await;
    portal
        .open_request(
            &principal,
            &RequestDraft {
                subject: subject.to_string(),
                category: RequestCategory::Other,
                body: "Please look into it.".to_string(),
                document_id: None,
                contract_id: None,
            },
        )
        .await
        .expect("open request")
}

/// Returns the handle and erasure time of account `user_id`.
async fn account_row(store: &Store, user_id: i64) -> (String, Option<i64>) {
    sqlx::query_as("SELECT handle, erased_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(store.pool())
        .await
        .expect("read account")
}

/// Returns the line of `text` that starts with `number`.
fn line_of(text: &str, number: RequestNumber) -> String {
    text.lines()
        .find(|line| line.starts_with(&number.to_string()))
        .unwrap_or_default()
        .to_string()
}

on_both_backends!(
    erase_closes_erasure_requests,
    |store: Store, url: String| async move {
        let portal = portal(&store);
        let alice_account =
            add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let erasure = file_erasure(&portal, &store, &bob).await;
        let ordinary = open_request(&portal, &store, &bob, "Moving out").await;

        let output = common::portico(&url, &["admin", "user", "erase", "bob", "--yes"], None);
        assert!(output.status.success(), "{}", common::describe(&output));
        let summary = common::stdout(&output);
        assert!(
            summary.contains(&format!("Closed erasure requests: {erasure}.")),
            "{summary}"
        );

        // A colleague still sees the request, closed with the date of the
        // erasure as next step and the operator as author of the change.
        let alice = principal_of(&store, alice_account.id).await;
        let detail = portal
            .request_detail(&alice, erasure.id)
            .await
            .expect("erasure request stays");
        assert_eq!(detail.request.state, RequestState::Closed.as_str());
        let (_, erased_at) = account_row(&store, bob.id).await;
        let erased_at = erased_at.expect("bob is erased");
        assert_eq!(detail.request.closed_at, Some(erased_at));
        let date = date_utc(erased_at).expect("date of the erasure");
        assert!(
            detail.request.next_step.contains(&date),
            "{}",
            detail.request.next_step
        );
        assert!(
            detail.request.next_step.contains("erased"),
            "{}",
            detail.request.next_step
        );
        let last = detail.history.last().expect("history entry");
        assert_eq!(last.from_state.as_deref(), Some("received"));
        assert_eq!(last.to_state, "closed");
        assert_eq!(last.actor_name, "Operator");
        assert_eq!(last.next_step, detail.request.next_step);

        let other = portal
            .request_detail(&alice, ordinary.id)
            .await
            .expect("ordinary request stays");
        assert_eq!(
            other.request.state, "received",
            "only erasure requests close"
        );

        let (actor,): (String,) = sqlx::query_as(
            "SELECT actor_handle FROM audit_entries WHERE action = 'request-state-changed' AND target = $1",
        )
        .bind(erasure.to_string())
        .fetch_one(store.pool())
        .await
        .expect("audit entry of the closing");
        assert_eq!(actor, "operator");
        assert_eq!(audit_count(&store, "account-erased").await, 1);

        let verify = common::portico(&url, &["admin", "audit", "verify"], None);
        assert!(verify.status.success(), "{}", common::describe(&verify));
    }
);

on_both_backends!(
    erasures_lists_pending_first,
    |store: Store, url: String| async move {
        let portal = portal(&store);
        let empty = common::portico(&url, &["admin", "user", "erasures"], None);
        assert!(empty.status.success(), "{}", common::describe(&empty));
        assert!(
            common::stdout(&empty).contains("No erasure requests."),
            "{}",
            common::stdout(&empty)
        );

        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let carol = add_account(&portal, "carol", Some("Globex"), Role::Customer, true, 3).await;
        let dave = add_account(&portal, "dave", Some("Globex"), Role::Customer, true, 4).await;
        let alice_request = file_erasure(&portal, &store, &alice).await;
        let bob_request = file_erasure(&portal, &store, &bob).await;
        let carol_request = file_erasure(&portal, &store, &carol).await;
        // A request that only copies the subject is no erasure request.
        let lookalike = open_request(&portal, &store, &dave, ERASURE_SUBJECT).await;

        let carol_principal = principal_of(&store, carol.id).await;
        portal
            .change_state(&carol_principal, carol_request.id, RequestState::Closed, "")
            .await
            .expect("carol withdraws her request");
        let erase = common::portico(&url, &["admin", "user", "erase", "alice", "--yes"], None);
        assert!(erase.status.success(), "{}", common::describe(&erase));

        let output = common::portico(&url, &["admin", "user", "erasures"], None);
        assert!(output.status.success(), "{}", common::describe(&output));
        let text = common::stdout(&output);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "header and three requests:\n{text}");
        assert!(lines[0].starts_with("REQUEST"), "{text}");
        assert!(lines[0].contains("STATE"), "{text}");
        assert!(
            lines[1].starts_with(&bob_request.to_string()),
            "the pending request comes first:\n{text}"
        );
        assert!(!text.contains(&lookalike.to_string()), "{text}");

        let bob_line = line_of(&text, bob_request);
        assert!(bob_line.contains(" bob "), "{text}");
        assert!(bob_line.contains("Acme"), "{text}");
        assert!(bob_line.trim_end().ends_with("pending"), "{text}");

        let (pseudonym, erased_at) = account_row(&store, alice.id).await;
        let erased_on = date_utc(erased_at.expect("alice is erased")).expect("date");
        let alice_line = line_of(&text, alice_request);
        assert!(alice_line.contains(&pseudonym), "{text}");
        assert!(!alice_line.contains("alice"), "{text}");
        assert!(
            alice_line.contains(&format!("erased on {erased_on}")),
            "{text}"
        );

        let carol_line = line_of(&text, carol_request);
        assert!(carol_line.contains(" carol "), "{text}");
        assert!(carol_line.contains("Globex"), "{text}");
        assert!(carol_line.contains("without erasure"), "{text}");
    }
);

on_both_backends!(
    erase_without_yes_rejected,
    |store: Store, url: String| async move {
        let portal = portal(&store);
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;

        let output = common::portico(&url, &["admin", "user", "erase", "bob"], Some("bob\n"));
        assert!(!output.status.success(), "{}", common::describe(&output));
        let error = common::stderr(&output);
        assert!(error.contains("--yes"), "{error}");
        assert!(error.contains("not a terminal"), "{error}");
        assert_eq!(account_row(&store, bob.id).await, ("bob".to_string(), None));
        assert_eq!(audit_count(&store, "account-erased").await, 0);
    }
);

/// Runs `portico admin user erase bob` in a pseudo-terminal, types
/// `typed` at the confirmation prompt and returns everything it printed.
fn erase_on_terminal(url: &str, typed: &str) -> Result<String, String> {
    let mut command = common::portico_command(url);
    command.args(["admin", "user", "erase", "bob"]);
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn portico: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let prompt = session
        .expect("Type the handle again to confirm: ")
        .map_err(|error| format!("confirmation prompt: {error}"))?;
    let mut text = String::from_utf8_lossy(prompt.before()).into_owned();
    session
        .send_line(typed)
        .map_err(|error| format!("type the handle: {error}"))?;
    let rest = session
        .expect(expectrl::Eof)
        .map_err(|error| format!("portico did not exit: {error}"))?;
    // At the end of output, expectrl returns the rest of the output as the
    // match rather than before it.
    text.push_str(&String::from_utf8_lossy(rest.before()));
    for matched in rest.matches() {
        text.push_str(&String::from_utf8_lossy(matched));
    }
    Ok(text)
}

on_both_backends!(
    erase_asks_handle_on_terminal,
    |store: Store, url: String| async move {
        let portal = portal(&store);
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;

        let wrong_url = url.clone();
        let wrong = tokio::task::spawn_blocking(move || erase_on_terminal(&wrong_url, "bobby"))
            .await
            .expect("join the terminal driver")
            .expect("terminal session");
        assert!(wrong.contains("cancelled"), "{wrong}");
        assert_eq!(account_row(&store, bob.id).await, ("bob".to_string(), None));

        let right = tokio::task::spawn_blocking(move || erase_on_terminal(&url, "bob"))
            .await
            .expect("join the terminal driver")
            .expect("terminal session");
        assert!(right.contains("Erased bob"), "{right}");
        let (handle, erased_at) = account_row(&store, bob.id).await;
        assert_eq!(handle, format!("erased-{}", bob.id));
        assert!(erased_at.is_some());
    }
);
