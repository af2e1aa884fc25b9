//! Widgets shared by the screens: text fields, the message composer, list
//! selection with a filter, the status line, the help overlay and the
//! "window too small" message.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, TableState, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use super::{KeyCode, KeyEvent, KeyModifiers};
use crate::domain::text::{sanitize, sanitize_line};

/// The smallest window the app draws screens in, as (columns, rows).
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Returns the character of a key pressed without Ctrl, Alt or Meta.
/// Shift is allowed because it only selects the character.
pub fn plain_char(key: &KeyEvent) -> Option<char> {
    let chorded = KeyModifiers::CTRL | KeyModifiers::ALT | KeyModifiers::META | KeyModifiers::SUPER;
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(chorded) => Some(c),
        _ => None,
    }
}

/// Tells whether `key` is Ctrl plus the letter `c`.
pub fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CTRL)
        && matches!(key.code, KeyCode::Char(k) if k.eq_ignore_ascii_case(&c))
}

/// Tells whether `key` sends a form: Ctrl-S or Alt-Enter.
pub fn is_send(key: &KeyEvent) -> bool {
    is_ctrl(key, 's') || (key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT))
}

/// Tells whether `key` is Shift-Tab, which terminals send as a back tab.
pub fn is_back_tab(key: &KeyEvent) -> bool {
    key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT)
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Cuts `text` to at most `width` terminal columns.
pub fn truncate_to_width(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        let w = char_width(c);
        if used + w > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut
}

/// Breaks `text` into lines of at most `width` columns, at spaces where it
/// can and inside words longer than a line. Newlines start a new line.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            for c in word.chars() {
                let w = char_width(c);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Returns a rectangle of at most `width` x `height` centered in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area
            .x
            .saturating_add((area.width.saturating_sub(width)) / 2),
        y: area
            .y
            .saturating_add((area.height.saturating_sub(height)) / 2),
        width,
        height,
    }
}

/// Builds a bordered block with a title, in the theme's border and title styles.
pub fn panel<'a>(title: impl Into<String>, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", title.into()), theme.title))
}

/// A single-line text input with a cursor. Masked fields draw each
/// character as "•". The length limit counts characters, as the service's
/// validation does.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    chars: Vec<char>,
    cursor: usize,
    max_chars: usize,
    masked: bool,
}

impl TextField {
    pub fn new(max_chars: usize) -> TextField {
        TextField {
            max_chars,
            ..TextField::default()
        }
    }

    pub fn masked(max_chars: usize) -> TextField {
        TextField {
            max_chars,
            masked: true,
            ..TextField::default()
        }
    }

    pub fn value(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn char_count(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Replaces the text, cleaned to one line, and puts the cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.clear();
        self.insert_str(text);
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    /// Inserts pasted or preset text with control characters and line
    /// breaks removed, up to the length limit.
    pub fn insert_str(&mut self, text: &str) {
        for c in sanitize_line(text).chars() {
            self.insert(c);
        }
    }

    fn insert(&mut self, c: char) {
        if self.chars.len() >= self.max_chars || sanitize(&c.to_string(), false).is_empty() {
            return;
        }
        self.chars.insert(self.cursor.min(self.chars.len()), c);
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }

    /// Applies an editing key. Returns false for keys a field does not use,
    /// such as Enter, Esc, Tab and Up.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if let Some(c) = plain_char(key) {
            self.insert(c);
            return true;
        }
        if is_ctrl(key, 'u') {
            self.chars.drain(..self.cursor.min(self.chars.len()));
            self.cursor = 0;
            return true;
        }
        if is_ctrl(key, 'a') {
            self.cursor = 0;
            return true;
        }
        if is_ctrl(key, 'e') {
            self.cursor = self.chars.len();
            return true;
        }
        match key.code {
            KeyCode::Backspace => {
                if self.cursor > 0 && self.cursor <= self.chars.len() {
                    self.cursor -= 1;
                    self.chars.remove(self.cursor);
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.chars.len() {
                    self.chars.remove(self.cursor);
                }
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => return false,
        }
        true
    }

    /// Draws the field on one row, scrolled sideways so the cursor stays
    /// visible, and places the terminal cursor when `focused`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let display: Vec<char> = if self.masked {
            vec!['•'; self.chars.len()]
        } else {
            self.chars.clone()
        };
        let width = usize::from(area.width.saturating_sub(1)).max(1);

        // Start far enough right that the text up to the cursor fits.
        let mut start = 0;
        let cursor = self.cursor.min(display.len());
        let before: usize = display
            .get(..cursor)
            .map_or(0, |head| head.iter().map(|&c| char_width(c)).sum());
        let mut skipped = 0;
        while before.saturating_sub(skipped) >= width && start < cursor {
            skipped += display.get(start).map_or(0, |&c| char_width(c));
            start += 1;
        }

        let visible: String = display
            .get(start..)
            .map_or(String::new(), |rest| rest.iter().collect());
        let visible = truncate_to_width(&visible, usize::from(area.width));
        let padding = usize::from(area.width).saturating_sub(visible.width());
        let line = Line::from(vec![Span::raw(visible), Span::raw(" ".repeat(padding))]);
        frame.render_widget(Paragraph::new(line).style(theme.field), area);

        if focused {
            let x = u16::try_from(before.saturating_sub(skipped)).unwrap_or(u16::MAX);
            frame.set_cursor_position(Position {
                x: area.x.saturating_add(x),
                y: area.y,
            });
        }
    }
}

