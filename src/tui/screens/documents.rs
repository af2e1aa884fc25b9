//! The documents screen: a sortable, filterable table and a detail view
//! with every field of one document.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{
    AttachedDocument, LoadState, Reaction, Screen, format_amount, format_size, format_time,
    kind_label, render_waiting,
};
use crate::domain::text::sanitize_line;
use crate::store::documents::{DocumentRecord, DocumentSort};
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, Notice, hanging, panel, plain_char};
use crate::tui::{DocumentQueryKey, Effect, KeyCode, KeyEvent, Load};

pub struct DocumentsScreen {
    records: Vec<DocumentRecord>,
    state: LoadState,
    sort: DocumentSort,
    list: ListSelection,
    /// The document whose detail view is open, once it arrived.
    detail: Option<DocumentRecord>,
    /// The document whose detail view is open or on its way.
    detail_id: Option<i64>,
    staff: bool,
}

fn sort_name(sort: DocumentSort) -> &'static str {
    match sort {
        DocumentSort::Date => "date",
        DocumentSort::Kind => "kind",
        DocumentSort::Title => "title",
        DocumentSort::Size => "size",
    }
}

fn next_sort(sort: DocumentSort) -> DocumentSort {
    match sort {
        DocumentSort::Date => DocumentSort::Kind,
        DocumentSort::Kind => DocumentSort::Title,
        DocumentSort::Title => DocumentSort::Size,
        DocumentSort::Size => DocumentSort::Date,
    }
}

/// Tells staff why they get no new-request form.
pub fn staff_request_notice() -> Notice {
    Notice::info("Only customers open requests; staff answer them from the Requests screen.")
}

impl DocumentsScreen {
    pub fn new(staff: bool) -> DocumentsScreen {
        DocumentsScreen {
            records: Vec::new(),
            state: LoadState::Loading,
            sort: DocumentSort::Date,
            list: ListSelection::new(),
            detail: None,
            detail_id: None,
            staff,
        }
    }

    fn query(&self) -> Load {
        Load::Documents(DocumentQueryKey { sort: self.sort })
    }

    /// Indices of the records that pass the filter.
    fn visible(&self) -> Vec<usize> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, record)| {
                self.list
                    .matches(&[&record.title, &kind_label(&record.kind), &record.kind])
            })
            .map(|(index, _)| index)
            .collect()
    }

    fn selected_record(&self) -> Option<&DocumentRecord> {
        let index = *self.visible().get(self.list.selected()?)?;
        self.records.get(index)
    }

    /// Takes a new list, keeping the focus on the same document if it is
    /// still there.
    pub fn loaded(&mut self, records: Vec<DocumentRecord>) {
        let focused = self.selected_record().map(|record| record.id);
        self.records = records;
        self.state = LoadState::Ready;
        let visible = self.visible();
        self.list.set_len(visible.len());
        let position = focused.and_then(|id| {
            visible.iter().position(|&index| {
                self.records
                    .get(index)
                    .is_some_and(|record| record.id == id)
            })
        });
        if let Some(position) = position {
            self.list.select(position);
        }
    }

    pub fn detail_loaded(&mut self, record: DocumentRecord) {
        if self.detail_id == Some(record.id) {
            self.detail = Some(record);
        }
    }

    fn new_request(&self, document: Option<&DocumentRecord>) -> Reaction {
        if self.staff {
            return Reaction::handled().with_notice(staff_request_notice());
        }
        let attached = document.map(|record| AttachedDocument {
            id: record.id,
            title: sanitize_line(&record.title),
        });
        Reaction {
            handled: true,
            new_request: Some(attached),
            ..Reaction::default()
        }
    }

    fn handle_detail_key(&mut self, key: &KeyEvent) -> Reaction {
        match (key.code, plain_char(key)) {
            (KeyCode::Esc | KeyCode::Backspace, _) => {
                self.detail = None;
                self.detail_id = None;
                Reaction::load(self.query())
            }
            (_, Some('n')) => self.new_request(self.detail.as_ref()),
            _ => Reaction::ignored(),
        }
    }

    fn render_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let visible = self.visible();
        self.list.set_len(visible.len());
        let title = format!(
            "Documents · sorted by {} · {} of {}{}",
            sort_name(self.sort),
            visible.len(),
            self.records.len(),
            self.list.filter_label()
        );
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let table_area = self.list.render_filter(frame, inner, theme);

        if self.state != LoadState::Ready {
            render_waiting(frame, table_area, theme, self.state == LoadState::Failed);
            return;
        }
        if visible.is_empty() {
            let text = if self.records.is_empty() {
                "No documents yet."
            } else {
                "No document matches the filter."
            };
            frame.render_widget(Paragraph::new(text).style(theme.muted), table_area);
            return;
        }

        let rows = visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .map(|record| {
                let new = record.status == "new";
                let title_style = if new {
                    Style::default().add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                let status_style = if new { theme.unread } else { Style::default() };
                Row::new(vec![
                    Cell::from(kind_label(&record.kind)),
                    Cell::from(Span::styled(sanitize_line(&record.title), title_style)),
                    Cell::from(sanitize_line(&record.issue_date)),
                    Cell::from(Span::styled(sanitize_line(&record.status), status_style)),
                ])
            });
        let header = Row::new(["Kind", "Title", "Date", "Status"]).style(theme.header);
        let widths = [
            Constraint::Length(19),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(8),
        ];
        let table = Table::new(rows, widths).header(header);
        self.list.render_table(frame, table_area, table, theme);
    }

    fn render_detail(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(record) = &self.detail else {
            let block = panel("Document", theme);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        };

        let amount = match (record.amount_cents, &record.currency) {
            (Some(cents), Some(currency)) => format_amount(cents, currency),
            (Some(cents), None) => format_amount(cents, ""),
            (None, _) => "none".to_string(),
        };
        let status_style = if record.status == "new" {
            theme.unread
        } else {
            Style::default()
        };
        let width = usize::from(area.width.saturating_sub(2));
        let field = |label: &str, value: String, style: Style| {
            hanging(&format!("{label:<14}"), theme.muted, &value, style, width)
        };
        let mut lines: Vec<Line> = [
            field("Kind", kind_label(&record.kind), Style::default()),
            field("Title", sanitize_line(&record.title), theme.title),
            field(
                "Issue date",
                sanitize_line(&record.issue_date),
                Style::default(),
            ),
            field("Amount", amount, Style::default()),
            field("Status", sanitize_line(&record.status), status_style),
            field("Size", format_size(record.size), Style::default()),
            field(
                "Content type",
                sanitize_line(&record.content_type),
                Style::default(),
            ),
            field("SHA-256", sanitize_line(&record.sha256), Style::default()),
            field("Added", format_time(record.created_at), Style::default()),
        ]
        .concat();
        lines.extend([
            Line::default(),
            Line::from(vec![
                Span::styled("n", theme.key),
                Span::styled(" new request about this document  ", theme.muted),
                Span::styled("Esc", theme.key),
                Span::styled(" back to the list", theme.muted),
            ]),
        ]);
        let title = format!("Document: {}", sanitize_line(&record.title));
        frame.render_widget(Paragraph::new(lines).block(panel(title, theme)), area);
    }
}

