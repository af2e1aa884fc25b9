//! The messages screen: the request threads that have messages. An open
//! thread is drawn by the shared thread view.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::thread::{Thread, unread_marker, unread_style};
use super::{
    LoadState, Question, Reaction, Screen, format_time, render_waiting, request_number, time_width,
};
use crate::domain::text::sanitize_line;
use crate::service::requests::RequestDetail;
use crate::store::kb::ArticleRecord;
use crate::store::requests::RequestRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, fill_column_width, fit_to_width, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

pub struct MessagesScreen {
    threads: Vec<RequestRecord>,
    state: LoadState,
    list: ListSelection,
    thread: Option<Thread>,
    staff: bool,
}

impl MessagesScreen {
    pub fn new(staff: bool) -> MessagesScreen {
        MessagesScreen {
            threads: Vec::new(),
            state: LoadState::Loading,
            list: ListSelection::new(),
            thread: None,
            staff,
        }
    }

    /// Shows `requests`, which the query limits to those with messages.
    pub fn loaded(&mut self, requests: Vec<RequestRecord>) {
        self.threads = requests;
        self.state = LoadState::Ready;
        self.list.set_len(self.visible().len());
    }

    /// Returns the id of the request whose thread is open.
    pub fn open_request(&self) -> Option<i64> {
        self.thread.as_ref().map(|thread| thread.request_id)
    }

    /// Passes articles found for `words` to the open thread's article prompt.
    pub fn articles_loaded(&mut self, words: &str, articles: &[ArticleRecord]) {
        if let Some(thread) = &mut self.thread {
            thread.articles_loaded(words, articles);
        }
    }

    pub fn request_loaded(&mut self, detail: &RequestDetail) {
        if let Some(thread) = &mut self.thread {
            thread.loaded(detail);
        }
    }

    fn visible(&self) -> Vec<usize> {
        self.threads
            .iter()
            .enumerate()
            .filter(|(_, request)| {
                let number = request_number(request.id, request.created_at);
                self.list.matches(&[&request.subject, &number])
            })
            .map(|(index, _)| index)
            .collect()
    }

    fn selected_id(&self) -> Option<i64> {
        let index = *self.visible().get(self.list.selected()?)?;
        self.threads.get(index).map(|request| request.id)
    }

    /// Returns the line shown when no thread is visible.
    fn empty_text(&self) -> String {
        if self.threads.is_empty() {
            tr!("messages-list-empty")
        } else {
            tr!("messages-list-no-match")
        }
    }

    fn list_title(&self) -> String {
        let unread: i64 = self
            .threads
            .iter()
            .map(|request| request.unread.max(0))
            .sum();
        tr!(
            "messages-list-title",
            threads = self.threads.len(),
            unread = unread,
            filter = self.list.filter_label()
        )
    }

    /// Describes the list for the plain mode: one thread a line with its
    /// unread and total messages, the selected one last.
    fn plain_list(&self, clock: &Regional) -> Option<PlainView> {
        if self.state != LoadState::Ready {
            return None;
        }
        let visible = self.visible();
        let mut view = PlainView::default();
        view.heading(self.list_title());
        if visible.is_empty() {
            view.line(self.empty_text());
        }
        let focused = self.list.selected().unwrap_or(0);
        let count = visible.len();
        for (position, request) in visible
            .iter()
            .filter_map(|&index| self.threads.get(index))
            .enumerate()
        {
            let label = tr!(
                "messages-plain-thread",
                number = request_number(request.id, request.created_at),
                subject = sanitize_line(&request.subject),
                time = format_time(clock, request.updated_at)
            );
            let state = tr!(
                "messages-plain-thread-unread",
                unread = request.unread.max(0),
                count = request.message_count
            );
            view.push_item(&label, &state, position, count, position == focused);
        }
        Some(view)
    }

    fn render_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let visible = self.visible();
        self.list.set_len(visible.len());
        let title = self.list_title();
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let inner = self.list.render_filter(frame, inner, theme);

        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        if visible.is_empty() {
            frame.render_widget(Paragraph::new(self.empty_text()).style(theme.muted), inner);
            return;
        }

