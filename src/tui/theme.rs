//! Named styles loaded from a TOML theme file, such as `themes/default.toml`:
//!
//! ```toml
//! [styles]
//! title = { fg = "cyan", modifiers = ["bold"] }
//! selected = { modifiers = ["reversed"] }
//! ```
//!
//! Colors are ratatui color names ("cyan", "light-blue"), "#rrggbb" or a
//! 0-255 palette index. A style the file leaves out is the terminal's plain
//! style.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::domain::regional::Regional;

/// Every style name a theme may set, in the order the docs list them.
pub const STYLE_NAMES: [&str; 16] = [
    "base",
    "title",
    "tab",
    "tab_active",
    "header",
    "selected",
    "muted",
    "key",
    "ok",
    "warning",
    "error",
    "unread",
    "internal",
    "border",
    "field",
    "prompt",
];

const DEFAULT_TOML: &str = include_str!("../../themes/default.toml");
const MONOCHROME_TOML: &str = include_str!("../../themes/monochrome.toml");
const HIGH_CONTRAST_TOML: &str = include_str!("../../themes/high-contrast.toml");
const LIGHT_TOML: &str = include_str!("../../themes/light.toml");

/// The themes built into the binary, by name, in the order Preferences
/// offers them.
pub const BUILTIN_THEMES: [(&str, &str); 4] = [
    ("default", DEFAULT_TOML),
    ("high-contrast", HIGH_CONTRAST_TOML),
    ("light", LIGHT_TOML),
    ("monochrome", MONOCHROME_TOML),
];

/// The theme a client gets when it sends NO_COLOR.
pub const MONOCHROME: &str = "monochrome";

/// The styles every screen draws with. Screens never name a color directly,
/// so a theme decides all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Theme {
    /// Background and text of the whole window.
    pub base: Style,
    /// Screen and panel titles.
    pub title: Style,
    /// Inactive entries of the tab bar.
    pub tab: Style,
    /// The active entry of the tab bar.
    pub tab_active: Style,
    /// Column headers of tables.
    pub header: Style,
    /// The focused row of a list.
    pub selected: Style,
    /// Secondary text such as dates and hints.
    pub muted: Style,
    /// Key names in hints and the help overlay.
    pub key: Style,
    /// Success messages.
    pub ok: Style,
    /// Next steps, deadlines and confirmation prompts' surroundings.
    pub warning: Style,
    /// Error messages.
    pub error: Style,
    /// Unread messages and new documents.
    pub unread: Style,
    /// The INTERNAL label of internal notes.
    pub internal: Style,
    /// Panel borders.
    pub border: Style,
    /// Text input fields.
    pub field: Style,
    /// Yes/no questions in the status line.
    pub prompt: Style,
    /// How times and dates are written: the user's time zone and date
    /// format, set from their regional preferences, not from theme files.
    pub clock: Regional,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    styles: BTreeMap<Spanned<String>, StyleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<Spanned<toml::Value>>,
    bg: Option<Spanned<toml::Value>>,
    #[serde(default)]
    modifiers: Vec<Spanned<String>>,
}

impl Theme {
    /// Loads `<dir>/<name>.toml`. The error names the file, the line when
    /// known, and the reason, such as an unknown style name or a bad color.
    pub fn load(dir: &Path, name: &str) -> Result<Theme, String> {
        let path = dir.join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read theme {}: {error}", path.display()))?;
        Theme::parse(&text, &path.display().to_string())
    }

