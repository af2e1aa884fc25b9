//! The requests screen: the request list, a request's detail with its
//! thread, and the form customers open a new request with.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table};

use super::documents::{MARKER, staff_request_notice};
use super::messages::{Thread, unread_marker};
use super::{
    AttachedDocument, LoadState, Question, Reaction, Screen, format_time, render_waiting,
    request_number, state_label,
};
use crate::domain::RequestCategory;
use crate::domain::text::sanitize_line;
use crate::service::requests::{MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS, RequestDetail};
use crate::store::requests::RequestRecord;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    Composer, ListSelection, Notice, TextField, is_back_tab, is_send, panel, plain_char,
};
use crate::tui::{
    Command, CommandResult, Effect, KeyCode, KeyEvent, Load, RequestDraftKey, RequestQueryKey,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormField {
    Subject,
    Category,
    Message,
}

/// The new-request form: subject, category, message and an optional
/// attached document.
struct RequestForm {
    subject: TextField,
    category: usize,
    message: Composer,
    document: Option<AttachedDocument>,
    focus: FormField,
    sending: bool,
}

impl RequestForm {
    fn new(document: Option<AttachedDocument>) -> RequestForm {
        RequestForm {
            subject: TextField::new(MAX_SUBJECT_CHARS),
            category: 0,
            message: Composer::new(MAX_MESSAGE_CHARS),
            document,
            focus: FormField::Subject,
            sending: false,
        }
    }

    fn category(&self) -> RequestCategory {
        RequestCategory::ALL
            .get(self.category)
            .copied()
            .unwrap_or(RequestCategory::Other)
    }

    fn is_blank(&self) -> bool {
        self.subject.value().trim().is_empty() && self.message.is_blank()
    }

    fn move_focus(&mut self, back: bool) {
        self.focus = match (self.focus, back) {
            (FormField::Subject, false) | (FormField::Message, true) => FormField::Category,
            (FormField::Category, false) | (FormField::Subject, true) => FormField::Message,
            (FormField::Message, false) | (FormField::Category, true) => FormField::Subject,
        };
    }

    fn cycle_category(&mut self, back: bool) {
        let count = RequestCategory::ALL.len();
        self.category = if back {
            (self.category + count - 1) % count
        } else {
            (self.category + 1) % count
        };
    }

    /// Checks the form and returns the command that opens the request.
    fn submit(&self) -> Result<Command, String> {
        let subject = self.subject.value().trim().to_string();
        if subject.is_empty() {
            return Err(
                "The subject is missing; type a few words that say what the request is about."
                    .to_string(),
            );
        }
        if self.message.is_blank() {
            return Err("The message is missing; describe what you need.".to_string());
        }
        Ok(Command::OpenRequest(RequestDraftKey {
            subject,
            category: self.category(),
            body: self.message.value(),
            document_id: self.document.as_ref().map(|document| document.id),
        }))
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = if self.sending {
            "New request · Sending…"
        } else {
            "New request"
        };
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);

        let [
            subject_row,
            category_row,
            document_row,
            message_row,
            message_area,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);

        let label = |text: &str, field: FormField| {
            let focused = self.focus == field;
            let marker = if focused { "› " } else { "  " };
            let style = if focused { theme.key } else { theme.muted };
            Span::styled(format!("{marker}{text:<10}"), style)
        };
        let counter = |count: usize, max: usize| {
            let style = if count >= max {
                theme.warning
            } else {
                theme.muted
            };
            Span::styled(format!(" {count}/{max}"), style)
        };

        let subject_counter = counter(self.subject.char_count(), self.subject.max_chars());
        let [subject_label, subject_field, subject_count] = Layout::horizontal([
            Constraint::Length(12),
            Constraint::Fill(1),
            Constraint::Length(9),
        ])
        .areas(subject_row);
        frame.render_widget(label("Subject", FormField::Subject), subject_label);
        self.subject.render(
            frame,
            subject_field,
            theme,
            self.focus == FormField::Subject && !self.sending,
        );
        frame.render_widget(subject_counter, subject_count);

        let category = Line::from(vec![
            label("Category", FormField::Category),
            Span::styled(format!("‹ {} ›", self.category().label()), theme.field),
            Span::styled("  ← → to change", theme.muted),
        ]);
        frame.render_widget(category, category_row);

        let document = match &self.document {
            Some(document) => format!("  Document  {} is attached", document.title),
            None => "  Document  none; press n on a document to attach it".to_string(),
        };
        frame.render_widget(Span::styled(document, theme.muted), document_row);

        let message = Line::from(vec![
            label("Message", FormField::Message),
            counter(self.message.char_count(), self.message.max_chars()),
        ]);
        frame.render_widget(message, message_row);
        let [_, message_field] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(message_area);
        self.message.render(
            frame,
            message_field,
            theme,
            self.focus == FormField::Message && !self.sending,
        );
    }
}

