//! The screens of the portal. Each screen module contains one screen's state,
//! its key handling and its drawing; [`crate::tui::App`] routes events to them.
//! The `thread` and `request_form` modules are views that screens embed.

pub mod activity;
pub mod agent_views;
pub mod automation_keys;
pub mod dashboard;
pub mod display_settings;
pub mod document_views;
pub mod documents;
pub mod enrolment;
pub mod factors;
pub mod messages;
pub mod notification_settings;
pub mod notifications;
pub mod organisation;
#[cfg(test)]
mod organisation_tests;
pub mod preferences;
pub mod privacy;
pub mod regional_settings;
pub mod renewal;
pub mod request_filters;
pub mod request_form;
#[cfg(test)]
mod request_tests;
pub mod requests;
pub mod suggestions;
pub mod thread;
pub mod thread_actions;
pub mod thread_context;
#[cfg(test)]
mod wording_tests;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::widgets::Notice;
use super::{CommandResult, Effect, KeyEvent, Load};
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::domain::{DocumentKind, RequestCategory, RequestNumber, RequestState};

/// The numbered screens of the tab bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Dashboard,
    Documents,
    Requests,
    Messages,
    Preferences,
    Activity,
}

impl ScreenId {
    pub const ALL: [ScreenId; 6] = [
        ScreenId::Dashboard,
        ScreenId::Documents,
        ScreenId::Requests,
        ScreenId::Messages,
        ScreenId::Preferences,
        ScreenId::Activity,
    ];

    /// Returns the digit that selects the screen.
    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn index(self) -> usize {
        ScreenId::ALL.iter().position(|&id| id == self).unwrap_or(0)
    }

    /// Returns the screen's name in the current language.
    pub fn title(self) -> String {
        match self {
            ScreenId::Dashboard => tr!("app-screen-dashboard"),
            ScreenId::Documents => tr!("app-screen-documents"),
            ScreenId::Requests => tr!("app-screen-requests"),
            ScreenId::Messages => tr!("app-screen-messages"),
            ScreenId::Preferences => tr!("app-screen-preferences"),
            ScreenId::Activity => tr!("app-screen-activity"),
        }
    }

    /// Returns the screen selected by a digit key from '1' to '6'.
    pub fn from_digit(c: char) -> Option<ScreenId> {
        let index = c.to_digit(10)?.checked_sub(1)?;
        ScreenId::ALL.get(usize::try_from(index).ok()?).copied()
    }

    /// Returns the next screen, or the previous one when `back` is set,
    /// wrapping around at both ends.
    pub fn cycle(self, back: bool) -> ScreenId {
        let count = ScreenId::ALL.len();
        let next = if back {
            (self.index() + count - 1) % count
        } else {
            (self.index() + 1) % count
        };
        ScreenId::ALL
            .get(next)
            .copied()
            .unwrap_or(ScreenId::Dashboard)
    }
}

/// A yes/no question in the status line, answered before the app acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Quit,
    DiscardReply,
    DiscardRequest,
    EndSession,
    RegisterAutomationKey,
    RevokeAutomationKey,
}

impl Question {
    /// Returns the question in the current language, ending with the
    /// answer keys.
    pub fn text(self) -> String {
        match self {
            Question::Quit => tr!("app-question-quit"),
            Question::DiscardReply => tr!("app-question-discard-reply"),
            Question::DiscardRequest => tr!("app-question-discard-request"),
            Question::EndSession => tr!("app-question-end-session"),
            Question::RegisterAutomationKey => tr!("app-question-register-automation-key"),
            Question::RevokeAutomationKey => tr!("app-question-revoke-automation-key"),
        }
    }
}

/// A document attached to a new request: its id and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedDocument {
    pub id: i64,
    pub title: String,
}

/// The outcome of a screen's event handling, with its requests to the app.
#[derive(Debug, Default)]
pub struct Reaction {
    /// Whether the screen used the key; unused keys fall through to the
    /// app's global keys.
    pub handled: bool,
    pub effects: Vec<Effect>,
    pub notice: Option<Notice>,
    pub question: Option<Question>,
    /// Open the new-request form, with this document attached when set.
    pub new_request: Option<Option<AttachedDocument>>,
    /// Open the privacy view over the current screen.
    pub open_privacy: bool,
}

impl Reaction {
    pub fn handled() -> Reaction {
        Reaction {
            handled: true,
            ..Reaction::default()
        }
    }

    pub fn ignored() -> Reaction {
        Reaction::default()
    }

