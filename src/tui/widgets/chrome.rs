//! The frame around screens: bordered panels and the "window too small"
//! message.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::wrap_text;
use crate::tui::theme::Theme;

/// The smallest window the app draws screens in, as (columns, rows).
pub const MIN_SIZE: (u16, u16) = (60, 16);

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

/// Draws only the message that the window is too small, centered.
pub fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = tr!(
        "app-too-small",
        min_cols = MIN_SIZE.0,
        min_rows = MIN_SIZE.1,
        cols = area.width,
        rows = area.height
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
