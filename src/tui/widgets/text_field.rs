//! The single-line text field.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::keys::{is_ctrl, plain_char};
use super::text::{char_width, truncate_to_width};
use crate::domain::text::{sanitize, sanitize_line};
use crate::tui::theme::Theme;
use crate::tui::{KeyCode, KeyEvent};

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

    /// Tells whether the field draws "•" in place of each character.
    pub fn is_masked(&self) -> bool {
        self.masked
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
    }
}
