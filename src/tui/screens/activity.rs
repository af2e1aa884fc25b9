//! The activity screen: the caller's open sessions, which can be ended
//! from here, the login history, and recent actions from the audit log.

use crate::domain::audit::describe_action;
use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{LoadState, Question, Reaction, Screen, format_time, render_waiting, time_width};
use crate::domain::text::sanitize_line;
use crate::service::account::Activity;
use crate::store::history::LoginRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::Notice;
use crate::tui::widgets::{ListSelection, MARKER, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// The table the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Sessions,
    Logins,
    Actions,
}

pub struct ActivityScreen {
    data: Option<Activity>,
    state: LoadState,
    sessions: ListSelection,
    logins: ListSelection,
    actions: ListSelection,
    focus: Pane,
    /// The session the open "end session" question is about.
    ending: Option<i64>,
}

impl Default for ActivityScreen {
    fn default() -> Self {
        ActivityScreen::new()
    }
}

impl ActivityScreen {
    pub fn new() -> ActivityScreen {
        ActivityScreen {
            data: None,
            state: LoadState::Loading,
            sessions: ListSelection::new(),
            logins: ListSelection::new(),
            actions: ListSelection::new(),
            focus: Pane::Sessions,
            ending: None,
        }
    }

    pub fn loaded(&mut self, activity: Activity) {
        self.sessions.set_len(activity.sessions.len());
        self.logins.set_len(activity.logins.len());
        self.actions.set_len(activity.actions.len());
        self.data = Some(activity);
        self.state = LoadState::Ready;
    }

    /// Asks to end the selected session, unless it is this one, which `q`
    /// ends.
    fn ask_end_session(&mut self) -> Reaction {
        let Some(data) = &self.data else {
            return Reaction::handled();
        };
        let Some(session) = self
            .sessions
            .selected()
            .and_then(|index| data.sessions.get(index))
        else {
            return Reaction::handled();
        };
        if Some(session.id) == data.current_session {
            return Reaction::handled().with_notice(Notice::info(tr!("activity-current-session")));
        }
        self.ending = Some(session.id);
        Reaction::ask(Question::EndSession)
    }
}

/// The login methods the login history records, with the message id of
/// each one's label. The English label is the stored name.
const METHODS: [(&str, &str); 6] = [
    ("password", "activity-method-password"),
    ("publickey", "activity-method-publickey"),
    ("totp", "activity-method-totp"),
    ("recovery-code", "activity-method-recovery-code"),
    ("enrolment", "activity-method-enrolment"),
    ("reset-code", "activity-method-reset-code"),
];

/// The login outcomes the login history records, with the message id of
/// each one's label. The English label is the stored text.
const OUTCOMES: [(&str, &str); 11] = [
    ("login", "activity-outcome-login"),
    ("success", "activity-outcome-success"),
    ("accepted", "activity-outcome-accepted"),
    (
        "first factor accepted",
        "activity-outcome-first-factor-accepted",
    ),
    ("rejected", "activity-outcome-rejected"),
    (
        "rejected: code already used",
        "activity-outcome-code-already-used",
    ),
    (
        "rejected: no first factor",
        "activity-outcome-no-first-factor",
    ),
    ("rejected: answer count", "activity-outcome-answer-count"),
    (
        "rejected: answer too long",
        "activity-outcome-answer-too-long",
    ),
    (
        "rejected: factor suspended",
        "activity-outcome-factor-suspended",
    ),
    ("rejected: throttled", "activity-outcome-throttled"),
];

/// Returns the label of a stored method or outcome from `known`, in the
/// current language. A value not in `known`, such as one an older version
/// recorded, reads as stored.
fn stored_label(known: &[(&str, &str)], stored: &str) -> String {
    known
        .iter()
        .find(|(name, _)| *name == stored)
        .map_or_else(|| sanitize_line(stored), |(_, id)| tr!(id))
}

fn method_label(method: &str) -> String {
    stored_label(&METHODS, method)
}

fn outcome_label(outcome: &str) -> String {
    stored_label(&OUTCOMES, outcome)
}

/// Returns the width of the longest label of `known` in the current
/// language, the most a column of these labels needs.
fn widest_label(known: &[(&str, &str)]) -> usize {
    known
        .iter()
        .map(|(_, id)| tr!(id).width())
        .max()
        .unwrap_or(0)
}

