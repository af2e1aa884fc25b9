//! The command palette: finds an action of the current view by name and
//! runs it. The actions are the entries of the view's key list (the same
//! list `?` shows) plus the global ones, so the palette never offers
//! something the keys cannot do. Running an action presses its key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::plain::PlainView;
use super::theme::Theme;
use super::widgets::{MARKER, TextField, centered, panel, truncate_to_width};
use super::{KeyCode, KeyEvent, KeyModifiers};

/// The maximum length of the search text, in characters.
const MAX_QUERY_CHARS: usize = 80;

/// One action the palette offers: the key that runs it, its description
/// and the key press sent when it is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub keys: String,
    pub name: String,
    pub key: KeyEvent,
}

/// Builds the actions of a key list, skipping entries whose keys name no
/// single key press (such as "1-6").
pub fn actions(keys: &[(&str, &str)]) -> Vec<Action> {
    keys.iter()
        .filter_map(|(keys, name)| {
            let key = keys.split_whitespace().find_map(parse_key)?;
            Some(Action {
                keys: crate::i18n::key_names(&crate::i18n::text(keys)),
                name: crate::i18n::text(name),
                key,
            })
        })
        .collect()
}

/// Parses one key name of a key list, such as "Enter", "Ctrl-S", "↑" or
/// "x".
pub fn parse_key(name: &str) -> Option<KeyEvent> {
    if let Some(letter) = name.strip_prefix("Ctrl-") {
        let mut chars = letter.chars();
        let c = chars.next()?;
        return chars.next().is_none().then(|| {
            KeyEvent::new(KeyCode::Char(c.to_ascii_lowercase())).modifiers(KeyModifiers::CTRL)
        });
    }
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Shift-Tab" => return Some(KeyEvent::new(KeyCode::Tab).modifiers(KeyModifiers::SHIFT)),
        "Space" => KeyCode::Char(' '),
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "↑" => KeyCode::Up,
        "↓" => KeyCode::Down,
        "←" => KeyCode::Left,
        "→" => KeyCode::Right,
        _ => {
            let mut chars = name.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    Some(KeyEvent::new(code))
}

/// Scores how well `query` matches `text`, ignoring case: a substring
/// scores higher than letters found in order, and `None` means no match.
pub fn match_score(query: &str, text: &str) -> Option<u32> {
    let query = query.trim().to_lowercase();
    let text = text.to_lowercase();
    if query.is_empty() {
        return Some(0);
    }
    if let Some(position) = text.find(&query) {
        let early = u32::try_from(position).unwrap_or(u32::MAX).min(999);
        return Some(2000 - early);
    }
    let mut rest = text.chars();
    for wanted in query.chars().filter(|c| !c.is_whitespace()) {
        rest.find(|&c| c == wanted)?;
    }
    Some(1000)
}

/// The app's next step after a key in the palette.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteOutcome {
    Stay,
    Close,
    /// Close the palette and press this key in the view.
    Run(KeyEvent),
}

/// The open palette: the search text and the focused match.
#[derive(Debug, Clone)]
pub struct Palette {
    query: TextField,
    focus: usize,
    actions: Vec<Action>,
}

impl Palette {
    pub fn new(actions: Vec<Action>) -> Palette {
        Palette {
            query: TextField::new(MAX_QUERY_CHARS),
            focus: 0,
            actions,
        }
    }

