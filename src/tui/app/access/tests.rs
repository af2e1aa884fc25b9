//! Tests of the accessibility parts across every screen: window sizes, the
//! plain mode, the key lists, the command palette, the mouse and wide
//! characters.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use terminput::{KeyModifiers, MouseButton, MouseEventKind, ScrollDirection};

use crate::domain::Role;
use crate::service::account::Activity;
use crate::service::display::DisplayPreferences;
use crate::service::documents::DocumentDetail;
use crate::service::login::EnrolmentOffer;
use crate::service::overview::Dashboard;
use crate::store::history::LoginRecord;
use crate::store::notifications::NotificationRecord;
use crate::tui::display::SessionDisplay;
use crate::tui::screens::fixtures::{
    MARCH_FIRST, app, char_key, check_plain, contract, ctrl, detail, document, documents_app, draw,
    key, message, plain, principal, request, requests_app, theme, thread_app, type_text, user,
};
use crate::tui::screens::{Question, ScreenId};
use crate::tui::{
    App, Command, CommandResult, DocumentQueryKey, Effect, Event, KeyCode, KeyEvent, Load, Loaded,
    MouseEvent, StartMode,
};

/// The window sizes every screen is drawn at.
const SIZES: [(u16, u16); 4] = [(60, 16), (80, 24), (200, 60), (300, 100)];

fn dashboard_app() -> App {
    let mut app = app();
    app.handle(Event::Loaded(Loaded::Dashboard(Box::new(Dashboard {
        active_contracts: vec![contract()],
        recent_documents: vec![document(1, "invoice", "Invoice February", "new")],
        document_count: 14,
        new_document_count: 3,
        open_requests: vec![request(123, "Invoice too high", "missing-document", 0, 1)],
        open_request_count: 1,
        unread_messages: 2,
        ..Dashboard::default()
    }))));
    app
}

fn notifications_app() -> App {
    let mut app = dashboard_app();
    app.handle(char_key('N'));
    app.handle(Event::Loaded(Loaded::Notifications(vec![
        NotificationRecord {
            id: 2,
            kind: "status-change".to_string(),
            title: "R-2026-000122 is now approved".to_string(),
            body: "Next step: Refund paid within 5 days".to_string(),
            link: String::new(),
            created_at: MARCH_FIRST,
            read_at: None,
        },
    ])));
    app
}

fn document_detail_app() -> App {
    let mut app = documents_app();
    app.handle(key(KeyCode::Enter));
    app.handle(Event::Loaded(Loaded::Document(Box::new(DocumentDetail {
        record: document(1, "invoice", "Invoice February", "read"),
        preview: "Amount due 182.31 EUR".to_string(),
        contract: None,
        requests: Vec::new(),
        sftp_command: "sftp alice@127.0.0.1:/documents/x.pdf".to_string(),
        scp_command: "scp alice@127.0.0.1:/documents/x.pdf .".to_string(),
    }))));
    app
}

fn contracts_app() -> App {
    let mut app = documents_app();
    app.handle(char_key('c'));
    app.handle(Event::Loaded(Loaded::Contracts(vec![contract()])));
    app
}

fn request_thread_app() -> App {
    let mut app = requests_app();
    app.handle(key(KeyCode::Enter));
    let messages = vec![message(1, "Dana Agent", "We check the invoice.", false)];
    app.handle(Event::Loaded(Loaded::Request(Box::new(detail(messages)))));
    app
}

fn request_form_app() -> App {
    let mut app = requests_app();
    app.handle(char_key('n'));
    app
}

fn messages_app() -> App {
    let mut app = app();
    app.handle(char_key('4'));
    app.handle(Event::Loaded(Loaded::Threads(vec![request(
        123,
        "Invoice 2026-02 is too high",
        "under-review",
        2,
        3,
    )])));
    app
}

fn preferences_app() -> App {
    let mut app = app();
    app.handle(char_key('5'));
    app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
    app.handle(Event::Loaded(Loaded::RecoveryCodesLeft(8)));
    app
}

fn preferences_with(key_char: char) -> App {
    let mut app = preferences_app();
    app.handle(char_key(key_char));
    app
}

