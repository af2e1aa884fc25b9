//! The documents screen: a sortable, searchable table of current or
//! archived documents, a detail view with every field of one document, and
//! a contracts tab whose actions open requests.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::document_views::{
    action_key, calendar_date, date_width, plain_contracts, plain_detail, render_contracts,
    render_detail, status_label,
};
use super::{
    AttachedDocument, LoadState, Reaction, Screen, format_size, kind_label, render_waiting,
};
use crate::domain::text::sanitize_line;
use crate::domain::{DocumentKind, DocumentStatus};
use crate::service::contracts::ContractAction;
use crate::service::documents::DocumentDetail;
use crate::store::contracts::ContractRecord;
use crate::store::documents::{DocumentRecord, DocumentSort};
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    ListSelection, Notice, fill_column_width, fit_to_width, panel, plain_char,
};
use crate::tui::{
    Command, CommandResult, DOCUMENT_PAGE, DocumentQueryKey, Effect, KeyCode, KeyEvent, Load,
};

/// The part of the screen on display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    List,
    Detail,
    Contracts,
}

pub struct DocumentsScreen {
    records: Vec<DocumentRecord>,
    state: LoadState,
    sort: DocumentSort,
    archived: bool,
    list: ListSelection,
    /// The search text of the list on screen; while the filter field shows
    /// the same text, rows are not filtered again on this side.
    applied_search: String,
    /// The search text of the load on its way.
    requested_search: String,
    view: View,
    /// The document whose detail view is open, once it arrived.
    detail: Option<DocumentDetail>,
    /// The document whose detail view is open or on its way.
    detail_id: Option<i64>,
    /// The index of the detail view's line drawn at the top.
    detail_scroll: usize,
    /// The rows of the detail view at the last drawing, for paging.
    detail_page: usize,
    contracts: Vec<ContractRecord>,
    contract_list: ListSelection,
    /// Set while a contract request is being opened.
    contract_request_pending: bool,
    staff: bool,
    /// Whether the caller's organisation role includes contracts. Without
    /// that right the tab says so instead of "No contracts."
    may_read_contracts: bool,
}

