//! The requests screen: the request list. An open request is drawn by the
//! shared thread view, and customers open new requests with the form in
//! [`super::request_form`].

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use std::collections::BTreeSet;

use unicode_width::UnicodeWidthStr;

use super::agent_views::AgentView;
use super::documents::staff_request_notice;
use super::request_filters::RequestFilters;
use super::request_form::RequestForm;
use super::thread::{Thread, unread_marker, unread_style};
use super::{
    AttachedDocument, LoadState, Question, Reaction, Screen, category_label, format_time,
    render_waiting, request_number, state_label, time_width,
};
use crate::domain::RequestState;
use crate::domain::text::sanitize_line;
use crate::service::requests::RequestDetail;
use crate::store::kb::ArticleRecord;
use crate::store::requests::RequestRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    ListSelection, Notice, fill_column_width, fit_to_width, panel, plain_char,
};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load, RequestQueryKey};

/// Returns the next step stored when an agent closes requests with "done,
/// next" or in bulk, in the agent's language. Readers see it in their own
/// language, because `domain::next_step` lists it among the defaults.
fn done_next_step() -> String {
    tr!("requests-done-next-step")
}

/// The maximum width of the agent's service-level column, in columns, so the
/// subject keeps its room.
const MAX_SLA_WIDTH: u16 = 36;

/// The width of the number column: a request number such as
/// R-2026-000123 and the "* " of a marked row.
const NUMBER_WIDTH: u16 = 15;

/// The minimum width of a request subject, organisation excluded, that an
/// agent's narrow list keeps by dropping other columns.
const MIN_SUBJECT_WIDTH: usize = 25;

/// The width below which a customer's subject loses the unread column to
/// a sign before the subject.
const MIN_CUSTOMER_SUBJECT_WIDTH: usize = 20;

/// The minimum width of the organisation before a subject in an agent's
/// narrow list.
const MIN_ORGANISATION_WIDTH: usize = 8;

/// The optional columns of the request list and the room of the
/// organisation. A window too narrow for all of them drops columns so an
/// agent's subject keeps its room; the request view shows every value.
struct NarrowColumns {
    number: bool,
    unread: bool,
    /// The service level, for agents.
    sla: bool,
    /// The assignee for agents, the update time for customers.
    side: bool,
    /// The maximum width of the organisation before a subject, `None`
    /// when it shows whole.
    organisation_width: Option<usize>,
}

impl NarrowColumns {
    const fn new(number: bool, unread: bool, sla: bool, side: bool) -> NarrowColumns {
        NarrowColumns {
            number,
            unread,
            sla,
            side,
            organisation_width: None,
        }
    }
}

/// The agent's column sets from the fullest to the barest, tried in turn
/// until one leaves the subject its room. The unread count goes first, and
/// a sign before the subject replaces it. Then the assignee goes, then the
/// number, and last the service level.
const AGENT_COLUMN_CHOICES: [NarrowColumns; 7] = [
    NarrowColumns::new(true, true, true, true),
    NarrowColumns::new(true, false, true, true),
    NarrowColumns::new(true, false, true, false),
    NarrowColumns::new(false, false, true, false),
    NarrowColumns::new(true, true, false, false),
    NarrowColumns::new(true, false, false, false),
    NarrowColumns::new(false, false, false, false),
];

/// Returns the terminal width of the widest of `texts`.
fn column_width(texts: impl Iterator<Item = String>) -> u16 {
    let widest = texts.map(|text| text.width()).max().unwrap_or(0);
    u16::try_from(widest).unwrap_or(u16::MAX)
}

pub struct RequestsScreen {
    records: Vec<RequestRecord>,
    state: LoadState,
    open_only: bool,
    list: ListSelection,
    thread: Option<Thread>,
    form: Option<RequestForm>,
    staff: bool,
    /// The caller's user id, for the agent's "mine" view.
    user_id: i64,
    view: AgentView,
    /// Requests marked for a bulk action, by id.
    marked: BTreeSet<i64>,
    /// After "done, next" closed this request, open the next one of the view.
    advance_after: Option<i64>,
    /// The agent's filters, applied by the query layer.
    filters: RequestFilters,
    /// Whether the caller's role in the current organisation lets them
    /// read requests, and open and reply to them. Staff always may.
    may_read: bool,
    may_write: bool,
}

