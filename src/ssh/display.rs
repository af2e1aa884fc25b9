//! A session's screen: the ratatui terminal that draws the app into channel
//! bytes. Its two cell buffers are most of an idle session's memory (about
//! 150 KiB at 80x24), so an idle session releases them and the next frame
//! rebuilds them, clears the client's screen and redraws every cell.
//!
//! A terminal that interprets no escape sequences (TERM=dumb) gets lines
//! instead: each changed view is written as plain text lines, one item per
//! line with the focused item last, so the text stays in the scrollback
//! where a screen reader or a braille display reads it.

use std::io;

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::backend::ChannelBackend;
use crate::tui::App;
use crate::tui::plain;

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
    /// blank line, with the focused line last. Returns nothing when the view
    /// did not change.
    fn draw_lines(&mut self, app: &mut App) -> io::Result<Vec<u8>> {
        let Ok(mut terminal) = Terminal::new(TestBackend::new(self.cols, self.rows));
        let Ok(_) = terminal.draw(|frame| app.render(frame));
        let view = plain::linearize(terminal.backend().buffer());
        let mut lines = view.lines;
        lines.extend(view.focus);
        if self.lines.as_ref() == Some(&lines) {
            return Ok(Vec::new());
        }
        let mut bytes = b"\r\n".to_vec();
        for line in &lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
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
