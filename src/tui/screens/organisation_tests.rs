//! Tests of the organisation view (switcher, members, invitations, role
//! changes and revocation with a fresh code) and of the privacy view, on
//! ratatui's TestBackend.

use crate::domain::{MemberRole, Role};
use crate::service::privacy::PrivacyOverview;
use crate::store::organisations::{MemberRecord, MembershipRecord};
use crate::tui::screens::fixtures::{
    MARCH_FIRST, app, char_key, check_plain, draw, key, principal, row_with, type_text,
};
use crate::tui::{App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded, StartMode};

/// Returns the drawn row below the title and tab bar that contains `needle`.
fn body_row<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().skip(2).find(|line| line.contains(needle))
}

fn memberships() -> Vec<MembershipRecord> {
    vec![
        MembershipRecord {
            organisation_id: 1,
            organisation_name: "Northwind Ltd".to_string(),
            role: "owner".to_string(),
        },
        MembershipRecord {
            organisation_id: 2,
            organisation_name: "Contoso".to_string(),
            role: "billing".to_string(),
        },
    ]
}

fn member(id: i64, handle: &str, name: &str, role: &str, last_login: Option<i64>) -> MemberRecord {
    MemberRecord {
        user_id: id,
        handle: handle.to_string(),
        display_name: name.to_string(),
        email: format!("{handle}@example.com"),
        role: role.to_string(),
        disabled: 0,
        last_login_at: last_login,
    }
}

/// Builds an owner's app with the organisation view open and loaded.
fn organisation_app() -> App {
    let mut app = app();
    let effects = app.handle(char_key('O'));
    assert_eq!(
        effects,
        vec![Effect::Load(Load::Memberships), Effect::Load(Load::Members)]
    );
    app.handle(Event::Loaded(Loaded::Memberships(memberships())));
    app.handle(Event::Loaded(Loaded::Members(vec![
        member(7, "alice", "Alice Example", "owner", Some(MARCH_FIRST)),
        member(8, "bob", "Bob Builder", "member", None),
    ])));
    app
}

#[test]
fn switcher_marks_current_and_switches() {
    let mut app = organisation_app();
    let screen = draw(&mut app, 100, 30);
    let current = body_row(&screen, "Northwind Ltd").expect("current row");
    assert!(current.contains("(current)"), "{current}");
    assert!(
        row_with(&screen, "Contoso").is_some_and(|row| row.contains("billing")),
        "{screen}"
    );

    app.handle(char_key('j'));
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::SwitchOrganisation {
            organisation_id: 2
        })]
    );

    let mut switched = principal(Role::Customer);
    switched.organisation_id = Some(2);
    switched.organisation_name = Some("Contoso".to_string());
    switched.member_role = Some(MemberRole::Billing);
    let effects = app.handle(Event::Done(CommandResult::OrganisationSwitched(Box::new(
        switched,
    ))));
    assert!(
        effects.contains(&Effect::Load(Load::Dashboard)),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::Load(Load::Memberships)),
        "{effects:?}"
    );
    assert!(
        !effects.contains(&Effect::Load(Load::Members)),
        "a billing member sees no member list: {effects:?}"
    );
    let screen = draw(&mut app, 100, 30);
    let title = row_with(&screen, "Portico").expect("title row");
    assert!(title.contains("Contoso"), "{title}");
}

#[test]
fn switcher_key_same_on_every_screen() {
    let mut app = app();
    for digit in ['1', '2', '3', '4', '5', '6'] {
        app.handle(char_key(digit));
        let effects = app.handle(char_key('O'));
        assert!(
            effects.contains(&Effect::Load(Load::Memberships)),
            "screen {digit}: {effects:?}"
        );
        assert!(
            draw(&mut app, 100, 30).contains("Your organisations"),
            "screen {digit}"
        );
        app.handle(key(KeyCode::Esc));
        assert!(
            !draw(&mut app, 100, 30).contains("Your organisations"),
            "screen {digit}"
        );
    }
}

