//! The key list drawn over a screen by `?`. A list taller than the window
//! scrolls by whole keys with ↑ ↓, PgUp PgDn, Home and End, and its last
//! rows then count the keys above and below.

use std::ops::Range;

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

/// The scroll position of the key list, in blocks of whole keys, with the
/// number of blocks the last drawing showed and its maximum position.
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

/// One line of the key list: a key in each column with its description
/// wrapped under itself, as tall as the longest description. The list
/// scrolls by whole blocks, so a key is either shown or counted above or
/// below.
struct KeyBlock<'a> {
    rows: Vec<Line<'a>>,
    /// The indexes of the keys the block shows.
    keys: Vec<usize>,
}

/// Draws the key list of a screen over `area`, in two columns when one
/// does not fit and the window is wide enough, else in one column whose
/// descriptions wrap. Keys that do not fit scroll with `scroll`, and the
/// last rows then count the keys above and below.
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
    let blocks = key_blocks(&keys, columns, key_width, text_room, theme);
    // The footer keeps one blank column on each side, inside the border.
    let footer_width = inner_width.saturating_sub(2);

    let mut footer_rows = 1;
    let (shown, footer) = loop {
        let page = inner_height.saturating_sub(footer_rows).max(1);
        let max = last_first_block(&blocks, page);
        // A taller footer leaves fewer rows and moves the last page, so the
        // position is clamped only once the footer fits.
        let first = scroll.first.min(max);
        let shown = blocks_on_page(&blocks, first, page);
        let footer = footer_lines(&blocks, &shown, footer_width);
        if footer.len() <= footer_rows || footer_rows + 1 >= inner_height {
            scroll.max = max;
            scroll.first = first;
            scroll.page = shown.len().max(1);
            break (shown, footer);
        }
        footer_rows = footer.len();
    };

    let page = inner_height.saturating_sub(footer.len()).max(1);
    let drawn_footer_width = footer.iter().map(|row| row.width() + 2).max().unwrap_or(0);
    let mut lines: Vec<Line> = blocks
        .into_iter()
        .skip(shown.start)
        .take(shown.len())
        .flat_map(|block| block.rows)
        .take(page)
        .collect();
    lines.extend(
        footer
            .into_iter()
            .map(|row| Line::from(Span::styled(format!(" {row}"), theme.muted))),
    );

    let content_width = column_width.min(text_room + key_width + 4) * columns;
    let width = content_width.max(drawn_footer_width) + 2;
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width.max(30), height);
    frame.render_widget(Clear, popup);
    let block = panel(tr!("app-help-title", screen = title), theme);
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.base), popup);
}

/// Returns the blocks from `first` on that fill at most `page` rows, at
/// least one block so that a block taller than a page still shows its
/// start.
fn blocks_on_page(blocks: &[KeyBlock], first: usize, page: usize) -> Range<usize> {
    let mut end = first;
    let mut used = 0;
    for block in blocks.iter().skip(first) {
        if end > first && used + block.rows.len() > page {
            break;
        }
        used += block.rows.len();
        end += 1;
    }
    first..end.min(blocks.len())
}

/// Returns the first block of the last page: the lowest block from which
/// every remaining block fits in `page` rows, or the last block when it
/// alone is taller than a page.
fn last_first_block(blocks: &[KeyBlock], page: usize) -> usize {
    let mut first = blocks.len();
    let mut used = 0;
    while let Some(block) = first.checked_sub(1).and_then(|index| blocks.get(index)) {
        if used + block.rows.len() > page && first < blocks.len() {
            break;
        }
        used += block.rows.len();
        first -= 1;
    }
    first.min(blocks.len().saturating_sub(1))
}

/// Lays the keys out in blocks: in `columns` columns filled top to bottom,
/// with each description wrapped at `text_room` columns.
fn key_blocks<'a>(
    keys: &[(String, String)],
    columns: usize,
    key_width: usize,
    text_room: usize,
    theme: &Theme,
) -> Vec<KeyBlock<'a>> {
    let per_column = keys.len().div_ceil(columns).max(1);
    let mut blocks = Vec::new();
    for row in 0..per_column {
        let indexes: Vec<usize> = (0..columns)
            .map(|column| column * per_column + row)
            .filter(|&index| index < keys.len())
            .collect();
        // The block is as tall as its longest wrapped description, so a
        // shorter one gets blank parts.
        let parts: Vec<Vec<String>> = indexes
            .iter()
            .filter_map(|&index| keys.get(index))
            .map(|(_, text)| wrap_text(text, text_room))
            .collect();
        let height = parts.iter().map(Vec::len).max().unwrap_or(1);
        let mut rows = Vec::new();
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
            rows.push(Line::from(spans));
        }
        blocks.push(KeyBlock {
            rows,
            keys: indexes,
        });
    }
    blocks
}

/// Words the key list's last rows, at most `width` columns wide: how to
/// close it when every key shows, else how many keys are above and below
/// the `shown` blocks and the scroll keys. The count, with its ▲ or ▼
/// mark, takes a row of its own when the whole text does not fit one.
fn footer_lines(blocks: &[KeyBlock], shown: &Range<usize>, width: usize) -> Vec<String> {
    let count = |range: &[KeyBlock]| range.iter().map(|block| block.keys.len()).sum::<usize>();
    let above = count(blocks.get(..shown.start).unwrap_or_default());
    let below = count(blocks.get(shown.end..).unwrap_or_default());
    let counted = match (above, below) {
        (0, 0) => return wrap_text(&tr!("app-help-footer"), width),
        (0, below) => tr!("app-help-more-below", count = below),
        (above, 0) => tr!("app-help-more-above", count = above),
        (above, below) => tr!("app-help-more", above = above, below = below),
    };
    let scroll_keys = tr!("app-help-scroll");
    let whole = format!("{counted} {scroll_keys}");
    if whole.width() <= width {
        return vec![whole];
    }
    let mut lines = wrap_text(&counted, width);
    lines.extend(wrap_text(&scroll_keys, width));
    lines
}
