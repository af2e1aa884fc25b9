//! The second-factor part of Preferences: new recovery codes and a new
//! authenticator app, each after a fresh code. Nothing here runs SQL; the
//! flow returns commands for the session to run.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Reaction;
use super::enrolment::{draw_qr, group_secret, place_qr, plain_secret_lines, qr_note, qr_rows};
use crate::service::login::EnrolmentOffer;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, panel};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Characters of the code field: a recovery code with its dashes.
const CODE_CHARS: usize = 19;
/// Rows the new app's instructions and code field need above a QR code
/// drawn under them.
const NEW_APP_TEXT_ROWS: u16 = 12;

/// The action a fresh code unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorAction {
    RegenerateRecoveryCodes,
    Reenrol,
}

enum Step {
    /// A current TOTP code or an unused recovery code proves the user.
    FreshCode(FactorAction),
    /// The new app's secret and its QR code rows, waiting for a code from
    /// that app.
    NewApp(EnrolmentOffer, Option<Vec<String>>),
    /// New recovery codes, shown once.
    Codes(Vec<String>),
}

/// One run of a second-factor action, from the fresh code to the codes.
pub struct FactorFlow {
    step: Step,
    field: TextField,
    sending: bool,
}

impl FactorFlow {
    pub fn new(action: FactorAction) -> FactorFlow {
        FactorFlow {
            step: Step::FreshCode(action),
            field: TextField::new(CODE_CHARS),
            sending: false,
        }
    }

    /// Handles a key; returns the reaction and whether the flow is over.
    pub fn handle_key(&mut self, key: &KeyEvent) -> (Reaction, bool) {
        if self.sending {
            return (Reaction::handled(), false);
        }
        if let Step::Codes(_) = self.step {
            let done = matches!(key.code, KeyCode::Enter | KeyCode::Esc);
            let reaction = if done {
                Reaction::load(Load::RecoveryCodesLeft)
            } else {
                Reaction::handled()
            };
            return (reaction, done);
        }
        match key.code {
            KeyCode::Esc => (
                Reaction::handled().with_notice(Notice::info(tr!("factors-cancelled"))),
                true,
            ),
            KeyCode::Enter => (self.submit(), false),
            _ => {
                self.field.handle_key(key);
                (Reaction::handled(), false)
            }
        }
    }

    fn submit(&mut self) -> Reaction {
        let code = self.field.value().trim().to_string();
        if code.is_empty() {
            return Reaction::handled().with_notice(Notice::error(tr!("factors-code-missing")));
        }
        let command = match &self.step {
            Step::FreshCode(FactorAction::RegenerateRecoveryCodes) => {
                Command::RegenerateRecoveryCodes { code }
            }
            Step::FreshCode(FactorAction::Reenrol) => Command::BeginReenrolment { code },
            Step::NewApp(offer, _) => Command::ConfirmReenrolment {
                offer: offer.clone(),
                code,
            },
            Step::Codes(_) => return Reaction::handled(),
        };
        self.sending = true;
        Reaction::handled()
            .with_effect(Effect::Run(command))
            .with_notice(Notice::info(tr!("factors-checking")))
    }

    pub fn paste(&mut self, text: &str) {
        if !self.sending {
            self.field.insert_str(text.trim());
        }
    }

    /// Takes a command's result; returns the reaction if it was this
    /// flow's.
    pub fn done(&mut self, result: &CommandResult) -> Option<Reaction> {
        if !self.sending {
            return None;
        }
        let reaction = match result {
            CommandResult::RecoveryCodes { codes } => {
                self.step = Step::Codes(codes.clone());
                Reaction::handled().with_notice(Notice::ok(tr!("factors-codes-issued")))
            }
            CommandResult::ReenrolmentOffered(offer) => {
                self.step = Step::NewApp(offer.clone(), qr_rows(&offer.url));
                Reaction::handled()
            }
            CommandResult::Failed { .. } => Reaction::handled(),
            _ => return None,
        };
        self.sending = false;
        self.field.clear();
        Some(reaction)
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self.step {
            Step::Codes(_) => vec![("Enter Esc", "factors-key-back")],
            _ => vec![("Enter", "factors-key-confirm"), ("Esc", "common-cancel")],
        }
    }

    fn title(&self) -> String {
        match &self.step {
            Step::FreshCode(FactorAction::RegenerateRecoveryCodes) => {
                tr!("factors-new-codes-title")
            }
            Step::FreshCode(FactorAction::Reenrol) | Step::NewApp(..) => {
                tr!("factors-new-app-title")
            }
            Step::Codes(_) => tr!("factors-your-codes-title"),
        }
    }