/// A multi-line text editor for message bodies. Enter starts a new line;
/// the owning screen decides which key sends.
#[derive(Debug, Clone)]
pub struct Composer {
    lines: Vec<Vec<char>>,
    row: usize,
    column: usize,
    max_chars: usize,
    scroll: usize,
}

impl Composer {
    pub fn new(max_chars: usize) -> Composer {
        Composer {
            lines: vec![Vec::new()],
            row: 0,
            column: 0,
            max_chars,
            scroll: 0,
        }
    }

    pub fn value(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|line| line.iter().collect())
            .collect();
        lines.join("\n")
    }

    /// Counts characters as the service does, line breaks included.
    pub fn char_count(&self) -> usize {
        let chars: usize = self.lines.iter().map(Vec::len).sum();
        chars + self.lines.len().saturating_sub(1)
    }

    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Tells whether nothing but whitespace was typed.
    pub fn is_blank(&self) -> bool {
        self.lines
            .iter()
            .all(|line| line.iter().all(|c| c.is_whitespace()))
    }

    /// Inserts pasted text with control characters removed and line breaks
    /// kept, up to the length limit.
    pub fn insert_str(&mut self, text: &str) {
        for c in sanitize(text, true).chars() {
            self.insert(c);
        }
    }

    fn insert(&mut self, c: char) {
        if self.char_count() >= self.max_chars {
            return;
        }
        if c == '\n' {
            self.new_line();
            return;
        }
        if sanitize(&c.to_string(), false).is_empty() {
            return;
        }
        if let Some(line) = self.lines.get_mut(self.row) {
            let column = self.column.min(line.len());
            line.insert(column, c);
            self.column = column + 1;
        }
    }

    fn new_line(&mut self) {
        let Some(line) = self.lines.get_mut(self.row) else {
            return;
        };
        let column = self.column.min(line.len());
        let rest = line.split_off(column);
        self.row += 1;
        self.lines.insert(self.row.min(self.lines.len()), rest);
        self.column = 0;
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, Vec::len)
    }

    /// Applies an editing key. Returns false for keys the composer does not
    /// use, such as Esc, Tab and the send keys.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if is_send(key) {
            return false;
        }
        if let Some(c) = plain_char(key) {
            self.insert(c);
            return true;
        }
        match key.code {
            KeyCode::Enter => self.insert('\n'),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => {
                if self.column > 0 {
                    self.column -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.column = self.line_len(self.row);
                }
            }
            KeyCode::Right => {
                if self.column < self.line_len(self.row) {
                    self.column += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.column = 0;
                }
            }
            KeyCode::Up => {
                self.row = self.row.saturating_sub(1);
                self.column = self.column.min(self.line_len(self.row));
            }
            KeyCode::Down => {
                self.row = (self.row + 1).min(self.lines.len().saturating_sub(1));
                self.column = self.column.min(self.line_len(self.row));
            }
            KeyCode::Home => self.column = 0,
            KeyCode::End => self.column = self.line_len(self.row),
            _ => return false,
        }
        true
    }

    fn backspace(&mut self) {
        if self.column > 0 {
            if let Some(line) = self.lines.get_mut(self.row) {
                self.column = self.column.min(line.len());
                if self.column > 0 {
                    self.column -= 1;
                    line.remove(self.column);
                }
            }
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.column = self.line_len(self.row);
            if let Some(previous) = self.lines.get_mut(self.row) {
                previous.extend(line);
            }
        }
    }

    fn delete(&mut self) {
        let len = self.line_len(self.row);
        if self.column < len {
            if let Some(line) = self.lines.get_mut(self.row) {
                line.remove(self.column);
            }
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            if let Some(line) = self.lines.get_mut(self.row) {
                line.extend(next);
            }
        }
    }

    /// Draws the text broken at the area's width, scrolled to keep the
    /// cursor visible, and places the terminal cursor when `focused`.
    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width.saturating_sub(1)).max(1);

        // Break each line into rows of at most `width` columns, noting where
        // the cursor lands.
        let mut rows: Vec<String> = Vec::new();
        let mut cursor = (0, 0);
        for (index, line) in self.lines.iter().enumerate() {
            let mut row = String::new();
            let mut row_width = 0;
            for (column, &c) in line.iter().enumerate() {
                if index == self.row && column == self.column {
                    cursor = (rows.len(), row_width);
                }
                let w = char_width(c);
                if row_width + w > width {
                    rows.push(std::mem::take(&mut row));
                    row_width = 0;
                    if index == self.row && column == self.column {
                        cursor = (rows.len(), 0);
                    }
                }
                row.push(c);
                row_width += w;
            }
            if index == self.row && self.column >= line.len() {
                cursor = (rows.len(), row_width);
            }
            rows.push(row);
        }

        let height = usize::from(area.height);
        if cursor.0 < self.scroll {
            self.scroll = cursor.0;
        } else if cursor.0 >= self.scroll + height {
            self.scroll = cursor.0 + 1 - height;
        }
        let lines: Vec<Line> = rows
            .into_iter()
            .skip(self.scroll)
            .take(height)
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines).style(theme.field), area);

        if focused {
            let x = u16::try_from(cursor.1).unwrap_or(u16::MAX);
            let y = u16::try_from(cursor.0.saturating_sub(self.scroll)).unwrap_or(u16::MAX);
            frame.set_cursor_position(Position {
                x: area.x.saturating_add(x),
                y: area.y.saturating_add(y),
            });
        }
    }
}

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

    /// Describes the filter for a panel title, or returns "" without one.
    pub fn filter_label(&self) -> String {
        if self.filter.is_empty() {
            String::new()
        } else {
            format!(" · filter \"{}\"", self.filter.value())
        }
    }
}

