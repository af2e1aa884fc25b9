//! The plain linear mode for screen readers: one item per line, headings as
//! text, no box drawing and no panels side by side. The focused item is
//! written last and the cursor is left on it, so a screen reader that
//! follows the cursor reads it.
//!
//! Screens keep their normal drawing. A screen may describe itself with
//! [`PlainView`] through [`crate::tui::screens::Screen::plain_view`];
//! otherwise [`linearize`] reads its normal drawing from an off-screen
//! buffer, panel by panel, and drops every box-drawing character.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

mod form;
mod pager;

pub use form::{PlainForm, keys_line};
pub use pager::PlainPager;

use super::theme::Theme;
use super::widgets::{MARKER, wrap_text};

/// A screen's content in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainView {
    /// Lines before the focused item: headings, items and details.
    pub lines: Vec<String>,
    /// The number of leading `lines` that name where the user is, such as a
    /// list's title and its active filters. [`render`] keeps them on top
    /// when the other lines do not fit.
    pub headings: usize,
    /// The focused item, such as "Invoice March 2026, new, 3 of 12", with
    /// no-break spaces around "of".
    pub focus: Option<String>,
}

impl PlainView {
    /// Describes the item `index` of `count` for the focus line.
    pub fn item(label: &str, state: &str, index: usize, count: usize) -> String {
        let position = tr!("app-plain-position", number = index + 1, count = count);
        [label, state, &position]
            .iter()
            .filter(|part| !part.is_empty())
            .map(|part| without_full_stop(part))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds a detail line, or a heading that may scroll out of view.
    pub fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// Adds a heading that stays on top while the view is paged, after the
    /// headings added before it and before every other line.
    pub fn heading(&mut self, text: impl Into<String>) {
        let at = self.headings.min(self.lines.len());
        self.lines.insert(at, text.into());
        self.headings = at + 1;
    }

    /// Adds item `index` of `count` in the shape of [`PlainView::item`]: as
    /// the focused item when `focused`, otherwise as the next line.
    pub fn push_item(
        &mut self,
        label: &str,
        state: &str,
        index: usize,
        count: usize,
        focused: bool,
    ) {
        let text = Self::item(label, state, index, count);
        if focused {
            self.focus = Some(text);
        } else {
            self.lines.push(text);
        }
    }
}

/// Drops the full stop that ends a sentence, such as a next step written
/// by an agent, so that joining it with a comma does not read ".,". An
/// ellipsis ("..") stays.
fn without_full_stop(text: &str) -> &str {
    match text.strip_suffix('.') {
        Some(rest) if !rest.ends_with('.') => rest,
        _ => text,
    }
}

/// Tells whether a character only draws boxes, lines or blocks.
pub fn is_decoration(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{259F}' | '\u{25A0}'..='\u{25FF}')
}

/// Tells whether a box-drawing character has a vertical stroke, so it
/// separates panels placed side by side.
fn is_vertical(symbol: &str) -> bool {
    matches!(
        symbol,
        "│" | "┃"
            | "║"
            | "┌"
            | "┐"
            | "└"
            | "┘"
            | "├"
            | "┤"
            | "┬"
            | "┴"
            | "┼"
            | "╭"
            | "╮"
            | "╰"
            | "╯"
            | "┏"
            | "┓"
            | "┗"
            | "┛"
            | "╔"
            | "╗"
            | "╚"
            | "╝"
    )
}

/// Reads a drawn buffer in reading order: rows that share the same panel
/// edges form a region, and a region is read panel by panel, top to
/// bottom. The first line that starts with the list marker becomes the
/// focused item.
pub fn linearize(buffer: &Buffer) -> PlainView {
    let area = buffer.area;
    let mut view = PlainView::default();
    let mut region: Vec<Vec<(u16, String)>> = Vec::new();
    let mut region_edges: Option<Vec<u16>> = None;

    for y in area.top()..area.bottom() {
        let (edges, segments) = read_row(buffer, y);
        if region_edges.as_ref() != Some(&edges) {
            flush_region(&mut region, &mut view);
            region_edges = Some(edges);
        }
        region.push(segments);
    }
    flush_region(&mut region, &mut view);
    view
}

/// Returns the x of each vertical edge of row `y` and its text segments
/// between edges, keyed by the x where each segment starts.
fn read_row(buffer: &Buffer, y: u16) -> (Vec<u16>, Vec<(u16, String)>) {
    let area = buffer.area;
    let mut edges = Vec::new();
    let mut segments = Vec::new();
    let mut start = area.left();
    let mut text = String::new();
    let mut x = area.left();
    while x < area.right() {
        let symbol = buffer
            .cell(Position::new(x, y))
            .map_or(" ", |cell| cell.symbol());
        let width = u16::try_from(symbol.width().max(1)).unwrap_or(1);
        if is_vertical(symbol) {
            edges.push(x);
            segments.push((start, std::mem::take(&mut text)));
            start = x + 1;
        } else if symbol.chars().all(is_decoration) && !symbol.is_empty() {
            text.push(' ');
        } else {
            text.push_str(symbol);
        }
        x = x.saturating_add(width);
    }
    segments.push((start, text));
    (edges, segments)
}

/// Reads the rows a plain drawing wrote, top to bottom, without trailing
/// spaces and without blank rows. Unlike [`linearize`], it keeps the rows as
/// drawn: a wrapped item stays in order and the focused item keeps its mark.
pub fn read_rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    let mut rows = Vec::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        let mut x = area.left();
        while x < area.right() {
            let symbol = buffer
                .cell(Position::new(x, y))
                .map_or(" ", |cell| cell.symbol());
            row.push_str(symbol);
            x = x.saturating_add(u16::try_from(symbol.width().max(1)).unwrap_or(1));
        }
        let row = row.trim_end();
        if !row.is_empty() {
            rows.push(row.to_string());
        }
    }
    rows
}

