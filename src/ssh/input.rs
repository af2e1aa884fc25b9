//! Turns the bytes a terminal sends into key and paste events.
//!
//! Parsing of each sequence is terminput's (a port of crossterm's parser).
//! This decoder adds what a network stream needs: sequences split across
//! packets, a lone Esc distinguished from the start of a sequence by a short
//! wait, and removal of reports that terminals send on their own (OSC color
//! reports, DCS, APC and PM strings, cursor position and device reports),
//! so they never land in a text field.

use std::time::Duration;

use terminput::{Event, KeyCode};

/// How long a lone ESC waits for the rest of a sequence. Sequences from one
/// key press arrive in one packet on any sane link; this covers a split.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(40);

/// The maximum bytes kept while waiting for a sequence to end; past this the
/// bytes are dropped. Bracketed paste has its own, larger limit.
const MAX_SEQUENCE_BYTES: usize = 256;
/// The largest paste accepted, in bytes.
pub const MAX_PASTE_BYTES: usize = 64 * 1024;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// A stateful decoder; one per session.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// Inside an OSC, DCS, APC or PM string, which ends with BEL or ESC \.
    in_string: bool,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Feeds bytes and returns the complete events. Bytes of an unfinished
    /// sequence stay buffered for the next call or for [`Decoder::flush`].
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for &byte in bytes {
            self.push(byte, &mut events);
        }
        events
    }

    /// Tells whether an unfinished sequence waits; the caller then calls
    /// [`Decoder::flush`] after [`ESC_TIMEOUT`] without new bytes.
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty() && !self.in_string
    }

    /// Frees the spare capacity of the buffer, which a paste may have
    /// grown to [`MAX_PASTE_BYTES`]; buffered bytes stay.
    pub fn shrink(&mut self) {
        self.pending.shrink_to_fit();
    }

    /// Ends a wait: a buffered lone ESC becomes the Esc key, and an
    /// unfinished sequence other than a paste is dropped.
    pub fn flush(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        if self.pending == [ESC] {
            events.push(Event::Key(KeyCode::Esc.into()));
            self.pending.clear();
        } else if self.pending.first() == Some(&ESC) && self.pending.get(1) != Some(&b'[') {
            // ESC followed by one key that did not parse: treat as Alt+key
            // only if the parser accepts it, else drop.
            let rest = self.pending.split_off(1);
            self.pending.clear();
            if let Ok(Some(event)) = Event::parse_from(&rest) {
                events.push(event);
            }
        } else if !self.pending.starts_with(b"\x1b[200~") {
            self.pending.clear();
        }
        events
    }

    fn push(&mut self, byte: u8, events: &mut Vec<Event>) {
        if self.in_string {
            self.skip_string_byte(byte);
            return;
        }
        self.pending.push(byte);

        if self.pending.len() == 2
            && self.pending[0] == ESC
            && matches!(byte, b']' | b'P' | b'_' | b'^')
        {
            self.in_string = true;
            self.pending.clear();
            return;
        }
        if self.pending == [ESC] {
            // The next byte, in this packet or a later one, decides whether
            // this is a lone Esc or the start of a sequence.
            return;
        }

        let limit = if self.pending.starts_with(b"\x1b[200~") {
            MAX_PASTE_BYTES + 12
        } else {
            MAX_SEQUENCE_BYTES
        };
        if self.pending.len() > limit {
            self.pending.clear();
            return;
        }

        match Event::parse_from(&self.pending) {
            Ok(Some(event)) => {
                if !is_terminal_report(&self.pending) {
                    events.push(event);
                }
                self.pending.clear();
            }
            Ok(None) => {}
            // Reports the parser rejects, unknown sequences and bytes that
            // start nothing valid (a stray UTF-8 continuation byte) are dropped.
            Err(_) => self.pending.clear(),
        }
    }

    fn skip_string_byte(&mut self, byte: u8) {
        let terminated = byte == BEL || (self.pending.last() == Some(&ESC) && byte == b'\\');
        if terminated {
            self.in_string = false;
            self.pending.clear();
        } else if byte == ESC {
            self.pending.clear();
            self.pending.push(ESC);
        } else {
            self.pending.clear();
        }
    }
}

