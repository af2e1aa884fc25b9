//! The display of a session: the theme, the color depth and the plain
//! linear mode, from the user's stored preferences and what the client
//! announced at connection (TERM and the environment variables it sent).

use std::sync::Arc;

use super::color::ColorDepth;
use super::theme::{MONOCHROME, Theme, ThemeSet};
use crate::domain::regional::{Language, Regional};
use crate::service::display::DisplayPreferences;

/// The environment variables a session reads from the client's env
/// requests (OpenSSH `SendEnv` and `SetEnv`); others are ignored.
pub const CLIENT_VARIABLES: [&str; 7] = [
    "PORTICO_MODE",
    "NO_COLOR",
    "COLORTERM",
    "TERM",
    "LANG",
    "LC_MESSAGES",
    "LC_ALL",
];

/// The maximum length kept of a client variable's value, in bytes.
const MAX_VALUE_BYTES: usize = 64;

/// The terminal facts the client announced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTerminal {
    /// The terminal type of the pty request, such as "xterm-256color".
    pub term: String,
    pub portico_mode: Option<String>,
    pub no_color: Option<String>,
    pub colorterm: Option<String>,
    /// The locale variables, by name, such as ("LANG", "fr_FR.UTF-8").
    pub locale: Vec<(String, String)>,
}

impl ClientTerminal {
    /// Records one environment variable from the client. Returns false for
    /// a name the session does not read.
    pub fn set_variable(&mut self, name: &str, value: &str) -> bool {
        let mut value = value.to_string();
        if value.len() > MAX_VALUE_BYTES {
            let mut end = MAX_VALUE_BYTES;
            while !value.is_char_boundary(end) {
                end -= 1;
            }
            value.truncate(end);
        }
        match name {
            "PORTICO_MODE" => self.portico_mode = Some(value),
            "NO_COLOR" => self.no_color = Some(value),
            "COLORTERM" => self.colorterm = Some(value),
            "TERM" => self.term = value,
            "LANG" | "LC_MESSAGES" | "LC_ALL" => {
                self.locale.retain(|(known, _)| known != name);
                self.locale.push((name.to_string(), value));
            }
            _ => return false,
        }
        true
    }

    /// Tells whether the client asks for the plain linear mode: TERM=dumb
    /// or PORTICO_MODE=plain.
    pub fn wants_plain(&self) -> bool {
        self.is_dumb()
            || self
                .portico_mode
                .as_deref()
                .is_some_and(|mode| mode.trim().eq_ignore_ascii_case("plain"))
    }

    /// Tells whether the client announced TERM=dumb: a terminal that gets
    /// neither the alternate screen nor mouse reporting.
    pub fn is_dumb(&self) -> bool {
        self.term.trim().eq_ignore_ascii_case("dumb")
    }

    /// Tells whether the client turned colors off: NO_COLOR set and not
    /// empty, as <https://no-color.org> defines it.
    pub fn wants_no_color(&self) -> bool {
        self.no_color
            .as_deref()
            .is_some_and(|value| !value.is_empty())
    }

    /// Returns the language of the client's locale, read as POSIX does:
    /// LC_ALL, else LC_MESSAGES, else LANG, skipping empty values. `None`
    /// when none names a language Portico speaks.
    pub fn language(&self) -> Option<Language> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| {
                self.locale
                    .iter()
                    .find(|(known, value)| known == name && !value.trim().is_empty())
            })
            .map(|(_, value)| crate::i18n::language_of_locale(value))
            .next()
            .flatten()
    }

    pub fn color_depth(&self) -> ColorDepth {
        ColorDepth::from_colorterm(self.colorterm.as_deref())
    }
}

/// The resolved display of one session.
#[derive(Debug, Clone)]
pub struct SessionDisplay {
    pub themes: Arc<ThemeSet>,
    pub client: ClientTerminal,
    pub preferences: DisplayPreferences,
    /// The time zone and date format times are written in.
    pub regional: Regional,
}

