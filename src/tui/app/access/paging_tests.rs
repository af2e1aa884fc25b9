//! Tests of paging in the plain mode and of the scrolling key list, at the
//! smallest window (60x16) and the usual one (80x24).

use terminput::KeyModifiers;

use crate::domain::Role;
use crate::service::overview::{Dashboard, Deadline};
use crate::tui::screens::fixtures::{
    app, char_key, contract, document, draw, in_french, key, plain, principal, request,
    requests_app, theme, type_text,
};
use crate::tui::{App, Event, KeyCode, KeyEvent, Loaded, StartMode};

/// Returns the written rows of a drawing, without trailing spaces.
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|line| line.trim_end().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Returns the index of the notice row, which counts the hidden lines or
/// names the shown page.
fn notice_row(screen: &[String]) -> Option<usize> {
    screen
        .iter()
        .position(|row| row.contains(" hidden. Press ") || row.starts_with("Page "))
}

/// Builds a customer's dashboard with more sections than 16 rows show.
fn full_dashboard_app() -> App {
    let mut app = app();
    let contracts = (1..=3)
        .map(|n| {
            let mut record = contract();
            record.number = format!("NW-C-100{n}");
            record
        })
        .collect();
    let deadlines = (1..=3)
        .map(|n| Deadline {
            date: format!("2026-0{n}-15"),
            days_left: 10 * n,
            label: "Notice before renewal".to_string(),
            contract_number: format!("NW-C-100{n}"),
        })
        .collect();
    let documents = (1..=4)
        .map(|n| document(n, "invoice", &format!("Invoice {n}"), "new"))
        .collect();
    let requests = (1..=3)
        .map(|n| request(100 + n, &format!("Question {n}"), "received", 0, 1))
        .collect();
    app.handle(Event::Loaded(Loaded::Dashboard(Box::new(Dashboard {
        active_contracts: contracts,
        deadlines,
        recent_documents: documents,
        document_count: 4,
        new_document_count: 4,
        open_requests: requests,
        open_request_count: 3,
        unread_messages: 2,
        ..Dashboard::default()
    }))));
    plain(app)
}

/// Builds an agent's queue of 30 requests with a status filter set.
fn long_queue_app() -> App {
    let mut app = App::new(
        principal(Role::Agent),
        theme(),
        StartMode::Dashboard,
        80,
        24,
    )
    .0;
    app.handle(char_key('3'));
    app.handle(char_key('s'));
    let requests = (1..=30)
        .map(|n| request(n, &format!("Queue item {n}"), "received", 0, 1))
        .collect();
    app.handle(Event::Loaded(Loaded::Requests(requests)));
    plain(app)
}

/// Presses `[` until the notice reads that the first line is shown, and returns
/// every row drawn on the way.
fn page_to_start(app: &mut App, cols: u16, rows_high: u16) -> Vec<String> {
    let mut seen = rows(&draw(app, cols, rows_high));
    for _ in 0..50 {
        app.handle(char_key('['));
        let page = rows(&draw(app, cols, rows_high));
        let at_start = page.iter().any(|row| row.starts_with("Page 1 of "));
        seen.extend(page);
        if at_start {
            return seen;
        }
    }
    panic!("[ never reached the first line:\n{}", seen.join("\n"));
}

#[test]
fn dashboard_at_60x16_marks_hidden_lines() {
    let mut app = full_dashboard_app();
    let screen = rows(&draw(&mut app, 60, 16));
    assert_eq!(
        screen.first().map(String::as_str),
        Some("Dashboard, screen 1\u{a0}of\u{a0}6. ? keys, : actions")
    );
    let notice = screen.get(1).map_or("", String::as_str);
    assert!(
        notice.ends_with("earlier lines hidden. Press [ and ] to read them."),
        "{screen:#?}"
    );
    assert!(screen.len() <= 16, "{screen:#?}");
    assert!(
        screen
            .get(2)
            .is_some_and(|row| row.starts_with("Notice before renewal, contract")),
        "the page starts inside a line: {screen:#?}"
    );
    let end = screen[screen.len() - 2..].join(" ");
    assert_eq!(
        end, "Messages: 2 unread messages; notifications: 0 unread notifications",
        "{screen:#?}"
    );
}