pub struct RequestsScreen {
    records: Vec<RequestRecord>,
    state: LoadState,
    open_only: bool,
    list: ListSelection,
    thread: Option<Thread>,
    form: Option<RequestForm>,
    staff: bool,
}

impl RequestsScreen {
    pub fn new(staff: bool) -> RequestsScreen {
        RequestsScreen {
            records: Vec::new(),
            state: LoadState::Loading,
            open_only: false,
            list: ListSelection::new(),
            thread: None,
            form: None,
            staff,
        }
    }

    fn query(&self) -> Load {
        Load::Requests(RequestQueryKey {
            open_only: self.open_only,
        })
    }

    pub fn loaded(&mut self, records: Vec<RequestRecord>) {
        self.records = records;
        self.state = LoadState::Ready;
        self.list.set_len(self.visible().len());
    }

    pub fn request_loaded(&mut self, detail: &RequestDetail) {
        if let Some(thread) = &mut self.thread {
            thread.loaded(detail);
        }
    }

    /// Opens the new-request form, unless the caller is staff.
    pub fn open_form(&mut self, document: Option<AttachedDocument>) -> Reaction {
        if self.staff {
            return Reaction::handled().with_notice(staff_request_notice());
        }
        self.form = Some(RequestForm::new(document));
        Reaction::handled()
    }