/// Returns the word for a sort order, in the current language.
fn sort_name(sort: DocumentSort) -> String {
    match sort {
        DocumentSort::Date => tr!("documents-sort-date"),
        DocumentSort::Kind => tr!("documents-sort-kind"),
        DocumentSort::Title => tr!("documents-sort-title"),
        DocumentSort::Size => tr!("documents-sort-size"),
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
    Notice::info(tr!("documents-staff-request-notice"))
}

impl DocumentsScreen {
    pub fn new(staff: bool) -> DocumentsScreen {
        DocumentsScreen {
            records: Vec::new(),
            state: LoadState::Loading,
            sort: DocumentSort::Date,
            archived: false,
            list: ListSelection::new(),
            applied_search: String::new(),
            requested_search: String::new(),
            view: View::List,
            detail: None,
            detail_id: None,
            detail_scroll: 0,
            detail_page: 1,
            contracts: Vec::new(),
            contract_list: ListSelection::new(),
            contract_request_pending: false,
            staff,
            may_read_contracts: true,
        }
    }

    /// Reads what the caller's role in the current organisation includes.
    pub fn set_access(&mut self, principal: &crate::domain::Principal) {
        use crate::domain::organisation::Capability;
        self.may_read_contracts = principal.role_allows(Capability::ReadContracts);
    }

    /// Returns the line of a contracts tab without contracts.
    fn contracts_empty(&self) -> String {
        if self.may_read_contracts {
            tr!("contracts-empty")
        } else {
            tr!("contracts-role-cannot-read")
        }
    }

    /// Returns the load of the list: the kept search text goes to the
    /// server, which searches titles and document text.
    fn query(&mut self) -> Load {
        let search = if self.list.filtering {
            self.applied_search.clone()
        } else {
            self.list.filter.value()
        };
        self.requested_search = search.clone();
        Load::Documents(DocumentQueryKey {
            sort: self.sort,
            search,
            archived: self.archived,
        })
    }

    /// Indices of the records to show. While the search on screen is the
    /// one the server applied, every record passes; otherwise the typed
    /// text narrows the loaded rows at once.
    fn visible(&self) -> Vec<usize> {
        let server_filtered =
            !self.list.filtering && self.list.filter.value() == self.applied_search;
        self.records
            .iter()
            .enumerate()
            .filter(|(_, record)| {
                server_filtered
                    || self
                        .list
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
        self.applied_search = self.requested_search.clone();
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

    pub fn detail_loaded(&mut self, detail: DocumentDetail) {
        if self.detail_id == Some(detail.record.id) {
            self.detail = Some(detail);
        }
    }

    pub fn contracts_loaded(&mut self, contracts: Vec<ContractRecord>) {
        self.contract_list.set_len(contracts.len());
        self.contracts = contracts;
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

    fn back_to_list(&mut self) -> Reaction {
        self.view = View::List;
        self.detail = None;
        self.detail_id = None;
        Reaction::load(self.query())
    }

    fn handle_detail_key(&mut self, key: &KeyEvent) -> Reaction {
        let record = self.detail.as_ref().map(|detail| &detail.record);
        let page = self.detail_page.max(1);
        let scroll = self.detail_scroll;
        // Drawing clamps the scroll to the last page.
        let scrolled = match (key.code, plain_char(key)) {
            (KeyCode::Up, _) | (_, Some('k')) => Some(scroll.saturating_sub(1)),
            (KeyCode::Down, _) | (_, Some('j')) => Some(scroll.saturating_add(1)),
            (KeyCode::PageUp, _) => Some(scroll.saturating_sub(page)),
            (KeyCode::PageDown, _) | (_, Some(' ')) => Some(scroll.saturating_add(page)),
            (KeyCode::Home, _) | (_, Some('g')) => Some(0),
            (KeyCode::End, _) | (_, Some('G')) => Some(usize::MAX),
            _ => None,
        };
        if let Some(scrolled) = scrolled {
            self.detail_scroll = scrolled;
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (KeyCode::Esc | KeyCode::Backspace, _) => self.back_to_list(),
            (_, Some('n')) => self.new_request(record),
            (_, Some('a')) => match record {
                Some(record) if !self.staff => {
                    let archived = record.status != "archived";
                    Reaction::handled().with_effect(Effect::Run(Command::SetDocumentArchived {
                        id: record.id,
                        archived,
                    }))
                }
                _ => Reaction::handled(),
            },
            _ => Reaction::ignored(),
        }
    }

    fn handle_contracts_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.contract_list.handle_key(key) {
            return Reaction::handled();
        }
        if matches!(key.code, KeyCode::Esc) || plain_char(key) == Some('c') {
            return self.back_to_list();
        }
        let action = ContractAction::ALL
            .into_iter()
            .find(|action| plain_char(key).is_some_and(|c| action_key(*action).starts_with(c)));
        let Some(action) = action else {
            return Reaction::ignored();
        };
        if self.staff {
            return Reaction::handled().with_notice(staff_request_notice());
        }
        let Some(contract) = self
            .contract_list
            .selected()
            .and_then(|index| self.contracts.get(index))
        else {
            return Reaction::handled();
        };
        self.contract_request_pending = true;
        Reaction::handled().with_effect(Effect::Run(Command::ContractRequest {
            contract_id: contract.id,
            action,
        }))
    }

    /// Returns the list's title: archive or not, sort, counts and filter.
    fn list_title(&self, shown: usize) -> String {
        let more = if self.records.len() >= usize::try_from(DOCUMENT_PAGE).unwrap_or(usize::MAX) {
            format!(" {}", tr!("documents-first-page"))
        } else {
            String::new()
        };
        let sort = sort_name(self.sort);
        let total = self.records.len();
        let title = if self.archived {
            tr!(
                "documents-archive-list-title",
                sort = sort,
                shown = shown,
                total = total
            )
        } else {
            tr!(
                "documents-list-title",
                sort = sort,
                shown = shown,
                total = total
            )
        };
        format!("{title}{more}{}", self.list.filter_label())
    }

    /// Describes the list for the plain mode: the title, then one line per
    /// document with its title, kind, date and status, the focused one last.
    fn plain_list(&self, clock: &Regional) -> Option<PlainView> {
        let visible = self.visible();
        if self.state != LoadState::Ready || (visible.is_empty() && !self.list.filtering) {
            return None;
        }
        let focused = self.list.selected().unwrap_or(0);
        let mut view = PlainView {
            lines: vec![self.list_title(visible.len())],
            headings: 1,
            focus: None,
        };
        for (position, record) in visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .enumerate()
        {
            let label = format!(
                "{}, {}, {}",
                sanitize_line(&record.title),
                kind_label(&record.kind),
                calendar_date(clock, &record.issue_date)
            );
            let text = PlainView::item(
                &label,
                &status_label(&record.status),
                position,
                visible.len(),
            );
            if position == focused {
                view.focus = Some(text);
            } else {
                view.lines.push(text);
            }
        }
        Some(view)
    }

    fn render_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let visible = self.visible();
        self.list.set_len(visible.len());
        let title = self.list_title(visible.len());
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let table_area = self.list.render_filter(frame, inner, theme);

        if self.state != LoadState::Ready {
            render_waiting(frame, table_area, theme, self.state == LoadState::Failed);
            return;
        }
        if visible.is_empty() {
            let text = if self.records.is_empty() && self.applied_search.is_empty() {
                if self.archived {
                    tr!("documents-empty-archive")
                } else {
                    tr!("documents-empty")
                }
            } else {
                tr!("documents-no-match")
            };
            frame.render_widget(Paragraph::new(text).style(theme.muted), table_area);
            return;
        }

        let records = &self.records;
        let clock = &theme.clock;
        // Below 70 columns the size column gives way and the kind column
        // narrows, so the title keeps room to be read.
        let compact = table_area.width < 70;
        let columns = ListColumns::measure(records, clock, compact);
        let fixed: Vec<u16> = if compact {
            vec![columns.kind, columns.date, columns.status]
        } else {
            vec![columns.kind, columns.date, columns.size, columns.status]
        };
        let title_width = fill_column_width(table_area.width, &fixed);
        let row_of = |record: &DocumentRecord| {
            let new = record.status == "new";
            let title_style = if new {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            let status_style = if new { theme.unread } else { Style::default() };
            let mut cells = vec![
                Cell::from(fit_to_width(
                    &kind_label(&record.kind),
                    usize::from(columns.kind),
                )),
                Cell::from(Span::styled(
                    fit_to_width(&sanitize_line(&record.title), title_width),
                    title_style,
                )),
                Cell::from(calendar_date(clock, &record.issue_date)),
            ];
            if !compact {
                cells.push(Cell::from(format_size(record.size)));
            }
            cells.push(Cell::from(Span::styled(
                status_label(&record.status),
                status_style,
            )));
            Row::new(cells)
        };
        let mut headers = vec![
            tr!("documents-column-kind"),
            tr!("documents-column-title"),
            tr!("documents-column-date"),
        ];
        if !compact {
            headers.push(tr!("documents-column-size"));
        }
        headers.push(tr!("documents-column-status"));
        let header = Row::new(headers).style(theme.header);
        let mut widths: Vec<Constraint> = fixed.iter().map(|&w| Constraint::Length(w)).collect();
        widths.insert(1, Constraint::Fill(1));
        // Only the rows on screen are built: a list holds up to a page of
        // 500 documents, and drawing all of them made every key cost more.
        let table_of = |range: std::ops::Range<usize>| {
            let rows = visible
                .get(range)
                .unwrap_or_default()
                .iter()
                .filter_map(|&index| records.get(index))
                .map(row_of);
            Table::new(rows, widths.clone()).header(header.clone())
        };
        self.list.render_window(frame, table_area, table_of, theme);
    }
}

/// The widths of the list's fixed columns, measured on the current
/// language's words and the user's date format.
struct ListColumns {
    kind: u16,
    date: u16,
    size: u16,
    status: u16,
}

impl ListColumns {
    /// Measures each fixed column: its header and the widest value it can
    /// hold. In the compact layout the kind column is cut to 10 columns or
    /// its header, and longer kinds end in an ellipsis.
    fn measure(records: &[DocumentRecord], clock: &Regional, compact: bool) -> ListColumns {
        let widest = |header: String, values: &mut dyn Iterator<Item = String>| {
            let width = values
                .map(|value| value.width())
                .chain([header.width()])
                .max()
                .unwrap_or(0);
            u16::try_from(width).unwrap_or(u16::MAX)
        };
        let header_kind = tr!("documents-column-kind");
        let compact_kind = u16::try_from(header_kind.width().max(10)).unwrap_or(10);
        let kind = widest(
            header_kind,
            &mut DocumentKind::ALL.into_iter().map(DocumentKind::label),
        );
        let date = u16::try_from(date_width(clock).max(tr!("documents-column-date").width()))
            .unwrap_or(u16::MAX);
        ListColumns {
            kind: if compact {
                kind.min(compact_kind)
            } else {
                kind
            },
            date,
            // The compact layout has no size column.
            size: if compact {
                0
            } else {
                widest(
                    tr!("documents-column-size"),
                    &mut records.iter().map(|record| format_size(record.size)),
                )
            },
            status: widest(
                tr!("documents-column-status"),
                &mut DocumentStatus::ALL.into_iter().map(DocumentStatus::label),
            ),
        }
    }
}

impl Screen for DocumentsScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.records.is_empty() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![Effect::Load(self.query())];
        match self.view {
            View::Detail => {
                if let Some(id) = self.detail_id {
                    effects.push(Effect::Load(Load::Document(id)));
                }
            }
            View::Contracts => effects.push(Effect::Load(Load::Contracts)),
            View::List => {}
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        match self.view {
            View::Detail => return self.handle_detail_key(key),
            View::Contracts => return self.handle_contracts_key(key),
            View::List => {}
        }
        let was_filtering = self.list.filtering;
        let search_before = self.list.filter.value();
        if self.list.handle_filterable_key(key) {
            let committed = was_filtering && !self.list.filtering;
            let cleared = !was_filtering && self.list.filter.value() != search_before;
            if committed || cleared {
                return Reaction::load(self.query());
            }
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (_, Some('s')) => {
                self.sort = next_sort(self.sort);
                Reaction::load(self.query())
            }
            (_, Some('a')) => {
                self.archived = !self.archived;
                self.state = LoadState::Loading;
                self.records.clear();
                Reaction::load(self.query())
            }
            (_, Some('c')) => {
                self.view = View::Contracts;
                Reaction::load(Load::Contracts)
            }
            (_, Some('n')) => self.new_request(self.selected_record()),
            (KeyCode::Enter, _) => match self.selected_record().map(|record| record.id) {
                Some(id) => {
                    self.view = View::Detail;
                    self.detail_id = Some(id);
                    self.detail = None;
                    self.detail_scroll = 0;
                    Reaction::load(Load::Document(id))
                }
                None => Reaction::handled(),
            },
            _ => Reaction::ignored(),
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        match result {
            CommandResult::DocumentArchived(record) => {
                if let Some(detail) = &mut self.detail
                    && detail.record.id == record.id
                {
                    detail.record = (**record).clone();
                }
                let text = if record.status == "archived" {
                    tr!("documents-archived")
                } else {
                    tr!("documents-unarchived")
                };
                Reaction::handled().with_notice(Notice::ok(text))
            }
            CommandResult::RequestOpened { number, .. } if self.contract_request_pending => {
                self.contract_request_pending = false;
                Reaction::handled()
                    .with_notice(Notice::ok(tr!("contracts-request-opened", number = number)))
            }
            CommandResult::Failed { .. } => {
                self.contract_request_pending = false;
                Reaction::ignored()
            }
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
        self.list.filtering && self.view == View::List
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        match self.view {
            View::List => self
                .plain_list(clock)
                .map(|view| self.list.plain_filter(view, &self.field_hints())),
            View::Detail => self
                .detail
                .as_ref()
                .map(|detail| plain_detail(detail, clock)),
            View::Contracts => Some(plain_contracts(
                &self.contracts,
                &self.contract_list,
                &self.contracts_empty(),
                clock,
            )),
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self.view {
            View::Detail => vec![
                ("↑ ↓ j k", "documents-key-scroll"),
                ("PgUp PgDn Space", "common-move-page"),
                ("Home End g G", "documents-key-top-bottom"),
                ("n", "documents-key-new-request-this"),
                ("a", "documents-key-archive-toggle"),
                ("Esc", "common-back-to-list"),
            ],
            View::Contracts => vec![
                ("↑ ↓ j k", "common-move"),
                ("Home End g G", "contracts-key-first-last"),
                ("PgUp PgDn", "common-move-page"),
                ("t", "contracts-key-terminate"),
                ("r", "contracts-key-renew"),
                ("x", "contracts-key-change"),
                ("Esc c", "contracts-key-back"),
            ],
            View::List => vec![
                ("↑ ↓ j k", "common-move"),
                ("Home End g G", "documents-key-first-last"),
                ("PgUp PgDn", "common-move-page"),
                ("Enter", "documents-key-details"),
                ("s", "documents-key-sort"),
                ("/", "documents-key-search"),
                ("Esc", "documents-key-clear-search"),
                ("a", "documents-key-archive-view"),
                ("c", "documents-key-contracts"),
                ("n", "documents-key-new-request"),
            ],
        }
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Enter", "documents-hint-search"),
            ("Esc", "documents-hint-clear-search"),
        ]
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        match self.view {
            View::List => self.render_list(frame, area, theme),
            View::Detail => match &self.detail {
                Some(detail) => {
                    self.detail_page =
                        render_detail(frame, area, theme, detail, &mut self.detail_scroll);
                }
                None => {
                    let block = panel(tr!("documents-document"), theme);
                    let inner = block.inner(area);
                    frame.render_widget(block, area);
                    render_waiting(frame, inner, theme, self.state == LoadState::Failed);
                }
            },
            View::Contracts => {
                let empty = self.contracts_empty();
                render_contracts(
                    frame,
                    area,
                    theme,
                    &self.contracts,
                    &mut self.contract_list,
                    &empty,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Role;
    use crate::domain::regional::{DateFormat, Language, Regional};
    use crate::service::contracts::ContractAction;
    use crate::service::documents::DocumentDetail;
    use crate::store::documents::DocumentRecord;
    use crate::store::documents::DocumentSort;
    use crate::tui::display::{ClientTerminal, SessionDisplay};
    use crate::tui::screens::fixtures::{
        app, char_key, contract, document, documents_app, draw, key, principal, row_with, theme,
        type_text,
    };
    use crate::tui::{
        App, Command, CommandResult, DocumentQueryKey, Effect, Event, KeyCode, Load, Loaded,
        StartMode,
    };

    /// Switches `app` to French with `date_format`, as after choosing French
    /// in Preferences, and to the plain mode when `plain`.
    fn in_french(app: &mut App, date_format: DateFormat, plain: bool) {
        let mut client = ClientTerminal::default();
        if plain {
            client.set_variable("PORTICO_MODE", "plain");
        }
        app.set_display(SessionDisplay {
            client,
            regional: Regional {
                language: Some(Language::French),
                date_format,
                ..Regional::default()
            },
            ..SessionDisplay::default()
        });
    }

    fn detail(record: DocumentRecord) -> DocumentDetail {
        DocumentDetail {
            record,
            preview: "Amount due 182.31 EUR\nThank you".to_string(),
            contract: None,
            requests: Vec::new(),
            sftp_command: "sftp -P 2222 alice@127.0.0.1:/documents/contract/2026/x.pdf".to_string(),
            scp_command: "scp -P 2222 alice@127.0.0.1:/documents/contract/2026/x.pdf .".to_string(),
        }
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
                vec![Effect::Load(Load::Documents(DocumentQueryKey {
                    sort,
                    ..DocumentQueryKey::default()
                }))]
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

        app.handle(Event::Loaded(Loaded::Document(Box::new(detail(document(
            2,
            "contract",
            "Fibre contract",
            "read",
        ))))));
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

    #[test]
    fn committed_search_goes_to_server() {
        let mut app = documents_app();
        app.handle(char_key('/'));
        type_text(&mut app, "turbine kind:invoice");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = DocumentQueryKey {
            search: "turbine kind:invoice".to_string(),
            ..DocumentQueryKey::default()
        };
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Documents(expected.clone()))]
        );
        let query = expected.to_query();
        assert_eq!(query.search.as_deref(), Some("turbine"));
        assert_eq!(query.kind, Some(crate::domain::DocumentKind::Invoice));

        // A match found only in the text is shown, not filtered away again.
        app.handle(Event::Loaded(Loaded::Documents(vec![document(
            5,
            "invoice",
            "Invoice March",
            "new",
        )])));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Invoice March"), "{screen}");

        let effects = app.handle(key(KeyCode::Esc));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Documents(DocumentQueryKey::default()))]
        );
    }

    #[test]
    fn detail_shows_preview_command_and_archives() {
        let mut app = documents_app();
        app.handle(key(KeyCode::Enter));
        app.handle(Event::Loaded(Loaded::Document(Box::new(detail(document(
            1,
            "invoice",
            "Invoice February",
            "read",
        ))))));
        let screen = draw(&mut app, 100, 40);
        assert!(screen.contains("Thank you"), "{screen}");
        assert!(screen.contains("sftp -P 2222 alice@127.0.0.1:"), "{screen}");
        assert!(screen.contains("Text preview"), "{screen}");

        let effects = app.handle(char_key('a'));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::SetDocumentArchived {
                id: 1,
                archived: true
            })]
        );
        let mut archived = document(1, "invoice", "Invoice February", "archived");
        archived.status = "archived".to_string();
        app.handle(Event::Done(CommandResult::DocumentArchived(Box::new(
            archived,
        ))));
        let screen = draw(&mut app, 100, 40);
        assert!(screen.contains("Document archived"), "{screen}");
        assert!(screen.contains("unarchive"), "{screen}");
    }

    #[test]
    fn hostile_preview_text_is_stripped() {
        let mut app = documents_app();
        app.handle(key(KeyCode::Enter));
        let mut hostile = detail(document(1, "invoice", "Invoice February", "read"));
        hostile.preview = "pay\u{1b}[2J\u{1b}]0;owned\u{7} now\u{202e}".to_string();
        app.handle(Event::Loaded(Loaded::Document(Box::new(hostile))));
        let screen = draw(&mut app, 100, 40);
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(!screen.contains('\u{202e}'), "{screen}");
        assert!(screen.contains("pay[2J]0;owned now"), "{screen}");
    }

    #[test]
    fn archive_key_lists_archive() {
        let mut app = documents_app();
        let effects = app.handle(char_key('a'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Documents(DocumentQueryKey {
                archived: true,
                ..DocumentQueryKey::default()
            }))]
        );
        app.handle(Event::Loaded(Loaded::Documents(Vec::new())));
        assert!(draw(&mut app, 80, 24).contains("No archived documents."));
    }

    #[test]
    fn contract_tab_opens_termination_request() {
        let mut app = documents_app();
        assert_eq!(
            app.handle(char_key('c')),
            vec![Effect::Load(Load::Contracts)]
        );
        app.handle(Event::Loaded(Loaded::Contracts(vec![contract()])));
        let screen = draw(&mut app, 120, 24);
        assert!(
            screen.contains("renews on 2027-03-01; notice needed by 2027-02-01"),
            "{screen}"
        );
        let effects = app.handle(char_key('t'));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::ContractRequest {
                contract_id: 7,
                action: ContractAction::Terminate
            })]
        );
        app.handle(Event::Done(CommandResult::RequestOpened {
            id: 9,
            number: "R-2026-000009".to_string(),
        }));
        assert!(draw(&mut app, 120, 24).contains("R-2026-000009 opened"));
    }

    #[test]
    fn french_list_translates_columns_and_words() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Long, false);
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Documents · tri par date · 3 sur 3"),
            "{screen}"
        );
        for word in ["Type", "Titre", "Date", "Taille", "État"] {
            assert!(screen.contains(word), "{word}: {screen}");
        }
        let first = row_with(&screen, "Invoice February").expect("first row");
        assert!(first.contains("Facture"), "{first}");
        assert!(first.contains("1er février 2026"), "{first}");
        assert!(first.contains("47,1 Kio"), "{first}");
        assert!(first.contains("nouveau"), "{first}");
        let second = row_with(&screen, "Fibre contract").expect("second row");
        assert!(second.contains("Contrat"), "{second}");
        assert!(second.contains(" lu"), "{second}");
        for english in [
            "sorted by",
            "Kind",
            "Title",
            "Size",
            "Status",
            " new",
            " read",
        ] {
            assert!(!screen.contains(english), "{english}: {screen}");
        }

        app.handle(char_key('s'));
        assert!(draw(&mut app, 80, 24).contains("tri par type"));
    }

    #[test]
    fn french_list_fits_sixty_columns() {
        let mut app = documents_app();
        app.handle(Event::Loaded(Loaded::Documents(vec![
            document(1, "pay-slip", "Bulletin de mars", "archived"),
            document(2, "supporting-document", "Justificatif de domicile", "new"),
        ])));
        in_french(&mut app, DateFormat::Long, false);
        let screen = draw(&mut app, 60, 16);
        let slip = row_with(&screen, "Bulletin d").expect("pay slip row");
        assert!(slip.contains("1er février 2026"), "{slip}");
        assert!(slip.contains("archivé"), "{slip}");
        let proof = row_with(&screen, "Pièce")
            .unwrap_or_else(|| panic!("supporting document row:\n{screen}"));
        assert!(proof.contains("…"), "{proof}");
        assert!(proof.contains("nouveau"), "{proof}");
        for line in screen.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
    }

    #[test]
    fn french_detail_shows_amount_labels_and_contract() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Dotted, false);
        app.handle(key(KeyCode::Enter));
        let mut invoice = detail(document(1, "invoice", "Invoice February", "read"));
        invoice.record.amount_cents = Some(123_456);
        invoice.record.retention_until = Some("2036-02-01".to_string());
        invoice.contract = Some(contract());
        app.handle(Event::Loaded(Loaded::Document(Box::new(invoice))));
        let screen = draw(&mut app, 140, 40);
        for text in [
            "Document\u{a0}: Invoice February",
            "Montant",
            "1\u{a0}234,56\u{a0}€",
            "Date d’émission",
            "01.02.2026",
            "Type de contenu",
            "47,1 Kio",
            "conservé jusqu’au 01.02.2036",
            "se renouvelle le 01.03.2027\u{a0}; préavis à donner au plus tard le 01.02.2027",
            "Demandes",
            "aucune",
            "Télécharger",
            "nouvelle demande sur ce document",
            "Aperçu du texte",
        ] {
            assert!(screen.contains(text), "{text}: {screen}");
        }
        for english in [
            "│Amount  ",
            "Issue date",
            "Content type",
            "Retention",
            "Text preview",
            "renews on",
            "Download",
            "1234.56 EUR",
        ] {
            assert!(!screen.contains(english), "{english}: {screen}");
        }

        app.handle(char_key('a'));
        let mut archived = document(1, "invoice", "Invoice February", "archived");
        archived.status = "archived".to_string();
        app.handle(Event::Done(CommandResult::DocumentArchived(Box::new(
            archived,
        ))));
        let screen = draw(&mut app, 140, 40);
        assert!(screen.contains("Document archivé"), "{screen}");
        assert!(screen.contains("désarchiver"), "{screen}");
    }

    #[test]
    fn french_plain_detail_names_fields() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Iso, true);
        app.handle(key(KeyCode::Enter));
        app.handle(Event::Loaded(Loaded::Document(Box::new(detail(document(
            1,
            "invoice",
            "Invoice February",
            "read",
        ))))));
        let screen = draw(&mut app, 200, 60);
        for text in [
            "Document\u{a0}: Invoice February",
            "Type\u{a0}: Facture",
            "Montant\u{a0}: 182,31\u{a0}€",
            "État\u{a0}: lu",
            "Période\u{a0}: aucune",
            "Contrat\u{a0}: aucun",
            "Aperçu du texte",
        ] {
            assert!(screen.contains(text), "{text}: {screen}");
        }
        assert!(!screen.contains("Status: "), "{screen}");
    }

    #[test]
    fn french_contracts_show_summary_and_actions() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Long, false);
        app.handle(char_key('c'));
        app.handle(Event::Loaded(Loaded::Contracts(vec![contract()])));
        let screen = draw(&mut app, 80, 24);
        for text in [
            "Contrats · t, r ou x ouvre une demande sur ce contrat",
            "Numéro",
            "Offre",
            "Business Fibre (",
            "Durée    se renouvelle le 1er mars 2027\u{a0}; préavis à donner au plus tard le 1er",
            "février 2027",
            "Options  Static IP\u{a0}; prochaine échéance\u{a0}: Notice before renewal, au plus tard",
            "Demander la résiliation",
        ] {
            assert!(screen.contains(text), "{text}: {screen}");
        }
        for english in ["Number", "Offer", "renews on", "Request termination"] {
            assert!(!screen.contains(english), "{english}: {screen}");
        }
        let wide = draw(&mut app, 200, 24);
        assert!(
            wide.contains("Business Fibre (depuis le 1er mars 2025)"),
            "{wide}"
        );

        app.handle(char_key('t'));
        app.handle(Event::Done(CommandResult::RequestOpened {
            id: 9,
            number: "R-2026-000009".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Demande R-2026-000009 ouverte avec le contrat joint"),
            "{screen}"
        );
    }

    #[test]
    fn french_contracts_fit_sixty_columns() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Long, false);
        app.handle(char_key('c'));
        app.handle(Event::Loaded(Loaded::Contracts(vec![contract()])));
        let screen = draw(&mut app, 60, 16);
        assert!(screen.contains("se renouvelle le 1er mars"), "{screen}");
        assert!(screen.contains("Numéro"), "{screen}");
        for line in screen.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
    }

    #[test]
    fn french_plain_contracts_and_keys() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Iso, true);
        app.handle(char_key('c'));
        app.handle(Event::Loaded(Loaded::Contracts(vec![contract()])));
        let screen = draw(&mut app, 300, 60);
        assert!(
            screen.contains(
                "Contrat NW-C-1001, Business Fibre depuis le 2025-03-01, Static IP\u{a0}; \
                 prochaine échéance\u{a0}: Notice before renewal, au plus tard le 2027-02-01"
            ),
            "{screen}"
        );
        assert!(
            screen.contains(
                "se renouvelle le 2027-03-01\u{a0}; préavis à donner au plus tard le 2027-02-01"
            ),
            "{screen}"
        );

        app.handle(char_key('?'));
        let screen = draw(&mut app, 120, 40);
        assert!(
            screen.contains("demander la résiliation du contrat"),
            "{screen}"
        );
        assert!(screen.contains("retour aux documents"), "{screen}");
        assert!(!screen.contains("back to the documents"), "{screen}");
    }

    #[test]
    fn french_empty_archive_list() {
        let mut app = documents_app();
        in_french(&mut app, DateFormat::Iso, false);
        app.handle(char_key('a'));
        app.handle(Event::Loaded(Loaded::Documents(Vec::new())));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Aucun document archivé."), "{screen}");
        assert!(
            screen.contains("Archives · tri par date · 0 sur 0"),
            "{screen}"
        );
    }

    #[test]
    fn french_staff_get_request_notice() {
        let (mut app, _) = App::new(
            principal(Role::Agent),
            theme(),
            StartMode::Dashboard,
            100,
            24,
        );
        in_french(&mut app, DateFormat::Iso, false);
        app.handle(char_key('2'));
        app.handle(Event::Loaded(Loaded::Documents(vec![document(
            1,
            "invoice",
            "Invoice February",
            "read",
        )])));
        assert!(app.handle(char_key('n')).is_empty());
        let screen = draw(&mut app, 100, 24);
        assert!(
            screen.contains("Seuls les clients ouvrent des demandes"),
            "{screen}"
        );
        assert!(!screen.contains("Only customers"), "{screen}");
    }

    #[test]
    fn plain_search_field_is_focus() {
        use crate::tui::screens::fixtures::{check_plain, documents_app, type_text};
        let mut app = documents_app();
        app.handle(char_key('/'));
        type_text(&mut app, "invoice");
        check_plain(
            app,
            &["Keys: Enter to search, Esc to clear search"],
            Some("Filter: invoice"),
        );
    }

    #[test]
    fn plain_search_field_in_french() {
        use crate::tui::screens::fixtures::{assert_french, documents_app, in_french};
        let mut app = in_french(documents_app(), true);
        app.handle(char_key('/'));
        let screen = draw(&mut app, 300, 60);
        assert_french(
            &screen,
            &[
                "Touches\u{a0}: Entrée pour rechercher",
                "› Filtre (vide)\u{a0}:",
            ],
            &["Filter", "clear search"],
        );
    }

    /// The SHA-256 of "abc", a digest with no repeating pattern.
    const DIGEST: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /// Returns the runs of at least eight hexadecimal digits on `screen`,
    /// top to bottom.
    fn hex_runs(screen: &str) -> Vec<String> {
        screen
            .split(|c: char| !c.is_ascii_hexdigit())
            .filter(|run| run.len() >= 8)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn detail_wraps_paths_and_digest_at_boundaries() {
        let path = "/documents/contract/2026/2026-02-01_fibre-contract-amendment.pdf";
        let parts = [
            "alice@portal.example.com:/",
            "documents/",
            "contract/",
            "2026/",
            "2026-02-01_fibre-contract-amendment.pdf",
        ];
        for french in [false, true] {
            for (cols, rows) in [(80, 24), (60, 16)] {
                let mut app = documents_app();
                if french {
                    in_french(&mut app, DateFormat::Iso, false);
                }
                app.handle(key(KeyCode::Enter));
                let mut long = detail(document(1, "contract", "Fibre contract", "read"));
                long.record.sha256 = DIGEST.to_string();
                long.sftp_command = format!("sftp -P 2222 alice@portal.example.com:{path}");
                long.scp_command = format!("scp -P 2222 alice@portal.example.com:{path} .");
                app.handle(Event::Loaded(Loaded::Document(Box::new(long))));
                let case = format!("french {french}, {cols}x{rows}");

                let top = draw(&mut app, cols, rows);
                let runs = hex_runs(&top);
                assert_eq!(runs.concat(), DIGEST, "{case}: digest cut:\n{top}");
                for run in &runs {
                    assert_eq!(run.len() % 8, 0, "{case}: digest broken in a group:\n{top}");
                }

                // The commands are below the first page at these sizes.
                app.handle(key(KeyCode::End));
                let bottom = draw(&mut app, cols, rows);
                assert!(
                    bottom.contains("Thank you"),
                    "{case}: end not shown:\n{bottom}"
                );
                assert!(bottom.contains("scp -P 2222"), "{case}:\n{bottom}");
                for part in parts {
                    assert!(bottom.contains(part), "{case}: {part} broken:\n{bottom}");
                }
                app.handle(key(KeyCode::Home));
                assert_eq!(draw(&mut app, cols, rows), top, "{case}: Home goes back up");
            }
        }
    }

    /// Tells whether every break between `rows`, read from a plain
    /// drawing, falls at a space of `text` or after a separator a path or
    /// link breaks at.
    fn breaks_between_parts(rows: &[&str], text: &str) -> bool {
        rows.windows(2).all(|pair| {
            let (before, after) = (pair[0], pair[1]);
            let at_separator = before.ends_with(['/', '-', '_', '&', '?', '=']);
            let last_word = before.rsplit(' ').next().unwrap_or_default();
            let first_word = after.split(' ').next().unwrap_or_default();
            at_separator || text.contains(&format!("{last_word} {first_word}"))
        })
    }

    #[test]
    fn plain_detail_wraps_paths_and_digest_at_boundaries() {
        let path = "/documents/invoice/2026/2026-03-31_invoice-march-2026.pdf";
        for french in [false, true] {
            for cols in [60, 80] {
                let mut app = documents_app();
                if french {
                    in_french(&mut app, DateFormat::Iso, true);
                } else {
                    app = crate::tui::screens::fixtures::plain(app);
                }
                app.handle(key(KeyCode::Enter));
                let mut long = detail(document(1, "invoice", "Invoice March 2026", "read"));
                long.record.sha256 = DIGEST.to_string();
                long.scp_command = format!("scp -P 2222 alice@127.0.0.1:{path} .");
                app.handle(Event::Loaded(Loaded::Document(Box::new(long))));
                let case = format!("french {french}, {cols} columns");

                let screen = draw(&mut app, cols, 100);
                let runs = hex_runs(&screen);
                assert_eq!(runs.concat(), DIGEST, "{case}: digest cut:\n{screen}");
                for run in &runs {
                    assert_eq!(run.len(), 8, "{case}: digest not grouped:\n{screen}");
                }

                let rows: Vec<&str> = screen.lines().map(str::trim_end).collect();
                let start = rows
                    .iter()
                    .position(|row| row.contains("scp -P 2222"))
                    .unwrap_or_else(|| panic!("{case}: no scp command:\n{screen}"));
                let end = rows
                    .iter()
                    .skip(start)
                    .position(|row| row.ends_with(".pdf ."))
                    .map(|offset| start + offset)
                    .unwrap_or_else(|| panic!("{case}: scp command cut:\n{screen}"));
                let command = format!("scp -P 2222 alice@127.0.0.1:{path} .");
                assert!(
                    breaks_between_parts(&rows[start..=end], &command),
                    "{case}: command broken inside a part:\n{screen}"
                );
            }
        }
    }
}
