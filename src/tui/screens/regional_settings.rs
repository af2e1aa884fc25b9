//! The regional section of Preferences: the time zone times are shown in,
//! the date format and the language. Stored per user; times change as soon
//! as they are saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Reaction;
use crate::domain::regional::{DateFormat, Language, Regional, parse_zone, zones_starting_with};
use crate::domain::text::sanitize_line;
use crate::i18n::key_names;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{MARKER, Notice, is_ctrl, is_send, panel, plain_char, shared_prefix};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent};

/// The longest zone name the field takes, in characters; the longest IANA
/// name has 32.
const MAX_ZONE_CHARS: usize = 40;

/// The language choices in order: the terminal's locale, then each
/// language.
const LANGUAGE_CHOICES: [Option<Language>; 3] =
    [None, Some(Language::English), Some(Language::French)];

/// The regional settings view with its unsaved choices.
#[derive(Debug, Default)]
pub struct RegionalSettings {
    open: bool,
    saved: Regional,
    /// The zone name being typed.
    zone: String,
    date_format: DateFormat,
    language: Option<Language>,
    /// The focused row: the zone field, then each date format, then each
    /// language.
    focus: usize,
    sending: bool,
}

impl RegionalSettings {
    /// Sets the stored choices, shown when the view opens.
    pub fn configure(&mut self, saved: Regional) {
        self.saved = saved;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn open(&mut self) -> Reaction {
        self.open = true;
        self.sending = false;
        self.zone = self.saved.zone.name().to_string();
        self.date_format = self.saved.date_format;
        self.language = self.saved.language;
        self.focus = 0;
        Reaction::handled()
    }

    /// Tells whether the zone field has the keyboard.
    pub fn text_focus(&self) -> bool {
        self.open && self.focus == 0
    }

    fn rows(&self) -> usize {
        1 + DateFormat::ALL.len() + LANGUAGE_CHOICES.len()
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.sending {
            return Reaction::handled();
        }
        if is_send(key) || (!self.text_focus() && plain_char(key) == Some('s')) {
            return self.save();
        }
        let last = self.rows() - 1;
        match key.code {
            KeyCode::Esc => self.open = false,
            KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            KeyCode::Down => self.focus = (self.focus + 1).min(last),
            KeyCode::Tab if self.text_focus() => self.complete(),
            KeyCode::Backspace if self.text_focus() => {
                self.zone.pop();
            }
            // The cursor stays at the end of the zone name, so Ctrl-U, which
            // deletes up to the cursor in every text field, clears it.
            _ if self.text_focus() && is_ctrl(key, 'u') => self.zone.clear(),
            _ if self.text_focus() => match plain_char(key) {
                Some(c) if self.zone.chars().count() < MAX_ZONE_CHARS => self.zone.push(c),
                Some(_) => {}
                None => return Reaction::ignored(),
            },
            KeyCode::Enter => self.choose(),
            _ => match plain_char(key) {
                Some('k') => self.focus = self.focus.saturating_sub(1),
                Some('j') => self.focus = (self.focus + 1).min(last),
                Some(' ') => self.choose(),
                _ => return Reaction::ignored(),
            },
        }
        Reaction::handled()
    }

    /// Inserts pasted text into the zone field.
    pub fn paste(&mut self, text: &str) {
        if self.text_focus() {
            let room = MAX_ZONE_CHARS.saturating_sub(self.zone.chars().count());
            self.zone
                .extend(text.chars().filter(|c| !c.is_control()).take(room));
        }
    }

    /// Completes the typed zone name to the longest prefix its matches
    /// share.
    fn complete(&mut self) {
        let matches = zones_starting_with(&self.zone);
        let Some(common) = shared_prefix(matches.iter().copied()) else {
            return;
        };
        if common.chars().count() >= self.zone.chars().count() {
            self.zone = common;
        }
    }

    fn choose(&mut self) {
        let formats = DateFormat::ALL.len();
        match self.focus {
            0 => {}
            row if row <= formats => self.date_format = DateFormat::ALL[row - 1],
            row => {
                if let Some(language) = LANGUAGE_CHOICES.get(row - 1 - formats) {
                    self.language = *language;
                }
            }
        }
    }

    fn save(&mut self) -> Reaction {
        if let Err(error) = parse_zone(&self.zone) {
            self.focus = 0;
            return Reaction::handled().with_notice(Notice::error(error));
        }
        self.sending = true;
        Reaction::handled()
            .with_effect(Effect::Run(Command::SaveRegional {
                time_zone: self.zone.trim().to_string(),
                date_format: self.date_format,
                language: self.language,
            }))
            .with_notice(Notice::info(tr!("common-saving")))
    }

    /// Reacts to the outcome of a save, or returns `None` for other results.
    pub fn done(&mut self, result: &CommandResult) -> Option<Reaction> {
        if !self.sending {
            return None;
        }
        match result {
            CommandResult::RegionalSaved(saved) => {
                self.sending = false;
                self.open = false;
                self.saved = *saved;
                Some(Reaction::handled().with_notice(Notice::ok(tr!("regional-saved"))))
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
            ("↑ ↓", "common-move"),
            ("regional-key-letters", "regional-key-type-zone"),
            ("Tab", "regional-key-complete-zone"),
            ("Enter Space", "regional-key-choose"),
            ("Ctrl-S, s", "common-save"),
            ("Esc", "common-cancel"),
        ]
    }

    /// Returns each row's label and state, in order.
    fn row_texts(&self) -> Vec<(String, String)> {
        let mut rows = vec![(
            tr!("regional-zone"),
            format!("{}_", sanitize_line(&self.zone)),
        )];
        let chosen = |yes: bool| {
            if yes {
                tr!("common-chosen")
            } else {
                String::new()
            }
        };
        for format in DateFormat::ALL {
            rows.push((
                tr!("regional-date-as", example = format.example()),
                chosen(format == self.date_format),
            ));
        }
        for language in LANGUAGE_CHOICES {
            let label = match language {
                Some(language) => tr!("regional-language", name = language.label()),
                None => tr!("regional-language-terminal"),
            };
            rows.push((label, chosen(language == self.language)));
        }
        rows
    }

    /// Describes the view for the plain mode: the zone field, then each
    /// date format and language with its position; the focused row last.
    pub fn plain_view(&self) -> Option<PlainView> {
        let title = if self.sending {
            tr!("plain-form-saving", title = tr!("regional-title"))
        } else {
            tr!("regional-title")
        };
        let mut form = PlainForm::new(title);
        let rows = self.row_texts();
        let choices = rows.len().saturating_sub(1);
        for (index, (label, state)) in rows.into_iter().enumerate() {
            let focused = index == self.focus && !self.sending;
            if index == 0 {
                form.field(&label, &sanitize_line(&self.zone), focused);
                continue;
            }
            form.item(PlainView::item(&label, &state, index - 1, choices), focused);
        }
        form.keys(&self.keys());
        Some(form.finish())
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(tr!("regional-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [list_area, hint_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let lines: Vec<Line> = self
            .row_texts()
            .into_iter()
            .enumerate()
            .map(|(index, (label, state))| {
                let focused = index == self.focus;
                let marker = if focused { MARKER } else { "  " };
                let style = if focused { theme.selected } else { theme.base };
                let mut spans = vec![Span::styled(format!("{marker}{label}"), style)];
                if index == 0 {
                    spans.push(Span::styled(format!("  {state}"), theme.field));
                } else if !state.is_empty() {
                    spans.push(Span::styled(format!("  ({state})"), theme.key));
                }
                Line::from(spans)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list_area);
        frame.render_widget(
            Line::from(vec![
                Span::styled(key_names("Tab"), theme.key),
                Span::styled(format!(" {}  ", tr!("regional-hint-complete")), theme.muted),
                Span::styled(key_names("Enter"), theme.key),
                Span::styled(format!(" {}  ", tr!("common-choose")), theme.muted),
                Span::styled("Ctrl-S", theme.key),
                Span::styled(format!(" {}  ", tr!("common-save")), theme.muted),
                Span::styled(key_names("Esc"), theme.key),
                Span::styled(format!(" {}", tr!("common-cancel")), theme.muted),
            ]),
            hint_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::regional::{DateFormat, Language, Regional, parse_zone};
    use crate::service::account::Activity;
    use crate::store::history::LoginRecord;
    use crate::tui::screens::fixtures::{
        MARCH_FIRST, app, char_key, check_plain, ctrl, draw, in_french, key, row_with, type_text,
    };
    use crate::tui::{Command, CommandResult, Effect, Event, KeyCode, Loaded};

    #[test]
    fn zone_is_typed_completed_and_saved_with_choices() {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(char_key('z'));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Time zone  UTC_"), "{screen}");
        for _ in 0..3 {
            app.handle(key(KeyCode::Backspace));
        }
        type_text(&mut app, "europe/zu");
        app.handle(key(KeyCode::Tab));
        assert!(draw(&mut app, 80, 24).contains("Europe/Zurich_"));
        // The second date format row, then French.
        app.handle(key(KeyCode::Down));
        app.handle(key(KeyCode::Down));
        app.handle(key(KeyCode::Enter));
        for _ in 0..6 {
            app.handle(key(KeyCode::Down));
        }
        app.handle(char_key(' '));
        let effects = app.handle(ctrl('s'));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::SaveRegional {
                time_zone: "Europe/Zurich".to_string(),
                date_format: DateFormat::Dotted,
                language: Some(Language::French),
            })]
        );

        // Once saved, times elsewhere use the new zone and format.
        let saved = Regional {
            zone: parse_zone("Europe/Zurich").expect("zone"),
            date_format: DateFormat::Dotted,
            language: Some(Language::French),
        };
        app.handle(Event::Done(CommandResult::RegionalSaved(saved)));
        assert!(draw(&mut app, 80, 24).contains("Regional settings saved."));
        app.handle(char_key('6'));
        app.handle(Event::Loaded(Loaded::Activity(Box::new(Activity {
            logins: vec![LoginRecord {
                id: 1,
                handle: "alice".to_string(),
                peer: "203.0.113.9:52100".to_string(),
                method: "publickey".to_string(),
                outcome: "success".to_string(),
                created_at: MARCH_FIRST,
                key_fingerprint: None,
                client_version: None,
            }],
            actions: Vec::new(),
            sessions: Vec::new(),
            current_session: None,
        }))));
        app.handle(key(KeyCode::Right));
        let screen = draw(&mut app, 80, 24);
        let login = row_with(&screen, "203.0.113.9").expect("login row");
        assert!(login.contains("01.03.2026 13:00 CET"), "{login}");
    }

    #[test]
    fn unknown_zone_rejected_before_save() {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(char_key('z'));
        type_text(&mut app, "/Atlantis");
        let effects = app.handle(ctrl('s'));
        assert!(effects.is_empty(), "{effects:?}");
        let screen = draw(&mut app, 100, 24);
        assert!(
            screen.contains("invalid time zone \"UTC/Atlantis\""),
            "{screen}"
        );
    }

    #[test]
    fn plain_zone_field_and_choices() {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(char_key('z'));
        type_text(&mut app, "/Atlantis");
        app.handle(ctrl('s'));
        let lines = check_plain(
            app,
            &[
                "Time zone, date format and language",
                "Date as 2026-03-31, chosen, 1\u{a0}of\u{a0}8",
                "Language of the terminal (LANG), chosen,",
                "Error: invalid time zone",
            ],
            Some("Time zone: UTC/Atlantis"),
        );
        let last = lines.last().map_or("", String::as_str);
        assert!(last.ends_with("UTC/Atlantis"), "{lines:?}");
    }

    #[test]
    fn plain_choice_focused_in_french() {
        let mut app = in_french(app(), true);
        app.handle(char_key('5'));
        app.handle(char_key('z'));
        app.handle(key(KeyCode::Down));
        let screen = draw(&mut app, 300, 40);
        assert!(screen.contains("Fuseau horaire\u{a0}: UTC"), "{screen}");
        assert!(screen.contains("Touches\u{a0}: "), "{screen}");
        let last = screen
            .lines()
            .map(str::trim_end)
            .rfind(|line| !line.is_empty())
            .unwrap_or("");
        assert!(
            last.starts_with("› ") && last.contains(", 1\u{a0}sur\u{a0}"),
            "{screen}"
        );
    }
}
