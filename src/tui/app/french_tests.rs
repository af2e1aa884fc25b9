//! The app frame drawn in French: tab bar, title, status line, help
//! overlay, palette, questions and messages.

use crate::tui::screens::fixtures::{
    app, assert_french, char_key, draw, french_app, key, row_with, type_text,
};
use crate::tui::{CommandResult, Effect, Event, KeyCode, Load, Loaded};

#[test]
fn tab_bar_in_french_fits() {
    let mut app = french_app(false);
    app.handle(Event::Loaded(Loaded::Dashboard(Box::default())));

    let wide = draw(&mut app, 120, 24);
    assert_french(
        &wide,
        &[
            "[1 Tableau de bord]",
            " 2 Documents ",
            " 3 Demandes ",
            " 4 Messages ",
            " 5 Préférences ",
            " 6 Activité ",
        ],
        &["Dashboard", "Requests", "Preferences", "Activity"],
    );

    for (cols, rows) in [(80, 24), (60, 16)] {
        let screen = draw(&mut app, cols, rows);
        let tabs = row_with(&screen, "[1 Tableau de bord]").expect("tab bar");
        for digit in ["2", "3", "4", "5", "6"] {
            assert!(
                tabs.contains(digit),
                "{cols}x{rows}: tab {digit} cut: {tabs}"
            );
        }
        let title = row_with(&screen, "Portico").expect("title row");
        assert!(title.contains("Northwind Ltd"), "{title}");
        let status = screen
            .lines()
            .nth(usize::from(rows) - 1)
            .unwrap_or_default();
        assert_french(status, &["? touches", "q quitter"], &["? keys", "q quit "]);
    }

    let screen = draw(&mut app, 80, 24);
    let tabs = row_with(&screen, "[1 Tableau de bord]").expect("tab bar");
    for name in [
        "2 Documents",
        "3 Demandes",
        "4 Messages",
        "5 Préférences",
        "6 Activité",
    ] {
        assert!(tabs.contains(name), "80 columns: {name} missing: {tabs}");
    }

    app.handle(char_key('3'));
    let screen = draw(&mut app, 60, 16);
    let tabs = row_with(&screen, "[3 Demandes]").expect("tab bar");
    for name in ["2 Documents", "4 Messages", "5 Préférences"] {
        assert!(tabs.contains(name), "60 columns: {name} missing: {tabs}");
    }
    for digit in [" 1 ", " 6"] {
        assert!(tabs.contains(digit), "60 columns: tab {digit} cut: {tabs}");
    }

    app.handle(char_key('5'));
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("[5 Préférences]"), "{screen}");
}

#[test]
fn help_overlay_in_french() {
    let mut app = french_app(false);
    app.handle(char_key('?'));
    let screen = draw(&mut app, 80, 24);
    assert_french(
        &screen,
        &[
            "Touches\u{a0}: Tableau de bord",
            "ouvrir le centre de notifications",
            "écran suivant, précédent",
            "ouvrir un écran par son numéro",
            "Échap ou ? ferme cette liste",
        ],
        &["Keys:", "next, previous screen", "closes this list"],
    );
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("Échap ? fermer"), "{status}");

    let narrow = draw(&mut app, 60, 16);
    assert!(
        narrow.contains("Touches\u{a0}: Tableau de bord"),
        "{narrow}"
    );
}

#[test]
fn palette_in_french() {
    let mut app = french_app(false);
    app.handle(char_key(':'));
    let screen = draw(&mut app, 80, 24);
    assert_french(
        &screen,
        &[
            "Exécuter une action",
            "Chercher\u{a0}:",
            "ouvrir l’écran Demandes",
            "ouvrir une nouvelle demande",
        ],
        &["Run an action", "Find:", "go to"],
    );
    let status = screen.lines().last().unwrap_or_default();
    assert_french(
        status,
        &["Entrée exécuter", "Échap fermer"],
        &["run", "close"],
    );

    type_text(&mut app, "demandes");
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Load(Load::Requests(Default::default()))]
    );

    app.handle(char_key(':'));
    type_text(&mut app, "zzzz");
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("Aucune action ne correspond."), "{screen}");
}

#[test]
fn quit_question_in_french() {
    let mut app = french_app(false);
    app.handle(char_key('q'));
    let screen = draw(&mut app, 60, 16);
    assert_french(
        &screen,
        &["Quitter Portico\u{a0}? o/n"],
        &["Quit Portico", "y/n"],
    );
    assert!(app.handle(char_key('n')).is_empty());
    assert!(!draw(&mut app, 60, 16).contains("Quitter Portico"));

    app.handle(char_key('q'));
    assert_eq!(app.handle(char_key('o')), vec![Effect::Quit]);
}