impl Default for SessionDisplay {
    fn default() -> SessionDisplay {
        SessionDisplay {
            themes: Arc::new(ThemeSet::builtin()),
            client: ClientTerminal::default(),
            preferences: DisplayPreferences::default(),
            regional: Regional::default(),
        }
    }
}

impl SessionDisplay {
    /// Returns the theme to draw with: monochrome when the client sent
    /// NO_COLOR, else the chosen theme, else the default one.
    pub fn theme(&self) -> Theme {
        let name = if self.client.wants_no_color() {
            MONOCHROME
        } else {
            self.preferences.theme.as_str()
        };
        let mut theme = self
            .themes
            .get(name)
            .or_else(|| self.themes.get("default"))
            .cloned()
            .unwrap_or_default();
        theme.clock = self.regional;
        theme
    }

    /// Returns the language of the session: the user's choice, else the
    /// client's locale, else English.
    pub fn language(&self) -> Language {
        self.regional
            .language
            .or_else(|| self.client.language())
            .unwrap_or_default()
    }

    /// Tells whether the session draws the plain linear mode: chosen in
    /// Preferences or asked for by the client.
    pub fn plain(&self) -> bool {
        self.preferences.plain || self.client.wants_plain()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_choice_then_locale() {
        let mut display = SessionDisplay::default();
        assert_eq!(display.language(), Language::English);
        display.client.set_variable("LANG", "fr_FR.UTF-8");
        assert_eq!(display.language(), Language::French);
        // LC_ALL wins over LANG, as in POSIX, unless it is empty.
        display.client.set_variable("LC_ALL", "en_US.UTF-8");
        assert_eq!(display.language(), Language::English);
        display.client.set_variable("LC_ALL", "");
        assert_eq!(display.language(), Language::French);
        // A locale Portico does not speak stops the search: C means the
        // default language, not the next variable.
        display.client.set_variable("LC_MESSAGES", "C");
        assert_eq!(display.language(), Language::English);
        display.regional.language = Some(Language::French);
        assert_eq!(display.language(), Language::French);
    }

    #[test]
    fn dumb_terminal_or_mode_asks_plain() {
        let mut client = ClientTerminal::default();
        assert!(!client.wants_plain());
        client.term = "dumb".to_string();
        assert!(client.wants_plain());

        let mut client = ClientTerminal::default();
        assert!(client.set_variable("PORTICO_MODE", "plain"));
        assert!(client.wants_plain());
        client.set_variable("PORTICO_MODE", "fancy");
        assert!(!client.wants_plain());
    }

    #[test]
    fn no_color_gives_monochrome() {
        let mut display = SessionDisplay {
            preferences: DisplayPreferences {
                theme: "high-contrast".to_string(),
                plain: false,
            },
            ..SessionDisplay::default()
        };
        assert_eq!(
            display.theme(),
            Theme::builtin("high-contrast").expect("theme")
        );
        display.client.set_variable("NO_COLOR", "");
        assert_eq!(
            display.theme(),
            Theme::builtin("high-contrast").expect("theme")
        );
        display.client.set_variable("NO_COLOR", "1");
        assert_eq!(display.theme(), Theme::builtin(MONOCHROME).expect("theme"));
    }

    #[test]
    fn unknown_theme_falls_back_to_default() {
        let display = SessionDisplay {
            preferences: DisplayPreferences {
                theme: "removed".to_string(),
                plain: true,
            },
            ..SessionDisplay::default()
        };
        assert_eq!(display.theme(), Theme::builtin("default").expect("theme"));
        assert!(display.plain());
    }

    #[test]
    fn unread_variables_are_ignored() {
        let mut client = ClientTerminal::default();
        assert!(!client.set_variable("EDITOR", "vi"));
        assert!(client.set_variable("COLORTERM", &"x".repeat(1000)));
        assert_eq!(
            client.colorterm.as_deref().map(str::len),
            Some(MAX_VALUE_BYTES)
        );
    }
}