#[test]
fn members_list_shows_role_and_last_login() {
    let mut app = organisation_app();
    let screen = draw(&mut app, 100, 30);
    let alice = body_row(&screen, "Alice Example").expect("alice row");
    assert!(alice.contains("owner"), "{alice}");
    assert!(alice.contains("2026-03-01 12:00"), "{alice}");
    let bob = row_with(&screen, "Bob Builder").expect("bob row");
    assert!(bob.contains("member"), "{bob}");
    assert!(bob.contains("never"), "{bob}");
    assert!(screen.contains("Members of Northwind Ltd"), "{screen}");
}

#[test]
fn role_change_asks_fresh_code() {
    let mut app = organisation_app();
    app.handle(key(KeyCode::Tab));
    app.handle(char_key('j'));
    app.handle(char_key('r'));
    app.handle(key(KeyCode::Right));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("‹ billing ›"), "{screen}");

    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Make bob billing of Northwind Ltd?"),
        "{screen}"
    );
    type_text(&mut app, "123456");
    assert!(
        !draw(&mut app, 100, 30).contains("123456"),
        "the code is masked"
    );
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::ChangeMemberRole {
            handle: "bob".to_string(),
            role: MemberRole::Billing,
            code: "123456".to_string(),
        })]
    );

    let effects = app.handle(Event::Done(CommandResult::MembersChanged {
        message: "bob is now billing".to_string(),
    }));
    assert_eq!(effects, vec![Effect::Load(Load::Members)]);
    assert!(draw(&mut app, 100, 30).contains("bob is now billing"));
}

#[test]
fn revoke_can_be_cancelled() {
    let mut app = organisation_app();
    app.handle(key(KeyCode::Tab));
    app.handle(char_key('j'));
    app.handle(char_key('x'));
    assert!(draw(&mut app, 100, 30).contains("Revoke the access of bob"));
    assert!(app.handle(key(KeyCode::Esc)).is_empty());
    assert!(!draw(&mut app, 100, 30).contains("Revoke the access"));
    assert!(
        draw(&mut app, 100, 30).contains("Your organisations"),
        "Esc closes the prompt, not the view"
    );

    app.handle(char_key('x'));
    let empty = app.handle(key(KeyCode::Enter));
    assert!(empty.is_empty(), "no code, no command");
    type_text(&mut app, "ABCD-EFGH-JKMN-PQRS");
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::RevokeMember {
            handle: "bob".to_string(),
            code: "ABCD-EFGH-JKMN-PQRS".to_string(),
        })]
    );
}

#[test]
fn invitation_confirms_then_sends() {
    let mut app = organisation_app();
    app.handle(char_key('i'));
    type_text(&mut app, "carol");
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "Carol Jones");
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "not-an-email");
    assert!(app.handle(key(KeyCode::Enter)).is_empty());
    assert!(
        draw(&mut app, 100, 30).contains("Error:"),
        "bad email refused"
    );

    for _ in 0.."not-an-email".len() {
        app.handle(key(KeyCode::Backspace));
    }
    type_text(&mut app, "carol@example.com");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Right));
    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains(
            "Invite carol as billing? The onboarding code goes to carol@example.com. y/n"
        ),
        "{screen}"
    );
    let effects = app.handle(char_key('y'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::InviteMember {
            handle: "carol".to_string(),
            display_name: "Carol Jones".to_string(),
            email: "carol@example.com".to_string(),
            role: MemberRole::Billing,
        })]
    );
    app.handle(Event::Done(CommandResult::MembersChanged {
        message: "Invitation sent to carol@example.com for carol.".to_string(),
    }));
    assert!(draw(&mut app, 100, 30).contains("Invitation sent to carol@example.com"));
}

#[test]
fn non_owner_sees_no_members() {
    let mut viewer = principal(Role::Customer);
    viewer.member_role = Some(MemberRole::Viewer);
    let (mut app, _) = App::new(
        viewer,
        crate::tui::screens::fixtures::theme(),
        StartMode::Dashboard,
        100,
        30,
    );
    let effects = app.handle(char_key('O'));
    assert_eq!(effects, vec![Effect::Load(Load::Memberships)]);
    app.handle(Event::Loaded(Loaded::Memberships(memberships())));
    app.handle(char_key('i'));
    let screen = draw(&mut app, 100, 30);
    assert!(!screen.contains("Members of"), "{screen}");
    assert!(!screen.contains("Invite a colleague"), "{screen}");
}