    fn visible(&self) -> Vec<usize> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, request)| {
                let number = request_number(request.id, request.created_at);
                let state = state_label(&request.state);
                self.list.matches(&[
                    &request.subject,
                    &number,
                    &state,
                    &request.organisation_name,
                ])
            })
            .map(|(index, _)| index)
            .collect()
    }

    fn selected_id(&self) -> Option<i64> {
        let index = *self.visible().get(self.list.selected()?)?;
        self.records.get(index).map(|request| request.id)
    }

    fn handle_form_key(&mut self, key: &KeyEvent) -> Reaction {
        let Some(form) = &mut self.form else {
            return Reaction::ignored();
        };
        if form.sending {
            return Reaction::handled();
        }
        if is_send(key) {
            return match form.submit() {
                Ok(command) => {
                    form.sending = true;
                    Reaction::handled()
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info("Sending…"))
                }
                Err(message) => Reaction::handled().with_notice(Notice::error(message)),
            };
        }
        if key.code == KeyCode::Esc {
            if form.is_blank() {
                self.form = None;
                return Reaction::handled();
            }
            return Reaction::ask(Question::DiscardRequest);
        }
        if key.code == KeyCode::Tab {
            form.move_focus(is_back_tab(key));
            return Reaction::handled();
        }

        match form.focus {
            FormField::Subject if key.code == KeyCode::Enter => form.move_focus(false),
            FormField::Subject => {
                form.subject.handle_key(key);
            }
            FormField::Category => match (key.code, plain_char(key)) {
                (KeyCode::Left, _) | (_, Some('h')) => form.cycle_category(true),
                (KeyCode::Right, _) | (_, Some('l' | ' ')) => form.cycle_category(false),
                (KeyCode::Enter | KeyCode::Down, _) => form.move_focus(false),
                (KeyCode::Up, _) => form.move_focus(true),
                _ => {}
            },
            FormField::Message => {
                form.message.handle_key(key);
            }
        }
        Reaction::handled()
    }

    fn render_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let visible = self.visible();
        self.list.set_len(visible.len());
        let scope = if self.open_only { "open only" } else { "all" };
        let title = format!(
            "Requests · {scope} · {} of {}{}",
            visible.len(),
            self.records.len(),
            self.list.filter_label()
        );
        let block = panel(title, theme);
        let mut inner = block.inner(area);
        frame.render_widget(block, area);

        if self.list.filtering {
            let [filter_area, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
            let [label, field] =
                Layout::horizontal([Constraint::Length(8), Constraint::Fill(1)]).areas(filter_area);
            frame.render_widget(Span::styled("Filter: ", theme.key), label);
            self.list.filter.render(frame, field, theme, true);
            inner = rest;
        }
        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        if visible.is_empty() {
            let text = match (self.records.is_empty(), self.staff) {
                (false, _) => "No request matches the filter.",
                (true, false) => "No requests yet. Press n to open one.",
                (true, true) => "No requests.",
            };
            frame.render_widget(Paragraph::new(text).style(theme.muted), inner);
            return;
        }

        let wide = inner.width >= 90;
        let rows = visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .map(|request| {
                let style = if request.unread > 0 {
                    Style::default().add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                let mut subject = sanitize_line(&request.subject);
                if self.staff {
                    subject = format!("{}: {subject}", sanitize_line(&request.organisation_name));
                }
                let mut cells = vec![
                    Cell::from(request_number(request.id, request.created_at)),
                    Cell::from(subject),
                    Cell::from(state_label(&request.state)),
                ];
                if wide {
                    cells.push(Cell::from(format_time(request.updated_at)));
                }
                cells.push(Cell::from(Span::styled(
                    unread_marker(request.unread),
                    theme.unread,
                )));
                Row::new(cells).style(style)
            });

        let mut headers = vec![
            "Number",
            if self.staff {
                "Organisation: subject"
            } else {
                "Subject"
            },
            "Status",
        ];
        let mut widths = vec![
            Constraint::Length(13),
            Constraint::Fill(1),
            Constraint::Length(16),
        ];
        if wide {
            headers.push("Updated");
            widths.push(Constraint::Length(16));
        }
        headers.push("Unread");
        widths.push(Constraint::Length(8));

        let table = Table::new(rows, widths)
            .header(Row::new(headers).style(theme.header))
            .row_highlight_style(theme.selected)
            .highlight_symbol(MARKER)
            .highlight_spacing(HighlightSpacing::Always);
        self.list.set_page(inner.height.saturating_sub(1));
        frame.render_stateful_widget(table, inner, &mut self.list.table);
    }
}

