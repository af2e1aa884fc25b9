//! The prompt for a fresh second factor before a sensitive action: it
//! names the action, takes a current authenticator code or an unused
//! recovery code, and hands the code back to the screen, which sends it
//! with the action's command. The service checks the code.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Notice, TextField, centered, panel};
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::{KeyCode, KeyEvent};

/// Characters of the code field: a recovery code with its dashes.
pub const FRESH_CODE_CHARS: usize = 19;

/// The result of a key in the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptOutcome {
    /// The prompt stays open.
    Pending,
    /// Esc: the action is cancelled.
    Cancelled,
    /// Enter with a code typed: send the action with this code.
    Submitted(String),
    /// Enter with the field empty.
    Empty,
}

impl PromptOutcome {
    /// Returns the status-line notice for the outcome, if any.
    pub fn notice(&self) -> Option<Notice> {
        match self {
            PromptOutcome::Pending => None,
            PromptOutcome::Cancelled => Some(Notice::info(tr!("factors-cancelled"))),
            PromptOutcome::Submitted(_) => Some(Notice::info(tr!("factors-checking"))),
            PromptOutcome::Empty => Some(Notice::error(tr!("factors-code-missing"))),
        }
    }
}

/// A fresh-code prompt for one action.
#[derive(Debug, Clone)]
pub struct FreshCodePrompt {
    /// The action in words of the user's language, such as "Revoke the
    /// access of bob".
    action: String,
    field: TextField,
}

impl FreshCodePrompt {
    pub fn new(action: impl Into<String>) -> FreshCodePrompt {
        FreshCodePrompt {
            action: action.into(),
            field: TextField::masked(FRESH_CODE_CHARS),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> PromptOutcome {
        match key.code {
            KeyCode::Esc => PromptOutcome::Cancelled,
            KeyCode::Enter => {
                let code = self.field.value().trim().to_string();
                self.field.clear();
                if code.is_empty() {
                    PromptOutcome::Empty
                } else {
                    PromptOutcome::Submitted(code)
                }
            }
            _ => {
                self.field.handle_key(key);
                PromptOutcome::Pending
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.field.insert_str(text.trim());
    }

    /// Keys of the prompt, for the help overlay.
    pub fn keys() -> Vec<(&'static str, &'static str)> {
        vec![
            ("Enter", "factors-key-confirm-with-code"),
            ("Esc", "common-cancel"),
        ]
    }

    /// Describes the prompt for the plain mode: the action, the masked
    /// code field last.
    pub fn plain_view(&self) -> PlainView {
        let mut form = PlainForm::new(tr!("factors-fresh-title"));
        form.line(tr!("factors-fresh-question", action = &self.action));
        form.line(tr!("factors-fresh-intro"));
        form.keys(&Self::keys());
        form.text(&tr!("preferences-notify-code"), &self.field, true);
        form.finish()
    }

    /// Draws the prompt as a box in the middle of `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let area = centered(area, 64, 9);
        frame.render_widget(Clear, area);
        let block = panel(tr!("factors-fresh-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = vec![
            Line::styled(
                tr!("factors-fresh-question", action = &self.action),
                theme.key,
            ),
            Line::from(tr!("factors-fresh-intro")),
        ];
        let text_area = Rect {
            height: inner.height.saturating_sub(1),
            ..inner
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        let field = Rect {
            x: inner.x.saturating_add(2),
            y: inner.bottom().saturating_sub(1),
            width: u16::try_from(FRESH_CODE_CHARS + 2)
                .unwrap_or(u16::MAX)
                .min(inner.width.saturating_sub(4)),
            height: 1,
        };
        let label = tr!("factors-code-label");
        let label_width = u16::try_from(label.width() + 1).unwrap_or(u16::MAX);
        frame.render_widget(
            Line::styled(label, theme.muted),
            Rect {
                width: label_width,
                ..field
            },
        );
        let input = Rect {
            x: field.x.saturating_add(label_width),
            width: field.width.saturating_sub(label_width),
            ..field
        };
        self.field.render(frame, input, theme, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_returns_code_once() {
        let mut prompt = FreshCodePrompt::new("Revoke the access of bob");
        for c in "123456".chars() {
            assert_eq!(
                prompt.handle_key(&KeyEvent::new(KeyCode::Char(c))),
                PromptOutcome::Pending
            );
        }
        assert_eq!(
            prompt.handle_key(&KeyEvent::new(KeyCode::Enter)),
            PromptOutcome::Submitted("123456".to_string())
        );
        assert_eq!(
            prompt.handle_key(&KeyEvent::new(KeyCode::Enter)),
            PromptOutcome::Empty
        );
        assert_eq!(
            prompt.handle_key(&KeyEvent::new(KeyCode::Esc)),
            PromptOutcome::Cancelled
        );
    }

    #[test]
    fn plain_prompt_masks_code_last() {
        let mut prompt = FreshCodePrompt::new("Revoke the access of bob");
        prompt.paste("123456");
        let view = prompt.plain_view();
        assert_eq!(
            view.lines,
            vec![
                "Confirm with a fresh code",
                "Revoke the access of bob?",
                "Type the code your authenticator app shows now, or an unused recovery code, then Enter. Esc cancels.",
                "Keys: Enter to confirm with the code, Esc to cancel",
            ]
        );
        assert_eq!(view.focus.as_deref(), Some("Code: 6 characters typed"));
    }

    #[test]
    fn plain_prompt_in_french() {
        let view = crate::i18n::sync_scope(crate::i18n::Language::French, || {
            FreshCodePrompt::new("Retirer l’accès de bob").plain_view()
        });
        assert_eq!(view.focus.as_deref(), Some("Code\u{a0}: rien de saisi"));
        assert!(
            view.lines
                .iter()
                .any(|line| line.starts_with("Touches\u{a0}: ")),
            "{view:?}"
        );
    }
}