fn privacy_app() -> App {
    let mut app = app();
    app.handle(char_key('5'));
    let effects = app.handle(char_key('d'));
    assert_eq!(effects, vec![Effect::Load(Load::Privacy)]);
    let settings = crate::domain::privacy::PrivacySettings::default();
    let overview = PrivacyOverview {
        controller: settings.controller.clone(),
        purposes: settings.purposes.clone(),
        consents: settings
            .consents
            .iter()
            .map(|topic| crate::service::privacy::ConsentState {
                topic: topic.clone(),
                granted: topic.key == "product-news",
                answered_version: (topic.key == "product-news").then(|| "1".to_string()),
            })
            .collect(),
        history: vec![crate::store::consents::ConsentEventRecord {
            id: 1,
            topic: "product-news".to_string(),
            text_version: "1".to_string(),
            granted: 1,
            created_at: MARCH_FIRST,
        }],
    };
    app.handle(Event::Loaded(Loaded::Privacy(Box::new(overview))));
    app
}

#[test]
fn privacy_view_lists_data_and_consents() {
    let mut app = privacy_app();
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("What Portico holds about you"), "{screen}");
    assert!(screen.contains("Login history"), "{screen}");
    let news = row_with(&screen, "Product news").expect("consent row");
    assert!(news.contains("[x] given"), "{news}");
    let surveys = row_with(&screen, "Satisfaction surveys").expect("consent row");
    assert!(surveys.contains("[ ] not given"), "{surveys}");
    assert!(
        screen.contains("2026-03-01 12:00 UTC  product-news given (text version 1)"),
        "{screen}"
    );

    let effects = app.handle(char_key(' '));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::SetConsent {
            key: "product-news".to_string(),
            granted: false,
        })]
    );
    let effects = app.handle(Event::Done(CommandResult::PrivacyChanged {
        message: "Consent withdrawn".to_string(),
    }));
    assert_eq!(effects, vec![Effect::Load(Load::Privacy)]);
}

#[test]
fn privacy_export_and_erasure_ask_code() {
    let mut app = privacy_app();
    app.handle(char_key('x'));
    assert!(draw(&mut app, 120, 40).contains("Prepare an export of all your data"));
    type_text(&mut app, "654321");
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::ExportData {
            code: "654321".to_string(),
        })]
    );
    app.handle(Event::Done(CommandResult::Failed {
        message: "that code is wrong or already used".to_string(),
    }));

    app.handle(char_key('E'));
    assert!(draw(&mut app, 120, 40).contains("File a request to erase your personal data"));
    type_text(&mut app, "111111");
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::RequestErasure {
            code: "111111".to_string(),
        })]
    );
    app.handle(key(KeyCode::Esc));
    app.handle(Event::Done(CommandResult::PrivacyChanged {
        message: "Erasure request R-2026-000001 filed".to_string(),
    }));
    app.handle(key(KeyCode::Esc));
    assert!(draw(&mut app, 120, 40).contains("[5 Preferences]"));
    assert!(!draw(&mut app, 120, 40).contains("What Portico holds"));
}

#[test]
fn plain_organisation_view_lists_organisations_and_members() {
    let lines = check_plain(
        organisation_app(),
        &[
            "Your organisations",
            "Contoso, role billing, 2\u{a0}of\u{a0}2",
            "Members of ",
        ],
        Some("Northwind Ltd, role owner, current, 1\u{a0}of\u{a0}2"),
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("Bob Builder, bob, role member")
                && line.ends_with("last login never, 2\u{a0}of\u{a0}2")),
        "{lines:?}"
    );

    let mut app = organisation_app();
    app.handle(key(KeyCode::Tab));
    let lines = check_plain(
        app,
        &["Northwind Ltd, role owner, current, 1\u{a0}of\u{a0}2"],
        None,
    );
    let last = lines.last().map_or("", String::as_str);
    assert!(last.starts_with("› "), "{lines:?}");
}