#[test]
fn dashboard_at_60x16_reaches_every_section() {
    let mut app = full_dashboard_app();
    let seen = page_to_start(&mut app, 60, 16);
    let sections = [
        "Active contracts: 3",
        "Contract NW-C-1001, Business Fibre",
        "Contract NW-C-1003, Business Fibre",
        "Upcoming deadlines: 3",
        "Notice before renewal, contract NW-C-1001",
        "Notice before renewal, contract NW-C-1003",
        "Documents: 4, 4 new",
        "Invoice 1, 2026-02-01",
        "Invoice 4, 2026-02-01",
        "Open requests: 3",
        "Question 1",
        "Question 3",
        "2 unread messages",
    ];
    for section in sections {
        assert!(
            seen.iter().any(|row| row.contains(section)),
            "{section:?} never shown:\n{}",
            seen.join("\n")
        );
    }
}

#[test]
fn forward_pages_back_to_focus() {
    let mut app = full_dashboard_app();
    let following = draw(&mut app, 60, 16);
    page_to_start(&mut app, 60, 16);
    for _ in 0..50 {
        app.handle(char_key(']'));
        if draw(&mut app, 60, 16) == following {
            return;
        }
    }
    panic!("] never came back to the last page");
}

#[test]
fn queue_at_80x24_keeps_headings_on_every_page() {
    let mut app = long_queue_app();
    let first = rows(&draw(&mut app, 80, 24));
    let notice = notice_row(&first).expect("notice row");
    let headings = first[..notice].to_vec();
    assert_eq!(
        headings.first().map(String::as_str),
        Some("Requests, screen 3\u{a0}of\u{a0}6. ? keys, : actions")
    );
    assert!(
        headings
            .get(1)
            .is_some_and(|row| row.starts_with("Requests · [All open 30]")),
        "{first:#?}"
    );
    assert!(
        headings.iter().any(|row| row.starts_with("Filters: ")),
        "{first:#?}"
    );
    assert!(headings.join(" ").contains("status Received"), "{first:#?}");
    assert!(
        first[notice].ends_with("earlier lines hidden. Press [ and ] to read them."),
        "{first:#?}"
    );
    let last = first.last().map_or("", String::as_str);
    assert!(
        last.starts_with("› R-2026-000001 Queue item 1,") && last.ends_with("1\u{a0}of\u{a0}30"),
        "{first:#?}"
    );

    for _ in 0..3 {
        app.handle(char_key('['));
        let page = rows(&draw(&mut app, 80, 24));
        assert_eq!(page[..notice], headings[..], "{page:#?}");
        assert!(page[notice].starts_with("Page "), "{page:#?}");
    }
    let mut seen = first.clone();
    seen.extend(page_to_start(&mut app, 80, 24));
    for n in 2..=30 {
        let item = format!("Queue item {n},");
        assert!(
            seen.iter().any(|row| row.contains(&item)),
            "{item:?} never shown:\n{}",
            seen.join("\n")
        );
    }
}

#[test]
fn other_key_returns_focus_last() {
    let mut app = long_queue_app();
    draw(&mut app, 80, 24);
    app.handle(char_key('['));
    app.handle(char_key('['));
    let paged = rows(&draw(&mut app, 80, 24));
    assert!(
        !paged.last().is_some_and(|row| row.starts_with("› ")),
        "{paged:#?}"
    );

    app.handle(char_key('j'));
    let screen = draw(&mut app, 80, 24);
    let written = rows(&screen);
    let last = written.last().map_or("", String::as_str);
    assert!(
        last.starts_with("› R-2026-000002 Queue item 2") && last.ends_with("2\u{a0}of\u{a0}30"),
        "{written:#?}"
    );
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|frame| app.render(frame)).expect("draw");
    let cursor = terminal.get_cursor_position().expect("cursor");
    assert_eq!(usize::from(cursor.y), written.len() - 1);
}