impl RequestsScreen {
    pub fn new(staff: bool, user_id: i64) -> RequestsScreen {
        RequestsScreen {
            records: Vec::new(),
            state: LoadState::Loading,
            open_only: false,
            list: ListSelection::new(),
            thread: None,
            form: None,
            staff,
            user_id,
            view: AgentView::default(),
            marked: BTreeSet::new(),
            advance_after: None,
            filters: RequestFilters::default(),
            may_read: true,
            may_write: true,
        }
    }

    /// Takes the caller's rights on requests from their role in the
    /// current organisation, so the screen neither offers a form the
    /// service would reject nor calls a hidden list empty.
    pub fn set_access(&mut self, principal: &crate::domain::Principal) {
        use crate::domain::organisation::Capability;
        self.may_read = principal.role_allows(Capability::ReadRequests);
        self.may_write = principal.role_allows(Capability::WriteRequests);
    }

    /// Counts the requests of an agent view.
    fn count(&self, view: AgentView) -> usize {
        self.records
            .iter()
            .filter(|request| view.includes(request, self.user_id))
            .count()
    }

    /// Returns the marked requests, or the selected one when none is marked.
    fn targets(&self) -> Vec<i64> {
        if self.marked.is_empty() {
            return self.selected_id().into_iter().collect();
        }
        self.marked.iter().copied().collect()
    }

    /// Handles the agent's list keys: views, marks and bulk actions.
    fn handle_agent_key(&mut self, c: char) -> Reaction {
        match c {
            'v' | 'V' => {
                self.view = self.view.cycle(c == 'V');
                // The row count changes with the view before the next draw.
                self.list.set_len(self.visible().len());
                self.list.select(0);
                Reaction::handled()
            }
            'm' | ' ' => {
                if let Some(id) = self.selected_id()
                    && !self.marked.remove(&id)
                {
                    self.marked.insert(id);
                }
                Reaction::handled()
            }
            'a' | 'x' => {
                let request_ids = self.targets();
                if request_ids.is_empty() {
                    return Reaction::handled()
                        .with_notice(Notice::error(tr!("requests-none-selected")));
                }
                let command = if c == 'a' {
                    Command::Assign {
                        request_ids,
                        handle: None,
                    }
                } else {
                    Command::CloseMany {
                        request_ids,
                        next_step: done_next_step(),
                    }
                };
                Reaction::handled()
                    .with_effect(Effect::Run(command))
                    .with_notice(Notice::info(tr!("common-sending")))
            }
            _ => Reaction::ignored(),
        }
    }

    /// Opens the request after `closed` in the current view, or goes back to
    /// the list when it was the last.
    fn open_next(&mut self, closed: i64) -> Reaction {
        let visible = self.visible();
        let position = visible
            .iter()
            .position(|&index| self.records.get(index).is_some_and(|r| r.id == closed));
        let next = position
            .and_then(|position| visible.get(position + 1))
            .and_then(|&index| self.records.get(index))
            .map(|request| request.id);
        match next {
            Some(id) => {
                self.thread = Some(Thread::new(id));
                Reaction::load(Load::Request(id)).with_effect(Effect::Load(self.query()))
            }
            None => {
                self.thread = None;
                Reaction::load(self.query()).with_notice(Notice::ok(tr!("requests-closed-last")))
            }
        }
    }

    fn query(&self) -> Load {
        Load::Requests(RequestQueryKey {
            open_only: self.open_only,
            filters: self.filters.clone(),
        })
    }

    /// Handles the agent's filter keys on the list: the words field while
    /// it is open, `/` to open it, the keys of [`RequestFilters`], and Esc
    /// to clear every filter. A changed filter reloads the list.
    fn handle_filter_key(&mut self, key: &KeyEvent) -> Option<Reaction> {
        if self.list.filtering {
            self.list.handle_filter_key(key);
            if self.list.filtering {
                return Some(Reaction::handled());
            }
            // Enter keeps the typed words, Esc has cleared them.
            self.filters.words = self.list.filter.value().trim().to_string();
            self.list.filter.clear();
            return Some(self.filters_changed());
        }
        match (key.code, plain_char(key)) {
            (_, Some('/')) => {
                self.list.filter.set(&self.filters.words);
                self.list.filtering = true;
                Some(Reaction::handled())
            }
            // O opens the organisation view on every screen, so o both
            // sets and clears this filter.
            (_, Some('o')) if self.filters.organisation.is_some() => {
                self.filters.organisation = None;
                Some(self.filters_changed())
            }
            (_, Some('o')) => {
                let index = *self.visible().get(self.list.selected()?)?;
                let request = self.records.get(index)?;
                self.filters.organisation =
                    Some((request.organisation_id, request.organisation_name.clone()));
                Some(self.filters_changed())
            }
            (KeyCode::Esc, _) if !self.filters.is_empty() => {
                self.filters = RequestFilters::default();
                Some(self.filters_changed())
            }
            (_, Some(c)) if self.filters.handle_char(c) => Some(self.filters_changed()),
            _ => None,
        }
    }

