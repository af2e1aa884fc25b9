//! The new-password step that opens the enrolment screen after an operator
//! reset: the user types a new password twice before setting up a new
//! authenticator app.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Reaction;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, is_back_tab, wrap_text};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent};

/// The maximum length of a password in the form, in characters.
const MAX_PASSWORD_CHARS: usize = 1024;
/// The minimum number of text rows above the first field. A longer
/// translation wrapped in a narrow window takes more.
const INTRO_ROWS: u16 = 6;

pub struct PasswordRenewal {
    fields: [TextField; 2],
    focus: usize,
    sending: bool,
    /// Whether the account was never used: an invitation, not a reset.
    first_login: bool,
}

impl Default for PasswordRenewal {
    fn default() -> Self {
        PasswordRenewal::new(false)
    }
}

impl PasswordRenewal {
    pub fn new(first_login: bool) -> PasswordRenewal {
        PasswordRenewal {
            fields: [
                TextField::masked(MAX_PASSWORD_CHARS),
                TextField::masked(MAX_PASSWORD_CHARS),
            ],
            focus: 0,
            sending: false,
            first_login,
        }
    }

    /// Returns the sentence that explains why a new password is needed.
    fn intro(&self) -> String {
        if self.first_login {
            tr!("factors-onboarding-intro")
        } else {
            tr!("factors-renewal-intro")
        }
    }

    /// Handles a key. Every printable key goes to the focused field, so q
    /// and ? can be part of a password; Ctrl-C still quits.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.sending {
            return Reaction::handled();
        }
        match key.code {
            KeyCode::Tab => self.focus = usize::from(self.focus == 0 && !is_back_tab(key)),
            KeyCode::Up => self.focus = 0,
            KeyCode::Down => self.focus = 1,
            KeyCode::Enter if self.focus == 0 => self.focus = 1,
            KeyCode::Enter => return self.submit(),
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    field.handle_key(key);
                }
            }
        }
        Reaction::handled()
    }

    fn submit(&mut self) -> Reaction {
        let [first, second] = &self.fields;
        let (password, repeat) = (first.value(), second.value());
        if password.is_empty() {
            self.focus = 0;
            return Reaction::handled().with_notice(Notice::error(tr!("factors-renewal-missing")));
        }
        if password != repeat {
            self.fields[1].clear();
            self.focus = 1;
            return Reaction::handled().with_notice(Notice::error(tr!("factors-renewal-differ")));
        }
        self.sending = true;
        Reaction::handled()
            .with_effect(Effect::Run(Command::SetRenewalPassword { password }))
            .with_notice(Notice::info(tr!("factors-renewal-saving")))
    }

    pub fn paste(&mut self, text: &str) {
        if !self.sending
            && let Some(field) = self.fields.get_mut(self.focus)
        {
            field.insert_str(text);
        }
    }

    /// Takes a command's result. Returns true once the password is saved.
    pub fn done(&mut self, result: &CommandResult) -> bool {
        match result {
            CommandResult::RenewalPasswordSet => true,
            CommandResult::Failed { .. } if self.sending => {
                self.sending = false;
                for field in &mut self.fields {
                    field.clear();
                }
                self.focus = 0;
                false
            }
            _ => false,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Tab", "common-next-field"),
            ("Enter", "factors-renewal-key-save"),
            ("Ctrl-C", "common-quit"),
        ]
    }

    /// Describes the step for the plain mode: both passwords masked, the
    /// focused one last.
    pub fn plain_view(&self) -> PlainView {
        let mut form = PlainForm::new(tr!("factors-renewal-title"));
        form.line(self.intro());
        form.line(tr!("factors-renewal-advice"));
        let labels = [
            tr!("preferences-new-password"),
            tr!("preferences-new-password-again"),
        ];
        for (index, (label, field)) in labels.iter().zip(&self.fields).enumerate() {
            form.text(label, field, index == self.focus && !self.sending);
        }
        if self.sending {
            form.line(tr!("factors-renewal-saving"));
        }
        form.keys(&self.keys());
        form.finish()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let (explanation, advice) = (self.intro(), tr!("factors-renewal-advice"));
        let width = usize::from(area.width);
        // The title, a blank line, the wrapped sentences and a blank line.
        let text_rows = 3 + wrap_text(&explanation, width).len() + wrap_text(&advice, width).len();
        let intro_rows = u16::try_from(text_rows).unwrap_or(u16::MAX).max(INTRO_ROWS);
        let intro = vec![
            Line::styled(tr!("factors-renewal-title"), theme.title),
            Line::default(),
            Line::from(explanation),
            Line::from(advice),
        ];
        let intro_area = Rect {
            height: intro_rows.min(area.height),
            ..area
        };
        frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), intro_area);

        let labels = [
            tr!("factors-renewal-password"),
            tr!("factors-renewal-password-again"),
        ];
        for (index, (label, field)) in labels.iter().zip(&self.fields).enumerate() {
            let offset = intro_rows + 3 * u16::try_from(index).unwrap_or(0);
            let label_y = area.y.saturating_add(offset);
            if label_y.saturating_add(1) >= area.bottom() || area.width <= 4 {
                break;
            }
            let label_area = Rect {
                y: label_y,
                height: 1,
                ..area
            };
            let label = Line::styled(label.as_str(), theme.key);
            frame.render_widget(Paragraph::new(label), label_area);
            let field_area = Rect {
                x: area.x.saturating_add(2),
                y: label_y + 1,
                width: area.width.saturating_sub(4).min(60),
                height: 1,
            };
            field.render(
                frame,
                field_area,
                theme,
                !self.sending && index == self.focus,
            );
        }
        let status_y = area.y.saturating_add(intro_rows + 6);
        if self.sending && status_y < area.bottom() {
            let status_area = Rect {
                y: status_y,
                height: 1,
                ..area
            };
            frame.render_widget(
                Paragraph::new(Line::styled(tr!("factors-renewal-saving"), theme.muted)),
                status_area,
            );
        }
    }
}