/// Recognizes reports a terminal sends unprompted or in reply to a query:
/// cursor position (`CSI row ; col R`, where a real Shift+F3 is `CSI 1 ; 2 R`),
/// device attributes (`CSI ? … c`), and keyboard protocol flags
/// (`CSI ? … u`).
fn is_terminal_report(sequence: &[u8]) -> bool {
    let Some(body) = sequence.strip_prefix(b"\x1b[") else {
        return false;
    };
    let Some((&last, params)) = body.split_last() else {
        return false;
    };
    match last {
        b'R' => {
            let text = String::from_utf8_lossy(params);
            let mut parts = text.split(';');
            let first = parts.next().unwrap_or_default();
            parts.next().is_some() && first != "1"
        }
        b'c' | b'u' => params.first() == Some(&b'?'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use terminput::{KeyEvent, KeyModifiers};

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code))
    }

    #[test]
    fn arrows_and_navigation_keys() {
        let mut decoder = Decoder::new();
        let events = decoder.feed(b"\x1b[A\x1b[B\x1b[H\x1b[F\x1b[5~\x1b[6~\x1bOC");
        assert_eq!(
            events,
            vec![
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::Home),
                key(KeyCode::End),
                key(KeyCode::PageUp),
                key(KeyCode::PageDown),
                key(KeyCode::Right),
            ]
        );
    }

    #[test]
    fn sequence_split_across_packets() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b").is_empty());
        assert!(decoder.is_waiting());
        assert!(decoder.feed(b"[").is_empty());
        assert_eq!(decoder.feed(b"A"), vec![key(KeyCode::Up)]);
        assert!(!decoder.is_waiting());
    }

    #[test]
    fn lone_esc_after_flush() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b").is_empty());
        assert_eq!(decoder.flush(), vec![key(KeyCode::Esc)]);
    }

    #[test]
    fn alt_key_in_one_packet() {
        let mut decoder = Decoder::new();
        let events = decoder.feed(b"\x1bx");
        assert_eq!(
            events,
            vec![Event::Key(
                KeyEvent::new(KeyCode::Char('x')).modifiers(KeyModifiers::ALT)
            )]
        );
    }

    #[test]
    fn bracketed_paste_is_one_event() {
        let mut decoder = Decoder::new();
        let mut events = decoder.feed(b"\x1b[200~hello ");
        events.extend(decoder.feed(b"world\x1b[201~"));
        assert_eq!(events, vec![Event::Paste("hello world".to_string())]);
    }

    #[test]
    fn terminal_reports_are_dropped() {
        let mut decoder = Decoder::new();
        let events = decoder
            .feed(b"a\x1b]11;rgb:0000/0000/0000\x07b\x1b[12;40Rc\x1b[?62;22cd\x1bP1$r0m\x1b\\e");
        let chars: Vec<Event> = "abcde".chars().map(|c| key(KeyCode::Char(c))).collect();
        assert_eq!(events, chars);
    }

    #[test]
    fn utf8_characters() {
        let mut decoder = Decoder::new();
        let mut events = decoder.feed("é".as_bytes().get(..1).unwrap());
        events.extend(decoder.feed("é".as_bytes().get(1..).unwrap()));
        assert_eq!(events, vec![key(KeyCode::Char('é'))]);
    }

    #[test]
    fn enter_tab_backspace_ctrl() {
        let mut decoder = Decoder::new();
        let events = decoder.feed(b"\r\t\x7f\x03");
        assert_eq!(
            events,
            vec![
                key(KeyCode::Enter),
                key(KeyCode::Tab),
                key(KeyCode::Backspace),
                Event::Key(KeyEvent::new(KeyCode::Char('c')).modifiers(KeyModifiers::CTRL)),
            ]
        );
    }
}

#[cfg(test)]
mod mouse_tests {
    use terminput::{MouseButton, MouseEventKind, ScrollDirection};

    use super::*;

    #[test]
    fn sgr_mouse_reports_become_events() {
        let mut decoder = Decoder::new();
        let events = decoder.feed(b"\x1b[<0;11;6M\x1b[<0;11;6m\x1b[<65;3;4M");
        let kinds: Vec<(MouseEventKind, u16, u16)> = events
            .iter()
            .filter_map(Event::as_mouse)
            .map(|mouse| (mouse.kind, mouse.column, mouse.row))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (MouseEventKind::Down(MouseButton::Left), 10, 5),
                (MouseEventKind::Up(MouseButton::Left), 10, 5),
                (MouseEventKind::Scroll(ScrollDirection::Down), 2, 3),
            ]
        );
    }

    #[test]
    fn mouse_report_split_across_packets() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b[<0;1").is_empty());
        let events = decoder.feed(b"2;7M");
        assert_eq!(events.len(), 1);
        assert!(events.first().and_then(Event::as_mouse).is_some());
    }
}