    /// Returns the theme built into the binary under `name` ("default" or
    /// "monochrome"), for servers without a themes folder.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN_THEMES.iter().find(|(known, _)| *known == name)?;
        Theme::parse(text, &format!("built-in theme {name}")).ok()
    }

    /// Returns the style named `name`, one of [`STYLE_NAMES`].
    pub fn style(&self, name: &str) -> Option<Style> {
        self.clone().slot(name).map(|style| *style)
    }

    /// Parses theme TOML. `source` names the file in error messages.
    pub fn parse(text: &str, source: &str) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|error| {
            let reason = error.message().trim().to_string();
            match error.span() {
                Some(span) => format!("{source}, line {}: {reason}", line_of(text, span.start)),
                None => format!("{source}: {reason}"),
            }
        })?;

        let mut theme = Theme::default();
        for (name, spec) in &file.styles {
            let at = |offset: usize| format!("{source}, line {}", line_of(text, offset));
            let style = build_style(spec, text, source)?;
            let Some(slot) = theme.slot(name.get_ref()) else {
                return Err(format!(
                    "{}: unknown style name {:?}; known names: {}",
                    at(name.span().start),
                    name.get_ref(),
                    STYLE_NAMES.join(", ")
                ));
            };
            *slot = style;
        }
        Ok(theme)
    }

    fn slot(&mut self, name: &str) -> Option<&mut Style> {
        let slot = match name {
            "base" => &mut self.base,
            "title" => &mut self.title,
            "tab" => &mut self.tab,
            "tab_active" => &mut self.tab_active,
            "header" => &mut self.header,
            "selected" => &mut self.selected,
            "muted" => &mut self.muted,
            "key" => &mut self.key,
            "ok" => &mut self.ok,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "unread" => &mut self.unread,
            "internal" => &mut self.internal,
            "border" => &mut self.border,
            "field" => &mut self.field,
            "prompt" => &mut self.prompt,
            _ => return None,
        };
        Some(slot)
    }
}

/// The themes a server offers, loaded once at start.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSet {
    themes: Vec<(String, Theme)>,
}

impl ThemeSet {
    /// Returns the built-in themes.
    pub fn builtin() -> ThemeSet {
        let themes = BUILTIN_THEMES
            .iter()
            .filter_map(|(name, _)| Some((name.to_string(), Theme::builtin(name)?)))
            .collect();
        ThemeSet { themes }
    }

    /// Loads every `*.toml` file of `dir`, named after the file. A built-in
    /// theme that the folder lacks is added from the binary, and a missing
    /// folder gives the built-in themes. The first file that fails to parse
    /// stops the load with its file, line and reason.
    pub fn load(dir: &Path) -> Result<ThemeSet, String> {
        let mut set = ThemeSet::builtin();
        if !dir.is_dir() {
            return Ok(set);
        }
        let entries = std::fs::read_dir(dir)
            .map_err(|error| format!("cannot read the themes folder {}: {error}", dir.display()))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let path = entry.path();
                let name = path.file_stem()?.to_str()?.to_string();
                (path.extension()? == "toml").then_some(name)
            })
            .collect();
        names.sort();
        for name in names {
            let theme = Theme::load(dir, &name)?;
            match set.themes.iter_mut().find(|(known, _)| *known == name) {
                Some(slot) => slot.1 = theme,
                None => set.themes.push((name, theme)),
            }
        }
        Ok(set)
    }

    /// Returns the theme named `name`, if the set has it.
    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.themes
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, theme)| theme)
    }

    /// Returns the theme names in the order Preferences offers them.
    pub fn names(&self) -> Vec<&str> {
        self.themes.iter().map(|(name, _)| name.as_str()).collect()
    }
}

fn build_style(spec: &StyleSpec, text: &str, source: &str) -> Result<Style, String> {
    let mut style = Style::default();
    if let Some(fg) = &spec.fg {
        style = style.fg(parse_color(fg, text, source)?);
    }
    if let Some(bg) = &spec.bg {
        style = style.bg(parse_color(bg, text, source)?);
    }
    for modifier in &spec.modifiers {
        let Some(parsed) = parse_modifier(modifier.get_ref()) else {
            return Err(format!(
                "{source}, line {}: unknown modifier {:?}; use bold, dim, italic, underline, reverse, crossed_out, slow_blink, rapid_blink or hidden",
                line_of(text, modifier.span().start),
                modifier.get_ref()
            ));
        };
        style = style.add_modifier(parsed);
    }
    Ok(style)
}

fn parse_color(value: &Spanned<toml::Value>, text: &str, source: &str) -> Result<Color, String> {
    let parsed = match value.get_ref() {
        toml::Value::String(name) => name.parse::<Color>().ok(),
        toml::Value::Integer(index) => u8::try_from(*index).ok().map(Color::Indexed),
        _ => None,
    };
    parsed.ok_or_else(|| {
        format!(
            "{source}, line {}: bad color {}; use a color name such as \"cyan\", \"#rrggbb\" or an index from 0 to 255",
            line_of(text, value.span().start),
            value.get_ref()
        )
    })
}

