//! The status line at the bottom of the window and the notices it shows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::sanitize_line;
use crate::tui::theme::Theme;

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
    for (key, action) in crate::i18n::key_list(hints) {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {action} "), theme.muted));
    }
    if let Some(notice) = notice {
        let text = sanitize_line(&notice.text);
        let notice = match notice.kind {
            NoticeKind::Error => Span::styled(tr!("app-error", text = text), theme.error),
            NoticeKind::Ok => Span::styled(text, theme.ok),
            NoticeKind::Info => Span::raw(text),
        };
        let separator = Span::styled("│ ", theme.border);
        let hints_width: usize = spans.iter().map(Span::width).sum();
        let full_width = hints_width + separator.width() + notice.width();
        // A notice that does not fit beside the hints replaces them, since
        // it reports what just happened and the hints stay in the help.
        if full_width > usize::from(area.width) {
            spans = vec![Span::raw(" "), notice];
        } else {
            spans.push(separator);
            spans.push(notice);
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.base), area);
}
