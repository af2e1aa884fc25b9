//! Accessibility parts of the app: the display settings (theme, color
//! depth, plain mode), the command palette, the plain linear drawing and
//! the optional mouse.

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use terminput::{MouseButton, MouseEventKind, ScrollDirection};

use super::App;
use super::keys::GLOBAL_KEYS;
use crate::domain::text::sanitize_line;
use crate::tui::color::adapt_buffer;
use crate::tui::display::SessionDisplay;
use crate::tui::palette::{self, Palette, PaletteOutcome};
use crate::tui::plain::{self, PlainView, is_decoration};
use crate::tui::screens::ScreenId;
use crate::tui::theme::Theme;
use crate::tui::widgets::{MARKER, NoticeKind, is_ctrl, plain_char};
use crate::tui::{CommandResult, Effect, KeyCode, KeyEvent, KeyModifiers, MouseEvent};

impl App {
    /// Applies the session's display: the theme to draw with, the plain
    /// mode and the choices Preferences offers.
    pub fn set_display(&mut self, display: SessionDisplay) {
        self.theme = display.theme();
        let names = display
            .themes
            .names()
            .into_iter()
            .map(str::to_string)
            .collect();
        self.preferences
            .display
            .configure(names, display.preferences.clone());
        self.preferences.regional.configure(display.regional);
        self.display = display;
        self.redraw = true;
    }

    /// Tells whether the session draws the plain linear mode.
    pub fn is_plain(&self) -> bool {
        self.display.plain()
    }

    /// Applies saved display preferences at once.
    pub(super) fn display_saved(&mut self, result: &CommandResult) {
        if let CommandResult::DisplaySaved(preferences) = result {
            let mut display = self.display.clone();
            display.preferences = preferences.clone();
            self.set_display(display);
        }
        if let CommandResult::RegionalSaved(regional) = result {
            let mut display = self.display.clone();
            display.regional = *regional;
            self.set_display(display);
        }
    }

    /// Tells whether `key` opens the command palette: Ctrl-K or Ctrl-P
    /// anywhere, or `:` while no text field has the keyboard.
    pub(super) fn opens_palette(&self, key: &KeyEvent) -> bool {
        is_ctrl(key, 'p')
            || is_ctrl(key, 'k')
            || (plain_char(key) == Some(':') && !self.active_screen().text_focus())
    }

    pub(super) fn open_palette(&mut self) {
        let screen_keys = self.active_screen().keys();
        let goto: Vec<(String, String)> = ScreenId::ALL
            .iter()
            .map(|id| {
                let name = tr!("app-palette-go-to", screen = id.title());
                (id.number().to_string(), name)
            })
            .collect();
        let mut actions = palette::actions(&screen_keys);
        actions.extend(palette::actions(
            &goto
                .iter()
                .map(|(key, name)| (key.as_str(), name.as_str()))
                .collect::<Vec<_>>(),
        ));
        actions.extend(palette::actions(&GLOBAL_KEYS));
        self.palette = Some(Palette::new(actions));
    }

