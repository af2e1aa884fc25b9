//! List selection with paging and a text filter.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{HighlightSpacing, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::keys::plain_char;
use super::text_field::TextField;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::{KeyCode, KeyEvent};

/// The marker in front of the focused row, visible without color.
pub const MARKER: &str = "› ";

/// The selection and scroll position of a list, with an optional text
/// filter. Indices refer to the rows that pass the filter.
#[derive(Debug, Clone, Default)]
pub struct ListSelection {
    pub table: TableState,
    len: usize,
    page: usize,
    pub filter: TextField,
    pub filtering: bool,
}

impl ListSelection {
    pub fn new() -> ListSelection {
        ListSelection {
            filter: TextField::new(80),
            ..ListSelection::default()
        }
    }

    /// Returns the selected row among those that pass the filter, if any.
    pub fn selected(&self) -> Option<usize> {
        self.table.selected().filter(|&index| index < self.len)
    }

    /// Sets how many rows pass the filter and keeps the selection inside.
    pub fn set_len(&mut self, len: usize) {
        self.len = len;
        let selected = match self.table.selected() {
            _ if len == 0 => None,
            Some(index) => Some(index.min(len - 1)),
            None => Some(0),
        };
        self.table.select(selected);
    }

    pub fn select(&mut self, index: usize) {
        if self.len > 0 {
            self.table.select(Some(index.min(self.len - 1)));
        }
    }

    /// Remembers the number of rows the list shows, for Page Up and Down.
    pub fn set_page(&mut self, rows: u16) {
        self.page = usize::from(rows).max(1);
    }

    /// Tells whether a row passes the filter: the filter text, ignoring
    /// case, occurs in one of the row's `texts`.
    pub fn matches(&self, texts: &[&str]) -> bool {
        let needle = self.filter.value().to_lowercase();
        needle.is_empty()
            || texts
                .iter()
                .any(|text| text.to_lowercase().contains(&needle))
    }