/// The kind of a status line message: plain, a success, or an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Ok,
    Error,
}

/// The last result or error shown in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    pub fn ok(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Ok,
            text: text.into(),
        }
    }

    /// Builds an error, which the status line prefixes with "Error:".
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }
}

/// Draws the bottom line: a yes/no question when one is open, otherwise
/// the key hints and the last notice.
pub fn render_status_line(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    hints: &[(&str, &str)],
    notice: Option<&Notice>,
    question: Option<&str>,
) {
    if let Some(question) = question {
        let line = Line::from(vec![Span::styled(format!(" {question} "), theme.prompt)]);
        frame.render_widget(Paragraph::new(line).style(theme.base), area);
        return;
    }

    let mut spans = Vec::new();
    for (key, action) in hints {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {action} "), theme.muted));
    }
    if let Some(notice) = notice {
        spans.push(Span::styled("│ ", theme.border));
        let text = sanitize_line(&notice.text);
        match notice.kind {
            NoticeKind::Error => spans.push(Span::styled(format!("Error: {text}"), theme.error)),
            NoticeKind::Ok => spans.push(Span::styled(text, theme.ok)),
            NoticeKind::Info => spans.push(Span::raw(text)),
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.base), area);
}

/// Draws the key list of a screen over `area`, in two columns when one
/// does not fit.
pub fn render_help(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    keys: &[(&str, &str)],
) {
    let inner_rows = usize::from(area.height.saturating_sub(3)).max(1);
    let key_width = keys.iter().map(|(key, _)| key.width()).max().unwrap_or(0);
    let text_width = keys.iter().map(|(_, text)| text.width()).max().unwrap_or(0);
    let column_width = key_width + text_width + 4;
    let two_fit = 2 * column_width + 2 <= usize::from(area.width);
    let columns = if keys.len() > inner_rows && two_fit {
        2
    } else {
        1
    };
    let per_column = keys.len().div_ceil(columns).max(1);

    let mut lines: Vec<Line> = Vec::new();
    for row in 0..per_column {
        let mut spans = Vec::new();
        for column in 0..columns {
            let Some((key, text)) = keys.get(column * per_column + row) else {
                continue;
            };
            let key_pad = " ".repeat(key_width.saturating_sub(key.width()));
            spans.push(Span::styled(format!(" {key}{key_pad}  "), theme.key));
            let text_pad = " ".repeat(text_width.saturating_sub(text.width()));
            spans.push(Span::raw(format!("{text}{text_pad} ")));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        " Esc or ? closes this list",
        theme.muted,
    )));

    let width = u16::try_from(column_width * columns + 2).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width.max(30), height);
    frame.render_widget(Clear, popup);
    let block = panel(format!("Keys: {title}"), theme);
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.base), popup);
}

