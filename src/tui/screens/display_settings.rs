//! The display section of Preferences: the theme and the plain linear mode
//! for screen readers. Both are stored per user and take effect when saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Reaction;
use crate::i18n::key_names;
use crate::service::display::DisplayPreferences;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{MARKER, Notice, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent};

/// The display settings view with its unsaved choices.
#[derive(Debug, Default)]
pub struct DisplaySettings {
    open: bool,
    /// The theme names the server offers.
    themes: Vec<String>,
    /// The stored preferences, shown when the view opens.
    saved: DisplayPreferences,
    /// The choices being edited.
    draft: DisplayPreferences,
    /// The focused row: one per theme, then the plain mode row.
    focus: usize,
    sending: bool,
}

impl DisplaySettings {
    /// Sets the themes to offer and the stored preferences.
    pub fn configure(&mut self, themes: Vec<String>, saved: DisplayPreferences) {
        self.themes = themes;
        self.saved = saved;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn open(&mut self) -> Reaction {
        self.open = true;
        self.sending = false;
        self.draft = self.saved.clone();
        self.focus = self
            .themes
            .iter()
            .position(|name| *name == self.draft.theme)
            .unwrap_or(0);
        Reaction::handled()
    }

    fn rows(&self) -> usize {
        self.themes.len() + 1
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.sending {
            return Reaction::handled();
        }
        if is_send(key) || plain_char(key) == Some('s') {
            self.sending = true;
            return Reaction::handled()
                .with_effect(Effect::Run(Command::SaveDisplay(self.draft.clone())))
                .with_notice(Notice::info(tr!("common-saving")));
        }
        let last = self.rows() - 1;
        match (key.code, plain_char(key)) {
            (KeyCode::Esc, _) => self.open = false,
            (KeyCode::Up, _) | (_, Some('k')) => self.focus = self.focus.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => self.focus = (self.focus + 1).min(last),
            (KeyCode::Home, _) | (_, Some('g')) => self.focus = 0,
            (KeyCode::End, _) | (_, Some('G')) => self.focus = last,
            (KeyCode::Enter, _) | (_, Some(' ')) => self.choose(),
            _ => return Reaction::ignored(),
        }
        Reaction::handled()
    }

    /// Chooses the focused theme, or turns the plain mode on or off.
    fn choose(&mut self) {
        match self.themes.get(self.focus) {
            Some(name) => self.draft.theme = name.clone(),
            None => self.draft.plain = !self.draft.plain,
        }
    }

    /// Reacts to the outcome of a save, or returns `None` for other results.
    pub fn done(&mut self, result: &CommandResult) -> Option<Reaction> {
        if !self.sending {
            return None;
        }
        match result {
            CommandResult::DisplaySaved(saved) => {
                self.sending = false;
                self.open = false;
                self.saved = saved.clone();
                Some(Reaction::handled().with_notice(Notice::ok(tr!("preferences-display-saved"))))
            }
            CommandResult::Failed { .. } => {
                self.sending = false;
                Some(Reaction::handled())
            }
            _ => None,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑ ↓ j k", "common-move"),
            ("Home End g G", "preferences-display-key-first-last"),
            ("Enter Space", "preferences-display-key-choose"),
            ("s Ctrl-S", "common-save"),
            ("Esc", "common-cancel"),
        ]
    }

    /// Returns each row's label and state, in order.
    fn row_texts(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = self
            .themes
            .iter()
            .map(|name| {
                let state = if *name == self.draft.theme {
                    tr!("common-chosen")
                } else {
                    String::new()
                };
                (tr!("preferences-display-theme", name = name), state)
            })
            .collect();
        let plain = if self.draft.plain {
            tr!("common-on")
        } else {
            tr!("common-off")
        };
        rows.push((tr!("preferences-display-plain"), plain));
        rows
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(tr!("preferences-display-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [list_area, hint_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);

        let rows = self.row_texts();
        let height = usize::from(list_area.height).max(1);
        let first = self.focus.saturating_sub(height - 1);
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(index, (label, state))| {
                let focused = index == self.focus;
                let marker = if focused { MARKER } else { "  " };
                let style = if focused { theme.selected } else { theme.base };
                let mut spans = vec![Span::styled(format!("{marker}{label}"), style)];
                if !state.is_empty() {
                    spans.push(Span::styled(format!("  ({state})"), theme.key));
                }
                Line::from(spans)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list_area);
        frame.render_widget(
            Line::from(vec![
                Span::styled(key_names("Enter"), theme.key),
                Span::styled(format!(" {}  ", tr!("common-choose")), theme.muted),
                Span::styled("s", theme.key),
                Span::styled(format!(" {}  ", tr!("common-save")), theme.muted),
                Span::styled(key_names("Esc"), theme.key),
                Span::styled(format!(" {}", tr!("common-cancel")), theme.muted),
            ]),
            hint_area,
        );
    }

    pub fn plain_view(&self) -> PlainView {
        let rows = self.row_texts();
        let count = rows.len();
        let mut view = PlainView {
            lines: vec![tr!("preferences-display-title")],
            headings: 1,
            focus: None,
        };
        for (index, (label, state)) in rows.iter().enumerate() {
            let text = PlainView::item(label, state, index, count);
            if index == self.focus {
                view.focus = Some(text);
            } else {
                view.lines.push(text);
            }
        }
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> DisplaySettings {
        let mut settings = DisplaySettings::default();
        settings.configure(
            vec!["default".to_string(), "light".to_string()],
            DisplayPreferences::default(),
        );
        settings.open();
        settings
    }

    #[test]
    fn choices_are_saved_together() {
        let mut settings = settings();
        settings.handle_key(&KeyEvent::new(KeyCode::Down));
        settings.handle_key(&KeyEvent::new(KeyCode::Enter));
        settings.handle_key(&KeyEvent::new(KeyCode::Down));
        settings.handle_key(&KeyEvent::new(KeyCode::Char(' ')));
        let reaction = settings.handle_key(&KeyEvent::new(KeyCode::Char('s')));
        let expected = DisplayPreferences {
            theme: "light".to_string(),
            plain: true,
        };
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::SaveDisplay(expected.clone()))]
        );

        let saved = settings.done(&CommandResult::DisplaySaved(expected));
        assert!(saved.is_some());
        assert!(!settings.is_open());
    }

    #[test]
    fn plain_display_in_french() {
        let settings = settings();
        let view = crate::i18n::sync_scope(crate::i18n::Language::French, || settings.plain_view());
        assert_eq!(view.lines.first().map(String::as_str), Some("Affichage"));
        assert!(
            view.lines.contains(
                &"Mode simplifié pour lecteurs d’écran, désactivé, 3\u{a0}sur\u{a0}3".to_string()
            ),
            "{view:?}"
        );
        assert_eq!(
            view.focus.as_deref(),
            Some("Thème default, choix actuel, 1\u{a0}sur\u{a0}3")
        );
    }

    #[test]
    fn escape_discards_choices() {
        let mut settings = settings();
        settings.handle_key(&KeyEvent::new(KeyCode::End));
        settings.handle_key(&KeyEvent::new(KeyCode::Enter));
        settings.handle_key(&KeyEvent::new(KeyCode::Esc));
        assert!(!settings.is_open());
        settings.open();
        let view = settings.plain_view();
        assert_eq!(
            view.focus.as_deref(),
            Some("Theme default, chosen, 1\u{a0}of\u{a0}3")
        );
        assert!(
            view.lines
                .contains(&"Plain mode for screen readers, off, 3\u{a0}of\u{a0}3".to_string())
        );
    }
}