fn activity_app() -> App {
    let mut app = app();
    app.handle(char_key('6'));
    app.handle(Event::Loaded(Loaded::Activity(Box::new(Activity {
        logins: vec![LoginRecord {
            id: 1,
            handle: "alice".to_string(),
            peer: "203.0.113.9:52100".to_string(),
            method: "publickey".to_string(),
            outcome: "success".to_string(),
            created_at: MARCH_FIRST,
            key_fingerprint: Some("SHA256:abcDEF123".to_string()),
            client_version: Some("SSH-2.0-OpenSSH_9.2p1".to_string()),
        }],
        actions: Vec::new(),
        sessions: Vec::new(),
        current_session: None,
    }))));
    app
}

fn agent_requests_app() -> App {
    let mut app = App::new(
        principal(Role::Agent),
        theme(),
        StartMode::Dashboard,
        80,
        24,
    )
    .0;
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![
        request(1, "Unassigned invoice", "received", 0, 1),
        request(2, "Waiting claim", "missing-document", 0, 1),
    ])));
    app
}

fn enrolment_app() -> App {
    let offer = EnrolmentOffer {
        secret: "JBSWY3DPEHPK3PXP".to_string(),
        url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&issuer=Portico".to_string(),
        renew_password: false,
        first_login: false,
    };
    App::new(
        principal(Role::Customer),
        theme(),
        StartMode::Enrolment(offer),
        80,
        24,
    )
    .0
}

/// A view's name, its builder and a text it must show in any mode.
type View = (&'static str, fn() -> App, &'static str);

/// Lists every screen and view.
fn views() -> Vec<View> {
    vec![
        ("dashboard", dashboard_app, "NW-C-1001"),
        ("notification centre", notifications_app, "R-2026-000122"),
        ("documents", documents_app, "Fibre contract"),
        ("document detail", document_detail_app, "SHA-256"),
        ("contracts", contracts_app, "NW-C-1001"),
        ("requests", requests_app, "R-2026-000124"),
        ("request thread", request_thread_app, "Status history"),
        ("new request form", request_form_app, "Subject"),
        ("messages", messages_app, "Invoice 2026-02 is too"),
        ("message thread", thread_app, "Status history"),
        ("preferences", preferences_app, "alice@example.com"),
        ("profile form", || preferences_with('e'), "Email"),
        ("password form", || preferences_with('p'), "New password"),
        (
            "display settings",
            || preferences_with('v'),
            "high-contrast",
        ),
        ("recovery codes", || preferences_with('r'), "code"),
        ("activity", activity_app, "203.0.113.9"),
        ("agent requests", agent_requests_app, "Unassigned invoice"),
        ("enrolment", enrolment_app, "authenticator app"),
    ]
}

fn is_box_drawing(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{259F}')
}

#[test]
fn every_view_fits_each_size() {
    for (name, build, label) in views() {
        for (cols, rows) in SIZES {
            let mut app = build();
            let screen = draw(&mut app, cols, rows);
            assert!(
                !screen.contains("Window too small"),
                "{name} at {cols}x{rows}:\n{screen}"
            );
            assert!(
                screen.contains(label),
                "{name} at {cols}x{rows} lacks {label:?}:\n{screen}"
            );
        }
    }
}

#[test]
fn below_minimum_asks_for_larger_window() {
    for (name, build, _) in views() {
        for (cols, rows) in [(59, 16), (60, 15), (20, 5)] {
            let mut app = build();
            let screen = draw(&mut app, cols, rows);
            assert!(
                screen.contains("Window too small"),
                "{name} at {cols}x{rows}:\n{screen}"
            );
        }
        let mut plain_app = plain(build());
        let screen = draw(&mut plain_app, 40, 10);
        assert!(
            screen.contains("Window too small"),
            "{name} plain:\n{screen}"
        );
    }
}

#[test]
fn plain_mode_has_no_box_drawing() {
    for (name, build, label) in views() {
        for (cols, rows) in SIZES {
            let mut app = plain(build());
            let screen = draw(&mut app, cols, rows);
            let drawn: Vec<char> = screen.chars().filter(|&c| is_box_drawing(c)).collect();
            assert!(
                drawn.is_empty(),
                "{name} at {cols}x{rows} draws {drawn:?}:\n{screen}"
            );
            assert!(
                screen.contains(label),
                "{name} at {cols}x{rows} lacks {label:?}:\n{screen}"
            );
        }
    }
}

