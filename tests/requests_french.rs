//! Requests in French through the service layer: notifications in each
//! recipient's chosen language, and errors and stored next steps in the
//! caller's. On SQLite and PostgreSQL.

mod common;

use common::{add_account, portal, principal_of};
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
