//! The frame around screens: bordered panels, the help overlay and the
//! "window too small" message.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

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

/// Draws the key list of a screen over `area`, in two columns when one
/// does not fit.
pub fn render_help(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    keys: &[(&str, &str)],
) {
    let keys = crate::i18n::key_list(keys);
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
        format!(" {}", tr!("app-help-footer")),
        theme.muted,
    )));

    let width = u16::try_from(column_width * columns + 2).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width.max(30), height);
    frame.render_widget(Clear, popup);
    let block = panel(tr!("app-help-title", screen = title), theme);
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.base), popup);
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
