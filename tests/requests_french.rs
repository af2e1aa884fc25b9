//! Requests in French through the service layer: notifications in each
//! recipient's language, errors and stored next steps in the caller's,
//! and default next steps shown in the reader's. On SQLite and PostgreSQL.

mod common;

use common::{add_account, portal, principal_of};
use portico::domain::next_step;
use portico::domain::regional::{DateFormat, Language};
use portico::domain::{Principal, RequestCategory, RequestState, Role};
use portico::i18n;
use portico::service::requests::RequestDraft;
use portico::service::{Portal, ServiceError};
use portico::store::Store;

/// Adds alice, a customer of Acme who reads French, and dana, an agent
/// who kept the default language.
async fn people(store: &Store) -> (Portal, Principal, Principal) {
    let portal = portal(store);
    let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
    let dana = add_account(&portal, "dana", None, Role::Agent, true, 2).await;
    let alice = principal_of(store, alice.id).await;
    let dana = principal_of(store, dana.id).await;
    portal
        .save_regional_preferences(&alice, "UTC", DateFormat::Iso, Some(Language::French))
        .await
        .expect("choose French");
    (portal, alice, dana)
}

async fn open(portal: &Portal, customer: &Principal) -> i64 {
    let draft = RequestDraft {
        subject: "Facture de mars".to_string(),
        category: RequestCategory::Billing,
        body: "Merci de vérifier.".to_string(),
        document_id: None,
        contract_id: None,
    };
    portal
        .open_request(customer, &draft)
        .await
        .expect("open request")
        .id
}

on_both_backends!(
    notifications_follow_each_recipient,
    |store: Store, _url: String| async move {
        let (portal, alice, dana) = people(&store).await;
        let id = open(&portal, &alice).await;
        portal
            .assign_request(&dana, id, None)
            .await
            .expect("assign");
        portal
            .change_state(
                &dana,
                id,
                RequestState::MissingDocument,
                "Send your 2026 certificate",
            )
            .await
            .expect("change");
        portal
            .reply(&dana, id, "Here is what we need.")
            .await
            .expect("agent reply");

        let notes = portal.notifications(&alice).await.expect("alice's list");
        assert!(
            notes.iter().any(|n| n
                .title
                .contains("est maintenant à l’état document manquant")
                && n.body == "Prochaine étape\u{a0}: Send your 2026 certificate"),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.title.starts_with("Nouveau message dans R-")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .all(|n| !n.title.contains("is now") && !n.title.contains("New message")),
            "{notes:?}"
        );

        // dana follows as assignee and reads English.
        portal
            .reply(&alice, id, "Voici le certificat.")
            .await
            .expect("customer reply");
        let notes = portal.notifications(&dana).await.expect("dana's list");
        assert!(
            notes
                .iter()
                .any(|n| n.title.starts_with("New message in R-")
                    && n.body.contains("wrote in \"Facture de mars\"")),
            "{notes:?}"
        );
    }
);

on_both_backends!(
    errors_and_next_steps_in_callers_language,
    |store: Store, _url: String| async move {
        let (portal, alice, dana) = people(&store).await;
        let id = open(&portal, &alice).await;

        let detail = portal.request_detail(&alice, id).await.expect("detail");
        assert_eq!(
            detail.request.next_step, "An agent will review your request.",
            "outside a session the language is English"
        );

        let error = i18n::scope(
            Language::French,
            portal.change_state(&alice, id, RequestState::Approved, ""),
        )
        .await
        .expect_err("a received request is not approved at once");
        let ServiceError::Invalid(message) = error else {
            panic!("expected an invalid change, got {error:?}");
        };
        assert!(
            message.starts_with("une demande à l’état reçue ne peut pas passer à l’état approuvée"),
            "{message}"
        );

        let error = i18n::scope(
            Language::French,
            portal.change_state(&alice, id, RequestState::UnderReview, ""),
        )
        .await
        .expect_err("customers do not start the review");
        let ServiceError::Invalid(message) = error else {
            panic!("expected an invalid change, got {error:?}");
        };
        assert!(
            message.starts_with(
                "seul le support peut faire passer une demande de l’état reçue à l’état en cours d’examen"
            ),
            "{message}"
        );

        let error = i18n::scope(
            Language::French,
            portal.set_priority(&alice, id, portico::domain::RequestPriority::High),
        )
        .await
        .expect_err("customers do not set priorities");
        assert!(
            matches!(&error, ServiceError::Forbidden(text) if text == "seuls les agents définissent la priorité"),
            "{error:?}"
        );

        i18n::scope(
            Language::French,
            portal.change_state(&alice, id, RequestState::Closed, ""),
        )
        .await
        .expect("withdraw");
        let detail = portal.request_detail(&dana, id).await.expect("detail");
        assert_eq!(
            detail.request.next_step,
            "Vous avez retiré cette demande\u{a0}; rouvrez-la si vous avez encore besoin d’aide."
        );
        assert_eq!(detail.request.state, "closed");
    }
);