    pub fn with_effect(mut self, effect: Effect) -> Reaction {
        self.effects.push(effect);
        self
    }

    pub fn load(load: Load) -> Reaction {
        Reaction::handled().with_effect(Effect::Load(load))
    }

    pub fn with_notice(mut self, notice: Notice) -> Reaction {
        self.notice = Some(notice);
        self
    }

    pub fn ask(question: Question) -> Reaction {
        Reaction {
            handled: true,
            question: Some(question),
            ..Reaction::default()
        }
    }
}

/// The interface of every numbered screen.
pub trait Screen {
    /// Marks the data stale and returns the loads that refresh it; the app
    /// calls this each time the screen is shown.
    fn show(&mut self) -> Vec<Effect>;

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction;

    /// Inserts pasted text into the focused field, if any.
    fn paste(&mut self, _text: &str) {}

    /// Reacts to the outcome of a command this screen may have sent.
    fn done(&mut self, _result: &CommandResult) -> Reaction {
        Reaction::ignored()
    }

    /// Stops waiting after a load failed.
    fn load_failed(&mut self);

    /// Applies a "yes" to a question this screen asked and returns the
    /// effects it needs.
    fn confirm(&mut self, _question: Question) -> Vec<Effect> {
        Vec::new()
    }

    /// Tells whether a text field has the keyboard, so that printable keys are
    /// typed rather than taken as commands.
    fn text_focus(&self) -> bool {
        false
    }

    /// Returns the name of a view opened inside the screen, such as the
    /// dashboard's notification centre, for the plain mode's heading. It is
    /// `None` while the screen shows its own content.
    fn view_name(&self) -> Option<String> {
        None
    }

    /// Lists every key of the screen's current view, for the help overlay.
    fn keys(&self) -> Vec<(&'static str, &'static str)>;

    /// Short hints for the status line while a text field has the keyboard.
    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme);

    /// Describes the current view for the plain linear mode, or returns
    /// `None` to have it read from the normal drawing.
    fn plain_view(
        &self,
        _clock: &crate::domain::regional::Regional,
    ) -> Option<super::plain::PlainView> {
        None
    }
}

/// Returns the columns a time from [`format_time`] takes in the user's
/// zone: a date, the minute and the zone's longest abbreviation or offset.
pub fn time_width(clock: &Regional) -> u16 {
    u16::try_from(clock.time_width()).unwrap_or(u16::MAX)
}

/// Formats Unix seconds to the minute in the user's zone and date format
/// with the zone's abbreviation, such as "31.03.2026 14:00 CEST".
pub fn format_time(clock: &Regional, timestamp: i64) -> String {
    clock
        .time(timestamp)
        .unwrap_or_else(|| tr!("common-unknown-time"))
}

/// Formats the calendar date of Unix seconds in the user's zone and date
/// format, such as "31.03.2026".
pub fn format_date(clock: &Regional, timestamp: i64) -> String {
    clock
        .date(timestamp)
        .unwrap_or_else(|| tr!("common-unknown-date"))
}

/// Formats an amount in cents in the current language, such as "182.31
/// EUR" or "182,31 €".
pub fn format_amount(cents: i64, currency: &str) -> String {
    crate::i18n::amount_in(crate::i18n::current(), cents, currency)
}

/// Formats a byte count in binary units in the current language, such as
/// "12.5 KiB" or "12,5 Kio".
pub fn format_size(bytes: i64) -> String {
    crate::i18n::size_in(crate::i18n::current(), bytes)
}

/// Returns the readable number of a request, such as R-2026-000123.
pub fn request_number(id: i64, created_at: i64) -> String {
    RequestNumber::new(id, created_at).to_string()
}

/// Returns the screen words for a stored request state, or the cleaned
/// stored name when it is unknown.
pub fn state_label(state: &str) -> String {
    state
        .parse::<RequestState>()
        .map_or_else(|_| sanitize_line(state), |state| state.label())
}

/// Returns the screen words for a stored request category, or the cleaned
/// stored name when it is unknown.
pub fn category_label(category: &str) -> String {
    category
        .parse::<RequestCategory>()
        .map_or_else(|_| sanitize_line(category), |category| category.label())
}

/// Returns the screen name of a stored document kind, or the cleaned
/// stored name when it is unknown.
pub fn kind_label(kind: &str) -> String {
    kind.parse::<DocumentKind>()
        .map_or_else(|_| sanitize_line(kind), |kind| kind.label())
}