fn parse_modifier(name: &str) -> Option<Modifier> {
    let modifier = match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reverse" | "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        "rapid_blink" => Modifier::RAPID_BLINK,
        "hidden" => Modifier::HIDDEN,
        _ => return None,
    };
    Some(modifier)
}

/// Returns the 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |head| head.iter().filter(|&&b| b == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_parse() {
        let default = Theme::builtin("default").expect("default theme");
        assert!(default.title.add_modifier.contains(Modifier::BOLD));
        assert!(Theme::builtin("monochrome").is_some());
        assert!(Theme::builtin("nonexistent").is_none());
    }

    #[test]
    fn monochrome_theme_has_no_colors() {
        let theme = Theme::parse(MONOCHROME_TOML, "monochrome").expect("parses");
        let mut copy = theme.clone();
        for name in STYLE_NAMES {
            let style = *copy.slot(name).expect("known name");
            assert_eq!(style.fg, None, "{name} sets a foreground color");
            assert_eq!(style.bg, None, "{name} sets a background color");
        }
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn colors_accept_names_hex_and_indices() {
        let text =
            "[styles]\ntitle = { fg = \"light-blue\", bg = \"#102030\" }\nmuted = { fg = 244 }\n";
        let theme = Theme::parse(text, "test.toml").expect("parses");
        assert_eq!(theme.title.fg, Some(Color::LightBlue));
        assert_eq!(theme.title.bg, Some(Color::Rgb(0x10, 0x20, 0x30)));
        assert_eq!(theme.muted.fg, Some(Color::Indexed(244)));
    }

    #[test]
    fn unknown_style_name_is_rejected_with_line() {
        let text = "[styles]\ntitle = { fg = \"cyan\" }\ntitel = { fg = \"red\" }\n";
        let error = Theme::parse(text, "mine.toml").expect_err("rejected");
        assert!(error.contains("mine.toml, line 3"), "{error}");
        assert!(error.contains("unknown style name \"titel\""), "{error}");
    }

    #[test]
    fn bad_color_is_rejected_with_line() {
        let text = "[styles]\n\nerror = { fg = \"reddish\" }\n";
        let error = Theme::parse(text, "mine.toml").expect_err("rejected");
        assert!(error.contains("line 3"), "{error}");
        assert!(error.contains("bad color"), "{error}");
    }

    #[test]
    fn unknown_key_is_rejected() {
        let text = "[styles]\ntitle = { foreground = \"cyan\" }\n";
        let error = Theme::parse(text, "mine.toml").expect_err("rejected");
        assert!(error.contains("mine.toml, line 2"), "{error}");
        assert!(error.contains("foreground"), "{error}");
    }

    #[test]
    fn theme_set_loads_folder_and_builtins() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("ocean.toml"),
            "[styles]\ntitle = { fg = \"blue\" }\n",
        )
        .expect("write theme");
        let set = ThemeSet::load(dir.path()).expect("loads");
        assert_eq!(
            set.names(),
            vec!["default", "high-contrast", "light", "monochrome", "ocean"]
        );
        assert_eq!(
            set.get("ocean").map(|theme| theme.title.fg),
            Some(Some(Color::Blue))
        );

        let missing = ThemeSet::load(&dir.path().join("absent")).expect("built-in themes");
        assert_eq!(missing, ThemeSet::builtin());
    }

    #[test]
    fn theme_set_rejects_broken_file() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("light.toml"),
            "[styles]\ntitle = { fg = \"cyan\" }\nshiny = {}\n",
        )
        .expect("write theme");
        let error = ThemeSet::load(dir.path()).expect_err("rejected");
        assert!(error.contains("light.toml, line 3"), "{error}");
        assert!(error.contains("unknown style name \"shiny\""), "{error}");
    }

    #[test]
    fn repository_themes_match_builtins() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        let set = ThemeSet::load(&dir).expect("shipped themes parse");
        assert_eq!(set, ThemeSet::builtin());
    }

    #[test]
    fn load_names_missing_file() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let error = Theme::load(dir.path(), "absent").expect_err("missing file");
        assert!(error.contains("absent.toml"), "{error}");

        std::fs::write(
            dir.path().join("plain.toml"),
            "[styles]\nkey = { modifiers = [\"bold\"] }\n",
        )
        .expect("write theme");
        let theme = Theme::load(dir.path(), "plain").expect("loads");
        assert!(theme.key.add_modifier.contains(Modifier::BOLD));
    }
}