#[test]
fn esc_only_stops_paging() {
    let mut app = long_queue_app();
    let following = draw(&mut app, 80, 24);
    app.handle(char_key('['));
    assert_ne!(draw(&mut app, 80, 24), following);

    let effects = app.handle(key(KeyCode::Esc));
    assert!(effects.is_empty(), "{effects:?}");
    let screen = draw(&mut app, 80, 24);
    assert_eq!(screen, following);
    assert!(
        screen.contains("status Received"),
        "Esc cleared the filters:\n{screen}"
    );
}

#[test]
fn notice_reads_in_french() {
    let mut app = in_french(full_dashboard_app(), true);
    let screen = rows(&draw(&mut app, 60, 16));
    let notice = screen.get(1).map_or("", String::as_str);
    assert!(
        notice.ends_with("lignes masquées plus haut. [ et ] pour les lire."),
        "{screen:#?}"
    );
    app.handle(char_key('['));
    let screen = rows(&draw(&mut app, 60, 16));
    let notice = screen.get(1).map_or("", String::as_str);
    assert!(notice.starts_with("Page "), "{screen:#?}");
    assert!(notice.contains(" sur "), "{screen:#?}");
    assert!(
        notice.ends_with("[ avant, ] après, Échap vers le focus."),
        "{screen:#?}"
    );
}

#[test]
fn key_list_pages_at_60x16() {
    let mut app = long_queue_app();
    app.handle(char_key('?'));
    let screen = rows(&draw(&mut app, 60, 16));
    assert_eq!(
        screen.get(1).map(String::as_str),
        Some("Keys"),
        "{screen:#?}"
    );
    let last = screen.last().map_or("", String::as_str);
    assert_eq!(
        last, "Alt-↑ Alt-↓: the same, also in a text field",
        "{screen:#?}"
    );
    assert!(
        screen
            .iter()
            .any(|row| row == "[ ]: previous, next page of lines"),
        "{screen:#?}"
    );
    let seen = page_to_start(&mut app, 60, 16);
    assert!(
        seen.iter().any(|row| row.starts_with("v V: ")),
        "{}",
        seen.join("\n")
    );
}

fn alt(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code).modifiers(KeyModifiers::ALT))
}

#[test]
fn palette_pages_with_alt_arrows() {
    let mut app = long_queue_app();
    app.handle(char_key(':'));
    let screen = rows(&draw(&mut app, 60, 16));
    let notice = screen.get(2).map_or("", String::as_str);
    assert!(
        notice.contains("Press Alt-↑ and Alt-↓ to read them."),
        "{screen:#?}"
    );

    app.handle(alt(KeyCode::Up));
    let screen = rows(&draw(&mut app, 60, 16));
    assert!(
        screen.get(2).is_some_and(|row| row.starts_with("Page ")),
        "{screen:#?}"
    );

    type_text(&mut app, "[");
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("Find: ["), "{screen}");
}

#[test]
fn form_types_brackets() {
    let mut app = plain(requests_app());
    app.handle(char_key('n'));
    type_text(&mut app, "[urgent]");
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("Subject: [urgent]"), "{screen}");
}

#[test]
fn long_message_form_pages_with_alt() {
    let mut app = plain(requests_app());
    app.handle(char_key('n'));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    for n in 1..=20 {
        type_text(&mut app, &format!("Line {n} [draft]"));
        app.handle(key(KeyCode::Enter));
    }
    type_text(&mut app, "Last");
    let following = rows(&draw(&mut app, 60, 16));
    assert_eq!(following.get(1).map(String::as_str), Some("New request"));
    assert!(
        following
            .get(2)
            .is_some_and(|row| row.ends_with("Press Alt-↑ and Alt-↓ to read them.")),
        "{following:#?}"
    );
    assert_eq!(
        following.last().map(String::as_str),
        Some("› Message, last line: Last")
    );

    let mut seen = following.clone();
    for _ in 0..5 {
        app.handle(alt(KeyCode::Up));
        let page = rows(&draw(&mut app, 60, 16));
        assert_eq!(page.get(1).map(String::as_str), Some("New request"));
        seen.extend(page);
    }
    for text in ["Subject: empty", "Message, 21 lines:", "Line 1 [draft]"] {
        assert!(
            seen.iter().any(|row| row == text),
            "{text:?} never shown:\n{}",
            seen.join("\n")
        );
    }

    type_text(&mut app, "!");
    let screen = rows(&draw(&mut app, 60, 16));
    assert_eq!(
        screen.last().map(String::as_str),
        Some("› Message, last line: Last!")
    );
}