/// Draws the text a screen shows while its data has not arrived or failed to load.
pub fn render_waiting(frame: &mut Frame, area: Rect, theme: &Theme, failed: bool) {
    let text = if failed {
        tr!("app-could-not-load-screen")
    } else {
        tr!("common-loading")
    };
    frame.render_widget(Paragraph::new(Line::from(text)).style(theme.muted), area);
}

/// Whether a screen's data is missing, arriving, failed or here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadState {
    #[default]
    Loading,
    Failed,
    Ready,
}

/// Builders and drawing helpers shared by the tests of the app and screens.
#[cfg(test)]
pub mod fixtures {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::domain::{Principal, Role};
    use crate::service::requests::RequestDetail;
    use crate::store::documents::DocumentRecord;
    use crate::store::messages::MessageRecord;
    use crate::store::requests::{RequestEventRecord, RequestRecord};
    use crate::store::users::UserRecord;
    use crate::tui::{App, Event, KeyCode, KeyEvent, KeyModifiers, Loaded, StartMode, Theme};

    /// 2026-03-01 12:00 UTC.
    pub const MARCH_FIRST: i64 = 1_772_366_400;

    pub fn principal(role: Role) -> Principal {
        Principal {
            user_id: 7,
            handle: "alice".to_string(),
            display_name: "Alice Example".to_string(),
            role,
            organisation_id: if role == Role::Customer {
                Some(1)
            } else {
                None
            },
            organisation_name: (role == Role::Customer).then(|| "Northwind Ltd".to_string()),
            member_role: (role == Role::Customer).then_some(crate::domain::MemberRole::Owner),
        }
    }

    pub fn theme() -> Theme {
        Theme::builtin("monochrome").expect("built-in monochrome theme")
    }

    /// Builds a customer's app at 80x24, showing the dashboard.
    pub fn app() -> App {
        App::new(
            principal(Role::Customer),
            theme(),
            StartMode::Dashboard,
            80,
            24,
        )
        .0
    }