    /// Describes the step for the plain mode: the secret and the otpauth
    /// URI in place of the QR code, and the code field last.
    pub fn plain_view(&self) -> PlainView {
        let mut form = PlainForm::new(self.title());
        match &self.step {
            Step::FreshCode(_) => form.line(tr!("factors-confirm-intro")),
            Step::NewApp(offer, _) => {
                form.line(tr!("plain-new-app-add"));
                for line in plain_secret_lines(offer) {
                    form.line(line);
                }
                form.line(tr!("factors-new-app-then"));
            }
            Step::Codes(codes) => {
                form.line(tr!("factors-write-codes"));
                for (index, code) in codes.iter().enumerate() {
                    form.line(tr!("plain-recovery-code", number = index + 1, code = code));
                }
            }
        }
        if self.sending {
            form.line(tr!("factors-checking"));
        }
        form.keys(&self.keys());
        if !matches!(self.step, Step::Codes(_)) {
            form.text(&tr!("preferences-notify-code"), &self.field, !self.sending);
        }
        form.finish()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match &self.step {
            Step::FreshCode(FactorAction::RegenerateRecoveryCodes) => {
                tr!("factors-new-codes-title")
            }
            Step::FreshCode(FactorAction::Reenrol) | Step::NewApp(..) => {
                tr!("factors-new-app-title")
            }
            Step::Codes(_) => tr!("factors-your-codes-title"),
        };
        let block = panel(title, theme);
        let mut inner = block.inner(area);
        frame.render_widget(block, area);

        let mut lines = match &self.step {
            Step::FreshCode(_) => vec![Line::from(tr!("factors-confirm-intro")), Line::default()],
            Step::NewApp(offer, qr) => {
                // The QR code and the secret carry the same account, as at
                // the first enrolment.
                let qr = qr.as_deref();
                let (qr_area, text_area) = place_qr(qr, inner, NEW_APP_TEXT_ROWS);
                if let (Some(rows), Some(qr_area)) = (qr, qr_area) {
                    draw_qr(frame, rows, qr_area);
                    inner = text_area;
                }
                vec![
                    Line::from(tr!("factors-new-app-add", note = qr_note(qr, qr_area))),
                    Line::styled(format!("   {}", group_secret(&offer.secret)), theme.key),
                    Line::from(tr!("factors-new-app-then")),
                    Line::default(),
                ]
            }
            Step::Codes(codes) => {
                let mut lines = vec![Line::from(tr!("factors-write-codes")), Line::default()];
                lines.extend(
                    codes
                        .iter()
                        .map(|code| Line::styled(format!("   {code}"), theme.key)),
                );
                lines
            }
        };
        if self.sending {
            lines.push(Line::styled(tr!("factors-checking"), theme.muted));
        }
        let asks_code = !matches!(self.step, Step::Codes(_));
        let field_rows = if asks_code { 3 } else { 0 };
        let text_area = Rect {
            height: inner.height.saturating_sub(field_rows),
            ..inner
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);

        if asks_code && inner.height >= field_rows && inner.width > 10 {
            let label_y = inner.bottom().saturating_sub(3);
            let label = Rect {
                y: label_y,
                height: 1,
                ..inner
            };
            let text = Line::styled(tr!("factors-code-label"), theme.muted);
            frame.render_widget(Paragraph::new(text), label);
            let field = Rect {
                x: inner.x.saturating_add(2),
                y: label_y.saturating_add(1),
                width: u16::try_from(CODE_CHARS + 2)
                    .unwrap_or(u16::MAX)
                    .min(inner.width.saturating_sub(4)),
                height: 1,
            };
            self.field.render(frame, field, theme, !self.sending);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::service::login::EnrolmentOffer;
    use crate::tui::screens::fixtures::{app, char_key, check_plain, draw, key, type_text, user};
    use crate::tui::{App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded};

    fn preferences_app() -> App {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        app.handle(Event::Loaded(Loaded::RecoveryCodesLeft(7)));
        app
    }

    #[test]
    fn preferences_show_codes_left() {
        let mut app = preferences_app();
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("7 left"), "{screen}");
        assert!(screen.contains("new recovery codes"), "{screen}");
    }

    #[test]
    fn new_recovery_codes_after_fresh_code() {
        let mut app = preferences_app();
        app.handle(char_key('r'));
        assert!(draw(&mut app, 80, 24).contains("Confirm it is you"));
        type_text(&mut app, "123456");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = Command::RegenerateRecoveryCodes {
            code: "123456".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);

        let codes = vec!["ABCD-EFGH-JKMN-PQRS".to_string()];
        app.handle(Event::Done(CommandResult::RecoveryCodes { codes }));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("ABCD-EFGH-JKMN-PQRS"), "{screen}");

        let effects = app.handle(key(KeyCode::Enter));
        assert_eq!(effects, vec![Effect::Load(Load::RecoveryCodesLeft)]);
        assert!(!draw(&mut app, 80, 24).contains("ABCD-EFGH-JKMN-PQRS"));
    }