    pub(super) fn handle_palette_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(palette) = &mut self.palette else {
            return Vec::new();
        };
        match palette.handle_key(key) {
            PaletteOutcome::Stay => Vec::new(),
            PaletteOutcome::Close => {
                self.palette = None;
                Vec::new()
            }
            PaletteOutcome::Run(chosen) => {
                self.palette = None;
                self.handle_key(&chosen)
            }
        }
    }

    /// Handles a click or wheel turn. The wheel moves like ↑ and ↓, also in
    /// the key list; a click
    /// on a list row focuses it, and a click on the focused row opens it
    /// like Enter. Nothing else reacts, so the mouse is never required.
    pub(super) fn handle_mouse(&mut self, mouse: &MouseEvent) -> Vec<Effect> {
        // The wheel scrolls the key list like ↑ and ↓ while it is open.
        if self.help && self.palette.is_none() && self.question.is_none() {
            let code = match mouse.kind {
                MouseEventKind::Scroll(ScrollDirection::Down) => KeyCode::Down,
                MouseEventKind::Scroll(ScrollDirection::Up) => KeyCode::Up,
                _ => return Vec::new(),
            };
            self.help_scroll.handle_key(&KeyEvent::new(code));
            self.redraw = true;
            return Vec::new();
        }
        let busy = self.enrolment.is_some()
            || self.help
            || self.palette.is_some()
            || self.question.is_some()
            || self.active_screen().text_focus();
        if busy {
            return Vec::new();
        }
        match mouse.kind {
            MouseEventKind::Scroll(ScrollDirection::Down) => self.press_keys(KeyCode::Down, 1),
            MouseEventKind::Scroll(ScrollDirection::Up) => self.press_keys(KeyCode::Up, 1),
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(marker) = self.list_marker else {
                    return Vec::new();
                };
                let target = Position::new(mouse.column, mouse.row);
                if !self.list_rows.contains(target) {
                    return Vec::new();
                }
                match target.y.cmp(&marker.y) {
                    std::cmp::Ordering::Equal => self.press_keys(KeyCode::Enter, 1),
                    std::cmp::Ordering::Greater => {
                        self.press_keys(KeyCode::Down, usize::from(target.y - marker.y))
                    }
                    std::cmp::Ordering::Less => {
                        self.press_keys(KeyCode::Up, usize::from(marker.y - target.y))
                    }
                }
            }
            _ => Vec::new(),
        }
    }

    fn press_keys(&mut self, code: KeyCode, times: usize) -> Vec<Effect> {
        self.redraw = true;
        let mut effects = Vec::new();
        for _ in 0..times {
            let reaction = self
                .screen_mut(self.current)
                .handle_key(&KeyEvent::new(code));
            effects.extend(self.apply(reaction, self.current));
        }
        effects
    }

    /// Finds the focused list row in a drawn body and the rows of the same
    /// panel around it, for mouse clicks.
    // NOTE: this reads the drawing, so it assumes one row per list item and
    // the list marker in front of the focused row, as the shared list
    // widget draws them. A list with taller items would get wrong rows.
    pub(super) fn find_list(&mut self, buffer: &Buffer, body: Rect) {
        self.list_marker = None;
        self.list_rows = Rect::default();
        let marker = MARKER.trim_end();
        let found = (body.top()..body.bottom())
            .flat_map(|y| (body.left()..body.right()).map(move |x| Position::new(x, y)))
            .find(|&position| {
                let next = Position::new(position.x + 1, position.y);
                buffer
                    .cell(position)
                    .is_some_and(|cell| cell.symbol() == marker)
                    && buffer.cell(next).is_some_and(|cell| cell.symbol() == " ")
            });
        let Some(found) = found else {
            return;
        };

        let inside = |y: u16| {
            buffer
                .cell(Position::new(found.x, y))
                .is_some_and(|cell| !cell.symbol().chars().any(is_decoration))
        };

        let mut top = found.y;
        while top > body.top() && inside(top - 1) {
            top -= 1;
        }
        let mut bottom = found.y;
        while bottom + 1 < body.bottom() && inside(bottom + 1) {
            bottom += 1;
        }
        self.list_marker = Some(found);
        self.list_rows = Rect::new(body.x, top, body.width, bottom - top + 1);
    }

    /// Rewrites the frame's colors for the client's color depth.
    pub(super) fn adapt_colors(&self, frame: &mut Frame) {
        adapt_buffer(frame.buffer_mut(), self.display.client.color_depth());
    }

    /// Draws the whole window in the plain linear mode.
    pub(super) fn render_plain(&mut self, frame: &mut Frame, area: Rect) {
        let theme = self.theme.clone();
        let (heading, mut view) = self.plain_content(area, &theme);
        let notice = self.notice.as_ref().map(|notice| {
            let text = sanitize_line(&notice.text);
            match notice.kind {
                NoticeKind::Error => tr!("app-error", text = text),
                NoticeKind::Info | NoticeKind::Ok => text,
            }
        });
        // An open yes/no question takes the focus line, so the cursor waits
        // on it. The item focused before stays as an ordinary line.
        if let Some((question, _)) = self.question {
            view.lines.extend(view.focus.take());
            view.focus = Some(question.text());
        }
        let status = match self.question {
            Some(_) => None,
            None => notice,
        };
        let (back, forward) = self.paging_keys();
        self.plain_pager.name_keys(back, forward);
        plain::render(
            frame,
            area,
            &theme,
            &heading,
            &view,
            status.as_deref(),
            &mut self.plain_pager,
        );
    }

    /// Drops the notice in the plain mode, where it is read once: on the
    /// frames after the action that set it, up to the next key other than
    /// a paging key or the next command result. The last line then never
    /// repeats a result that no longer applies, such as "Checking the
    /// code…" once the code is accepted. The normal mode keeps its notice
    /// on the status line until another notice replaces it.
    pub(super) fn drop_plain_notice(&mut self) {
        if self.is_plain() && !self.idle_warned {
            self.notice = None;
        }
    }

    /// Returns the names of the keys that page the plain view back and
    /// forward: `[` and `]`, or Alt-↑ and Alt-↓ while a text field takes
    /// printable keys, so that brackets can be typed.
    fn paging_keys(&self) -> (&'static str, &'static str) {
        if self.typing() {
            ("Alt-↑", "Alt-↓")
        } else {
            ("[", "]")
        }
    }

    /// Tells whether a text field takes printable keys now: the palette's
    /// search, a form's field or the composer, unless a question or the
    /// key list takes the keys first.
    fn typing(&self) -> bool {
        if self.question.is_some() || self.help {
            return false;
        }
        if self.palette.is_some() {
            return true;
        }
        match &self.enrolment {
            Some(enrolment) => enrolment.text_focus(),
            None => self.active_screen().text_focus(),
        }
    }

    /// Handles the plain mode's paging keys before any other use of the
    /// key. Alt-↑ and Alt-↓ page everywhere, `[` and `]` where no text
    /// field takes them. Any other key returns to the focus. Esc does only
    /// that, and the others then act as usual. Returns `None` when the key
    /// goes on to its usual handling.
    pub(super) fn handle_paging_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        if !self.is_plain() {
            return None;
        }
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let bracket = if self.typing() { None } else { plain_char(key) };
        let back = (alt && key.code == KeyCode::Up) || bracket == Some('[');
        let forward = (alt && key.code == KeyCode::Down) || bracket == Some(']');
        if back {
            self.plain_pager.back();
            return Some(Vec::new());
        }
        if forward {
            self.plain_pager.forward();
            return Some(Vec::new());
        }
        if self.plain_pager.follow() && key.code == KeyCode::Esc {
            return Some(Vec::new());
        }
        None
    }

    /// Returns the heading and content of what the window shows now.
    fn plain_content(&mut self, area: Rect, theme: &Theme) -> (String, PlainView) {
        if let Some(enrolment) = &mut self.enrolment {
            let heading = tr!("app-enrolment-title");
            if self.help {
                return (heading, keys_view(&enrolment.keys()));
            }
            return (heading, enrolment.plain_view());
        }

        let current = self.current;
        let heading = match self.active_screen().view_name() {
            Some(view) => tr!(
                "app-plain-heading-view",
                view = view,
                screen = current.title(),
                number = current.number(),
                count = ScreenId::ALL.len()
            ),
            None => tr!(
                "app-plain-heading",
                screen = current.title(),
                number = current.number(),
                count = ScreenId::ALL.len()
            ),
        };
        if let Some(palette) = &self.palette {
            return (heading, palette.plain_view());
        }
        if self.help {
            let mut keys = self.active_screen().keys();
            keys.extend(GLOBAL_KEYS);
            return (heading, keys_view(&keys));
        }
        if let Some(view) = self.active_screen().plain_view(&theme.clock) {
            return (heading, view);
        }
        let screen = self.active_screen_mut();
        let view = read_drawing(area, |frame, body| screen.render(frame, body, theme));
        (heading, view)
    }
}