/// The outcome column's width when the window is too narrow for more.
const MIN_OUTCOME_WIDTH: usize = 8;

/// The method column's width when the window is too narrow for more, once
/// the outcome gave way: "password" fits.
const MIN_METHOD_WIDTH: usize = 8;

/// Columns the peer address keeps when the outcome column grows past
/// [`MIN_OUTCOME_WIDTH`]. They fit "198.51.100.7:52100", but the longest
/// IPv4 address with a port needs 21.
const MIN_PEER_WIDTH: usize = 18;

/// Returns the width of the widest cell in `column` of `cells`, or of
/// `header` if that is wider, capped at `max`.
fn column_width(cells: &[[String; 4]], column: usize, header: &str, max: usize) -> usize {
    cells
        .iter()
        .filter_map(|row| row.get(column))
        .map(|cell| cell.width())
        .chain([header.width()])
        .max()
        .unwrap_or(0)
        .min(max)
}

/// Sizes the login table's columns for a table `width` columns wide: the
/// time fixed, the method and outcome as wide as their longest value, and
/// the peer address the rest. On a narrow window the outcome gives way
/// first, down to [`MIN_OUTCOME_WIDTH`], then the method, down to
/// [`MIN_METHOD_WIDTH`], so the peer address stays readable.
fn login_widths(cells: &[[String; 4]], headers: &[String; 4], width: u16) -> [Constraint; 4] {
    // The table puts the row marker and one space between columns.
    let usable = usize::from(width).saturating_sub(MARKER.width() + 3);

    let time = column_width(cells, 0, &headers[0], usize::MAX);
    let method = column_width(cells, 1, &headers[1], widest_label(&METHODS));
    let outcome = column_width(cells, 2, &headers[2], widest_label(&OUTCOMES));
    let outcome_room = usable.saturating_sub(time + method + MIN_PEER_WIDTH);
    let outcome = outcome.min(outcome_room.max(MIN_OUTCOME_WIDTH));
    let method_room = usable.saturating_sub(time + outcome + MIN_PEER_WIDTH);
    let method = method.min(method_room.max(MIN_METHOD_WIDTH));

    let length = |columns: usize| Constraint::Length(u16::try_from(columns).unwrap_or(u16::MAX));
    [
        length(time),
        length(method),
        length(outcome),
        Constraint::Fill(1),
    ]
}

/// The target column's width in the table of recent actions when the
/// window has room: "document:123456" fits.
const ACTION_TARGET_WIDTH: usize = 18;

/// Columns the target keeps next to a long description: "document:123"
/// fits.
const MIN_ACTION_TARGET_WIDTH: usize = 12;

/// Columns the detail keeps next to a long description.
const MIN_ACTION_DETAIL_WIDTH: usize = 6;

/// Sizes the table of recent actions for a table `width` columns wide: the
/// time fixed, the description as wide as the longest one shown, the
/// target [`ACTION_TARGET_WIDTH`] and the detail the rest. On a narrow
/// window the description gives way once the target and the detail are
/// down to [`MIN_ACTION_TARGET_WIDTH`] and [`MIN_ACTION_DETAIL_WIDTH`].
fn action_widths(
    cells: &[[String; 4]],
    headers: &[String; 4],
    width: u16,
    clock: &Regional,
) -> [Constraint; 4] {
    // The table puts the row marker and one space between columns.
    let usable = usize::from(width).saturating_sub(MARKER.width() + 3);
    let time = usize::from(time_width(clock));
    let action_room =
        usable.saturating_sub(time + MIN_ACTION_TARGET_WIDTH + MIN_ACTION_DETAIL_WIDTH);
    let action = column_width(cells, 1, &headers[1], action_room);
    let target_room = usable.saturating_sub(time + action + MIN_ACTION_DETAIL_WIDTH);
    let target = ACTION_TARGET_WIDTH.min(target_room.max(MIN_ACTION_TARGET_WIDTH));

    let length = |columns: usize| Constraint::Length(u16::try_from(columns).unwrap_or(u16::MAX));
    [
        length(time),
        length(action),
        length(target),
        Constraint::Fill(1),
    ]
}