#[test]
fn plain_mode_writes_focus_last() {
    let mut app = plain(documents_app());
    app.handle(char_key('j'));
    let screen = draw(&mut app, 80, 24);
    let written: Vec<&str> = screen
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert_eq!(
        written.first().map(|line| line.trim_end()),
        Some("Documents, screen 2\u{a0}of\u{a0}6. ? keys, : actions")
    );
    let last = written.last().copied().unwrap_or_default();
    assert!(last.starts_with("› "), "{screen}");
    assert!(last.contains("Fibre contract"), "{last}");

    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|frame| app.render(frame)).expect("draw");
    let cursor = terminal.get_cursor_position().expect("cursor");
    let last_row = u16::try_from(written.len() - 1).expect("row");
    assert_eq!(cursor.y, last_row);
}

#[test]
fn plain_documents_name_each_document() {
    let mut app = plain(documents_app());
    app.handle(key(KeyCode::End));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Documents · sorted by date · 3 of 3"),
        "{screen}"
    );
    assert!(
        screen.contains("Invoice February, Invoice, 2026-02-01, new, 1\u{a0}of\u{a0}3"),
        "{screen}"
    );
    let last = screen
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .unwrap_or_default();
    assert_eq!(
        last.trim_end(),
        "› Invoice January, Invoice, 2026-02-01, read, 3\u{a0}of\u{a0}3"
    );
}