    fn filters_changed(&mut self) -> Reaction {
        self.list.select(0);
        self.state = LoadState::Loading;
        Reaction::load(self.query())
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

    /// Passes articles found for a subject to the open form, or to the
    /// open thread's article prompt.
    pub fn suggestions_loaded(
        &mut self,
        subject: &str,
        articles: Vec<ArticleRecord>,
    ) -> Vec<Effect> {
        if let Some(thread) = &mut self.thread {
            thread.articles_loaded(subject, &articles);
        }
        self.form
            .as_mut()
            .and_then(|form| form.suggestions_loaded(subject, articles))
            .into_iter()
            .collect()
    }

    /// Opens the new-request form, unless the caller is staff.
    pub fn open_form(&mut self, document: Option<AttachedDocument>) -> Reaction {
        if self.staff {
            return Reaction::handled().with_notice(staff_request_notice());
        }
        if !self.may_write {
            let text = if self.may_read {
                tr!("requests-role-cannot-write")
            } else {
                tr!("requests-role-cannot-read")
            };
            return Reaction::handled().with_notice(Notice::error(text));
        }
        self.form = Some(RequestForm::new(document));
        Reaction::handled()
    }

    fn visible(&self) -> Vec<usize> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, request)| !self.staff || self.view.includes(request, self.user_id))
            // Staff filters run in the query layer.
            .filter(|(_, request)| {
                if self.staff {
                    return true;
                }
                let number = request_number(request.id, request.created_at);
                let state = state_label(&request.state);
                let category = category_label(&request.category);
                self.list.matches(&[
                    &request.subject,
                    &number,
                    &state,
                    &request.organisation_name,
                    &category,
                    &request.priority,
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

    /// Builds the list's title: the agent's views and marks, or the
    /// customer's scope and count, with the filter.
    fn list_title(&self, visible: usize) -> String {
        let scope = if self.open_only {
            tr!("requests-scope-open")
        } else {
            tr!("requests-scope-all")
        };
        if self.staff {
            let views: Vec<String> = AgentView::ALL
                .iter()
                .map(|&view| {
                    let text = format!("{} {}", view.label(), self.count(view));
                    if view == self.view {
                        format!("[{text}]")
                    } else {
                        text
                    }
                })
                .collect();
            let marked = if self.marked.is_empty() {
                String::new()
            } else {
                format!(" · {}", tr!("requests-marked", count = self.marked.len()))
            };
            tr!(
                "requests-title-staff",
                views = views.join(" · "),
                marked = marked,
                filter = self.list.filter_label()
            )
        } else {
            tr!(
                "requests-title",
                scope = scope,
                visible = visible,
                total = self.records.len(),
                filter = self.list.filter_label()
            )
        }
    }

    /// Returns the line shown when no request is visible.
    fn empty_text(&self) -> String {
        match (self.records.is_empty(), self.staff) {
            (false, _) => tr!("requests-empty-filter"),
            (true, true) if !self.filters.is_empty() => tr!("requests-empty-filters"),
            (true, false) if !self.may_read => tr!("requests-role-cannot-read"),
            (true, false) if !self.may_write => tr!("requests-empty"),
            (true, false) => tr!("requests-empty-customer"),
            (true, true) => tr!("requests-empty"),
        }
    }

    /// Describes the list for the plain mode: the title and the agent's
    /// filter line as text, then one request a line, the selected one last.
    fn plain_list(&self, clock: &Regional) -> Option<PlainView> {
        let visible = self.visible();
        if self.state != LoadState::Ready {
            return None;
        }
        let mut view = PlainView::default();
        view.heading(self.list_title(visible.len()));
        if self.staff {
            view.heading(self.filters.plain_line());
        }
        if visible.is_empty() {
            view.line(self.empty_text());
            return Some(view);
        }
        let focused = self.list.selected().unwrap_or(0);
        let count = visible.len();
        for (position, request) in visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .enumerate()
        {
            let mut label = format!(
                "{} {}",
                request_number(request.id, request.created_at),
                sanitize_line(&request.subject)
            );
            let mut state = vec![state_label(&request.state)];
            if self.staff {
                label.push_str(&format!(", {}", sanitize_line(&request.organisation_name)));
                if let Some(sla) = request.sla {
                    state.push(sla.words());
                }
                state.push(request.assignee_name.as_deref().map_or_else(
                    || tr!("requests-unassigned"),
                    |name| tr!("requests-assigned-to", name = sanitize_line(name)),
                ));
                if self.marked.contains(&request.id) {
                    state.push(tr!("requests-plain-marked"));
                }
            } else {
                state.push(tr!(
                    "requests-plain-updated",
                    time = format_time(clock, request.updated_at)
                ));
            }
            if request.unread > 0 {
                state.push(tr!("requests-plain-unread", count = request.unread));
            }
            view.push_item(
                &label,
                &state.join(", "),
                position,
                count,
                position == focused,
            );
        }
        Some(view)
    }

    /// Chooses the columns of the list. Customers get every column, the
    /// update time only on wide windows. Agents get the first set of
    /// [`AGENT_COLUMN_CHOICES`] that leaves the subject
    /// [`MIN_SUBJECT_WIDTH`] columns after the organisation, and the
    /// organisation is cut to what remains. `subject_width` returns the
    /// subject column's width with the given columns.
    fn narrow_columns(
        &self,
        visible: &[usize],
        wide: bool,
        subject_width: impl Fn(&NarrowColumns) -> usize,
    ) -> NarrowColumns {
        if !self.staff {
            // A sign before the subject replaces the unread count when
            // the subject would otherwise be cut short.
            let full = NarrowColumns::new(true, true, false, wide);
            if subject_width(&full) >= MIN_CUSTOMER_SUBJECT_WIDTH {
                return full;
            }
            return NarrowColumns::new(true, false, false, wide);
        }
        let mut columns = AGENT_COLUMN_CHOICES
            .into_iter()
            .find(|columns| {
                subject_width(columns) >= MIN_SUBJECT_WIDTH + 1 + MIN_ORGANISATION_WIDTH + 2
            })
            .unwrap_or(NarrowColumns::new(false, false, false, false));

        // The subject cell also starts with the unread and marked signs of
        // the dropped columns, two columns each.
        let records = || visible.iter().filter_map(|&index| self.records.get(index));
        let mut signs = 0;
        if !columns.unread && records().any(|request| request.unread > 0) {
            signs += 2;
        }
        if !columns.number && records().any(|request| self.marked.contains(&request.id)) {
            signs += 2;
        }
        if !columns.sla && records().any(RequestRecord::is_overdue) {
            signs += 2;
        }
        // The organisation takes what the subject and the "…" of a cut
        // subject leave, and ": ".
        let room = subject_width(&columns).saturating_sub(MIN_SUBJECT_WIDTH + 1 + 2 + signs);
        columns.organisation_width = Some(room.max(MIN_ORGANISATION_WIDTH));
        columns
    }

    /// Returns the width of the status column: its longest state name or
    /// its header, and at least 16 columns.
    fn status_width(&self) -> u16 {
        let states = RequestState::ALL.iter().map(|state| state.label());
        column_width(states.chain([tr!("requests-column-status")])).max(16)
    }

    /// Returns the width of the service-level column for the rows of
    /// `visible`: at least 28 and at most [`MAX_SLA_WIDTH`] columns.
    fn sla_width(&self, visible: &[usize]) -> u16 {
        let words = visible
            .iter()
            .filter_map(|&index| self.records.get(index)?.sla)
            .map(|sla| sla.words());
        column_width(words.chain([tr!("requests-column-service-level")])).clamp(28, MAX_SLA_WIDTH)
    }

    /// Returns the width of the unread column for the rows of `visible`,
    /// at least 8 columns.
    fn unread_width(&self, visible: &[usize]) -> u16 {
        let markers = visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .map(|request| unread_marker(request.unread));
        column_width(markers.chain([tr!("requests-column-unread")])).max(8)
    }

    fn render_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let visible = self.visible();
        self.list.set_len(visible.len());
        let title = self.list_title(visible.len());
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let inner = if self.staff {
            let [line, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
            let style = if self.filters.is_empty() {
                theme.muted
            } else {
                theme.key
            };
            frame.render_widget(Paragraph::new(self.filters.line()).style(style), line);
            rest
        } else {
            inner
        };
        let inner = self.list.render_filter(frame, inner, theme);

        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        if visible.is_empty() {
            frame.render_widget(Paragraph::new(self.empty_text()).style(theme.muted), inner);
            return;
        }

        let wide = inner.width >= 90;
        let status_width = self.status_width();
        let unread_width = self.unread_width(&visible);
        // Widths of the columns other than the subject, in order, from the
        // words of the current language.
        let fixed_widths = |columns: &NarrowColumns| {
            let mut fixed = Vec::new();
            if columns.number {
                fixed.push(NUMBER_WIDTH);
            }
            fixed.push(status_width);
            if columns.sla {
                fixed.push(self.sla_width(&visible));
            }
            if columns.side {
                fixed.push(time_width(&theme.clock));
            }
            if columns.unread {
                fixed.push(unread_width);
            }
            fixed
        };
        let columns = self.narrow_columns(&visible, wide, |columns| {
            fill_column_width(inner.width, &fixed_widths(columns))
        });
        let fixed = fixed_widths(&columns);
        let subject_width = fill_column_width(inner.width, &fixed);
        let rows = visible
            .iter()
            .filter_map(|&index| self.records.get(index))
            .map(|request| {
                let style = unread_style(request.unread);
                let mut subject = sanitize_line(&request.subject);
                if self.staff {
                    let mut organisation = sanitize_line(&request.organisation_name);
                    if let Some(width) = columns.organisation_width {
                        organisation = fit_to_width(&organisation, width);
                    }
                    subject = format!("{organisation}: {subject}");
                }
                let mark = if self.marked.contains(&request.id) {
                    "* "
                } else {
                    ""
                };
                let mut cells = Vec::new();
                if columns.number {
                    cells.push(Cell::from(format!(
                        "{mark}{}",
                        request_number(request.id, request.created_at)
                    )));
                } else {
                    subject = format!("{mark}{subject}");
                }
                if !columns.unread && request.unread > 0 {
                    // Bold alone would not tell a monochrome terminal or a
                    // screen reader that the row has unread messages.
                    subject = format!("● {subject}");
                }
                if !columns.sla && request.is_overdue() {
                    // Without the service-level column, a sign marks overdue.
                    subject = format!("! {subject}");
                }
                cells.push(Cell::from(fit_to_width(&subject, subject_width)));
                cells.push(Cell::from(state_label(&request.state)));
                if columns.sla {
                    // The words say "overdue by" for an overdue request.
                    let sla = request.sla.map_or_else(String::new, |sla| sla.words());
                    cells.push(Cell::from(sla));
                }
                if columns.side {
                    if self.staff {
                        let assignee = request
                            .assignee_name
                            .as_deref()
                            .map_or_else(|| tr!("requests-unassigned"), sanitize_line);
                        cells.push(Cell::from(assignee));
                    } else {
                        cells.push(Cell::from(format_time(&theme.clock, request.updated_at)));
                    }
                }
                if columns.unread {
                    cells.push(Cell::from(Span::styled(
                        unread_marker(request.unread),
                        theme.unread,
                    )));
                }
                Row::new(cells).style(style)
            });

        let mut headers = Vec::new();
        if columns.number {
            headers.push(tr!("requests-column-number"));
        }
        headers.push(if self.staff {
            tr!("requests-column-organisation-subject")
        } else {
            tr!("requests-column-subject")
        });
        headers.push(tr!("requests-column-status"));
        if columns.sla {
            headers.push(tr!("requests-column-service-level"));
        }
        if columns.side {
            headers.push(if self.staff {
                tr!("requests-column-assignee")
            } else {
                tr!("requests-column-updated")
            });
        }
        if columns.unread {
            headers.push(tr!("requests-column-unread"));
        }
        let mut widths: Vec<Constraint> = fixed.iter().map(|&w| Constraint::Length(w)).collect();
        let subject_index = usize::from(columns.number);
        widths.insert(subject_index, Constraint::Fill(1));

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
            let request_id = thread.request_id;
            return match (key.code, plain_char(key)) {
                (KeyCode::Esc, _) => {
                    self.thread = None;
                    Reaction::load(self.query())
                }
                (_, Some('n')) => self.open_form(None),
                (_, Some('D')) if self.staff => {
                    self.advance_after = Some(request_id);
                    let command = Command::ChangeState {
                        request_id,
                        to: RequestState::Closed,
                        next_step: done_next_step(),
                    };
                    Reaction::handled()
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info(tr!("common-sending")))
                }
                _ => Reaction::ignored(),
            };
        }
        if self.staff {
            if let Some(reaction) = self.handle_filter_key(key) {
                return reaction;
            }
            if self.list.handle_key(key) {
                return Reaction::handled();
            }
        } else if self.list.handle_filterable_key(key) {
            return Reaction::handled();
        }
        if self.staff
            && let Some(c) = plain_char(key)
        {
            let reaction = self.handle_agent_key(c);
            if reaction.handled {
                return reaction;
            }
        }
        match (key.code, plain_char(key)) {
            (_, Some('o')) if !self.staff => {
                self.open_only = !self.open_only;
                Reaction::load(self.query())
            }
            (_, Some('n')) => self.open_form(None),
            // The rows on screen are stale until a changed filter's list arrives.
            (KeyCode::Enter, _) if self.staff && self.state == LoadState::Loading => {
                Reaction::handled().with_notice(Notice::info(tr!("requests-list-loading")))
            }
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
                let notice = Notice::ok(tr!("requests-opened", number = sanitize_line(number)));
                return Reaction::load(self.query()).with_notice(notice);
            }
            CommandResult::Failed { .. } if sending_form => {
                if let Some(form) = &mut self.form {
                    form.sending = false;
                }
                return Reaction::handled();
            }
            CommandResult::RequestsChanged { request_ids, .. }
                if self
                    .advance_after
                    .is_some_and(|id| request_ids.contains(&id)) =>
            {
                let closed = self.advance_after.take().unwrap_or_default();
                return self.open_next(closed);
            }
            CommandResult::RequestsChanged {
                request_ids,
                message,
            } if self.thread.is_none() => {
                for id in request_ids {
                    self.marked.remove(id);
                }
                return Reaction::load(self.query())
                    .with_notice(Notice::ok(sanitize_line(message)));
            }
            CommandResult::Failed { .. } => self.advance_after = None,
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
        } else if self.state == LoadState::Loading {
            // A filtered reload failed: keep the previous rows usable, and
            // the app's notice says the list could not load.
            self.state = LoadState::Ready;
        }
    }

    fn confirm(&mut self, question: Question) -> Vec<Effect> {
        match question {
            Question::DiscardRequest => self.form = None,
            Question::DiscardReply => {
                if let Some(thread) = &mut self.thread {
                    thread.confirm(question);
                }
            }
            Question::Quit
            | Question::EndSession
            | Question::RegisterAutomationKey
            | Question::RevokeAutomationKey => {}
        }
        Vec::new()
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
            None if self.staff => vec![
                ("↑ ↓ j k", "common-move"),
                ("Home End g G", "requests-key-first-last"),
                ("PgUp PgDn", "common-move-page"),
                ("Enter", "requests-key-show-staff"),
                ("v V", "requests-key-view"),
                ("m Space", "requests-key-mark"),
                ("a", "requests-key-assign"),
                ("x", "requests-key-close-many"),
                ("o", "requests-key-organisation"),
                ("s S", "requests-key-filter-status"),
                ("c C", "requests-key-filter-category"),
                ("p P", "requests-key-filter-priority"),
                ("u U", "requests-key-filter-assignee"),
                ("!", "requests-key-filter-overdue"),
                ("n", "requests-key-new"),
                ("/ W", "requests-key-search"),
                ("Esc", "requests-key-clear-filters"),
            ],
            None => vec![
                ("↑ ↓ j k", "common-move"),
                ("Home End g G", "requests-key-first-last"),
                ("PgUp PgDn", "common-move-page"),
                ("Enter", "requests-key-show"),
                ("o", "requests-key-open-only"),
                ("/", "requests-key-filter"),
                ("Esc", "requests-key-clear-filter"),
            ],
        };
        if !self.staff
            && self
                .thread
                .as_ref()
                .is_none_or(|thread| !thread.text_focus())
        {
            keys.push(("n", "requests-key-new"));
        }
        keys
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(form) = &self.form {
            return form.field_hints();
        }
        match &self.thread {
            Some(thread) => thread.field_hints(),
            None if self.staff => vec![
                ("Enter", "requests-hint-search"),
                ("Esc", "requests-hint-clear-words"),
            ],
            None => vec![
                ("Enter", "requests-hint-keep-filter"),
                ("Esc", "requests-hint-clear-filter"),
            ],
        }
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if let Some(form) = &self.form {
            return form.plain_view();
        }
        match &self.thread {
            Some(thread) => thread.plain_view(clock),
            None => self
                .plain_list(clock)
                .map(|view| self.list.plain_filter(view, &self.field_hints())),
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
                open_only: true,
                ..RequestQueryKey::default()
            }))]
        );
        let effects = app.handle(char_key('o'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey {
                open_only: false,
                ..RequestQueryKey::default()
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