fn flush_region(region: &mut Vec<Vec<(u16, String)>>, view: &mut PlainView) {
    let mut starts: Vec<u16> = region
        .iter()
        .flat_map(|row| row.iter().map(|(start, _)| *start))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        for row in region.iter() {
            for (_, text) in row.iter().filter(|(x, _)| *x == start) {
                push_text(view, text);
            }
        }
    }
    region.clear();
}

fn push_text(view: &mut PlainView, text: &str) {
    // A no-break space joins its neighbours, as around "of" in "1 of 5"
    // or before a French colon, so it is kept rather than read as a gap.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        return;
    }
    let line = words.join(" ");
    let marker = MARKER.trim_end();
    match line.strip_prefix(marker) {
        Some(focused) if view.focus.is_none() => view.focus = Some(focused.trim().to_string()),
        _ => view.lines.push(line),
    }
}

/// Draws a plain view into `area`: `heading` and the view's headings
/// first, then the lines, then `status` (notices and questions), then the
/// focused item on the last written line with the cursor after it. Lines
/// wrap at the window's width. When they do not all fit, a notice under
/// the headings counts the hidden lines and names the paging keys,
/// and `pager` chooses the rows shown: the last ones, or the page the user
/// moved to.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    heading: &str,
    view: &PlainView,
    status: Option<&str>,
    pager: &mut PlainPager,
) {
    let width = usize::from(area.width.max(1));
    let wrap = |text: &str| wrap_text(text, width);
    let headings = view.headings.min(view.lines.len());
    let (heading_lines, body_lines) = view.lines.split_at(headings);

    let mut pinned = vec![wrap(heading)];
    pinned.extend(heading_lines.iter().map(|line| wrap(line)));
    let mut paged: Vec<Vec<String>> = body_lines.iter().map(|line| wrap(line)).collect();
    paged.extend(status.map(wrap));
    if let Some(focus) = &view.focus {
        paged.push(wrap(&format!("{MARKER}{focus}")));
    }

    let rows = usize::from(area.height);
    let cut = pager.cut(rows, pinned, paged, wrap);
    let lines: Vec<String> = cut
        .pinned
        .into_iter()
        .chain(cut.notice)
        .chain(cut.page)
        .take(rows)
        .collect();
    let last = lines.last().map_or(0, |line| line.width());
    let count = u16::try_from(lines.len()).unwrap_or(area.height);
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base), area);

    if count > 0 {
        let column = u16::try_from(last)
            .unwrap_or(u16::MAX)
            .min(area.width.saturating_sub(1));
        frame.set_cursor_position(Position::new(area.x + column, area.y + count - 1));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::{Constraint, Layout};
    use ratatui::widgets::{Block, Borders};

    use super::*;

    #[test]
    fn linearize_keeps_no_break_spaces() {
        let mut terminal = Terminal::new(TestBackend::new(40, 2)).expect("terminal");
        terminal
            .draw(|frame| {
                let text = vec![
                    Line::from("Dashboard, screen 1\u{a0}of\u{a0}6"),
                    Line::from("Contrats\u{a0}:   1"),
                ];
                frame.render_widget(Paragraph::new(text), frame.area());
            })
            .expect("draw");
        let view = linearize(terminal.backend().buffer());
        assert_eq!(
            view.lines,
            vec!["Dashboard, screen 1\u{a0}of\u{a0}6", "Contrats\u{a0}: 1"]
        );
    }

    #[test]
    fn side_by_side_panels_read_one_after_another() {
        let mut terminal = Terminal::new(TestBackend::new(40, 5)).expect("terminal");
        terminal
            .draw(|frame| {
                let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                    .areas(frame.area());
                let left_text =
                    Paragraph::new(vec![Line::from("Invoice"), Line::from("› Contract")])
                        .block(Block::default().borders(Borders::ALL).title("Documents"));
                let right_text =
                    Paragraph::new(vec![Line::from("Move line"), Line::from("Refund")])
                        .block(Block::default().borders(Borders::ALL).title("Requests"));
                frame.render_widget(left_text, left);
                frame.render_widget(right_text, right);
            })
            .expect("draw");
        let view = linearize(terminal.backend().buffer());
        assert_eq!(
            view.lines,
            vec!["Documents", "Invoice", "Requests", "Move line", "Refund"]
        );
        assert_eq!(view.focus.as_deref(), Some("Contract"));
    }

    #[test]
    fn item_drops_full_stop_before_comma() {
        assert_eq!(
            PlainView::item("Next step: we check it.", "", 0, 1),
            "Next step: we check it, 1\u{a0}of\u{a0}1"
        );
        assert_eq!(
            PlainView::item("Loading...", "", 0, 2),
            "Loading..., 1\u{a0}of\u{a0}2"
        );
        assert_eq!(
            PlainView::item("Wait…", "", 1, 2),
            "Wait…, 2\u{a0}of\u{a0}2"
        );
    }

    #[test]
    fn item_names_position() {
        assert_eq!(
            PlainView::item("Invoice March 2026", "new", 2, 12),
            "Invoice March 2026, new, 3\u{a0}of\u{a0}12"
        );
        assert_eq!(
            PlainView::item("Draft", "", 0, 1),
            "Draft, 1\u{a0}of\u{a0}1"
        );
    }

    #[test]
    fn render_keeps_headings_and_puts_focus_last() {
        let mut view = PlainView::default();
        for n in 1..=30 {
            view.line(format!("line {n}"));
        }
        view.heading("Sorted by date");
        view.focus = Some("Invoice, new, 3\u{a0}of\u{a0}12".to_string());
        let mut pager = PlainPager::default();
        let mut terminal = Terminal::new(TestBackend::new(60, 7)).expect("terminal");
        terminal
            .draw(|frame| {
                let area = frame.area();
                render(
                    frame,
                    area,
                    &Theme::default(),
                    "Documents",
                    &view,
                    Some("Saved."),
                    &mut pager,
                );
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let row = |y: u16| -> String {
            (0..60u16)
                .map(|x| buffer.cell((x, y)).map_or(" ", |cell| cell.symbol()))
                .collect::<String>()
                .trim_end()
                .to_string()
        };
        assert_eq!(row(0), "Documents");
        assert_eq!(row(1), "Sorted by date");
        assert_eq!(
            row(2),
            "28 earlier lines hidden. Press [ and ] to read them."
        );
        assert_eq!(row(3), "line 29");
        assert_eq!(row(4), "line 30");
        assert_eq!(row(5), "Saved.");
        assert_eq!(row(6), "› Invoice, new, 3\u{a0}of\u{a0}12");
        let cursor = terminal.get_cursor_position().expect("cursor");
        assert_eq!(cursor.y, 6);
    }

    #[test]
    fn heading_goes_before_other_lines() {
        let mut view = PlainView::default();
        view.line("Invoice");
        view.heading("Documents");
        view.heading("Sorted by date");
        view.line("Contract");
        assert_eq!(
            view.lines,
            vec!["Documents", "Sorted by date", "Invoice", "Contract"]
        );
        assert_eq!(view.headings, 2);
    }
}