#[test]
fn plain_mode_names_item_state_and_position() {
    let mut app = plain(preferences_with('v'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Theme light, 3\u{a0}of\u{a0}5"), "{screen}");
    assert!(
        screen.contains("Plain mode for screen readers, off, 5\u{a0}of\u{a0}5"),
        "{screen}"
    );
    let last = screen
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .unwrap_or_default();
    assert!(
        last.contains("Theme default, chosen, 1\u{a0}of\u{a0}5"),
        "{last}"
    );
}

/// Returns the last written line of a plain drawing.
fn last(lines: &[String]) -> &str {
    lines.last().map_or("", String::as_str)
}

#[test]
fn plain_dashboard_reads_each_section() {
    check_plain(
        dashboard_app(),
        &[
            "Active contracts: 1",
            "Contract NW-C-1001, Business Fibre, active, 1\u{a0}of\u{a0}1",
            "Documents: 14, 3 new",
            "Invoice February, 2026-02-01, new, 1\u{a0}of\u{a0}1",
            "Open requests: 1",
            "R-2026-000123 Invoice too high",
            "2 unread messages",
        ],
        None,
    );
}

#[test]
fn plain_notification_centre_names_state_and_position() {
    let lines = check_plain(
        notifications_app(),
        &["Notifications · 1 unread of 1"],
        Some("R-2026-000122 is now approved: Next step: Refund paid within 5 days"),
    );
    assert!(
        last(&lines).ends_with(", new, 1\u{a0}of\u{a0}1"),
        "{lines:?}"
    );
}

#[test]
fn plain_requests_list_one_request_a_line() {
    let lines = check_plain(
        requests_app(),
        &[
            "Requests · ",
            "R-2026-000124 Move the fibre line",
            ", 2\u{a0}of\u{a0}2",
        ],
        Some("R-2026-000123 Invoice 2026-02 is too high"),
    );
    assert!(
        last(&lines).ends_with(", 2 unread, 1\u{a0}of\u{a0}2"),
        "{lines:?}"
    );

    let mut app = requests_app();
    app.handle(char_key('j'));
    let lines = check_plain(
        app,
        &[", 1\u{a0}of\u{a0}2"],
        Some("R-2026-000124 Move the fibre line"),
    );
    assert!(last(&lines).ends_with(", 2\u{a0}of\u{a0}2"), "{lines:?}");
}

#[test]
fn plain_agent_queue_names_views_filters_and_assignee() {
    let lines = check_plain(
        agent_requests_app(),
        &["Requests · "],
        Some("R-2026-000001 Unassigned invoice, Northwind Ltd"),
    );
    assert!(
        last(&lines).contains("unassigned, 1\u{a0}of\u{a0}"),
        "{lines:?}"
    );
    let title = lines.get(1).map_or("", String::as_str);
    assert!(title.contains("Requests · "), "{lines:?}");
}

#[test]
fn plain_thread_writes_messages_then_newest_last() {
    let lines = check_plain(
        request_thread_app(),
        &[
            "Request R-2026-000123: Invoice 2026-02 is too high",
            "Handled by: Not assigned yet",
            "Status history: 1",
            "by Dana Agent",
            "Messages: 1",
        ],
        Some("Dana Agent, "),
    );
    assert!(
        last(&lines).ends_with(": We check the invoice, 1\u{a0}of\u{a0}1"),
        "{lines:?}"
    );

    let lines = check_plain(
        thread_app(),
        &["The invoice counts March twice, 1\u{a0}of\u{a0}2"],
        Some("Customer is right, credit note needed, internal"),
    );
    assert!(
        last(&lines).ends_with(", internal note, staff only, 2\u{a0}of\u{a0}2"),
        "{lines:?}"
    );
}

#[test]
fn plain_thread_focuses_the_composer() {
    let mut app = request_thread_app();
    app.handle(char_key('r'));
    type_text(&mut app, "Thanks");
    let lines = check_plain(
        app,
        &["We check the invoice, 1\u{a0}of\u{a0}1"],
        Some("Reply, 6\u{a0}of\u{a0}"),
    );
    assert!(last(&lines).ends_with(": Thanks"), "{lines:?}");
}

#[test]
fn plain_messages_name_unread_and_total() {
    let lines = check_plain(
        messages_app(),
        &["Messages · 1 thread, 2 unread"],
        Some("R-2026-000123 Invoice 2026-02 is too high"),
    );
    assert!(
        last(&lines).ends_with("2 of 3 messages unread, 1\u{a0}of\u{a0}1"),
        "{lines:?}"
    );
}

#[test]
fn plain_activity_reads_each_list() {
    check_plain(
        activity_app(),
        &[
            "Open sessions: 0",
            "No open sessions.",
            "Login history: 1",
            "Login by publickey from 203.0.113.9:52100",
            "success, 1\u{a0}of\u{a0}1",
            "Recent actions: 0",
        ],
        None,
    );
    let mut app = activity_app();
    app.handle(key(KeyCode::Right));
    let lines = check_plain(app, &["Open sessions: 0"], Some("203.0.113.9:52100"));
    assert!(last(&lines).contains("key SHA256:abcDEF123"), "{lines:?}");
    assert!(
        last(&lines).ends_with("success, 1\u{a0}of\u{a0}1"),
        "{lines:?}"
    );
}

#[test]
fn plain_preferences_list_profile_facts() {
    check_plain(
        preferences_app(),
        &[
            "Handle: alice",
            "Email: alice@example.com",
            "Organisation: Northwind Ltd",
            "TOTP (two-factor): enrolled",
            "Recovery codes: 8 left",
        ],
        None,
    );
}

#[test]
fn plain_document_detail_lists_fields() {
    check_plain(
        document_detail_app(),
        &[
            "Document: Invoice February",
            "Status: read",
            "SHA-256: ",
            "Download: sftp alice@127.0.0.1:/documents/x.pdf",
            "Text preview",
            "Amount due 182.31 EUR",
        ],
        None,
    );
}

#[test]
fn plain_contracts_name_term_and_position() {
    let lines = check_plain(
        contracts_app(),
        &["Contracts · "],
        Some("Contract NW-C-1001, Business Fibre since 2025-03-01"),
    );
    assert!(last(&lines).contains("Static IP"), "{lines:?}");
    assert!(last(&lines).ends_with(", 1\u{a0}of\u{a0}1"), "{lines:?}");
}

#[test]
fn plain_mode_lists_keys_and_questions() {
    let mut app = plain(documents_app());
    app.handle(char_key('?'));
    let screen = draw(&mut app, 80, 40);
    assert!(
        screen.contains("s: sort by date, kind, title or size"),
        "{screen}"
    );
    assert!(screen.contains("q Ctrl-C: quit"), "{screen}");

    app.handle(key(KeyCode::Esc));
    app.handle(char_key('q'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Quit Portico? y/n"), "{screen}");
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(lines.last(), Some(&"› Quit Portico? y/n"), "{screen}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("Invoice February")),
        "the focused document stays listed: {screen}"
    );
}

#[test]
fn plain_palette_without_match_focuses_search() {
    let mut app = plain(documents_app());
    app.handle(ctrl('p'));
    type_text(&mut app, "zzzz");
    let screen = draw(&mut app, 80, 24);
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    assert!(screen.contains("No action matches"), "{screen}");
    assert_eq!(
        lines.last(),
        Some(&"› Run an action. Find: zzzz"),
        "{screen}"
    );
}

#[test]
fn saved_preferences_switch_plain_and_theme() {
    let mut app = preferences_with('v');
    assert!(!app.is_plain());
    app.handle(char_key('s'));
    let saved = DisplayPreferences {
        theme: "high-contrast".to_string(),
        plain: true,
    };
    app.handle(Event::Done(CommandResult::DisplaySaved(saved)));
    assert!(app.is_plain());
    assert_eq!(
        app.theme,
        crate::tui::Theme::builtin("high-contrast").expect("theme")
    );
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Display settings saved."), "{screen}");
}

#[test]
fn truecolor_only_when_announced() {
    let mut app = documents_app();
    let mut display = SessionDisplay {
        preferences: DisplayPreferences {
            theme: "high-contrast".to_string(),
            plain: false,
        },
        ..SessionDisplay::default()
    };
    app.set_display(display.clone());
    let colors = |app: &mut App| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal.draw(|frame| app.render(frame)).expect("draw");
        terminal.backend().buffer().content[0].bg
    };
    assert_eq!(colors(&mut app), ratatui::style::Color::Indexed(16));
    display.client.set_variable("COLORTERM", "truecolor");
    app.set_display(display);
    assert_eq!(colors(&mut app), ratatui::style::Color::Rgb(0, 0, 0));
}

/// Names a key as the key lists write it.
fn key_names(key: &KeyEvent) -> Vec<String> {
    if key.modifiers.contains(KeyModifiers::CTRL)
        && let KeyCode::Char(c) = key.code
    {
        return vec![format!("Ctrl-{}", c.to_ascii_uppercase())];
    }
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        _ => format!("{:?}", key.code),
    };
    vec![name]
}

fn candidate_keys(text_focus: bool) -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ]
    .into_iter()
    .map(KeyEvent::new)
    .collect();
    for c in ['s', 'k', 'o', 'n'] {
        keys.push(KeyEvent::new(KeyCode::Char(c)).modifiers(KeyModifiers::CTRL));
    }
    if !text_focus {
        let printable = ('a'..='z').chain('A'..='Z').chain(" /*".chars());
        keys.extend(printable.map(|c| KeyEvent::new(KeyCode::Char(c))));
    }
    keys
}

