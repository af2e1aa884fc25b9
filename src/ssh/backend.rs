//! A ratatui backend that renders into a byte buffer for an SSH channel.
//!
//! It wraps crossterm's backend, which writes the escape sequences, but
//! answers size and cursor questions from the session's own state: the
//! crossterm backend would otherwise ask the server's terminal.

use std::io;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Renders into a buffer that the session takes after each frame.
pub struct ChannelBackend {
    inner: CrosstermBackend<Vec<u8>>,
    size: Size,
    cursor: Position,
}

impl ChannelBackend {
    pub fn new(cols: u16, rows: u16) -> ChannelBackend {
        ChannelBackend {
            inner: CrosstermBackend::new(Vec::with_capacity(16 * 1024)),
            size: Size {
                width: cols,
                height: rows,
            },
            cursor: Position::ORIGIN,
        }
    }

    pub fn set_size(&mut self, cols: u16, rows: u16) {
        self.size = Size {
            width: cols,
            height: rows,
        };
    }

    /// Returns the bytes written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(self.inner.writer_mut())
    }

    /// Appends raw bytes, for mode changes around the application.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.inner.writer_mut().extend_from_slice(bytes);
    }
}

impl Backend for ChannelBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size {
                width: 0,
                height: 0,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