    #[test]
    fn failed_fresh_code_clears_field() {
        let mut app = preferences_app();
        app.handle(char_key('r'));
        type_text(&mut app, "999999");
        app.handle(key(KeyCode::Enter));
        app.handle(Event::Done(CommandResult::Failed {
            message: "that code is wrong or already used".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("999999"), "{screen}");
        assert!(screen.contains("Confirm it is you"), "{screen}");
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Recovery codes"));
    }

    #[test]
    fn new_app_shows_secret_then_confirms() {
        let mut app = preferences_app();
        app.handle(char_key('a'));
        type_text(&mut app, "123456");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = Command::BeginReenrolment {
            code: "123456".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);

        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            renew_password: false,
            first_login: false,
        };
        app.handle(Event::Done(CommandResult::ReenrolmentOffered(
            offer.clone(),
        )));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("JBSW Y3DP EHPK 3PXP"), "{screen}");
        assert!(
            screen.contains("too small for"),
            "a small window says why there is no QR code: {screen}"
        );

        type_text(&mut app, "654321");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = Command::ConfirmReenrolment {
            offer,
            code: "654321".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
    }

    #[test]
    fn new_app_in_french() {
        let mut app = preferences_app();
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
        app.handle(char_key('a'));
        let screen = draw(&mut app, 60, 16);
        assert!(screen.contains("Confirmez votre identité"), "{screen}");
        assert!(screen.contains("Code\u{a0}:"), "{screen}");
        type_text(&mut app, "123456");
        app.handle(key(KeyCode::Enter));
        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            renew_password: false,
            first_login: false,
        };
        app.handle(Event::Done(CommandResult::ReenrolmentOffered(offer)));
        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for text in [
                "Nouvelle application d’authentification",
                "trop petite pour le",
                "JBSW Y3DP EHPK 3PXP",
                "L’ancienne",
            ] {
                assert!(
                    screen.contains(text),
                    "{text} missing at {cols}x{rows}: {screen}"
                );
            }
            for text in ["New authenticator app", "too small", "Code:"] {
                assert!(!screen.contains(text), "{text} still English: {screen}");
            }
        }
    }

    #[test]
    fn new_app_shows_qr_code_and_secret() {
        let mut app = preferences_app();
        app.handle(char_key('a'));
        type_text(&mut app, "123456");
        app.handle(key(KeyCode::Enter));
        let url =
            "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Portico";
        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            url: url.to_string(),
            renew_password: false,
            first_login: false,
        };
        app.handle(Event::Done(CommandResult::ReenrolmentOffered(offer)));

        let screen = draw(&mut app, 140, 45);
        let expected = crate::tui::screens::enrolment::qr_rows(url).expect("encodes");
        for row in &expected {
            assert!(
                screen.contains(row.as_str()),
                "QR code row {row:?} missing: {screen}"
            );
        }
        assert!(screen.contains("Scan the QR code"), "{screen}");
        assert!(screen.contains("JBSW Y3DP EHPK 3PXP"), "{screen}");
        assert!(screen.contains("Code:"), "{screen}");
    }

    #[test]
    fn plain_fresh_code_step_focuses_code() {
        let mut app = preferences_app();
        app.handle(char_key('r'));
        type_text(&mut app, "12");
        app.handle(key(KeyCode::Esc));
        app.handle(char_key('r'));
        type_text(&mut app, "12");
        check_plain(
            app,
            &[
                "New recovery codes",
                "Confirm it is you",
                "Keys: Enter to confirm the code, Esc to cancel",
            ],
            Some("Code: 12"),
        );
    }

    #[test]
    fn plain_new_app_gives_secret_and_link() {
        let mut app = preferences_app();
        app.handle(char_key('a'));
        type_text(&mut app, "123456");
        app.handle(key(KeyCode::Enter));
        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXP".to_string(),
            url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP".to_string(),
            renew_password: false,
            first_login: false,
        };
        app.handle(Event::Done(CommandResult::ReenrolmentOffered(offer)));
        app.handle(key(KeyCode::Enter));
        let lines = check_plain(
            app,
            &[
                "New authenticator app",
                "The QR code cannot be read aloud",
                "Secret, in groups of four: JBSW Y3DP EHPK 3PXP",
                "Link: otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP",
                "Error: Type the code your authenticator app shows",
            ],
            Some("Code (empty):"),
        );
        let text = lines.join("\n");
        assert!(!text.contains('▀'), "{text}");
    }
}