#[test]
fn plain_privacy_view_lists_purposes_consents_and_history() {
    let lines = check_plain(
        privacy_app(),
        &[
            "What Portico holds about you",
            ", why: ",
            "Responsible: ",
            "product-news given (text version 1)",
            "Consents (Space gives or withdraws)",
            "Satisfaction surveys, text version ",
        ],
        Some("Product news, text version 1: "),
    );
    let last = lines.last().map_or("", String::as_str);
    assert!(last.contains(", given, 1\u{a0}of\u{a0}"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("Satisfaction surveys") && line.contains("not given")),
        "{lines:?}"
    );
}

/// Sets `app` to French, with the plain mode when `plain` is set.
fn french(app: &mut App, plain: bool) {
    let mut display = crate::tui::display::SessionDisplay::default();
    display.client.set_variable("LANG", "fr_FR.UTF-8");
    if plain {
        display.client.set_variable("PORTICO_MODE", "plain");
    }
    app.set_display(display);
}

/// Checks that `screen` shows every text of `french` and none of `english`.
fn check_words(screen: &str, french: &[&str], english: &[&str]) {
    for text in french {
        assert!(screen.contains(text), "lacks {text:?}:\n{screen}");
    }
    for text in english {
        assert!(!screen.contains(text), "shows {text:?}:\n{screen}");
    }
}

#[test]
fn organisation_view_in_french() {
    let mut app = organisation_app();
    french(&mut app, false);
    for (cols, rows) in [(100, 30), (80, 24), (60, 16)] {
        let screen = draw(&mut app, cols, rows);
        check_words(
            &screen,
            &["Vos organisations", "(actuelle)", "RÔLE", "facturation"],
            &[
                "Your organisations",
                "(current)",
                "ROLE",
                "billing",
                "Members of",
            ],
        );
        let current = body_row(&screen, "Northwind Ltd").expect("current row");
        assert!(current.contains("propriétaire"), "{cols}x{rows}: {current}");
    }

    let screen = draw(&mut app, 80, 24);
    check_words(
        &screen,
        &[
            "Membres de Northwind Ltd",
            "IDENTIFIANT",
            "DERNIÈRE CONNEXION",
        ],
        &["HANDLE", "LAST LOGIN", "never"],
    );
    let alice = body_row(&screen, "Alice Example").expect("alice row");
    assert!(alice.contains("propriétaire"), "{alice}");
    let bob = row_with(&screen, "Bob Builder").expect("bob row");
    assert!(bob.contains("membre"), "{bob}");
    assert!(bob.contains("jamais"), "{bob}");

    // A role change names the role in French.
    app.handle(key(KeyCode::Tab));
    app.handle(char_key('j'));
    app.handle(char_key('r'));
    app.handle(key(KeyCode::Right));
    let screen = draw(&mut app, 80, 24);
    check_words(
        &screen,
        &["Nouveau rôle de bob", "‹ facturation ›"],
        &["New role", "‹ billing ›"],
    );
    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Donner à bob le rôle facturation dans Northwind Ltd"),
        "{screen}"
    );
}

#[test]
fn invitation_in_french() {
    let mut app = organisation_app();
    french(&mut app, false);
    app.handle(char_key('i'));
    let screen = draw(&mut app, 60, 16);
    check_words(
        &screen,
        &[
            "Inviter un collègue",
            "Identifiant",
            "Nom",
            "E-mail",
            "Rôle",
            "‹ membre ›",
        ],
        &[
            "Invite a colleague",
            "Handle",
            "Email",
            "Role ",
            "‹ member ›",
        ],
    );

    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("Erreur"), "empty handle refused:\n{screen}");

    app.handle(key(KeyCode::Up));
    type_text(&mut app, "carol");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("Le nom manque"), "{screen}");

    app.handle(key(KeyCode::Up));
    type_text(&mut app, "Carol Jones");
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "carol@example.com");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Right));
    app.handle(key(KeyCode::Enter));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains(
            "Inviter carol avec le rôle facturation\u{a0}? Le code d’accueil part à carol@example.com. o/n"
        ),
        "{screen}"
    );
}