    /// Moves the selection for arrow, j/k, Home, End and page keys.
    /// Returns false for other keys.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if self.len == 0 {
            return matches!(
                key.code,
                KeyCode::Up | KeyCode::Down | KeyCode::Home | KeyCode::End
            ) || matches!(plain_char(key), Some('j' | 'k'));
        }
        let current = self.selected().unwrap_or(0);
        let last = self.len - 1;
        let page = self.page.max(1);
        let next = match (key.code, plain_char(key)) {
            (KeyCode::Up, _) | (_, Some('k')) => current.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => (current + 1).min(last),
            (KeyCode::Home, _) | (_, Some('g')) => 0,
            (KeyCode::End, _) | (_, Some('G')) => last,
            (KeyCode::PageUp, _) => current.saturating_sub(page),
            (KeyCode::PageDown, _) => (current + page).min(last),
            _ => return false,
        };
        self.table.select(Some(next));
        true
    }

    /// Handles a key while the filter field is open: Enter keeps the filter,
    /// Esc clears it, other keys edit it.
    pub fn handle_filter_key(&mut self, key: &KeyEvent) {
        match key.code {
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
            }
            _ => {
                self.filter.handle_key(key);
            }
        }
        self.table.select(Some(0));
    }

    /// Handles the keys that every filterable list shares: all keys while
    /// the filter field is open, the navigation keys, / to open the filter and
    /// Esc to clear a kept filter. Returns false for other keys.
    pub fn handle_filterable_key(&mut self, key: &KeyEvent) -> bool {
        if self.filtering {
            self.handle_filter_key(key);
            return true;
        }
        if self.handle_key(key) {
            return true;
        }
        match (key.code, plain_char(key)) {
            (_, Some('/')) => self.filtering = true,
            (KeyCode::Esc, _) if !self.filter.is_empty() => self.filter.clear(),
            _ => return false,
        }
        true
    }

    /// Describes the filter for a panel title, or returns "" without one.
    pub fn filter_label(&self) -> String {
        if self.filter.is_empty() {
            String::new()
        } else {
            format!(" · {}", tr!("app-list-filter", text = self.filter.value()))
        }
    }

    /// Ends a list's plain view with `keys` and the open filter field, which
    /// becomes the focus line. Returns `view` unchanged while the filter is
    /// closed.
    pub fn plain_filter(&self, view: PlainView, keys: &[(&str, &str)]) -> PlainView {
        if !self.filtering {
            return view;
        }
        let mut form = PlainForm::from_view(view);
        form.keys(keys);
        form.text(&tr!("plain-filter"), &self.filter, true);
        form.finish()
    }

    /// Draws the open filter field on the first row of `area` and returns
    /// the rows below it, or returns `area` whole while the filter is closed.
    pub fn render_filter(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) -> Rect {
        if !self.filtering {
            return area;
        }
        let [filter_area, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let label_text = format!("{} ", tr!("app-list-filter-field"));
        let label_width = u16::try_from(label_text.width()).unwrap_or(u16::MAX);
        let [label, field] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)])
                .areas(filter_area);
        frame.render_widget(Span::styled(label_text, theme.key), label);
        self.filter.render(frame, field, theme, true);
        rest
    }

    /// Returns the rows a table `rows_high` rows tall shows now: from the
    /// previous first row, moved just enough to keep the selection in view
    /// and the table full.
    pub fn window(&mut self, rows_high: u16) -> Range<usize> {
        let height = usize::from(rows_high).max(1);
        let mut offset = self.table.offset().min(self.len.saturating_sub(height));
        if let Some(selected) = self.selected() {
            if selected < offset {
                offset = selected;
            } else if selected >= offset + height {
                offset = selected + 1 - height;
            }
        }
        *self.table.offset_mut() = offset;
        offset..(offset + height).min(self.len)
    }

    /// Draws the rows of a long list that fit in `area` below a one-row
    /// header: `table_of` builds the table of the rows in the range it is
    /// given, so a frame costs the rows shown, not the whole list.
    pub fn render_window(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        table_of: impl FnOnce(Range<usize>) -> Table<'static>,
        theme: &Theme,
    ) {
        let rows_high = area.height.saturating_sub(1);
        let range = self.window(rows_high);
        let mut state = TableState::default()
            .with_selected(self.selected().map(|selected| selected - range.start));
        let table = table_of(range)
            .row_highlight_style(theme.selected)
            .highlight_symbol(MARKER)
            .highlight_spacing(HighlightSpacing::Always);
        self.set_page(rows_high);
        frame.render_stateful_widget(table, area, &mut state);
    }

    /// Draws `table`, whose first row is its header, with the selected row
    /// marked, and remembers how many rows fit for Page Up and Down.
    pub fn render_table(&mut self, frame: &mut Frame, area: Rect, table: Table, theme: &Theme) {
        let table = table
            .row_highlight_style(theme.selected)
            .highlight_symbol(MARKER)
            .highlight_spacing(HighlightSpacing::Always);
        self.set_page(area.height.saturating_sub(1));
        frame.render_stateful_widget(table, area, &mut self.table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code)
    }

    #[test]
    fn window_follows_selection() {
        let mut list = ListSelection::new();
        list.set_len(100);
        assert_eq!(list.window(10), 0..10);
        list.select(50);
        assert_eq!(list.window(10), 41..51);
        list.select(45);
        assert_eq!(list.window(10), 41..51, "a visible row keeps the scroll");
        list.select(30);
        assert_eq!(list.window(10), 30..40);
        list.set_len(5);
        assert_eq!(list.window(10), 0..5);
    }

    #[test]
    fn list_selection_stays_in_bounds() {
        let mut list = ListSelection::new();
        list.set_len(3);
        list.set_page(10);
        list.handle_key(&key(KeyCode::PageDown));
        assert_eq!(list.selected(), Some(2));
        list.handle_key(&key(KeyCode::Char('j')));
        assert_eq!(list.selected(), Some(2));
        list.set_len(0);
        assert_eq!(list.selected(), None);
        list.handle_key(&key(KeyCode::Up));
        assert_eq!(list.selected(), None);
    }
}