impl Screen for DocumentsScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.records.is_empty() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![Effect::Load(self.query())];
        if let Some(id) = self.detail_id {
            effects.push(Effect::Load(Load::Document(id)));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.detail_id.is_some() {
            return self.handle_detail_key(key);
        }
        if self.list.handle_filterable_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (_, Some('s')) => {
                self.sort = next_sort(self.sort);
                Reaction::load(self.query())
            }
            (_, Some('n')) => self.new_request(self.selected_record()),
            (KeyCode::Enter, _) => match self.selected_record().map(|record| record.id) {
                Some(id) => {
                    self.detail_id = Some(id);
                    self.detail = None;
                    Reaction::load(Load::Document(id))
                }
                None => Reaction::handled(),
            },
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        if self.list.filtering {
            self.list.filter.insert_str(text);
        }
    }

    fn load_failed(&mut self) {
        if self.records.is_empty() {
            self.state = LoadState::Failed;
        }
    }

    fn text_focus(&self) -> bool {
        self.list.filtering && self.detail_id.is_none()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.detail_id.is_some() {
            return vec![
                ("n", "new request about this document"),
                ("Esc", "back to the list"),
            ];
        }
        vec![
            ("↑ ↓ j k", "move"),
            ("Home End", "first, last document"),
            ("PgUp PgDn", "move by a page"),
            ("Enter", "show the document's details"),
            ("s", "sort by date, kind or title"),
            ("/", "filter by title or kind"),
            ("Esc", "clear the filter"),
            ("n", "new request about the document"),
        ]
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![("Enter", "keep filter"), ("Esc", "clear filter")]
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if self.detail_id.is_some() {
            self.render_detail(frame, area, theme);
        } else {
            self.render_list(frame, area, theme);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::documents::DocumentSort;
    use crate::tui::screens::fixtures::{app, char_key, document, draw, key, row_with, type_text};
    use crate::tui::{App, DocumentQueryKey, Effect, Event, KeyCode, Load, Loaded};

    fn documents_app() -> App {
        let mut app = app();
        app.handle(char_key('2'));
        app.handle(Event::Loaded(Loaded::Documents(vec![
            document(1, "invoice", "Invoice February", "new"),
            document(2, "contract", "Fibre contract", "read"),
            document(3, "invoice", "Invoice January", "read"),
        ])));
        app
    }

    #[test]
    fn navigation_moves_visible_marker() {
        let mut app = documents_app();
        let screen = draw(&mut app, 80, 24);
        let first = row_with(&screen, "Invoice February").expect("first row");
        assert!(first.contains("› "), "{first}");

        app.handle(char_key('j'));
        let screen = draw(&mut app, 80, 24);
        assert!(
            row_with(&screen, "Fibre contract")
                .expect("second row")
                .contains("› ")
        );
        assert!(
            !row_with(&screen, "Invoice February")
                .expect("first row")
                .contains("›")
        );

        app.handle(key(KeyCode::End));
        let screen = draw(&mut app, 80, 24);
        assert!(
            row_with(&screen, "Invoice January")
                .expect("last row")
                .contains("› ")
        );
        app.handle(key(KeyCode::Home));
        let screen = draw(&mut app, 80, 24);
        assert!(
            row_with(&screen, "Invoice February")
                .expect("first row")
                .contains("› ")
        );
    }

    #[test]
    fn filter_narrows_document_list() {
        let mut app = documents_app();
        app.handle(char_key('/'));
        type_text(&mut app, "INVOICE j");
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Invoice January"), "{screen}");
        assert!(!screen.contains("Invoice February"), "{screen}");
        assert!(!screen.contains("Fibre contract"), "{screen}");

        // Enter keeps the filter; digits then switch screens again.
        app.handle(key(KeyCode::Enter));
        assert!(draw(&mut app, 80, 24).contains("1 of 3"));

        // Esc clears it.
        app.handle(key(KeyCode::Esc));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Fibre contract"), "{screen}");
    }

    #[test]
    fn filter_matches_kind_label() {
        let mut app = documents_app();
        app.handle(char_key('/'));
        type_text(&mut app, "contract");
        app.handle(key(KeyCode::Enter));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Fibre contract"), "{screen}");
        assert!(!screen.contains("Invoice"), "{screen}");
    }

    #[test]
    fn typing_q_in_filter_does_not_quit() {
        let mut app = documents_app();
        app.handle(char_key('/'));
        assert!(app.handle(char_key('q')).is_empty());
        assert!(app.handle(char_key('3')).is_empty());
        assert!(!draw(&mut app, 80, 24).contains("Quit Portico?"));
    }

    #[test]
    fn sort_key_cycles_and_reloads() {
        let mut app = documents_app();
        let expected = [
            DocumentSort::Kind,
            DocumentSort::Title,
            DocumentSort::Size,
            DocumentSort::Date,
        ];
        for sort in expected {
            let effects = app.handle(char_key('s'));
            assert_eq!(
                effects,
                vec![Effect::Load(Load::Documents(DocumentQueryKey { sort }))]
            );
        }
        app.handle(char_key('s'));
        assert!(draw(&mut app, 80, 24).contains("sorted by kind"));
    }

    #[test]
    fn new_document_shows_word_new() {
        let mut app = documents_app();
        let screen = draw(&mut app, 80, 24);
        let row = row_with(&screen, "Invoice February").expect("row");
        assert!(row.contains("new"), "{row}");
        assert!(
            row_with(&screen, "Fibre contract")
                .expect("row")
                .contains("read")
        );
    }

    #[test]
    fn enter_opens_document_detail() {
        let mut app = documents_app();
        app.handle(char_key('j'));
        assert_eq!(
            app.handle(key(KeyCode::Enter)),
            vec![Effect::Load(Load::Document(2))]
        );
        assert!(draw(&mut app, 80, 24).contains("Loading…"));

        app.handle(Event::Loaded(Loaded::Document(Box::new(document(
            2,
            "contract",
            "Fibre contract",
            "read",
        )))));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("182.31 EUR"), "{screen}");
        assert!(screen.contains("47.1 KiB"), "{screen}");
        assert!(screen.contains("application/pdf"), "{screen}");
        assert!(screen.contains(&"ab".repeat(32)), "{screen}");
        assert!(screen.contains("Contract"), "{screen}");

        let effects = app.handle(key(KeyCode::Esc));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Documents(DocumentQueryKey::default()))]
        );
        assert!(draw(&mut app, 80, 24).contains("Invoice January"));
    }

    #[test]
    fn document_opens_request_form() {
        let mut app = documents_app();
        let effects = app.handle(char_key('n'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(Default::default()))]
        );
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("[3 Requests]"), "{screen}");
        assert!(screen.contains("New request"), "{screen}");
        assert!(screen.contains("Invoice February is attached"), "{screen}");
    }

    #[test]
    fn escape_sequences_in_titles_are_stripped() {
        let mut app = app();
        app.handle(char_key('2'));
        let hostile = document(9, "letter", "Hi\u{1b}]52;c;aGk=\u{7} there\u{202e}", "read");
        app.handle(Event::Loaded(Loaded::Documents(vec![hostile])));
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(!screen.contains('\u{202e}'), "{screen}");
        assert!(screen.contains("Hi]52;c;aGk= there"), "{screen}");
    }
}