#[test]
fn plain_organisation_view_in_french() {
    let mut app = organisation_app();
    french(&mut app, true);
    let screen = draw(&mut app, 300, 100);
    check_words(
        &screen,
        &[
            "Vos organisations",
            "Northwind Ltd, rôle propriétaire, actuelle, 1\u{a0}sur\u{a0}2",
            "Contoso, rôle facturation, 2\u{a0}sur\u{a0}2",
            "Membres de Northwind Ltd",
            "Bob Builder, bob, rôle membre, dernière connexion jamais",
        ],
        &[
            "Your organisations",
            "role ",
            "current",
            "last login",
            "never",
        ],
    );
}

#[test]
fn privacy_view_in_french() {
    let mut app = privacy_app();
    french(&mut app, false);
    let screen = draw(&mut app, 120, 40);
    check_words(
        &screen,
        &[
            "Ce que Portico conserve sur vous",
            "Votre identifiant, votre nom et votre adresse e-mail",
            "  Pourquoi\u{a0}: pour vous connecter",
            "  Conservation\u{a0}: tant que votre compte existe",
            "Consentements (Espace donne ou retire)",
            "ÉTAT",
            "CONSENTEMENT",
            "TEXTE",
            "2026-03-01 12:00 UTC  product-news donné (version du texte 1)",
            "Historique des consentements · x export · E effacement",
        ],
        &[
            "What Portico holds",
            "Your handle",
            "Why:",
            "Kept:",
            "Responsible:",
            "Product news",
            "Satisfaction surveys",
            "given",
            "STATE",
            "Consent history",
        ],
    );
    let news = row_with(&screen, "Nouveautés du produit").expect("consent row");
    assert!(news.contains("[x] donné"), "{news}");
    let surveys = row_with(&screen, "Enquêtes de satisfaction").expect("consent row");
    assert!(surveys.contains("[ ] non donné"), "{surveys}");

    for (cols, rows) in [(80, 24), (60, 16)] {
        let screen = draw(&mut app, cols, rows);
        let surveys = row_with(&screen, "[ ] non donné").expect("consent row");
        assert!(surveys.contains("Enquêtes"), "{cols}x{rows}: {surveys}");
    }

    app.handle(char_key('x'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Préparer un export"), "{screen}");
    app.handle(key(KeyCode::Esc));
    app.handle(char_key('E'));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Déposer une demande d’effacement"),
        "{screen}"
    );
}

#[test]
fn privacy_keeps_configured_texts_in_french() {
    let mut app = app();
    french(&mut app, false);
    app.handle(char_key('5'));
    app.handle(char_key('d'));
    let overview = PrivacyOverview {
        controller: "Example Ltd, privacy@example.com".to_string(),
        purposes: vec![crate::domain::privacy::DataPurpose {
            data: "Your name and email address".to_string(),
            purpose: "to log you in".to_string(),
            retention: "while your account exists".to_string(),
        }],
        consents: Vec::new(),
        history: Vec::new(),
    };
    app.handle(Event::Loaded(Loaded::Privacy(Box::new(overview))));
    let screen = draw(&mut app, 120, 40);
    check_words(
        &screen,
        &[
            "Responsable\u{a0}: Example Ltd, privacy@example.com",
            "Your name and email address",
            "  Pourquoi\u{a0}: to log you in",
            // Equal to a built-in text word for word, so translated.
            "  Conservation\u{a0}: tant que votre compte existe",
            "Aucun consentement donné ni retiré pour l’instant.",
        ],
        &["No consent given"],
    );
}

#[test]
fn plain_privacy_view_in_french() {
    let mut app = privacy_app();
    french(&mut app, true);
    let screen = draw(&mut app, 300, 100);
    check_words(
        &screen,
        &[
            "Ce que Portico conserve sur vous",
            "Votre identifiant, votre nom et votre adresse e-mail, pourquoi\u{a0}: ",
            "Responsable\u{a0}: L’opérateur de ce serveur Portico",
            "product-news donné (version du texte 1)",
            "Consentements (Espace donne ou retire)",
            "Nouveautés du produit, version du texte 1\u{a0}: ",
            "Enquêtes de satisfaction, version du texte 1\u{a0}: ",
            "non donné",
        ],
        &[
            "What Portico holds",
            ", why: ",
            "Responsible:",
            "text version",
            "not given",
        ],
    );
}

#[test]
fn plain_invitation_names_fields_and_error() {
    let mut app = organisation_app();
    app.handle(char_key('i'));
    type_text(&mut app, "carol");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "not-an-email");
    app.handle(key(KeyCode::Enter));
    check_plain(
        app,
        &[
            "Invite a colleague",
            "Handle: carol",
            "Name: empty",
            "Role: member, ← → to change",
            "Keys: Tab ↑ ↓ to next, previous field",
            "Error: ",
        ],
        Some("Email: not-an-email"),
    );
}

