//! The key list drawn over a screen by `?`. A list taller than the window
//! scrolls with ↑ ↓, PgUp PgDn, Home and End, and its last row then counts
//! the keys above and below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::chrome::{centered, panel};
use super::keys::plain_char;
use super::text::wrap_text;
use crate::tui::theme::Theme;
use crate::tui::{KeyCode, KeyEvent};

/// The scroll position of the key list, in rows of keys, with the page
/// size and the maximum position of the last drawing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpScroll {
    first: usize,
    page: usize,
    max: usize,
}

impl HelpScroll {
    /// Scrolls for ↑ ↓ (and k j), PgUp PgDn, Home End (and g G). Returns
    /// whether the key scrolls.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let page = self.page.max(1);
        let first = match (key.code, plain_char(key)) {
            (KeyCode::Up, _) | (_, Some('k')) => self.first.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => self.first.saturating_add(1),
            (KeyCode::PageUp, _) => self.first.saturating_sub(page),
            (KeyCode::PageDown, _) => self.first.saturating_add(page),
            (KeyCode::Home, _) | (_, Some('g')) => 0,
            (KeyCode::End, _) | (_, Some('G')) => self.max,
            _ => return false,
        };
        self.first = first.min(self.max);
        true
    }
}

/// Draws the key list of a screen over `area`, in two columns when one
/// does not fit and the window is wide enough, else in one column whose
/// descriptions wrap. Rows that do not fit scroll with `scroll`, and the
/// last row then counts the keys above and below.
pub fn render_help(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    keys: &[(&str, &str)],
    scroll: &mut HelpScroll,
) {
    let keys = crate::i18n::key_list(keys);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let inner_height = usize::from(area.height.saturating_sub(2)).max(2);
    let key_width = keys.iter().map(|(key, _)| key.width()).max().unwrap_or(0);
    let text_width = keys.iter().map(|(_, text)| text.width()).max().unwrap_or(0);
    let column_width = key_width + text_width + 4;
    let two_fit = 2 * column_width + 2 <= usize::from(area.width);
    let columns = if keys.len() >= inner_height && two_fit {
        2
    } else {
        1
    };
    // Descriptions wrap under themselves in a column too narrow for them.
    let text_room = inner_width
        .saturating_sub(key_width + 4)
        .clamp(10, text_width.max(10));
    let rows = key_rows(&keys, columns, key_width, text_room, theme);

    let mut footer_rows = 1;
    let (first, end, footer) = loop {
        let page = inner_height.saturating_sub(footer_rows).max(1);
        scroll.page = page;
        scroll.max = rows.len().saturating_sub(page);
        scroll.first = scroll.first.min(scroll.max);
        let first = scroll.first;
        let end = (first + page).min(rows.len());
        let footer = wrap_text(
            &footer_text(&rows, first, end),
            inner_width.saturating_sub(1),
        );
        if footer.len() <= footer_rows || footer_rows + 1 >= inner_height {
            break (first, end, footer);
        }
        footer_rows = footer.len();
    };

    let footer_width = footer.iter().map(|row| row.width() + 2).max().unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .skip(first)
        .take(end - first)
        .map(|(line, _)| line)
        .collect();
    lines.extend(
        footer
            .into_iter()
            .map(|row| Line::from(Span::styled(format!(" {row}"), theme.muted))),
    );

    let content_width = column_width.min(text_room + key_width + 4) * columns;
    let width = content_width.max(footer_width) + 2;
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width.max(30), height);
    frame.render_widget(Clear, popup);
    let block = panel(tr!("app-help-title", screen = title), theme);
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.base), popup);
}

/// Lays the keys out in rows: in `columns` columns filled top to bottom,
/// with each description wrapped at `text_room` columns. Each row comes
/// with the indexes of the keys it shows.
fn key_rows<'a>(
    keys: &[(String, String)],
    columns: usize,
    key_width: usize,
    text_room: usize,
    theme: &Theme,
) -> Vec<(Line<'a>, Vec<usize>)> {
    let per_column = keys.len().div_ceil(columns).max(1);
    let mut rows = Vec::new();
    for row in 0..per_column {
        let indexes: Vec<usize> = (0..columns)
            .map(|column| column * per_column + row)
            .filter(|&index| index < keys.len())
            .collect();
        // The row is as tall as its longest wrapped description, so a
        // shorter one gets blank parts.
        let parts: Vec<Vec<String>> = indexes
            .iter()
            .filter_map(|&index| keys.get(index))
            .map(|(_, text)| wrap_text(text, text_room))
            .collect();
        let height = parts.iter().map(Vec::len).max().unwrap_or(1);
        for part in 0..height {
            let mut spans = Vec::new();
            for (&index, wrapped) in indexes.iter().zip(&parts) {
                let key = match (part, keys.get(index)) {
                    (0, Some((key, _))) => key.as_str(),
                    _ => "",
                };
                let key_pad = " ".repeat(key_width.saturating_sub(key.width()));
                spans.push(Span::styled(format!(" {key}{key_pad}  "), theme.key));
                let text = wrapped.get(part).map_or("", String::as_str);
                let text_pad = " ".repeat(text_room.saturating_sub(text.width()));
                spans.push(Span::raw(format!("{text}{text_pad} ")));
            }
            rows.push((Line::from(spans), indexes.clone()));
        }
    }
    rows
}

/// Words the key list's last row: how to close it when every key shows,
/// else how many keys are above and below `first..end` of `rows`.
fn footer_text(rows: &[(Line, Vec<usize>)], first: usize, end: usize) -> String {
    let count = |range: &[(Line, Vec<usize>)]| {
        let mut keys: Vec<usize> = range.iter().flat_map(|(_, keys)| keys.clone()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    };
    let above = count(rows.get(..first).unwrap_or_default());
    let below = count(rows.get(end..).unwrap_or_default());
    match (above, below) {
        (0, 0) => tr!("app-help-footer"),
        (0, below) => tr!("app-help-more-below", count = below),
        (above, 0) => tr!("app-help-more-above", count = above),
        (above, below) => tr!("app-help-more", above = above, below = below),
    }
}
