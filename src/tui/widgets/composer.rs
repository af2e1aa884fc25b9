//! The multi-line message composer.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keys::{is_send, plain_char};
use super::text::char_width;
use crate::domain::text::sanitize;
use crate::tui::theme::Theme;
use crate::tui::{KeyCode, KeyEvent};

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

    /// Returns the text line by line.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|line| line.iter().collect())
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code)
    }

    #[test]
    fn composer_paste_strips_control_characters() {
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
}