#[test]
fn key_list_scrolls_to_last_key() {
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
    assert!(screen.contains("more keys below."), "{screen}");
    assert!(!screen.contains("q Ctrl-C"), "{screen}");

    for _ in 0..20 {
        app.handle(key(KeyCode::PageDown));
    }
    let screen = draw(&mut app, 60, 16);
    assert!(screen.contains("q Ctrl-C"), "{screen}");
    assert!(screen.contains("keys above."), "{screen}");
    assert!(!screen.contains("below."), "{screen}");

    app.handle(key(KeyCode::Home));
    let screen = draw(&mut app, 60, 16);
    assert!(!screen.contains("above."), "{screen}");
    app.handle(key(KeyCode::Esc));
    assert!(!draw(&mut app, 60, 16).contains("Keys: Requests"));
}

/// Returns the rows inside the key list's border on a drawn screen, each with
/// whether the column just inside the right border is blank.
fn key_list_rows(screen: &str) -> Vec<(String, bool)> {
    screen
        .lines()
        .filter_map(|line| {
            let chars: Vec<char> = line.chars().collect();
            let left = chars.iter().position(|&c| c == '│')?;
            let right = chars.iter().rposition(|&c| c == '│')?;
            if right <= left + 1 {
                return None;
            }
            let inner: String = chars[left + 1..right].iter().collect();
            let blank_edge = chars[right - 1] == ' ';
            Some((inner, blank_edge))
        })
        .collect()
}

/// Reads the number after `mark` in the key list's footer, 0 without it.
fn footer_count(rows: &[(String, bool)], mark: char) -> usize {
    rows.iter()
        .find_map(|(row, _)| {
            let after = row.split(mark).nth(1)?;
            after.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or(0)
}

#[test]
fn key_list_pages_whole_keys() {
    for french in [false, true] {
        let (mut app, _) = App::new(
            principal(Role::Agent),
            theme(),
            StartMode::Dashboard,
            60,
            16,
        );
        if french {
            app = in_french(app, false);
        }
        app.handle(char_key('3'));
        app.handle(char_key('?'));
        let mut total = None;
        let mut seen_last = false;
        for step in 0..40 {
            let screen = draw(&mut app, 60, 16);
            let rows = key_list_rows(&screen);
            let case = format!("french {french}, step {step}:\n{screen}");
            let footer_start = rows
                .iter()
                .position(|(row, _)| row.contains('▼') || row.contains('▲'))
                .unwrap_or_else(|| panic!("no count: {case}"));
            let key_rows = &rows[..footer_start];
            // A key starts where the key column is filled; a wrapped
            // description continues under a blank key column.
            let starts_key = |row: &str| row.chars().nth(1).is_some_and(|c| c != ' ');
            assert!(
                key_rows.first().is_some_and(|(row, _)| starts_key(row)),
                "page starts inside a key: {case}"
            );
            let shown = key_rows.iter().filter(|(row, _)| starts_key(row)).count();
            let above = footer_count(&rows, '▲');
            let below = footer_count(&rows, '▼');
            let sum = above + shown + below;
            assert_eq!(
                *total.get_or_insert(sum),
                sum,
                "keys lost or counted twice: {case}"
            );

            // The count is one sentence, so its row ends with its full stop.
            let counted = rows[footer_start].0.trim_end();
            let sentence_end = counted.find(". ").map_or(counted, |end| &counted[..=end]);
            assert!(sentence_end.ends_with('.'), "count split: {case}");
            for (row, blank_edge) in &rows {
                assert!(blank_edge, "{row:?} touches the border: {case}");
            }
            if below == 0 {
                seen_last = true;
                break;
            }
            app.handle(key(KeyCode::Down));
        }
        let screen = draw(&mut app, 60, 16);
        assert!(seen_last, "↓ never reached the last key:\n{screen}");
    }
}
