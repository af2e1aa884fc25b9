//! A session's screen: the ratatui terminal that draws the app into channel
//! bytes. Its two cell buffers are most of an idle session's memory (about
//! 150 KiB at 80x24), so an idle session releases them and the next frame
//! rebuilds them, clears the client's screen and redraws every cell.
//!
//! A terminal that interprets no escape sequences (TERM=dumb) gets lines
//! instead: each changed view is written as plain text lines, one item per
//! line with the focused item last and the cursor at its end, so the text
//! stays in the scrollback where a screen reader or a braille display reads
//! it.

use std::io;

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::backend::ChannelBackend;
use crate::tui::App;
use crate::tui::plain;
use crate::tui::widgets::MARKER;

/// The rows a line-mode view is drawn in: a dumb terminal has no window
/// height, so the view gets room for all its lines.
pub const LINE_MODE_ROWS: u16 = 200;

/// The terminal of one session, present while the session draws.
pub struct Display {
    cols: u16,
    rows: u16,
    terminal: Option<Terminal<ChannelBackend>>,
    /// Bytes to send before the next frame, such as the mode changes that
    /// enter the alternate screen.
    prefix: Vec<u8>,
    /// The lines last written in line mode; `None` for a screen terminal.
    lines: Option<Vec<String>>,
}

impl Display {
    /// Returns a display of `cols` by `rows` that builds its terminal at
    /// the first frame and sends `prefix` before it.
    pub fn new(cols: u16, rows: u16, prefix: &[u8]) -> Display {
        Display {
            cols,
            rows,
            terminal: None,
            prefix: prefix.to_vec(),
            lines: None,
        }
    }

    /// Returns a display that writes each changed view as text lines, for
    /// a terminal without escape sequences.
    pub fn lines(cols: u16) -> Display {
        Display {
            cols,
            rows: LINE_MODE_ROWS,
            terminal: None,
            prefix: Vec::new(),
            lines: Some(Vec::new()),
        }
    }

    /// Records the client's new window size; the next frame uses it.
    pub fn resize(&mut self, cols: u16, rows: u16) -> io::Result<()> {
        self.cols = cols;
        if self.lines.is_some() {
            return Ok(());
        }
        self.rows = rows;
        if let Some(terminal) = &mut self.terminal {
            terminal.backend_mut().set_size(cols, rows);
            terminal.resize(Rect::new(0, 0, cols, rows))?;
        }
        Ok(())
    }

    /// Draws `app` and returns the bytes that bring the client's screen up
    /// to date, empty when nothing changed. After a release, the bytes
    /// clear the screen and redraw every cell.
    pub fn draw(&mut self, app: &mut App) -> io::Result<Vec<u8>> {
        if self.lines.is_some() {
            return self.draw_lines(app);
        }
        if self.terminal.is_none() {
            self.terminal = Some(self.build()?);
        }
        let Some(terminal) = self.terminal.as_mut() else {
            return Ok(Vec::new());
        };
        terminal.draw(|frame| app.render(frame))?;
        Ok(terminal.backend_mut().take_output())
    }

    /// Draws `app` off screen and returns its view as text lines after a
    /// blank line, with the focused item last and the cursor left at its
    /// end. Returns nothing when the view did not change.
    fn draw_lines(&mut self, app: &mut App) -> io::Result<Vec<u8>> {
        let Ok(mut terminal) = Terminal::new(TestBackend::new(self.cols, self.rows));
        let Ok(_) = terminal.draw(|frame| app.render(frame));
        let buffer = terminal.backend().buffer();
        let lines = if app.is_plain() {
            // The plain drawing is already in reading order, with a wrapped
            // focused item on its last rows.
            plain::read_rows(buffer)
        } else {
            let view = plain::linearize(buffer);
            let mut lines = view.lines;
            lines.extend(view.focus.map(|focus| format!("{MARKER}{focus}")));
            lines
        };
        let Some(previous) = &self.lines else {
            return Ok(Vec::new());
        };
        if previous == &lines {
            return Ok(Vec::new());
        }
        // The last frame left the cursor at the end of its last line, so
        // that line is ended before the blank line.
        let mut bytes = if previous.is_empty() {
            b"\r\n".to_vec()
        } else {
            b"\r\n\r\n".to_vec()
        };
        bytes.extend_from_slice(lines.join("\r\n").as_bytes());
        self.lines = Some(lines);
        Ok(bytes)
    }

    /// Frees the terminal and its cell buffers.
    pub fn release(&mut self) {
        self.terminal = None;
    }

    /// Tells whether the terminal is built, that is not released.
    pub fn is_held(&self) -> bool {
        self.terminal.is_some()
    }

    /// Builds a terminal whose first frame draws every cell: its previous
    /// buffer is blank, and the clear after the prefix makes the client's
    /// screen blank too.
    fn build(&mut self) -> io::Result<Terminal<ChannelBackend>> {
        let backend = ChannelBackend::new(self.cols, self.rows);
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, self.cols, self.rows)),
        };
        let mut terminal = Terminal::with_options(backend, options)?;
        terminal
            .backend_mut()
            .write_raw(&std::mem::take(&mut self.prefix));
        terminal.clear()?;
        Ok(terminal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixtures::{key, plain, requests_app};
    use crate::tui::{Event, KeyCode};

    /// Draws `app` in line mode and returns the text written, split into
    /// lines at CR LF.
    fn written_lines(display: &mut Display, app: &mut App) -> (String, Vec<String>) {
        let bytes = display.draw(app).expect("draw lines");
        let text = String::from_utf8(bytes).expect("UTF-8 lines");
        let lines = text.split("\r\n").map(str::to_string).collect();
        (text, lines)
    }

    #[test]
    fn wrapped_focus_comes_last_with_mark() {
        let mut app = plain(requests_app());
        app.handle(Event::Resize {
            cols: 60,
            rows: LINE_MODE_ROWS,
        });
        let mut display = Display::lines(60);
        let (text, lines) = written_lines(&mut display, &mut app);

        assert!(!text.ends_with("\r\n"), "cursor not on the focus: {text:?}");
        let mark = lines
            .iter()
            .position(|line| line.starts_with(MARKER))
            .unwrap_or_else(|| panic!("no focus mark: {lines:?}"));
        let focus = lines.get(mark..).unwrap_or_default().join(" ");
        assert!(
            focus.starts_with(&format!(
                "{MARKER}R-2026-000123 Invoice 2026-02 is too high"
            )),
            "{lines:?}"
        );
        assert!(focus.ends_with("1\u{a0}of\u{a0}2"), "{lines:?}");
        assert!(lines.len() - mark > 1, "focus did not wrap: {lines:?}");
        assert!(
            lines.iter().all(|line| line.chars().count() <= 60),
            "{lines:?}"
        );

        app.handle(key(KeyCode::Down));
        let (text, lines) = written_lines(&mut display, &mut app);
        assert!(text.starts_with("\r\n\r\n"), "{text:?}");
        let last = lines.last().map(String::as_str).unwrap_or_default();
        assert!(last.ends_with("2\u{a0}of\u{a0}2"), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|line| line.starts_with(&format!("{MARKER}R-2026-000124 Move the fibre line"))),
            "{lines:?}"
        );
    }

    #[test]
    fn unchanged_view_writes_nothing() {
        let mut app = plain(requests_app());
        let mut display = Display::lines(80);
        let (first, _) = written_lines(&mut display, &mut app);
        assert!(!first.is_empty());
        let (second, _) = written_lines(&mut display, &mut app);
        assert!(second.is_empty(), "{second:?}");
    }
}
