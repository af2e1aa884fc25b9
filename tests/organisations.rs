//! Roles inside an organisation: the role table enforced on reads and
//! writes, role changes and revocation by owners, and switching between
//! organisations. On SQLite and PostgreSQL.

mod common;

use common::{
    Login, TestServer, add_customer, insert_document, password_login, portal, principal_of,
    unix_now,
};
use portico::domain::{DocumentKind, MemberRole, RequestCategory};
use portico::service::ServiceError;
use portico::service::organisations::Invitation;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use portico::store::documents::{self, DocumentQuery};
use portico::store::organisations;
use portico::store::requests::RequestQuery;

fn draft(subject: &str) -> RequestDraft {
    RequestDraft {
        subject: subject.to_string(),
        category: RequestCategory::Billing,
        body: "please check".to_string(),
        document_id: None,
        contract_id: None,
    }
}

async fn titles(
    portal: &portico::service::Portal,
    principal: &portico::domain::Principal,
) -> Vec<String> {
    let mut titles: Vec<String> = portal
        .documents(principal, &DocumentQuery::default())
        .await
        .expect("list documents")
        .into_iter()
        .map(|document| document.title)
        .collect();
    titles.sort();
    titles
}

on_both_backends!(
    billing_reads_invoices_only,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account = add_customer(&portal, "alice", "Acme", 1).await;
        let bob = add_customer(&portal, "bob", "Acme", 2).await;
        let alice = principal_of(&store, alice_account.id).await;
        assert_eq!(alice.member_role, Some(MemberRole::Owner));
        let acme = alice.organisation_id.expect("organisation");

        insert_document(&store, acme, None, DocumentKind::Invoice, "March invoice").await;
        insert_document(
            &store,
            acme,
            None,
            DocumentKind::Statement,
            "Payments received",
        )
        .await;
        insert_document(
            &store,
            acme,
            None,
            DocumentKind::Contract,
            "Service contract",
        )
        .await;
        insert_document(
            &store,
            acme,
            Some(bob.id),
            DocumentKind::PaySlip,
            "Bob pay slip",
        )
        .await;
        let number = portal
            .open_request(&alice, &draft("Owner request"))
            .await
            .expect("owner opens request");

        portal
            .change_member_role(&alice, "bob", MemberRole::Billing, &alice_account.code())
            .await
            .expect("change role");
        let bob = principal_of(&store, bob.id).await;
        assert_eq!(bob.member_role, Some(MemberRole::Billing));

        assert_eq!(
            titles(&portal, &bob).await,
            vec!["March invoice".to_string(), "Payments received".to_string()]
        );
        assert!(
            portal
                .requests(&bob, &RequestQuery::default())
                .await
                .expect("list requests")
                .is_empty()
        );
        assert!(matches!(
            portal.request_detail(&bob, number.id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(portal.contracts(&bob).await.expect("contracts").is_empty());
        let opened = portal.open_request(&bob, &draft("Billing request")).await;
        assert!(
            matches!(opened, Err(ServiceError::Forbidden(_))),
            "{opened:?}"
        );
    }
);

on_both_backends!(
    viewer_reads_but_cannot_write,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice_account = add_customer(&portal, "alice", "Acme", 1).await;
        let vera = add_customer(&portal, "vera", "Acme", 2).await;
        let alice = principal_of(&store, alice_account.id).await;
        let acme = alice.organisation_id.expect("organisation");
        let contract =
            insert_document(&store, acme, None, DocumentKind::Contract, "Contract").await;
        let number = portal
            .open_request(&alice, &draft("Owner request"))
            .await
            .expect("owner opens request");
        portal
            .change_member_role(&alice, "vera", MemberRole::Viewer, &alice_account.code())
            .await
            .expect("change role");
        let vera = principal_of(&store, vera.id).await;

        assert_eq!(titles(&portal, &vera).await, vec!["Contract".to_string()]);
        assert_eq!(
            portal
                .requests(&vera, &RequestQuery::default())
                .await
                .expect("list requests")
                .len(),
            1
        );

        let opened = portal.open_request(&vera, &draft("Viewer request")).await;
        assert!(
            matches!(opened, Err(ServiceError::Forbidden(_))),
            "{opened:?}"
        );
        let replied = portal.reply(&vera, number.id, "viewer reply").await;
        assert!(
            matches!(replied, Err(ServiceError::Forbidden(_))),
            "{replied:?}"
        );
        let archived = portal.set_document_archived(&vera, contract, true).await;
        assert!(
            matches!(archived, Err(ServiceError::Forbidden(_))),
            "{archived:?}"
        );
        let stored = documents::get(store.pool(), &alice, contract)
            .await
            .expect("get")
            .expect("document");
        assert_eq!(stored.status, "new");
        let members = portal.members(&vera).await;
        assert!(
            matches!(members, Err(ServiceError::Forbidden(_))),
            "{members:?}"
        );
    }
);

on_both_backends!(owner_role_rules, |store: Store, _url: String| async move {
    let portal = portal(&store);
    let alice_account = add_customer(&portal, "alice", "Acme", 1).await;
    let bob = add_customer(&portal, "bob", "Acme", 2).await;
    add_customer(&portal, "carol", "Globex", 3).await;
    let alice = principal_of(&store, alice_account.id).await;
    // Each owner action takes a fresh code; recovery codes work once each.
    let mut codes = alice_account.recovery_codes.iter();
    let mut code = || codes.next().cloned().expect("an unused recovery code");

    // A member of another organisation is not found.
    let foreign = portal
        .change_member_role(&alice, "carol", MemberRole::Viewer, &code())
        .await;
    assert!(
        matches!(foreign, Err(ServiceError::NotFound(_))),
        "{foreign:?}"
    );

    portal
        .change_member_role(&alice, "bob", MemberRole::Member, &code())
        .await
        .expect("bob becomes member");
    let bob_principal = principal_of(&store, bob.id).await;
    let escalated = portal
        .change_member_role(&bob_principal, "bob", MemberRole::Owner, "")
        .await;
    assert!(
        matches!(escalated, Err(ServiceError::Forbidden(_))),
        "{escalated:?}"
    );

    // The last owner cannot step down.
    let last = portal
        .change_member_role(&alice, "alice", MemberRole::Viewer, &code())
        .await;
    assert!(matches!(last, Err(ServiceError::Invalid(_))), "{last:?}");

    portal
        .revoke_member(&alice, "bob", &code())
        .await
        .expect("revoke");
    let bob_principal = principal_of(&store, bob.id).await;
    assert_eq!(bob_principal.member_role, None);
    assert!(
        portal
            .requests(&bob_principal, &RequestQuery::default())
            .await
            .expect("list")
            .is_empty()
    );
    let members: Vec<String> = portal
        .members(&alice)
        .await
        .expect("members")
        .into_iter()
        .map(|member| member.handle)
        .collect();
    assert_eq!(members, vec!["alice".to_string()]);

    let actions = common::audit_actions(&store).await;
    for action in ["member-role-changed", "member-revoked", "sessions-ended"] {
        assert!(
            actions.contains(&action.to_string()),
            "{action} missing: {actions:?}"
        );
    }
});

on_both_backends!(
    accountant_switches_organisation,
    |store: Store, _url: String| async move {
        let portal = portal(&store);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let carol = add_customer(&portal, "carol", "Globex", 3).await;
        let alice = principal_of(&store, alice.id).await;
        let carol = principal_of(&store, carol.id).await;
        let acme = alice.organisation_id.expect("acme");
        let globex = carol.organisation_id.expect("globex");
        insert_document(&store, acme, None, DocumentKind::Invoice, "Acme invoice").await;
        insert_document(
            &store,
            globex,
            None,
            DocumentKind::Invoice,
            "Globex invoice",
        )
        .await;

        // Switching into an organisation one does not belong to fails.
        let refused = portal.switch_organisation(&alice, globex).await;
        assert!(
            matches!(refused, Err(ServiceError::NotFound(_))),
            "{refused:?}"
        );

        organisations::add_member(store.pool(), alice.user_id, globex, MemberRole::Billing, 1)
            .await
            .expect("add membership");
        let names: Vec<String> = portal
            .memberships(&alice)
            .await
            .expect("memberships")
            .into_iter()
            .map(|membership| format!("{} {}", membership.organisation_name, membership.role))
            .collect();
        assert_eq!(
            names,
            vec!["Acme owner".to_string(), "Globex billing".to_string()]
        );

        let in_globex = portal
            .switch_organisation(&alice, globex)
            .await
            .expect("switch");
        assert_eq!(in_globex.member_role, Some(MemberRole::Billing));
        assert_eq!(
            titles(&portal, &in_globex).await,
            vec!["Globex invoice".to_string()]
        );
        assert_eq!(
            titles(&portal, &alice).await,
            vec!["Acme invoice".to_string()]
        );
        let opened = portal.open_request(&in_globex, &draft("Not allowed")).await;
        assert!(
            matches!(opened, Err(ServiceError::Forbidden(_))),
            "{opened:?}"
        );
    }
);

fn invitation(handle: &str, role: MemberRole) -> Invitation {
    Invitation {
        handle: handle.to_string(),
        display_name: format!("{handle} colleague"),
        email: format!("{handle}@example.com"),
        role,
    }
}

on_both_backends!(
    invited_billing_onboards_over_ssh,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;
        let acme = alice.organisation_id.expect("organisation");
        insert_document(&store, acme, None, DocumentKind::Invoice, "March invoice").await;
        insert_document(
            &store,
            acme,
            None,
            DocumentKind::Contract,
            "Service contract",
        )
        .await;

        let issued = server
            .portal
            .invite_member(&alice, &invitation("bea", MemberRole::Billing))
            .await
            .expect("invite");

        // A wrong code does not open the account.
        let (_s, wrong) = password_login(server.address, "bea", "AAAA-BBBB-CCCC", "").await;
        assert_eq!(wrong, Login::Refused);

        // The code goes out by email; this test reads it from the outbox row,
        // and tests/delivery.rs receives it through an SMTP listener.
        let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox WHERE id = $1")
            .bind(issued.outbox_id)
            .fetch_one(store.pool())
            .await
            .expect("invitation email");
        let code = common::mail::code_in(&body);
        let (session, outcome) = password_login(server.address, "bea", &code, "").await;
        assert_eq!(outcome, Login::Success);
        let mut channel = common::open_shell(&session, 60, 30).await;
        let mut screen = common::Screen::new(60, 30);
        let wait = std::time::Duration::from_secs(10);
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set a new password", wait).await,
            "{}",
            screen.text()
        );
        let password = "amber river tulip 83";
        channel
            .data(format!("{password}\r{password}\r").as_bytes())
            .await
            .expect("type password");
        assert!(
            common::wait_for(&mut channel, &mut screen, "Set up two-factor login", wait).await,
            "{}",
            screen.text()
        );
        let secret = common::shown_secret(&screen.text());
        let code = portico::auth::totp::code_at(&secret, unix_now()).expect("code");
        channel
            .data(format!("{code}\r").as_bytes())
            .await
            .expect("type code");
        assert!(
            common::wait_for(&mut channel, &mut screen, "once", wait).await,
            "{}",
            screen.text()
        );
        channel.data(&b"\r"[..]).await.expect("confirm");
        assert!(
            common::wait_for(&mut channel, &mut screen, "Dashboard", wait).await,
            "{}",
            screen.text()
        );

        // The code worked once; the colleague reads invoices only.
        let (_s, reused) = password_login(server.address, "bea", &code, "").await;
        assert_eq!(reused, Login::Refused);
        let bea = portico::store::users::find_by_handle(store.pool(), "bea")
            .await
            .expect("find")
            .expect("invited account");
        assert_eq!(bea.must_renew_factors, 0);
        let bea = bea.principal();
        assert_eq!(bea.member_role, Some(MemberRole::Billing));
        assert_eq!(
            titles(&server.portal, &bea).await,
            vec!["March invoice".to_string()]
        );
    }
);