/// Returns the bodies of `user`'s notifications about state changes.
async fn state_bodies(portal: &Portal, user: &Principal) -> Vec<String> {
    let notes = portal.notifications(user).await.expect("notifications");
    notes
        .into_iter()
        .filter(|note| note.kind == "status-change")
        .map(|note| note.body)
        .collect()
}

on_both_backends!(
    default_next_step_in_reader_language,
    |store: Store, _url: String| async move {
        let (portal, alice, dana) = people(&store).await;
        let id = open(&portal, &alice).await;
        portal
            .assign_request(&dana, id, None)
            .await
            .expect("assign");

        // Dana's session reads English and keeps the suggested text.
        let suggested = i18n::sync_scope(Language::English, || {
            next_step::default_for(RequestState::UnderReview)
        });
        i18n::scope(
            Language::English,
            portal.change_state(&dana, id, RequestState::UnderReview, &suggested),
        )
        .await
        .expect("start the review");

        let bodies = state_bodies(&portal, &alice).await;
        assert_eq!(
            bodies,
            vec!["Prochaine étape\u{a0}: Un agent examine votre demande.".to_string()]
        );
        let detail = portal.request_detail(&alice, id).await.expect("detail");
        assert_eq!(
            detail.request.next_step,
            "An agent is reviewing your request."
        );
        assert_eq!(
            next_step::translate_in(&detail.request.next_step, Language::French),
            "Un agent examine votre demande."
        );
        let history: Vec<String> = detail
            .history
            .iter()
            .map(|event| next_step::translate_in(&event.next_step, Language::French))
            .collect();
        assert_eq!(
            history,
            vec![
                "Un agent va examiner votre demande.".to_string(),
                "Un agent examine votre demande.".to_string(),
            ]
        );

        // Alice withdraws in French; Dana is notified in English.
        i18n::scope(
            Language::French,
            portal.change_state(&alice, id, RequestState::Closed, ""),
        )
        .await
        .expect("withdraw");
        let bodies = state_bodies(&portal, &dana).await;
        assert_eq!(
            bodies,
            vec![
                "Next step: You withdrew this request; reopen it if you still need help."
                    .to_string()
            ]
        );
    }
);

on_both_backends!(
    typed_next_step_stays_as_typed,
    |store: Store, _url: String| async move {
        let (portal, alice, dana) = people(&store).await;
        let id = open(&portal, &alice).await;
        i18n::scope(
            Language::English,
            portal.change_state(
                &dana,
                id,
                RequestState::UnderReview,
                "An agent is reviewing your request today.",
            ),
        )
        .await
        .expect("start the review");
        let bodies = state_bodies(&portal, &alice).await;
        assert_eq!(
            bodies,
            vec!["Prochaine étape\u{a0}: An agent is reviewing your request today.".to_string()]
        );
    }
);

on_both_backends!(
    auto_language_follows_latest_session,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 1).await;
        let dana = add_account(&portal, "dana", None, Role::Agent, true, 2).await;
        let bob = principal_of(&store, bob.id).await;
        let dana = principal_of(&store, dana.id).await;
        portal
            .save_regional_preferences(&bob, "UTC", DateFormat::Iso, None)
            .await
            .expect("follow the terminal");
        let id = open(&portal, &bob).await;

        // No session recorded yet: English.
        portal
            .change_state(&dana, id, RequestState::UnderReview, "First")
            .await
            .expect("first change");
        // Bob's latest session ran in French.
        portal
            .record_session_language(&bob, Language::French)
            .await
            .expect("record French");
        portal
            .change_state(&dana, id, RequestState::MissingDocument, "Second")
            .await
            .expect("second change");
        // A later English session wins over the earlier French one.
        portal
            .record_session_language(&bob, Language::English)
            .await
            .expect("record English");
        portal
            .change_state(&dana, id, RequestState::UnderReview, "Third")
            .await
            .expect("third change");
        // An explicit choice comes before the session's language.
        portal
            .record_session_language(&bob, Language::French)
            .await
            .expect("record French again");
        portal
            .save_regional_preferences(&bob, "UTC", DateFormat::Iso, Some(Language::English))
            .await
            .expect("choose English");
        portal
            .change_state(&dana, id, RequestState::Approved, "Fourth")
            .await
            .expect("fourth change");

        let mut bodies = state_bodies(&portal, &bob).await;
        bodies.sort();
        assert_eq!(
            bodies,
            vec![
                "Next step: First".to_string(),
                "Next step: Fourth".to_string(),
                "Next step: Third".to_string(),
                "Prochaine étape\u{a0}: Second".to_string(),
            ]
        );
    }
);