/// Draws only the message that the window is too small, centered.
pub fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!(
        "Window too small: {}x{} needed, this one is {}x{}. Enlarge it to go on.",
        MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
    );
    let lines = wrap_text(&text, usize::from(area.width.max(1)));
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    let target = centered(area, area.width, height);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .style(theme.base),
        target,
    );
}

/// Draws wrapped plain text, for explanations that are not lists.
pub fn render_text(frame: &mut Frame, area: Rect, style: Style, text: &str) {
    frame.render_widget(
        Paragraph::new(text.to_string())
            .style(style)
            .wrap(Wrap { trim: true }),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code)
    }

    #[test]
    fn text_field_edits_at_cursor() {
        let mut field = TextField::new(10);
        for c in "helo".chars() {
            field.handle_key(&key(KeyCode::Char(c)));
        }
        field.handle_key(&key(KeyCode::Left));
        field.handle_key(&key(KeyCode::Char('l')));
        assert_eq!(field.value(), "hello");
        field.handle_key(&key(KeyCode::Home));
        field.handle_key(&key(KeyCode::Delete));
        assert_eq!(field.value(), "ello");
        field.handle_key(&key(KeyCode::End));
        field.handle_key(&key(KeyCode::Backspace));
        assert_eq!(field.value(), "ell");
    }

    #[test]
    fn text_field_stops_at_limit() {
        let mut field = TextField::new(3);
        field.insert_str("abcdef");
        assert_eq!(field.value(), "abc");
    }

    #[test]
    fn paste_strips_control_characters() {
        let mut field = TextField::new(80);
        field.insert_str("a\u{1b}[31mb\nc");
        assert_eq!(field.value(), "a[31mb c");

        let mut composer = Composer::new(80);
        composer.insert_str("one\u{7}\r\ntwo");
        assert_eq!(composer.value(), "one\ntwo");
    }

    #[test]
    fn composer_joins_lines_on_backspace() {
        let mut composer = Composer::new(100);
        composer.insert_str("ab\ncd");
        composer.handle_key(&key(KeyCode::Home));
        composer.handle_key(&key(KeyCode::Backspace));
        assert_eq!(composer.value(), "abcd");
        assert_eq!(composer.char_count(), 4);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_long_words() {
        assert_eq!(wrap_text("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap_text("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(wrap_text("日本語の文", 4), ["日本", "語の", "文"]);
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