on_both_backends!(invitation_rules, |store: Store, _url: String| async move {
    let portal = portal(&store);
    let alice = add_customer(&portal, "alice", "Acme", 1).await;
    let alice = principal_of(&store, alice.id).await;
    portal
        .invite_member(&alice, &invitation("vic", MemberRole::Viewer))
        .await
        .expect("invite viewer");
    let vic = portico::store::users::find_by_handle(store.pool(), "vic")
        .await
        .expect("find")
        .expect("invited account")
        .principal();

    let by_viewer = portal
        .invite_member(&vic, &invitation("mallory", MemberRole::Owner))
        .await;
    assert!(
        matches!(by_viewer, Err(ServiceError::Forbidden(_))),
        "{by_viewer:?}"
    );
    let taken = portal
        .invite_member(&alice, &invitation("vic", MemberRole::Member))
        .await;
    assert!(matches!(taken, Err(ServiceError::Invalid(_))), "{taken:?}");
    let hostile = portal
        .invite_member(&alice, &invitation("eve\u{1b}[2J", MemberRole::Member))
        .await;
    assert!(
        matches!(hostile, Err(ServiceError::Invalid(_))),
        "{hostile:?}"
    );
    let mut bad_email = invitation("dan", MemberRole::Member);
    bad_email.email = "not an address".to_string();
    let rejected = portal.invite_member(&alice, &bad_email).await;
    assert!(
        matches!(rejected, Err(ServiceError::Invalid(_))),
        "{rejected:?}"
    );
    assert!(
        portico::store::users::find_by_handle(store.pool(), "mallory")
            .await
            .expect("find")
            .is_none()
    );
});