/// The plain mode's paging keys, as (keys, message id of the action).
const PLAIN_PAGING_KEYS: [(&str, &str); 2] = [
    ("[ ]", "app-key-plain-page"),
    ("Alt-↑ Alt-↓", "app-key-plain-page-typing"),
];

/// Lists keys one per line for the plain mode's key list, followed by the
/// paging keys.
fn keys_view(keys: &[(&str, &str)]) -> PlainView {
    let mut lines = vec![tr!("app-plain-keys")];
    lines.extend(
        crate::i18n::key_list(keys)
            .iter()
            .chain(&crate::i18n::key_list(&PLAIN_PAGING_KEYS))
            .map(|(key, action)| tr!("app-plain-key", key = key, action = action)),
    );
    PlainView {
        lines,
        headings: 1,
        focus: None,
    }
}

/// The width a view is drawn at off screen for the plain mode: wide, so
/// that items stay on one line and wrap only at the window's own width.
const PLAIN_READ_WIDTH: u16 = 300;

/// Draws a view off screen, as wide as [`PLAIN_READ_WIDTH`] and as tall as
/// the window, and reads it in order.
fn read_drawing(area: Rect, draw: impl FnOnce(&mut Frame, Rect)) -> PlainView {
    let width = area.width.max(PLAIN_READ_WIDTH);
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, area.height));
    let mut draw = Some(draw);
    let Ok(_) = terminal.draw(|frame| {
        if let Some(draw) = draw.take() {
            let body = frame.area();
            draw(frame, body);
        }
    });
    plain::linearize(terminal.backend().buffer())
}

#[cfg(test)]
mod notice_tests;
#[cfg(test)]
mod paging_tests;
#[cfg(test)]
mod tests;