/// Returns the key and client version of a login, for the line under the
/// login table.
fn login_detail(login: &LoginRecord) -> String {
    let key = login
        .key_fingerprint
        .as_deref()
        .map_or_else(|| tr!("common-none"), sanitize_line);
    let client = login
        .client_version
        .as_deref()
        .map_or_else(|| tr!("activity-no-client"), sanitize_line);
    tr!("activity-login-detail", key = key, client = client)
}

fn table<'a>(
    rows: Vec<Row<'a>>,
    headers: [String; 4],
    widths: [Constraint; 4],
    theme: &Theme,
    focused: bool,
) -> Table<'a> {
    let table = Table::new(rows, widths)
        .header(Row::new(headers).style(theme.header))
        .highlight_spacing(HighlightSpacing::Always);
    if focused {
        table
            .row_highlight_style(theme.selected)
            .highlight_symbol(MARKER)
    } else {
        table
    }
}

/// Draws the open sessions; `current_session` is marked "this session".
fn render_sessions(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    data: &Activity,
    selection: &mut ListSelection,
    focused: bool,
) {
    let count = data.sessions.len();
    let title = if focused {
        tr!("activity-sessions-title-focused", count = count)
    } else {
        tr!("activity-sessions-title", count = count)
    };
    let block = panel(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if data.sessions.is_empty() {
        frame.render_widget(
            Paragraph::new(tr!("activity-no-sessions")).style(theme.muted),
            inner,
        );
        return;
    }
    let this_session = tr!("activity-this-session");
    let rows = data
        .sessions
        .iter()
        .map(|session| {
            let this = if Some(session.id) == data.current_session {
                this_session.clone()
            } else {
                String::new()
            };
            Row::new(vec![
                Cell::from(format_time(&theme.clock, session.started_at)),
                Cell::from(format_time(&theme.clock, session.last_activity_at)),
                Cell::from(this),
                Cell::from(sanitize_line(&session.peer)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(time_width(&theme.clock)),
        Constraint::Length(time_width(&theme.clock)),
        Constraint::Length(u16::try_from(this_session.width()).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
    ];
    let sessions = table(
        rows,
        [
            tr!("activity-column-started"),
            tr!("activity-column-last-key"),
            String::new(),
            tr!("activity-column-peer"),
        ],
        widths,
        theme,
        focused,
    );
    selection.set_page(inner.height.saturating_sub(1));
    frame.render_stateful_widget(sessions, inner, &mut selection.table);
}

impl Screen for ActivityScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.data.is_none() {
            self.state = LoadState::Loading;
        }
        vec![Effect::Load(Load::Activity)]
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        match (key.code, plain_char(key)) {
            (KeyCode::Left, _) | (_, Some('h')) => {
                self.focus = match self.focus {
                    Pane::Sessions | Pane::Logins => Pane::Sessions,
                    Pane::Actions => Pane::Logins,
                };
            }
            (KeyCode::Right, _) | (_, Some('l')) => {
                self.focus = match self.focus {
                    Pane::Sessions => Pane::Logins,
                    Pane::Logins | Pane::Actions => Pane::Actions,
                };
            }
            (_, Some('e')) if self.focus == Pane::Sessions => return self.ask_end_session(),
            _ => {
                let list = match self.focus {
                    Pane::Sessions => &mut self.sessions,
                    Pane::Logins => &mut self.logins,
                    Pane::Actions => &mut self.actions,
                };
                if !list.handle_key(key) {
                    return Reaction::ignored();
                }
            }
        }
        Reaction::handled()
    }

    fn confirm(&mut self, question: Question) -> Vec<Effect> {
        match (question, self.ending.take()) {
            (Question::EndSession, Some(session_id)) => {
                vec![Effect::Run(Command::EndSession { session_id })]
            }
            _ => Vec::new(),
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        match result {
            CommandResult::SessionEnded => Reaction::handled()
                .with_effect(Effect::Load(Load::Activity))
                .with_notice(Notice::ok(tr!("activity-session-ended"))),
            _ => Reaction::ignored(),
        }
    }

    fn load_failed(&mut self) {
        if self.data.is_none() {
            self.state = LoadState::Failed;
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("← → h l", "activity-key-switch"),
            ("e", "activity-key-end"),
            ("↑ ↓ j k", "common-move"),
            ("Home End g G", "activity-key-first-last"),
            ("PgUp PgDn", "common-move-page"),
        ]
    }

    /// Describes the activity for the plain mode: the open sessions, the
    /// login history and the recent actions, one a line, with the selected
    /// item of the focused list last.
    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        let data = self.data.as_ref()?;
        let mut view = PlainView::default();
        let selected = |pane: Pane, selection: &ListSelection| {
            (self.focus == pane).then(|| selection.selected().unwrap_or(0))
        };

        view.line(tr!("activity-sessions-title", count = data.sessions.len()));
        if data.sessions.is_empty() {
            view.line(tr!("activity-no-sessions"));
        }
        let focused = selected(Pane::Sessions, &self.sessions);
        let count = data.sessions.len();
        for (index, session) in data.sessions.iter().enumerate() {
            let label = tr!(
                "activity-plain-session",
                peer = sanitize_line(&session.peer),
                started = format_time(clock, session.started_at),
                last = format_time(clock, session.last_activity_at),
            );
            let state = if Some(session.id) == data.current_session {
                tr!("activity-this-session")
            } else {
                String::new()
            };
            view.push_item(&label, &state, index, count, focused == Some(index));
        }

        view.line(tr!("activity-logins-title", count = data.logins.len()));
        if data.logins.is_empty() {
            view.line(tr!("activity-no-logins"));
        }
        let focused = selected(Pane::Logins, &self.logins);
        let count = data.logins.len();
        for (index, login) in data.logins.iter().enumerate() {
            let mut label = tr!(
                "activity-plain-login",
                method = method_label(&login.method),
                peer = sanitize_line(&login.peer),
                time = format_time(clock, login.created_at),
            );
            if focused == Some(index) {
                label.push_str(&format!(", {}", login_detail(login)));
            }
            view.push_item(
                &label,
                &outcome_label(&login.outcome),
                index,
                count,
                focused == Some(index),
            );
        }

        view.line(tr!("activity-actions-title", count = data.actions.len()));
        if data.actions.is_empty() {
            view.line(tr!("activity-no-actions"));
        }
        let focused = selected(Pane::Actions, &self.actions);
        let count = data.actions.len();
        for (index, action) in data.actions.iter().enumerate() {
            let label = format!(
                "{} {}, {}, {}",
                describe_action(&action.action),
                sanitize_line(&action.target),
                sanitize_line(&action.detail),
                format_time(clock, action.created_at)
            );
            view.push_item(&label, "", index, count, focused == Some(index));
        }
        Some(view)
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(data) = &self.data else {
            let block = panel(tr!("activity-title"), theme);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        };

        // Open sessions and recent actions take the rows they need, up to a
        // quarter and a third of the screen; the login history gets the rest.
        let panel_height = |rows: usize, share: u16| {
            let needed = u16::try_from(rows.max(1) + 3).unwrap_or(u16::MAX);
            Constraint::Length(needed.min((area.height / share).max(3)))
        };
        let [sessions_area, logins_area, actions_area] = Layout::vertical([
            panel_height(data.sessions.len(), 4),
            Constraint::Fill(1),
            panel_height(data.actions.len(), 3),
        ])
        .areas(area);

        render_sessions(
            frame,
            sessions_area,
            theme,
            data,
            &mut self.sessions,
            self.focus == Pane::Sessions,
        );

        let count = data.logins.len();
        let title = if self.focus == Pane::Logins {
            tr!("activity-logins-title-focused", count = count)
        } else {
            tr!("activity-logins-title", count = count)
        };
        let block = panel(title, theme);
        let inner = block.inner(logins_area);
        frame.render_widget(block, logins_area);
        if data.logins.is_empty() {
            frame.render_widget(
                Paragraph::new(tr!("activity-no-logins")).style(theme.muted),
                inner,
            );
        } else {
            let cells: Vec<[String; 4]> = data
                .logins
                .iter()
                .map(|login| {
                    [
                        format_time(&theme.clock, login.created_at),
                        method_label(&login.method),
                        outcome_label(&login.outcome),
                        sanitize_line(&login.peer),
                    ]
                })
                .collect();
            let [inner, detail_area] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
            let selected = self
                .logins
                .table
                .selected()
                .and_then(|index| data.logins.get(index));
            if let Some(login) = selected {
                frame.render_widget(
                    Paragraph::new(login_detail(login)).style(theme.muted),
                    detail_area,
                );
            }
            let headers = [
                tr!("activity-column-time"),
                tr!("activity-column-method"),
                tr!("activity-column-outcome"),
                tr!("activity-column-peer"),
            ];
            let widths = login_widths(&cells, &headers, inner.width);
            let rows = cells.into_iter().map(Row::new).collect();
            let logins = table(rows, headers, widths, theme, self.focus == Pane::Logins);
            self.logins.set_page(inner.height.saturating_sub(1));
            frame.render_stateful_widget(logins, inner, &mut self.logins.table);
        }

        let count = data.actions.len();
        let title = if self.focus == Pane::Actions {
            tr!("activity-actions-title-focused", count = count)
        } else {
            tr!("activity-actions-title", count = count)
        };
        let block = panel(title, theme);
        let inner = block.inner(actions_area);
        frame.render_widget(block, actions_area);
        if data.actions.is_empty() {
            frame.render_widget(
                Paragraph::new(tr!("activity-no-actions")).style(theme.muted),
                inner,
            );
        } else {
            let cells: Vec<[String; 4]> = data
                .actions
                .iter()
                .map(|action| {
                    [
                        format_time(&theme.clock, action.created_at),
                        describe_action(&action.action),
                        sanitize_line(&action.target),
                        sanitize_line(&action.detail),
                    ]
                })
                .collect();
            let headers = [
                tr!("activity-column-time"),
                tr!("activity-column-action"),
                tr!("activity-column-target"),
                tr!("activity-column-detail"),
            ];
            let widths = action_widths(&cells, &headers, inner.width, &theme.clock);
            let rows = cells.into_iter().map(Row::new).collect();
            let actions = table(rows, headers, widths, theme, self.focus == Pane::Actions);
            self.actions.set_page(inner.height.saturating_sub(1));
            frame.render_stateful_widget(actions, inner, &mut self.actions.table);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::regional::{DateFormat, Regional, parse_zone};
    use crate::service::account::Activity;
    use crate::store::audit::AuditRecord;
    use crate::store::history::LoginRecord;
    use crate::tui::display::SessionDisplay;
    use crate::tui::screens::fixtures::{MARCH_FIRST, app, char_key, draw, key, row_with};
    use crate::tui::{Command, Effect, Event, KeyCode, Loaded};

    #[test]
    fn activity_lists_logins_and_actions() {
        let mut app = app();
        app.handle(char_key('6'));
        let activity = Activity {
            logins: vec![LoginRecord {
                id: 1,
                handle: "alice".to_string(),
                peer: "203.0.113.9:52100".to_string(),
                method: "publickey".to_string(),
                outcome: "success".to_string(),
                created_at: MARCH_FIRST,
                key_fingerprint: Some("SHA256:abcDEF123".to_string()),
                client_version: Some("SSH-2.0-OpenSSH_9.2p1\u{1b}[2J".to_string()),
            }],
            actions: vec![action(1, "document-downloaded")],
            sessions: Vec::new(),
            current_session: None,
        };
        app.handle(Event::Loaded(Loaded::Activity(Box::new(activity))));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("No open sessions."), "{screen}");

        // The open sessions come first; the logins are one pane to the right.
        app.handle(key(KeyCode::Right));
        let screen = draw(&mut app, 80, 24);
        let login = row_with(&screen, "203.0.113.9").expect("login row");
        assert!(
            login.contains("2026-03-01 12:00") && login.contains("success"),
            "{login}"
        );
        assert!(login.contains("› "), "{login}");
        assert!(screen.contains("Document downloaded"), "{screen}");
        assert!(!screen.contains("document-downloaded"), "{screen}");
        let detail = row_with(&screen, "Selected:").expect("login detail line");
        assert!(
            detail.contains("key SHA256:abcDEF123")
                && detail.contains("client SSH-2.0-OpenSSH_9.2p1"),
            "{detail}"
        );
        assert!(!screen.contains('\u{1b}'), "{screen}");

        app.handle(key(KeyCode::Right));
        let screen = draw(&mut app, 80, 24);
        assert!(
            row_with(&screen, "Document downloaded")
                .expect("action row")
                .contains("› ")
        );

        // In Zurich with dotted dates the same login reads one hour later,
        // with the zone's abbreviation.
        app.set_display(SessionDisplay {
            regional: Regional {
                zone: parse_zone("Europe/Zurich").expect("zone"),
                date_format: DateFormat::Dotted,
                language: None,
            },
            ..SessionDisplay::default()
        });
        let screen = draw(&mut app, 80, 24);
        let login = row_with(&screen, "203.0.113.9").expect("login row");
        assert!(login.contains("01.03.2026 13:00 CET"), "{login}");
    }

    /// Returns the caller's audit entry `id` with the stored action name `name`.
    fn action(id: i64, name: &str) -> AuditRecord {
        AuditRecord {
            id,
            actor_id: Some(7),
            actor_handle: "alice".to_string(),
            action: name.to_string(),
            target: "document 12".to_string(),
            detail: "via sftp".to_string(),
            created_at: MARCH_FIRST,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn login(id: i64, method: &str, outcome: &str) -> LoginRecord {
        LoginRecord {
            id,
            handle: "alice".to_string(),
            peer: "203.0.113.9:52100".to_string(),
            method: method.to_string(),
            outcome: outcome.to_string(),
            created_at: MARCH_FIRST,
            key_fingerprint: None,
            client_version: None,
        }
    }

    fn session(id: i64, peer: &str) -> crate::store::sessions::SessionRecord {
        crate::store::sessions::SessionRecord {
            id,
            user_id: 7,
            node: "node".to_string(),
            peer: peer.to_string(),
            started_at: MARCH_FIRST,
            last_activity_at: MARCH_FIRST,
        }
    }

    #[test]
    fn ending_session_asks_first() {
        let mut app = app();
        app.handle(char_key('6'));
        let activity = Activity {
            logins: Vec::new(),
            actions: Vec::new(),
            sessions: vec![
                session(9, "198.51.100.4:5000"),
                session(3, "203.0.113.9:52100"),
            ],
            current_session: Some(3),
        };
        app.handle(Event::Loaded(Loaded::Activity(Box::new(activity))));
        let screen = draw(&mut app, 80, 24);
        let current = row_with(&screen, "203.0.113.9").expect("current session row");
        assert!(current.contains("this session"), "{current}");

        assert!(
            app.handle(char_key('e')).is_empty(),
            "nothing ends before the answer"
        );
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("End the selected session?"), "{screen}");
        let effects = app.handle(char_key('y'));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::EndSession { session_id: 9 })]
        );

        // The current session is not ended from the list.
        app.handle(key(KeyCode::Down));
        assert!(app.handle(char_key('e')).is_empty());
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("This is the current session"), "{screen}");
    }

    /// Sets `app` to French, with the plain mode when `plain` is set.
    fn french(app: &mut crate::tui::App, plain: bool) {
        let mut display = SessionDisplay::default();
        display.client.set_variable("LANG", "fr_FR.UTF-8");
        if plain {
            display.client.set_variable("PORTICO_MODE", "plain");
        }
        app.set_display(display);
    }

    fn french_activity() -> Activity {
        let mut rejected = login(2, "totp", "rejected: no first factor");
        rejected.key_fingerprint = Some("SHA256:abcDEF123".to_string());
        Activity {
            logins: vec![
                login(1, "publickey", "success"),
                rejected,
                login(3, "password", "first factor accepted"),
            ],
            actions: vec![
                action(1, "notification-preferences-changed"),
                action(2, "document.download"),
            ],
            sessions: vec![session(3, "198.51.100.4:5000")],
            current_session: Some(3),
        }
    }

    #[test]
    fn activity_in_french() {
        let mut app = app();
        french(&mut app, false);
        app.handle(char_key('6'));
        app.handle(Event::Loaded(Loaded::Activity(Box::new(french_activity()))));
        app.handle(key(KeyCode::Right));
        app.handle(key(KeyCode::Down));

        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for french in [
                "Sessions ouvertes\u{a0}: 1",
                "Historique des connexions\u{a0}: 3",
                "Méthode",
                "Résultat",
                "Actions récentes\u{a0}: 2",
            ] {
                assert!(
                    screen.contains(french),
                    "{cols}x{rows} lacks {french:?}:\n{screen}"
                );
            }
            for english in [
                "Open sessions",
                "this session",
                "Login history",
                "Method",
                "Outcome",
                "Recent actions",
                "Peer address",
                "success",
                "rejected",
            ] {
                assert!(
                    !screen.contains(english),
                    "{cols}x{rows} shows {english:?}:\n{screen}"
                );
            }
            // The peer address reads in full even at the smallest size.
            let login = row_with(&screen, "clé SSH").expect("public key login row");
            assert!(
                login.contains("203.0.113.9:52100"),
                "{cols}x{rows}: {login}"
            );
            let rejected = row_with(&screen, "TOTP").expect("rejected login row");
            assert!(
                rejected.contains("203.0.113.9:52100"),
                "{cols}x{rows}: {rejected}"
            );
        }

        let screen = draw(&mut app, 80, 24);
        let session = row_with(&screen, "198.51.100.4:5000").expect("session row");
        assert!(session.contains("cette session"), "{session}");
        let login = row_with(&screen, "clé SSH").expect("public key login row");
        assert!(login.contains("succès"), "{login}");
        let rejected = row_with(&screen, "TOTP").expect("rejected login row");
        // The no-break space before the colon leaves one column short at 80.
        assert!(rejected.contains("échec\u{a0}: sans 1er"), "{rejected}");
        let accepted = row_with(&screen, "mot de passe").expect("password login row");
        assert!(accepted.contains("premier facteur accepté"), "{accepted}");
        let changed = row_with(&screen, "Réglages des notifications modifiés");
        assert!(changed.is_some(), "{screen}");
        let unknown = row_with(&screen, "Autre action\u{a0}: document download");
        assert!(unknown.is_some(), "{screen}");
        assert!(!screen.contains("notification-preferences"), "{screen}");
        assert!(!screen.contains("document.download"), "{screen}");
        let detail = row_with(&screen, "Sélection\u{a0}:").expect("login detail line");
        assert!(
            detail.contains("clé SHA256:abcDEF123") && detail.contains("client non enregistré"),
            "{detail}"
        );

        // A current session is not ended from the list.
        app.handle(key(KeyCode::Left));
        app.handle(char_key('e'));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("C’est la session en cours"), "{screen}");
    }

    #[test]
    fn plain_activity_in_french() {
        let mut app = app();
        french(&mut app, true);
        app.handle(char_key('6'));
        app.handle(Event::Loaded(Loaded::Activity(Box::new(french_activity()))));
        let screen = draw(&mut app, 300, 100);
        for french in [
            "Sessions ouvertes\u{a0}: 1",
            "Session depuis 198.51.100.4:5000, ouverte 2026-03-01 12:00 UTC",
            "cette session",
            "Connexion par clé SSH depuis 203.0.113.9:52100",
            "succès",
            "Actions récentes\u{a0}: 2",
            "Réglages des notifications modifiés document 12, via sftp",
            "Autre action\u{a0}: document download document 12",
        ] {
            assert!(
                screen.contains(french),
                "plain mode lacks {french:?}:\n{screen}"
            );
        }
        for english in [
            "Open sessions",
            "Session from",
            "Login by",
            "Recent actions",
            "notification-preferences-changed",
            "document.download",
        ] {
            assert!(
                !screen.contains(english),
                "plain mode shows {english:?}:\n{screen}"
            );
        }
    }

    #[test]
    fn long_login_outcomes_read_in_full() {
        let mut app = app();
        app.handle(char_key('6'));
        let activity = Activity {
            logins: vec![
                login(1, "password", "first factor accepted"),
                login(2, "totp", "rejected: no first factor"),
            ],
            actions: Vec::new(),
            sessions: Vec::new(),
            current_session: None,
        };
        app.handle(Event::Loaded(Loaded::Activity(Box::new(activity))));

        for cols in [80, 120] {
            let screen = draw(&mut app, cols, 24);
            let accepted = row_with(&screen, "password").expect("first login row");
            assert!(accepted.contains("first factor accepted"), "{accepted}");
            assert!(accepted.contains("203.0.113.9:52100"), "{accepted}");
            let rejected = row_with(&screen, "totp").expect("second login row");
            assert!(rejected.contains("rejected: no first factor"), "{rejected}");
            assert!(rejected.contains("203.0.113.9:52100"), "{rejected}");
        }

        // At the smallest window the outcome is cut, not the peer address.
        let screen = draw(&mut app, 60, 16);
        let rejected = row_with(&screen, "totp").expect("second login row");
        assert!(rejected.contains("203.0.113.9:52100"), "{rejected}");
    }
}