    pub fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code))
    }

    pub fn char_key(c: char) -> Event {
        key(KeyCode::Char(c))
    }

    pub fn ctrl(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c)).modifiers(KeyModifiers::CTRL))
    }

    /// Types each character of `text` as a key press.
    pub fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle(char_key(c));
        }
    }

    pub fn document(id: i64, kind: &str, title: &str, status: &str) -> DocumentRecord {
        DocumentRecord {
            id,
            organisation_id: 1,
            owner_user_id: None,
            contract_id: None,
            kind: kind.to_string(),
            title: title.to_string(),
            issue_date: "2026-02-01".to_string(),
            amount_cents: Some(18231),
            currency: Some("EUR".to_string()),
            status: status.to_string(),
            size: 48_213,
            content_type: "application/pdf".to_string(),
            sha256: "ab".repeat(32),
            created_at: MARCH_FIRST,
            period: None,
            retention_until: None,
            legal_hold: 0,
            file_name: format!("2026-02-01_document-{id}.pdf"),
        }
    }

    pub fn request(
        id: i64,
        subject: &str,
        state: &str,
        unread: i64,
        message_count: i64,
    ) -> RequestRecord {
        RequestRecord {
            id,
            organisation_id: 1,
            organisation_name: "Northwind Ltd".to_string(),
            opened_by: 7,
            opened_by_name: "Alice Example".to_string(),
            assignee_id: None,
            assignee_name: None,
            document_id: None,
            contract_id: None,
            subject: subject.to_string(),
            category: "billing".to_string(),
            priority: "normal".to_string(),
            state: state.to_string(),
            next_step: "We check the invoice within two days.".to_string(),
            created_at: MARCH_FIRST,
            updated_at: MARCH_FIRST,
            first_response_at: None,
            closed_at: None,
            rating: None,
            rating_comment: String::new(),
            context: String::new(),
            conversation: 0,
            unread,
            message_count,
            sla: None,
        }
    }

    pub fn message(id: i64, author: &str, body: &str, internal: bool) -> MessageRecord {
        MessageRecord {
            id,
            request_id: 123,
            author_id: 9,
            author_name: author.to_string(),
            author_role: "agent".to_string(),
            body: body.to_string(),
            internal: i64::from(internal),
            created_at: MARCH_FIRST,
        }
    }

    pub fn detail(messages: Vec<MessageRecord>) -> RequestDetail {
        RequestDetail {
            request: request(123, "Invoice 2026-02 is too high", "under-review", 0, 2),
            history: vec![RequestEventRecord {
                id: 1,
                actor_name: "Dana Agent".to_string(),
                from_state: Some("received".to_string()),
                to_state: "under-review".to_string(),
                next_step: "We check the invoice within two days.".to_string(),
                created_at: MARCH_FIRST,
            }],
            messages,
            participants: Vec::new(),
            attachments: Vec::new(),
            attachable: Vec::new(),
            context: None,
            canned: Vec::new(),
            agents: Vec::new(),
            reopen_until: None,
        }
    }

    pub fn user() -> UserRecord {
        UserRecord {
            id: 7,
            handle: "alice".to_string(),
            display_name: "Alice Example".to_string(),
            email: "alice@example.com".to_string(),
            role: "customer".to_string(),
            organisation_id: Some(1),
            organisation_name: Some("Northwind Ltd".to_string()),
            password_hash: None,
            totp_secret: Some("JBSWY3DPEHPK3PXP".to_string()),
            totp_last_step: None,
            disabled: 0,
            created_at: MARCH_FIRST,
            last_login_at: Some(MARCH_FIRST),
            reset_expires_at: None,
            must_renew_factors: 0,
            member_role: Some("owner".to_string()),
        }
    }

    pub fn contract() -> crate::store::contracts::ContractRecord {
        crate::store::contracts::ContractRecord {
            id: 7,
            organisation_id: 1,
            number: "NW-C-1001".to_string(),
            product: "Business Fibre".to_string(),
            status: "active".to_string(),
            start_date: "2025-03-01".to_string(),
            end_date: Some("2027-03-01".to_string()),
            notice_days: 28,
            next_deadline: Some("2027-02-01".to_string()),
            deadline_label: "Notice before renewal".to_string(),
            auto_renew: 1,
            options: "Static IP".to_string(),
        }
    }

    /// Builds a customer's app on the Documents screen with three documents.
    pub fn documents_app() -> App {
        let mut app = app();
        app.handle(char_key('2'));
        app.handle(Event::Loaded(Loaded::Documents(vec![
            document(1, "invoice", "Invoice February", "new"),
            document(2, "contract", "Fibre contract", "read"),
            document(3, "invoice", "Invoice January", "read"),
        ])));
        app
    }

    /// Builds a customer's app on the Requests screen with two requests listed.
    pub fn requests_app() -> App {
        let mut app = app();
        app.handle(char_key('3'));
        app.handle(Event::Loaded(Loaded::Requests(vec![
            request(123, "Invoice 2026-02 is too high", "under-review", 2, 3),
            request(124, "Move the fibre line", "received", 0, 0),
        ])));
        app
    }

    /// Builds a customer's app on the Messages screen with request 123's
    /// thread open: a customer message and an internal note.
    pub fn thread_app() -> App {
        let mut app = app();
        app.handle(char_key('4'));
        app.handle(Event::Loaded(Loaded::Threads(vec![request(
            123,
            "Invoice 2026-02 is too high",
            "under-review",
            2,
            3,
        )])));
        app.handle(key(KeyCode::Enter));
        let messages = vec![
            message(1, "Alice Example", "The invoice counts March twice.", false),
            message(
                2,
                "Dana Agent",
                "Customer is right, credit note needed.",
                true,
            ),
        ];
        app.handle(Event::Loaded(Loaded::Request(Box::new(detail(messages)))));
        app
    }

    /// Sends a resize to `cols` x `rows`, draws the app on a test terminal
    /// of that size and returns the buffer's text, one line per row.
    pub fn draw(app: &mut App, cols: u16, rows: u16) -> String {
        app.handle(Event::Resize { cols, rows });
        let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
        terminal.draw(|frame| app.render(frame)).expect("draw");
        let buffer = terminal.backend().buffer();
        let mut text = String::new();
        for y in 0..rows {
            for x in 0..cols {
                text.push_str(buffer.cell((x, y)).map_or(" ", |cell| cell.symbol()));
            }
            text.push('\n');
        }
        text
    }

    /// Returns the drawn row that contains `needle`, if any.
    pub fn row_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
        screen.lines().find(|line| line.contains(needle))
    }

    /// Switches `app` to the plain mode, as the client variable PORTICO_MODE=plain requests.
    pub fn plain(mut app: App) -> App {
        let mut client = crate::tui::display::ClientTerminal::default();
        client.set_variable("PORTICO_MODE", "plain");
        app.set_display(crate::tui::display::SessionDisplay {
            client,
            ..crate::tui::display::SessionDisplay::default()
        });
        app
    }

    /// Builds a customer's app on the dashboard whose user chose French,
    /// drawn in the plain mode when `plain` is set.
    pub fn french_app(plain: bool) -> App {
        in_french(app(), plain)
    }

    /// Switches `app` to French, and to the plain mode when `plain` is set.
    pub fn in_french(mut app: App, plain: bool) -> App {
        let mut client = crate::tui::display::ClientTerminal::default();
        if plain {
            client.set_variable("PORTICO_MODE", "plain");
        }
        app.set_display(crate::tui::display::SessionDisplay {
            client,
            regional: crate::domain::regional::Regional {
                language: Some(crate::i18n::Language::French),
                ..crate::domain::regional::Regional::default()
            },
            ..crate::tui::display::SessionDisplay::default()
        });
        app
    }

    /// Checks that `screen` shows every text of `french` and none of `english`.
    #[track_caller]
    pub fn assert_french(screen: &str, french: &[&str], english: &[&str]) {
        for text in french {
            assert!(screen.contains(text), "{text:?} missing:\n{screen}");
        }
        for text in english {
            assert!(!screen.contains(text), "English {text:?} shown:\n{screen}");
        }
    }

    /// Draws `app` in the plain mode at 300 x 100, so no line wraps, and
    /// checks it: every text of `shown` on a line, no box-drawing character
    /// and, with `focus`, the focused item "› …" containing `focus` last.
    /// Returns the written lines.
    pub fn check_plain(app: App, shown: &[&str], focus: Option<&str>) -> Vec<String> {
        let mut app = plain(app);
        let screen = draw(&mut app, 300, 100);
        let lines: Vec<String> = screen
            .lines()
            .map(|line| line.trim_end().to_string())
            .filter(|line| !line.is_empty())
            .collect();
        let drawn: Vec<char> = screen
            .chars()
            .filter(|&c| crate::tui::plain::is_decoration(c))
            .collect();
        assert!(drawn.is_empty(), "plain mode draws {drawn:?}:\n{screen}");
        for text in shown {
            assert!(
                lines.iter().any(|line| line.contains(text)),
                "plain mode lacks {text:?}:\n{screen}"
            );
        }
        if let Some(focus) = focus {
            let last = lines.last().map_or("", String::as_str);
            assert!(
                last.starts_with("› ") && last.contains(focus),
                "the last line is not the focused {focus:?}:\n{screen}"
            );
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_cents_and_currency() {
        assert_eq!(format_amount(18231, "EUR"), "182.31 EUR");
        assert_eq!(format_amount(-5, "EUR"), "-0.05 EUR");
        assert_eq!(format_amount(i64::MIN, "X"), "-92233720368547758.08 X");
    }

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(format_size(1), "1 byte");
        assert_eq!(format_size(512), "512 bytes");
        assert_eq!(format_size(1536), "1.5 KiB");
        assert_eq!(format_size(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn times_show_minutes_and_zone() {
        let utc = Regional::default();
        assert_eq!(format_time(&utc, 1_772_366_400), "2026-03-01 12:00 UTC");
        assert_eq!(format_date(&utc, 1_772_366_400), "2026-03-01");
        assert_eq!(format_time(&utc, i64::MAX), "unknown time");
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(state_label("under-review"), "Under review");
        assert_eq!(category_label("claim"), "Claim or reimbursement");
        assert_eq!(kind_label("pay-slip"), "Pay slip");
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            assert_eq!(state_label("under-review"), "En cours d’examen");
            assert_eq!(category_label("claim"), "Réclamation ou remboursement");
            assert_eq!(kind_label("pay-slip"), "Bulletin de paie");
            assert_eq!(ScreenId::Preferences.title(), "Préférences");
        });
    }

    #[test]
    fn unknown_labels_show_cleaned_stored_names() {
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            assert_eq!(state_label("on-hold\u{1b}[2J"), "on-hold[2J");
            assert_eq!(category_label("legal"), "legal");
            assert_eq!(kind_label("memo"), "memo");
        });
    }

    #[test]
    fn screens_cycle_both_ways() {
        assert_eq!(ScreenId::Dashboard.cycle(true), ScreenId::Activity);
        assert_eq!(ScreenId::Activity.cycle(false), ScreenId::Dashboard);
        assert_eq!(ScreenId::from_digit('3'), Some(ScreenId::Requests));
        assert_eq!(ScreenId::from_digit('0'), None);
        assert_eq!(ScreenId::from_digit('7'), None);
    }
}
