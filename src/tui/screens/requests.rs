//! The requests screen: the request list. An open request is drawn by the
//! shared thread view, and customers open new requests with the form in
//! [`super::request_form`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::documents::staff_request_notice;
use super::request_form::RequestForm;
use super::thread::{Thread, unread_marker, unread_style};
use super::{
    AttachedDocument, LoadState, Question, Reaction, Screen, format_time, render_waiting,
    request_number, state_label,
};
use crate::domain::text::sanitize_line;
use crate::service::requests::RequestDetail;
use crate::store::requests::RequestRecord;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, Notice, panel, plain_char};
use crate::tui::{CommandResult, Effect, KeyCode, KeyEvent, Load, RequestQueryKey};

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

    /// Returns the id of the request whose thread is open.
    pub fn open_request(&self) -> Option<i64> {
        self.thread.as_ref().map(|thread| thread.request_id)
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
        // Esc closes a blank form at once. A form that contains text raises
        // the discard question itself.
        if key.code == KeyCode::Esc && !form.sending && form.is_blank() {
            self.form = None;
            return Reaction::handled();
        }
        form.handle_key(key)
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
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let inner = self.list.render_filter(frame, inner, theme);

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
                let style = unread_style(request.unread);
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
            headers.push("Updated (UTC)");
            widths.push(Constraint::Length(16));
        }
        headers.push("Unread");
        widths.push(Constraint::Length(8));

        let table = Table::new(rows, widths).header(Row::new(headers).style(theme.header));
        self.list.render_table(frame, inner, table, theme);
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
        if self.list.handle_filterable_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
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
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(form) = &mut self.form {
            form.paste(text);
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
        if let Some(form) = &self.form {
            return form.keys();
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
        if let Some(form) = &self.form {
            return form.field_hints();
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
    use crate::domain::Role;
    use crate::tui::screens::fixtures::{char_key, draw, principal, request, requests_app, theme};
    use crate::tui::{App, Effect, Event, Load, Loaded, RequestQueryKey, StartMode};

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