#[test]
fn key_list_covers_every_handled_key() {
    let mut missing = Vec::new();
    for (name, build, _) in views() {
        let probe = build();
        if probe.enrolment.is_some() {
            continue;
        }
        let current = probe.current;
        let text_focus = probe.screen(current).text_focus();
        // A text field takes every key, so only views without one are
        // checked.
        if text_focus {
            continue;
        }
        let listed: Vec<String> = probe
            .screen(current)
            .keys()
            .iter()
            .flat_map(|(keys, _)| {
                keys.split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        for candidate in candidate_keys(text_focus) {
            let mut app = build();
            let handled = app.screen_mut(current).handle_key(&candidate).handled;
            let named = key_names(&candidate)
                .iter()
                .any(|name| listed.contains(name));
            if handled && !named {
                missing.push(format!("{name}: {:?}", key_names(&candidate)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys that work but `?` does not list: {missing:#?}"
    );
}

#[test]
fn global_keys_mean_the_same_everywhere() {
    for (name, build, _) in views() {
        let probe = build();
        if probe.enrolment.is_some() {
            continue;
        }
        let start = probe.current;
        if !probe.screen(start).text_focus() {
            let mut app = build();
            app.handle(char_key('4'));
            assert_eq!(app.current, ScreenId::Messages, "{name}: 4");

            let mut app = build();
            app.handle(key(KeyCode::Tab));
            assert_eq!(app.current, start.cycle(false), "{name}: Tab");

            let mut app = build();
            app.handle(char_key('?'));
            assert!(app.help, "{name}: ?");

            let mut app = build();
            app.handle(char_key(':'));
            assert!(app.palette.is_some(), "{name}: :");

            let mut app = build();
            app.handle(char_key('q'));
            assert_eq!(
                app.question.map(|(question, _)| question),
                Some(Question::Quit),
                "{name}: q"
            );
        }

        let mut app = build();
        app.handle(ctrl('p'));
        assert!(app.palette.is_some(), "{name}: Ctrl-P");

        let mut app = build();
        app.handle(ctrl('k'));
        assert!(app.palette.is_some(), "{name}: Ctrl-K");

        let mut app = build();
        app.handle(ctrl('c'));
        assert_eq!(
            app.question.map(|(question, _)| question),
            Some(Question::Quit),
            "{name}: Ctrl-C"
        );
    }
}

#[test]
fn palette_finds_and_runs_action() {
    let mut app = documents_app();
    app.handle(char_key(':'));
    type_text(&mut app, "archive");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Run an action"), "{screen}");
    assert!(
        screen.contains("show the archive or the current documents"),
        "{screen}"
    );
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Load(Load::Documents(DocumentQueryKey {
            archived: true,
            ..DocumentQueryKey::default()
        }))]
    );
    assert!(!draw(&mut app, 80, 24).contains("Run an action"));
}

#[test]
fn palette_goes_to_screens_by_name() {
    let mut app = documents_app();
    app.handle(ctrl('p'));
    type_text(&mut app, "go to activ");
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        vec![Effect::Load(Load::Activity)]
    );
}

#[test]
fn palette_opens_over_text_field_with_ctrl_p() {
    let mut app = request_form_app();
    type_text(&mut app, "Router");
    app.handle(ctrl('p'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Run an action"), "{screen}");
    app.handle(key(KeyCode::Esc));
    let screen = draw(&mut app, 80, 24);
    assert!(!screen.contains("Run an action"), "{screen}");
    assert!(screen.contains("Router"), "{screen}");
    // `:` is typed while a text field has the keyboard.
    app.handle(char_key(':'));
    assert!(draw(&mut app, 80, 24).contains("Router:"));
}

#[test]
fn plain_mode_reads_palette() {
    let mut app = plain(documents_app());
    app.handle(char_key(':'));
    type_text(&mut app, "sort");
    let screen = draw(&mut app, 80, 24);
    let last = screen
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .unwrap_or_default();
    assert!(
        last.contains("sort by date, kind, title or size, s, 1\u{a0}of"),
        "{last}"
    );
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Returns the row of the drawn screen that contains `needle`.
fn row_of(screen: &str, needle: &str) -> u16 {
    let index = screen
        .lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not drawn:\n{screen}"));
    u16::try_from(index).expect("row")
}

#[test]
fn click_selects_then_opens_row() {
    let mut app = documents_app();
    let screen = draw(&mut app, 80, 24);
    let january = row_of(&screen, "Invoice January");
    assert!(
        app.handle(mouse(MouseEventKind::Down(MouseButton::Left), 10, january))
            .is_empty()
    );
    let screen = draw(&mut app, 80, 24);
    let selected = screen.lines().nth(usize::from(january)).unwrap_or_default();
    assert!(selected.contains("› "), "{screen}");

    let effects = app.handle(mouse(MouseEventKind::Down(MouseButton::Left), 10, january));
    assert_eq!(effects, vec![Effect::Load(Load::Document(3))]);
}

#[test]
fn wheel_moves_and_stray_clicks_ignored() {
    let mut app = documents_app();
    draw(&mut app, 80, 24);
    app.handle(mouse(MouseEventKind::Scroll(ScrollDirection::Down), 10, 10));
    let screen = draw(&mut app, 80, 24);
    let fibre = screen
        .lines()
        .find(|line| line.contains("Fibre contract"))
        .unwrap_or_default();
    assert!(fibre.contains("› "), "{screen}");

    assert!(
        app.handle(mouse(MouseEventKind::Down(MouseButton::Left), 5, 0))
            .is_empty()
    );
    assert!(
        app.handle(mouse(MouseEventKind::Down(MouseButton::Left), 5, 23))
            .is_empty()
    );
    let screen = draw(&mut app, 80, 24);
    let fibre = screen
        .lines()
        .find(|line| line.contains("Fibre contract"))
        .unwrap_or_default();
    assert!(fibre.contains("› "), "{screen}");
}

/// Returns the column where `needle` starts on row `y` of a drawn buffer,
/// counting terminal cells.
fn column_of(buffer: &ratatui::buffer::Buffer, y: u16, needle: &str) -> Option<u16> {
    let width = buffer.area.width;
    let cells: Vec<&str> = (0..width)
        .map(|x| buffer.cell((x, y)).map_or(" ", |cell| cell.symbol()))
        .collect();
    let wanted: Vec<String> = needle.chars().map(|c| c.to_string()).collect();
    (0..cells.len().saturating_sub(wanted.len())).find_map(|start| {
        let matches = wanted
            .iter()
            .enumerate()
            .all(|(offset, c)| cells.get(start + offset) == Some(&c.as_str()));
        matches.then(|| u16::try_from(start).unwrap_or(u16::MAX))
    })
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut app = app();
    app.handle(char_key('2'));
    let mut wide = document(1, "invoice", "請求書 2026 📄 cafe\u{301}", "new");
    wide.issue_date = "2026-01-15".to_string();
    let mut narrow = document(2, "invoice", "Invoice plain", "read");
    narrow.issue_date = "2026-01-16".to_string();
    app.handle(Event::Loaded(Loaded::Documents(vec![wide, narrow])));
    for (cols, rows) in SIZES {
        draw(&mut app, cols, rows);
        let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("terminal");
        terminal.draw(|frame| app.render(frame)).expect("draw");
        let buffer = terminal.backend().buffer();
        let columns: Vec<(u16, Option<u16>, Option<u16>)> = (0..rows)
            .map(|y| {
                (
                    y,
                    column_of(buffer, y, "2026-01-15"),
                    column_of(buffer, y, "2026-01-16"),
                )
            })
            .collect();
        let wide_at = columns.iter().find_map(|(_, wide, _)| *wide);
        let narrow_at = columns.iter().find_map(|(_, _, narrow)| *narrow);
        assert!(
            wide_at.is_some(),
            "{cols}x{rows}: wide row's date not drawn"
        );
        assert_eq!(
            wide_at, narrow_at,
            "{cols}x{rows}: dates start in different columns"
        );
    }
}

#[test]
fn narrow_lists_mark_cut_text() {
    let mut app = requests_app();
    let screen = draw(&mut app, 60, 16);
    let row = screen
        .lines()
        .find(|line| line.contains("R-2026-000123"))
        .unwrap_or_default();
    assert!(row.contains("● Invoice 2026-02 is t…"), "{screen}");

    let mut app = documents_app();
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("Fibre contract"), "{screen}");
}

#[test]
fn long_message_wraps_instead_of_cut() {
    let mut app = app();
    app.handle(char_key('4'));
    app.handle(Event::Loaded(Loaded::Threads(vec![request(
        123,
        "Invoice 2026-02 is too high",
        "under-review",
        0,
        1,
    )])));
    app.handle(key(KeyCode::Enter));
    let body = format!(
        "{} final-word",
        "The invoice counts March twice. ".repeat(4)
    );
    let messages = vec![message(1, "Dana Agent", &body, false)];
    app.handle(Event::Loaded(Loaded::Request(Box::new(detail(messages)))));
    draw(&mut app, 60, 16);
    app.handle(key(KeyCode::End));
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("final-word"), "{screen}");
}

#[test]
fn palette_and_display_commands_reach_the_session() {
    let mut app = preferences_with('v');
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Enter));
    let effects = app.handle(char_key('s'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::SaveDisplay(DisplayPreferences {
            theme: "high-contrast".to_string(),
            plain: false,
        }))]
    );
}

#[test]
fn wheel_scrolls_key_list() {
    let mut app = App::new(
        principal(Role::Agent),
        theme(),
        StartMode::Dashboard,
        80,
        24,
    )
    .0;
    app.handle(char_key('3'));
    app.handle(char_key('?'));
    let screen = draw(&mut app, 60, 16);
    assert!(!screen.contains("q Ctrl-C"), "{screen}");
    for _ in 0..60 {
        app.handle(mouse(MouseEventKind::Scroll(ScrollDirection::Down), 10, 8));
    }
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("q Ctrl-C"), "{screen}");
    assert!(screen.contains("keys above."), "{screen}");
}