#[test]
fn o_does_not_answer_in_english() {
    let mut app = app();
    app.handle(char_key('q'));
    assert!(app.handle(char_key('o')).is_empty());
    assert!(draw(&mut app, 80, 24).contains("Quit Portico? y/n"));
}

#[test]
fn small_window_message_in_french() {
    let mut app = french_app(false);
    let small = draw(&mut app, 50, 10);
    assert_french(
        &small,
        &["Fenêtre trop petite", "60x16", "50x10"],
        &["Window too small", "Enlarge"],
    );
}

#[test]
fn errors_and_warnings_in_french() {
    let mut app = french_app(false);
    app.handle(Event::Loaded(Loaded::Failed {
        load: Load::Dashboard,
        message: "la base de données n’est pas disponible".to_string(),
    }));
    let screen = draw(&mut app, 120, 24);
    assert_french(
        &screen,
        &[
            "Erreur\u{a0}: impossible de charger le tableau de bord\u{a0}: la base",
            "Impossible de charger cet écran",
        ],
        &["Error:", "could not load", "Could not load"],
    );

    let narrow = draw(&mut app, 60, 16);
    let status = narrow.lines().last().unwrap_or_default();
    assert!(
        status.starts_with(" Erreur\u{a0}: impossible de charger le tableau de bord"),
        "a long notice replaces the hints: {status}"
    );

    app.handle(Event::Done(CommandResult::Failed {
        message: "objet manquant".to_string(),
    }));
    assert!(draw(&mut app, 80, 24).contains("Erreur\u{a0}: objet manquant"));

    app.handle(Event::IdleWarning { secs: 60 });
    let screen = draw(&mut app, 200, 24);
    assert_french(
        &screen,
        &["cette session se ferme dans 60 secondes"],
        &["closes in"],
    );

    app.handle(Event::DatabaseRetrying(true));
    let screen = draw(&mut app, 120, 24);
    assert_french(
        &screen,
        &["Connexion à la base de données perdue"],
        &["Connection to the database"],
    );
}

#[test]
fn plain_heading_and_keys_in_french() {
    let mut app = french_app(true);
    app.handle(Event::Loaded(Loaded::Dashboard(Box::default())));
    let screen = draw(&mut app, 300, 60);
    assert_french(
        &screen,
        &["Tableau de bord, écran 1\u{a0}sur\u{a0}6. ? touches, : actions"],
        &["screen 1\u{a0}of\u{a0}6", "Dashboard"],
    );

    app.handle(char_key('?'));
    let screen = draw(&mut app, 300, 60);
    assert_french(
        &screen,
        &[
            "Touches",
            "O\u{a0}: changer d’organisation, voir ses membres",
        ],
        &["Keys", "switch, members"],
    );
}

#[test]
fn key_names_in_french_key_lists() {
    for (cols, rows) in [(80, 24), (60, 16)] {
        let mut english = app();
        english.handle(char_key('3'));
        english.handle(char_key('?'));
        let screen = draw(&mut english, cols, rows);
        for name in ["PgUp PgDn", "Enter", "Shift-Tab"] {
            assert!(
                screen.contains(name),
                "{cols}x{rows}: {name} missing:\n{screen}"
            );
        }

        let mut french = french_app(false);
        french.handle(char_key('3'));
        french.handle(char_key('?'));
        let screen = draw(&mut french, cols, rows);
        assert_french(
            &screen,
            &["Pg\u{a0}préc Pg\u{a0}suiv", "Entrée", "Maj-Tab", "Échap"],
            &["PgUp", "PgDn", "Enter", "Shift", "Esc "],
        );
    }

    let mut french = french_app(false);
    french.handle(char_key(':'));
    type_text(&mut french, "suivant");
    let screen = draw(&mut french, 80, 24);
    assert_french(&screen, &["(Tab Maj-Tab)"], &["Shift-Tab"]);

    let mut plain = french_app(true);
    plain.handle(char_key('3'));
    plain.handle(char_key('?'));
    let screen = draw(&mut plain, 300, 60);
    assert_french(
        &screen,
        &[
            "Tab Maj-Tab\u{a0}: écran suivant, précédent",
            "Entrée\u{a0}: ",
        ],
        &["Shift-Tab", "Enter", "PgUp"],
    );
}
