//! Classifying key presses: plain characters, Ctrl chords and the keys
//! that send a form or move back.

use crate::tui::{KeyCode, KeyEvent, KeyModifiers};

/// Returns the character of a key pressed without Ctrl, Alt or Meta.
/// Shift is allowed because it only selects the character.
pub fn plain_char(key: &KeyEvent) -> Option<char> {
    let chorded = KeyModifiers::CTRL | KeyModifiers::ALT | KeyModifiers::META | KeyModifiers::SUPER;
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(chorded) => Some(c),
        _ => None,
    }
}

/// Tells whether `key` is Ctrl plus the letter `c`.
pub fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CTRL)
        && matches!(key.code, KeyCode::Char(k) if k.eq_ignore_ascii_case(&c))
}

/// Tells whether `key` sends a form: Ctrl-S or Alt-Enter.
pub fn is_send(key: &KeyEvent) -> bool {
    is_ctrl(key, 's') || (key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT))
}

/// Tells whether `key` is Shift-Tab, which terminals send as a back tab.
pub fn is_back_tab(key: &KeyEvent) -> bool {
    key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT)
}