    /// Returns the actions matching the search text, best first.
    pub fn matches(&self) -> Vec<&Action> {
        let query = self.query.value();
        let mut scored: Vec<(u32, usize, &Action)> = self
            .actions
            .iter()
            .enumerate()
            .filter_map(|(index, action)| {
                let text = format!("{} {}", action.name, action.keys);
                Some((match_score(&query, &text)?, index, action))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, action)| action).collect()
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> PaletteOutcome {
        let count = self.matches().len();
        match key.code {
            KeyCode::Esc => return PaletteOutcome::Close,
            KeyCode::Enter => {
                return self
                    .matches()
                    .get(self.focus)
                    .map_or(PaletteOutcome::Stay, |action| {
                        PaletteOutcome::Run(action.key)
                    });
            }
            KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            KeyCode::Down => self.focus = (self.focus + 1).min(count.saturating_sub(1)),
            _ => {
                if self.query.handle_key(key) {
                    self.focus = 0;
                }
            }
        }
        PaletteOutcome::Stay
    }

    pub fn paste(&mut self, text: &str) {
        self.query.insert_str(text);
        self.focus = 0;
    }

    pub fn keys() -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑ ↓", "app-palette-key-move"),
            ("Enter", "app-palette-key-run"),
            ("Esc", "common-close"),
        ]
    }

    /// Draws the palette over the middle of `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).min(72);
        let height = area.height.saturating_sub(2).min(16);
        let target = centered(area, width, height);
        frame.render_widget(Clear, target);
        let block = panel(tr!("app-palette-title"), theme).style(theme.base);
        let inner = block.inner(target);
        frame.render_widget(block, target);
        let [query_row, list_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        let find = format!("{} ", tr!("app-palette-find"));
        let find_width = u16::try_from(find.width()).unwrap_or(u16::MAX);
        let [label, field] =
            Layout::horizontal([Constraint::Length(find_width), Constraint::Fill(1)])
                .areas(query_row);
        frame.render_widget(Span::styled(find, theme.key), label);
        self.query.render(frame, field, theme, true);

        let matches = self.matches();
        let rows = usize::from(list_area.height).max(1);
        let first = self.focus.saturating_sub(rows - 1);
        let width = usize::from(list_area.width);
        let lines: Vec<Line> = matches
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(index, action)| {
                let focused = index == self.focus;
                let marker = if focused { MARKER } else { "  " };
                let text = truncate_to_width(
                    &format!("{marker}{}  ({})", action.name, action.keys),
                    width,
                );
                let style = if focused { theme.selected } else { theme.base };
                Line::from(Span::styled(text, style))
            })
            .collect();
        if lines.is_empty() {
            frame.render_widget(
                Span::styled(tr!("app-palette-no-match"), theme.muted),
                list_area,
            );
        } else {
            frame.render_widget(Paragraph::new(lines), list_area);
        }
    }

    /// Describes the palette for the plain linear mode.
    pub fn plain_view(&self) -> PlainView {
        let matches = self.matches();
        let count = matches.len();
        let mut view = PlainView {
            lines: vec![tr!("app-palette-plain", query = self.query.value())],
            headings: 1,
            focus: None,
        };
        for (index, action) in matches.iter().enumerate() {
            let text = PlainView::item(&action.name, &action.keys, index, count);
            if index == self.focus {
                view.focus = Some(text);
            } else {
                view.lines.push(text);
            }
        }
        if count == 0 {
            // With nothing to choose, the search field is the focus line.
            view.lines.push(tr!("app-palette-no-match"));
            view.focus = Some(view.lines.remove(0));
            view.headings = 0;
        }
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_query(palette: &mut Palette, text: &str) {
        for c in text.chars() {
            palette.handle_key(&KeyEvent::new(KeyCode::Char(c)));
        }
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(parse_key("Enter"), Some(KeyEvent::new(KeyCode::Enter)));
        assert_eq!(
            parse_key("Ctrl-S"),
            Some(KeyEvent::new(KeyCode::Char('s')).modifiers(KeyModifiers::CTRL))
        );
        assert_eq!(parse_key("↓"), Some(KeyEvent::new(KeyCode::Down)));
        assert_eq!(parse_key("x"), Some(KeyEvent::new(KeyCode::Char('x'))));
        assert_eq!(parse_key("1-6"), None);
    }

    #[test]
    fn actions_take_first_parsable_key() {
        let actions = actions(&[("1-6", "go to a screen"), ("q Ctrl-C", "quit")]);
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].key, KeyEvent::new(KeyCode::Char('q')));
    }

    #[test]
    fn substring_beats_scattered_letters() {
        assert!(match_score("sort", "sort by date") > match_score("sbd", "sort by date"));
        assert_eq!(match_score("zzz", "sort by date"), None);
        assert!(match_score("arch", "show the archive").is_some());
        assert!(match_score("ARCH", "show the archive").is_some());
    }

    #[test]
    fn enter_runs_best_match() {
        let mut palette = Palette::new(actions(&[
            ("s", "sort by date, kind, title or size"),
            ("a", "show the archive"),
        ]));
        type_query(&mut palette, "archive");
        assert_eq!(palette.matches().len(), 1);
        assert_eq!(
            palette.handle_key(&KeyEvent::new(KeyCode::Enter)),
            PaletteOutcome::Run(KeyEvent::new(KeyCode::Char('a')))
        );
        assert_eq!(
            palette.handle_key(&KeyEvent::new(KeyCode::Esc)),
            PaletteOutcome::Close
        );
    }
}