#[test]
fn plain_invitation_question_comes_last() {
    let mut app = organisation_app();
    app.handle(char_key('i'));
    type_text(&mut app, "carol");
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "Carol Jones");
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "carol@example.com");
    app.handle(key(KeyCode::Enter));
    check_plain(
        app,
        &["Email: carol@example.com", "Role: member, ← → to change"],
        Some("Invite carol as member? The onboarding code goes to carol@example.com. y/n"),
    );
}

#[test]
fn plain_role_change_and_fresh_code() {
    let mut app = organisation_app();
    app.handle(key(KeyCode::Tab));
    app.handle(char_key('j'));
    app.handle(char_key('r'));
    app.handle(key(KeyCode::Right));
    let mut app = check_plain_app(app, &["New role of bob"], "Role: billing, ← → to change");
    app.handle(key(KeyCode::Enter));
    type_text(&mut app, "123456");
    let lines = check_plain(
        app,
        &[
            "Confirm with a fresh code",
            "Make bob billing of Northwind Ltd?",
            "Keys: Enter to confirm with the code, Esc to cancel",
        ],
        Some("Code: 6 characters typed"),
    );
    assert!(!lines.join("\n").contains("123456"), "{lines:?}");
}

/// Checks the plain drawing of `app` like `check_plain` and hands the app
/// back for more keys.
fn check_plain_app(app: App, shown: &[&str], focus: &str) -> App {
    let mut app = crate::tui::screens::fixtures::plain(app);
    let screen = draw(&mut app, 300, 60);
    for text in shown {
        assert!(screen.contains(text), "lacks {text:?}:\n{screen}");
    }
    let last = screen
        .lines()
        .map(str::trim_end)
        .rfind(|line| !line.is_empty())
        .unwrap_or("");
    assert_eq!(last, format!("› {focus}"), "{screen}");
    app
}

#[test]
fn plain_invitation_in_french() {
    let mut app = organisation_app();
    french(&mut app, true);
    app.handle(char_key('i'));
    app.handle(key(KeyCode::Up));
    let screen = draw(&mut app, 300, 60);
    check_words(
        &screen,
        &["Identifiant\u{a0}: vide", "pour changer", "Touches\u{a0}: "],
        &["Handle", "to change"],
    );
}

#[test]
fn plain_privacy_code_prompt() {
    let mut app = privacy_app();
    app.handle(char_key('x'));
    let lines = check_plain(
        app,
        &["Confirm with a fresh code"],
        Some("Code: nothing typed"),
    );
    assert!(
        lines.iter().any(|line| line.starts_with("Keys: Enter")),
        "{lines:?}"
    );
}

#[test]
fn privacy_notice_scrolls_to_its_end() {
    let mut app = privacy_app();
    let screen = draw(&mut app, 80, 16);
    assert!(screen.contains("(PgDn for more)"), "{screen}");
    for _ in 0..40 {
        app.handle(key(KeyCode::PageDown));
    }
    let screen = draw(&mut app, 80, 16);
    assert!(!screen.contains("(PgDn for more)"), "{screen}");
    assert!(
        screen.contains("What Portico holds about you"),
        "the panel keeps its title:\n{screen}"
    );
    for _ in 0..40 {
        app.handle(key(KeyCode::PageUp));
    }
    assert!(draw(&mut app, 80, 16).contains("(PgDn for more)"));
}
