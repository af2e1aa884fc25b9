//! Key routing: the plain mode's paging keys, an open yes/no question, the
//! help overlay and the enrolment screen take keys first, then the global
//! keys, then the current screen.

use super::App;
use crate::tui::screens::{Question, ScreenId};
use crate::tui::widgets::{HelpScroll, is_back_tab, is_ctrl, plain_char};
use crate::tui::{Effect, KeyCode, KeyEvent};

/// Keys that work on every screen while no text field has the keyboard,
/// as (keys, message id of the action).
pub(super) const GLOBAL_KEYS: [(&str, &str); 6] = [
    ("Tab Shift-Tab", "app-key-next-screen"),
    ("1-6", "app-key-screen-number"),
    ("O", "app-key-organisations"),
    ("?", "app-key-help"),
    (": Ctrl-K Ctrl-P", "app-key-palette"),
    ("q Ctrl-C", "common-quit"),
];

impl App {
    pub(super) fn handle_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if let Some(effects) = self.handle_paging_key(key) {
            return effects;
        }
        self.drop_plain_notice();
        if let Some((question, owner)) = self.question {
            return self.answer(key, question, owner);
        }
        if self.help {
            match (key.code, plain_char(key)) {
                (KeyCode::Esc, _) | (_, Some('?')) => self.help = false,
                _ if is_ctrl(key, 'c') => self.question = Some((Question::Quit, self.current)),
                _ => {
                    self.help_scroll.handle_key(key);
                }
            }
            return Vec::new();
        }
        if is_ctrl(key, 'c') {
            self.question = Some((Question::Quit, self.current));
            return Vec::new();
        }
        if self.enrolment.is_some() {
            return self.handle_enrolment_key(key);
        }
        if self.palette.is_some() {
            return self.handle_palette_key(key);
        }
        if self.opens_palette(key) {
            self.open_palette();
            return Vec::new();
        }
        if let Some(effects) = self.handle_overlay_key(key) {
            return effects;
        }

        if !self.active_screen().text_focus() {
            let digit_screen = plain_char(key).and_then(ScreenId::from_digit);
            match (key.code, plain_char(key)) {
                (KeyCode::Tab, _) => return self.switch(self.current.cycle(is_back_tab(key))),
                _ if digit_screen.is_some() => {
                    return digit_screen.map(|id| self.switch(id)).unwrap_or_default();
                }
                (_, Some('?')) => {
                    self.open_help();
                    return Vec::new();
                }
                (_, Some('q')) => {
                    self.question = Some((Question::Quit, self.current));
                    return Vec::new();
                }
                (_, Some('O')) => return self.open_organisation(),
                _ => {}
            }
        }
        if self.overlay.is_some() {
            return Vec::new();
        }

        let reaction = self.screen_mut(self.current).handle_key(key);
        self.apply(reaction, self.current)
    }

    /// Opens the key list at its first row.
    fn open_help(&mut self) {
        self.help = true;
        self.help_scroll = HelpScroll::default();
    }

    fn handle_enrolment_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(enrolment) = &mut self.enrolment else {
            return Vec::new();
        };
        let reaction = enrolment.handle_key(key);
        let finished = enrolment.is_finished();
        if !reaction.handled {
            match plain_char(key) {
                Some('q') => self.question = Some((Question::Quit, self.current)),
                Some('?') => self.open_help(),
                _ => {}
            }
        }
        let mut effects = self.apply(reaction, self.current);
        if finished {
            self.enrolment = None;
            self.notice = None;
            effects.extend(self.switch(ScreenId::Dashboard));
        }
        effects
    }

    /// Applies the answer to an open yes/no question: y or Enter accepts,
    /// and so does o (oui) in French; n or Esc declines, and other keys
    /// leave it open.
    fn answer(&mut self, key: &KeyEvent, question: Question, owner: ScreenId) -> Vec<Effect> {
        let yes = plain_char(key).is_some_and(crate::i18n::means_yes)
            || key.code == KeyCode::Enter
            || (question == Question::Quit && is_ctrl(key, 'c'));
        let no = matches!(plain_char(key), Some('n' | 'N')) || key.code == KeyCode::Esc;
        if yes {
            self.question = None;
            if question == Question::Quit {
                return vec![Effect::Quit];
            }
            return self.screen_mut(owner).confirm(question);
        } else if no {
            self.question = None;
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::fixtures::{app, char_key, ctrl, draw, key};
    use crate::tui::{DocumentQueryKey, Effect, Event, KeyCode, KeyEvent, Load, RequestQueryKey};

    #[test]
    fn digits_switch_screens_and_load() {
        let mut app = app();
        let cases = [
            ('2', vec![Load::Documents(DocumentQueryKey::default())]),
            ('3', vec![Load::Requests(RequestQueryKey::default())]),
            ('4', vec![Load::Threads]),
            ('5', vec![Load::Profile, Load::RecoveryCodesLeft]),
            ('6', vec![Load::Activity]),
            ('1', vec![Load::Dashboard]),
        ];
        for (digit, loads) in cases {
            let effects = app.handle(char_key(digit));
            let expected: Vec<Effect> = loads.into_iter().map(Effect::Load).collect();
            assert_eq!(effects, expected, "digit {digit}");
        }
    }

    #[test]
    fn tab_and_back_tab_cycle_screens() {
        let mut app = app();
        let effects = app.handle(key(KeyCode::Tab));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Documents(DocumentQueryKey::default()))]
        );

        let back_tab =
            Event::Key(KeyEvent::new(KeyCode::Tab).modifiers(crate::tui::KeyModifiers::SHIFT));
        app.handle(back_tab.clone());
        let effects = app.handle(back_tab);
        assert_eq!(effects, vec![Effect::Load(Load::Activity)]);
        assert!(draw(&mut app, 80, 24).contains("[6 Activity]"));
    }

    #[test]
    fn help_overlay_lists_keys_and_closes() {
        let mut app = app();
        app.handle(char_key('2'));
        app.handle(char_key('?'));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Keys: Documents"), "{screen}");
        assert!(
            screen.contains("sort by date, kind, title or size"),
            "{screen}"
        );
        assert!(screen.contains("next, previous screen"), "{screen}");

        // Keys other than Esc and ? leave the overlay open and do nothing.
        assert!(app.handle(char_key('3')).is_empty());
        app.handle(key(KeyCode::Esc));
        assert!(!draw(&mut app, 80, 24).contains("Keys: Documents"));

        app.handle(char_key('?'));
        app.handle(char_key('?'));
        assert!(!draw(&mut app, 80, 24).contains("Keys: Documents"));
    }

    #[test]
    fn quit_asks_before_quitting() {
        let mut app = app();
        assert!(app.handle(char_key('q')).is_empty());
        assert!(draw(&mut app, 80, 24).contains("Quit Portico? y/n"));
        assert!(app.handle(char_key('n')).is_empty());
        assert!(!draw(&mut app, 80, 24).contains("Quit Portico?"));

        app.handle(char_key('q'));
        assert_eq!(app.handle(char_key('y')), vec![Effect::Quit]);
    }

    #[test]
    fn ctrl_c_asks_like_q() {
        let mut app = app();
        assert!(app.handle(ctrl('c')).is_empty());
        assert!(draw(&mut app, 80, 24).contains("Quit Portico? y/n"));
        assert!(app.handle(key(KeyCode::Esc)).is_empty());
        app.handle(ctrl('c'));
        assert_eq!(app.handle(key(KeyCode::Enter)), vec![Effect::Quit]);
    }
}