        // Below 70 columns the total and the update time give way, so the
        // subject keeps room to be read.
        let compact = inner.width < 70;
        let unread_header = tr!("messages-column-unread");
        let total_header = tr!("messages-column-total");
        // The unread column fits its header and the markers of these rows,
        // whose words differ by language, in at least 8 columns.
        let unread_width = visible
            .iter()
            .filter_map(|&index| self.threads.get(index))
            .map(|request| unread_marker(request.unread).width())
            .chain([unread_header.width(), 8])
            .max()
            .unwrap_or(8);
        let unread_width = u16::try_from(unread_width).unwrap_or(u16::MAX);
        let total_width = u16::try_from(total_header.width().max(5)).unwrap_or(5);
        let fixed: &[u16] = if compact {
            &[13, unread_width]
        } else {
            &[13, unread_width, total_width, time_width(&theme.clock)]
        };
        let subject_width = fill_column_width(inner.width, fixed);
        let rows = visible
            .iter()
            .filter_map(|&index| self.threads.get(index))
            .map(|request| {
                let style = unread_style(request.unread);
                let mut cells = vec![
                    Cell::from(request_number(request.id, request.created_at)),
                    Cell::from(fit_to_width(
                        &sanitize_line(&request.subject),
                        subject_width,
                    )),
                    Cell::from(Span::styled(unread_marker(request.unread), theme.unread)),
                ];
                if !compact {
                    cells.push(Cell::from(request.message_count.to_string()));
                    cells.push(Cell::from(format_time(&theme.clock, request.updated_at)));
                }
                Row::new(cells).style(style)
            });
        let mut headers = vec![
            tr!("messages-column-number"),
            tr!("messages-column-subject"),
            unread_header,
        ];
        if !compact {
            headers.push(total_header);
            headers.push(tr!("messages-column-updated"));
        }
        let header = Row::new(headers).style(theme.header);
        let mut widths: Vec<Constraint> = fixed.iter().map(|&w| Constraint::Length(w)).collect();
        widths.insert(1, Constraint::Fill(1));
        let table = Table::new(rows, widths).header(header);
        self.list.render_table(frame, inner, table, theme);
    }
}

impl Screen for MessagesScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.threads.is_empty() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![Effect::Load(Load::Threads)];
        if let Some(thread) = &self.thread {
            effects.push(Effect::Load(Load::Request(thread.request_id)));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if let Some(thread) = &mut self.thread {
            let reaction = thread.handle_key(key);
            if reaction.handled || key.code != KeyCode::Esc {
                return reaction;
            }
            self.thread = None;
            return Reaction::load(Load::Threads);
        }
        if self.list.handle_filterable_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (KeyCode::Enter, _) => match self.selected_id() {
                Some(id) => {
                    self.thread = Some(Thread::new(id));
                    Reaction::load(Load::Request(id))
                }
                None => Reaction::handled(),
            },
            (_, Some('n')) => Reaction {
                handled: true,
                new_request: Some(None),
                ..Reaction::default()
            },
            (_, Some('g')) if !self.staff => {
                Reaction::handled().with_effect(Effect::Run(Command::OpenConversation))
            }
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        match &mut self.thread {
            Some(thread) => thread.paste(text),
            None if self.list.filtering => self.list.filter.insert_str(text),
            None => {}
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        if let CommandResult::ConversationOpened { request_id } = result {
            self.thread = Some(Thread::new(*request_id));
            return Reaction::load(Load::Request(*request_id));
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
        if self.threads.is_empty() {
            self.state = LoadState::Failed;
        }
    }

    fn confirm(&mut self, question: Question) -> Vec<Effect> {
        if let Some(thread) = &mut self.thread {
            thread.confirm(question);
        }
        Vec::new()
    }

    fn text_focus(&self) -> bool {
        match &self.thread {
            Some(thread) => thread.text_focus(),
            None => self.list.filtering,
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(thread) = &self.thread {
            return thread.keys();
        }
        let mut keys = vec![
            ("↑ ↓ j k", "common-move"),
            ("Home End G", "messages-key-first-last"),
            ("PgUp PgDn", "common-move-page"),
            ("Enter", "messages-key-open"),
            ("/", "messages-key-filter"),
            ("Esc", "requests-key-clear-filter"),
        ];
        if !self.staff {
            keys.push(("g", "messages-key-conversation"));
            keys.push(("n", "requests-key-new"));
        }
        keys
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        match &self.thread {
            Some(thread) => thread.field_hints(),
            None => vec![
                ("Enter", "requests-hint-keep-filter"),
                ("Esc", "requests-hint-clear-filter"),
            ],
        }
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        match &self.thread {
            Some(thread) => thread.plain_view(clock),
            None => self
                .plain_list(clock)
                .map(|view| self.list.plain_filter(view, &self.field_hints())),
        }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        match &mut self.thread {
            Some(thread) => thread.render(frame, area, theme),
            None => self.render_list(frame, area, theme),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::fixtures::{app, char_key, draw, key, request, row_with, thread_app};
    use crate::tui::{Effect, Event, KeyCode, Load, Loaded};

    #[test]
    fn thread_row_shows_unread_count() {
        let mut app = app();
        app.handle(char_key('4'));
        app.handle(Event::Loaded(Loaded::Threads(vec![request(
            123,
            "Invoice 2026-02 is too high",
            "under-review",
            2,
            3,
        )])));
        let screen = draw(&mut app, 80, 24);
        let row = row_with(&screen, "Invoice 2026-02").expect("thread row");
        assert!(row.contains("● 2 new"), "{row}");
        assert!(row.contains("› "), "{row}");
    }

    #[test]
    fn enter_opens_thread() {
        let mut app = app();
        app.handle(char_key('4'));
        app.handle(Event::Loaded(Loaded::Threads(vec![request(
            123, "Invoice", "received", 1, 1,
        )])));
        assert_eq!(
            app.handle(key(KeyCode::Enter)),
            vec![Effect::Load(Load::Request(123))]
        );
    }

    #[test]
    fn escape_leaves_thread_and_reloads() {
        let mut app = thread_app();
        assert_eq!(
            app.handle(key(KeyCode::Esc)),
            vec![Effect::Load(Load::Threads)]
        );
    }
}