impl Screen for RequestsScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.records.is_empty() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![Effect::Load(self.query())];
        if let Some(thread) = &self.thread {
            effects.push(Effect::Load(Load::Request(thread.request_id)));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.form.is_some() {
            return self.handle_form_key(key);
        }
        if let Some(thread) = &mut self.thread {
            let reaction = thread.handle_key(key);
            if reaction.handled {
                return reaction;
            }
            return match (key.code, plain_char(key)) {
                (KeyCode::Esc, _) => {
                    self.thread = None;
                    Reaction::load(self.query())
                }
                (_, Some('n')) => self.open_form(None),
                _ => Reaction::ignored(),
            };
        }
        if self.list.filtering {
            self.list.handle_filter_key(key);
            return Reaction::handled();
        }
        if self.list.handle_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (_, Some('/')) => {
                self.list.filtering = true;
                Reaction::handled()
            }
            (_, Some('o')) => {
                self.open_only = !self.open_only;
                Reaction::load(self.query())
            }
            (_, Some('n')) => self.open_form(None),
            (KeyCode::Enter, _) => match self.selected_id() {
                Some(id) => {
                    self.thread = Some(Thread::new(id));
                    Reaction::load(Load::Request(id))
                }
                None => Reaction::handled(),
            },
            (KeyCode::Esc, _) if !self.list.filter.is_empty() => {
                self.list.filter.clear();
                Reaction::handled()
            }
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(form) = &mut self.form {
            match form.focus {
                FormField::Subject => form.subject.insert_str(text),
                FormField::Message => form.message.insert_str(text),
                FormField::Category => {}
            }
        } else if let Some(thread) = &mut self.thread {
            thread.paste(text);
        } else if self.list.filtering {
            self.list.filter.insert_str(text);
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        let sending_form = self.form.as_ref().is_some_and(|form| form.sending);
        match result {
            CommandResult::RequestOpened { number, .. } if sending_form => {
                self.form = None;
                let notice = Notice::ok(format!("Request {} opened.", sanitize_line(number)));
                return Reaction::load(self.query()).with_notice(notice);
            }
            CommandResult::Failed { .. } if sending_form => {
                if let Some(form) = &mut self.form {
                    form.sending = false;
                }
                return Reaction::handled();
            }
            _ => {}
        }
        match &mut self.thread {
            Some(thread) => thread.done(result),
            None => Reaction::ignored(),
        }
    }

    fn load_failed(&mut self) {
        if let Some(thread) = &mut self.thread {
            thread.load_failed();
        }
        if self.records.is_empty() {
            self.state = LoadState::Failed;
        }
    }

    fn confirm(&mut self, question: Question) {
        match question {
            Question::DiscardRequest => self.form = None,
            Question::DiscardReply => {
                if let Some(thread) = &mut self.thread {
                    thread.confirm(question);
                }
            }
            Question::Quit => {}
        }
    }

    fn text_focus(&self) -> bool {
        if self.form.is_some() {
            return true;
        }
        match &self.thread {
            Some(thread) => thread.text_focus(),
            None => self.list.filtering,
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.form.is_some() {
            return vec![
                ("Tab Shift-Tab", "next, previous field"),
                ("← →", "change the category"),
                ("Enter", "next field; new line in the message"),
                ("Ctrl-S Alt-Enter", "send the request"),
                ("Esc", "cancel"),
            ];
        }
        let mut keys = match &self.thread {
            Some(thread) => thread.keys(),
            None => vec![
                ("↑ ↓ j k", "move"),
                ("Home End", "first, last request"),
                ("PgUp PgDn", "move by a page"),
                ("Enter", "show the request and its messages"),
                ("o", "show open requests only, or all"),
                ("/", "filter by number, subject or status"),
                ("Esc", "clear the filter"),
            ],
        };
        if !self.staff
            && self
                .thread
                .as_ref()
                .is_none_or(|thread| !thread.text_focus())
        {
            keys.push(("n", "open a new request"));
        }
        keys
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        if self.form.is_some() {
            return vec![("Tab", "next field"), ("Ctrl-S", "send"), ("Esc", "cancel")];
        }
        match &self.thread {
            Some(thread) => thread.field_hints(),
            None => vec![("Enter", "keep filter"), ("Esc", "clear filter")],
        }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(form) = &mut self.form {
            form.render(frame, area, theme);
        } else if let Some(thread) = &mut self.thread {
            thread.render(frame, area, theme);
        } else {
            self.render_list(frame, area, theme);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{RequestCategory, Role};
    use crate::tui::screens::fixtures::{
        app, char_key, ctrl, detail, draw, key, principal, request, theme, type_text,
    };
    use crate::tui::{
        App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded, RequestDraftKey,
        RequestQueryKey, StartMode,
    };

    fn requests_app() -> App {
        let mut app = app();
        app.handle(char_key('3'));
        app.handle(Event::Loaded(Loaded::Requests(vec![
            request(123, "Invoice 2026-02 is too high", "under-review", 2, 3),
            request(124, "Move the fibre line", "received", 0, 0),
        ])));
        app
    }

    #[test]
    fn list_shows_status_words_and_unread() {
        let mut app = requests_app();
        let screen = draw(&mut app, 100, 24);
        assert!(screen.contains("R-2026-000123"), "{screen}");
        assert!(screen.contains("Under review"), "{screen}");
        assert!(screen.contains("● 2 new"), "{screen}");
        assert!(screen.contains("Received"), "{screen}");
    }

    #[test]
    fn open_only_toggle_reloads() {
        let mut app = requests_app();
        let effects = app.handle(char_key('o'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey {
                open_only: true
            }))]
        );
        let effects = app.handle(char_key('o'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey {
                open_only: false
            }))]
        );
    }

    #[test]
    fn detail_shows_next_step_and_handler() {
        let mut app = requests_app();
        assert_eq!(
            app.handle(key(KeyCode::Enter)),
            vec![Effect::Load(Load::Request(123))]
        );
        app.handle(Event::Loaded(Loaded::Request(Box::new(detail(Vec::new())))));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Next step: We check the invoice"),
            "{screen}"
        );
        assert!(screen.contains("Handled by: Not assigned yet"), "{screen}");
        assert!(
            screen.contains("Received → Under review, by Dana Agent"),
            "{screen}"
        );
        assert!(screen.contains("Category: Billing"), "{screen}");
    }

    #[test]
    fn new_request_form_sends_draft() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "Question 1");
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Right));
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "Please call me.");
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("10/120"), "{screen}");
        assert!(screen.contains("15/4000"), "{screen}");
        assert!(screen.contains("‹ Contract change ›"), "{screen}");

        let effects = app.handle(ctrl('s'));
        let expected = Command::OpenRequest(RequestDraftKey {
            subject: "Question 1".to_string(),
            category: RequestCategory::ContractChange,
            body: "Please call me.".to_string(),
            document_id: None,
        });
        assert_eq!(effects, vec![Effect::Run(expected)]);

        let effects = app.handle(Event::Done(CommandResult::RequestOpened {
            id: 125,
            number: "R-2026-000125".to_string(),
        }));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey::default()))]
        );
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Request R-2026-000125 opened"), "{screen}");
        assert!(!screen.contains("New request"), "{screen}");
    }

    #[test]
    fn empty_form_is_rejected_locally() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        assert!(app.handle(ctrl('s')).is_empty());
        assert!(draw(&mut app, 80, 24).contains("Error: The subject is missing"));
    }

    #[test]
    fn escape_on_typed_form_asks() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "x");
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Discard this request? y/n"));
        app.handle(char_key('n'));
        assert!(draw(&mut app, 80, 24).contains("New request"));
        app.handle(key(KeyCode::Esc));
        app.handle(char_key('y'));
        assert!(!draw(&mut app, 80, 24).contains("New request"));
    }

    #[test]
    fn failed_submit_keeps_form_text() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "Subject");
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "Body");
        app.handle(ctrl('s'));
        app.handle(Event::Done(CommandResult::Failed {
            message: "the database is unavailable".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Error: the database is unavailable"),
            "{screen}"
        );
        assert!(screen.contains("Subject"), "{screen}");
        assert_eq!(app.handle(ctrl('s')).len(), 1, "the form can be sent again");
    }

    #[test]
    fn staff_get_no_request_form() {
        let (mut app, _) = App::new(
            principal(Role::Agent),
            theme(),
            StartMode::Dashboard,
            80,
            24,
        );
        app.handle(char_key('3'));
        app.handle(Event::Loaded(Loaded::Requests(vec![request(
            123, "Invoice", "received", 0, 0,
        )])));
        assert!(app.handle(char_key('n')).is_empty());
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("New request"), "{screen}");
        assert!(screen.contains("Only customers open requests"), "{screen}");
        assert!(screen.contains("Northwind Ltd: Invoice"), "{screen}");
    }
}
