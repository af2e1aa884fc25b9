//! The TOTP enrolment screen shown at a new account's first login: a QR
//! code and the secret for the user's authenticator app, a field for the
//! first code, then the recovery codes, shown once.

use qrcode::{EcLevel, QrCode};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Reaction;
use super::renewal::PasswordRenewal;
use crate::domain::text::sanitize_line;
use crate::i18n::key_names;
use crate::service::login::EnrolmentOffer;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, panel, wrap_text};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent};

/// Light modules around the code. ISO/IEC 18004 requires four.
const QUIET_ZONE: usize = 4;
/// Digits in a TOTP code (RFC 6238 with the usual 6-digit setting).
const CODE_DIGITS: usize = 6;
/// Columns the instructions need beside the QR code.
const TEXT_WIDTH: u16 = 34;

/// Renders `data` as a QR code in half blocks, two modules per character
/// row, quiet zone included. `█` is light over light, `▀` light over dark,
/// `▄` dark over light and a space dark over dark. Callers draw the rows
/// white on black, so light modules are lit whatever the terminal's colors.
pub fn qr_rows(data: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let light = |x: usize, y: usize| -> bool {
        if x < QUIET_ZONE || y < QUIET_ZONE || x >= width + QUIET_ZONE || y >= width + QUIET_ZONE {
            return true;
        }
        let index = (y - QUIET_ZONE) * width + (x - QUIET_ZONE);
        colors
            .get(index)
            .is_none_or(|color| *color == qrcode::Color::Light)
    };

    let mut rows = Vec::with_capacity(size.div_ceil(2));
    for y in (0..size).step_by(2) {
        let row: String = (0..size)
            .map(|x| match (light(x, y), y + 1 >= size || light(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })
            .collect();
        rows.push(row);
    }
    Some(rows)
}

/// Returns the width and height of QR code rows, in terminal cells.
fn qr_size(rows: &[String]) -> (u16, u16) {
    let width = rows.first().map_or(0, |row| row.chars().count());
    (
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(rows.len()).unwrap_or(u16::MAX),
    )
}

/// Splits `area` between a QR code and the text that explains it: side by
/// side when the text keeps [`TEXT_WIDTH`] columns, stacked when the text
/// keeps `text_rows` rows above the code, and text alone otherwise.
/// Returns the QR code's area, if it fits, and the text's area.
pub fn place_qr(qr: Option<&[String]>, area: Rect, text_rows: u16) -> (Option<Rect>, Rect) {
    let (qr_width, qr_height) = qr.map_or((0, 0), qr_size);
    let side_by_side =
        area.width >= qr_width.saturating_add(TEXT_WIDTH + 2) && area.height >= qr_height;
    let stacked = !side_by_side
        && area.width >= qr_width
        && area.height >= qr_height.saturating_add(text_rows);

    if side_by_side {
        let [qr_area, _, text_area] = Layout::horizontal([
            Constraint::Length(qr_width),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(area);
        (
            Some(Rect {
                height: qr_height,
                ..qr_area
            }),
            text_area,
        )
    } else if stacked {
        let [text_area, qr_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(qr_height)]).areas(area);
        (
            Some(Rect {
                width: qr_width,
                ..qr_area
            }),
            text_area,
        )
    } else {
        (None, area)
    }
}

/// Draws QR code rows from [`qr_rows`] white on black, so light modules are
/// lit whatever the terminal's colors.
pub fn draw_qr(frame: &mut Frame, rows: &[String], area: Rect) {
    let style = Style::default().fg(Color::White).bg(Color::Black);
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| Line::styled(row.clone(), style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Returns the sentence that leads to the secret: scan the QR code, or why
/// it is not shown and the secret must be typed.
pub fn qr_note(qr: Option<&[String]>, qr_area: Option<Rect>) -> String {
    match (qr, qr_area) {
        (None, _) => tr!("factors-qr-failed"),
        (Some(rows), None) => {
            let (width, height) = qr_size(rows);
            tr!(
                "factors-qr-too-small",
                width = width,
                height = height.saturating_add(1)
            )
        }
        (Some(_), Some(_)) => tr!("factors-qr-scan"),
    }
}

/// Groups a base32 secret in blocks of four for typing, such as "JBSW Y3DP".
pub fn group_secret(secret: &str) -> String {
    let chars: Vec<char> = sanitize_line(secret)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let groups: Vec<String> = chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect())
        .collect();
    groups.join(" ")
}

/// Lines that stand in for the QR code in the plain mode, which a screen
/// reader cannot read: the secret in groups of four and the otpauth URI.
pub fn plain_secret_lines(offer: &EnrolmentOffer) -> Vec<String> {
    vec![
        tr!("plain-qr-unreadable"),
        tr!("plain-secret-groups", secret = group_secret(&offer.secret)),
        tr!("plain-otpauth-uri", uri = sanitize_line(&offer.url)),
    ]
}

pub struct EnrolmentScreen {
    /// The new-password step that comes first after an operator reset.
    renewal: Option<PasswordRenewal>,
    offer: EnrolmentOffer,
    qr: Option<Vec<String>>,
    code: TextField,
    sending: bool,
    recovery_codes: Option<Vec<String>>,
    finished: bool,
}

impl EnrolmentScreen {
    pub fn new(offer: EnrolmentOffer) -> EnrolmentScreen {
        let qr = qr_rows(&offer.url);
        EnrolmentScreen {
            renewal: offer
                .renew_password
                .then(|| PasswordRenewal::new(offer.first_login)),
            offer,
            qr,
            code: TextField::new(CODE_DIGITS),
            sending: false,
            recovery_codes: None,
            finished: false,
        }
    }

    /// Tells whether a text field takes every printable key: the password
    /// fields while a new password is chosen. The code field takes digits
    /// only.
    pub fn text_focus(&self) -> bool {
        self.renewal.is_some()
    }

    /// Tells whether the user has seen the recovery codes and pressed Enter.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Handles a key. Digits go to the code field; keys it does not use,
    /// such as q and ?, are left to the app.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if let Some(renewal) = &mut self.renewal {
            return renewal.handle_key(key);
        }
        if self.recovery_codes.is_some() {
            if key.code == KeyCode::Enter {
                self.finished = true;
                return Reaction::handled();
            }
            return Reaction::ignored();
        }
        if self.sending {
            return Reaction::handled();
        }

        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() => {
                self.code.handle_key(key);
                Reaction::handled()
            }
            KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End => {
                self.code.handle_key(key);
                Reaction::handled()
            }
            KeyCode::Enter => {
                let code = self.code.value();
                if code.len() != CODE_DIGITS {
                    return Reaction::handled()
                        .with_notice(Notice::error(tr!("factors-enrol-code-missing")));
                }
                self.sending = true;
                Reaction::handled()
                    .with_effect(Effect::Run(Command::ConfirmEnrolment { code }))
                    .with_notice(Notice::info(tr!("factors-checking")))
            }
            _ => Reaction::ignored(),
        }
    }

    /// Inserts the digits of pasted text into the code field.
    pub fn paste(&mut self, text: &str) {
        if let Some(renewal) = &mut self.renewal {
            renewal.paste(text);
            return;
        }
        if self.recovery_codes.is_none() && !self.sending {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            self.code.insert_str(&digits);
        }
    }

    pub fn done(&mut self, result: &CommandResult) {
        if let Some(renewal) = &mut self.renewal {
            if renewal.done(result) {
                self.renewal = None;
            }
            return;
        }
        match result {
            CommandResult::Enrolled { recovery_codes } => {
                self.sending = false;
                self.recovery_codes = Some(recovery_codes.clone());
            }
            CommandResult::Failed { .. } => {
                self.sending = false;
                self.code.clear();
            }
            _ => {}
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(renewal) = &self.renewal {
            return renewal.keys();
        }
        if self.recovery_codes.is_some() {
            return vec![
                ("Enter", "factors-enrol-key-continue"),
                ("q Ctrl-C", "common-quit"),
            ];
        }
        vec![
            ("0-9", "factors-enrol-key-type"),
            ("Backspace", "factors-enrol-key-delete"),
            ("Enter", "factors-key-confirm"),
            ("q Ctrl-C", "common-quit"),
        ]
    }

    /// Describes the current step for the plain mode: the secret and the
    /// otpauth URI in place of the QR code, then the code field last.
    pub fn plain_view(&self) -> PlainView {
        if let Some(renewal) = &self.renewal {
            return renewal.plain_view();
        }
        if let Some(codes) = &self.recovery_codes {
            let mut form = PlainForm::new(tr!("factors-enrolled-title"));
            form.line(tr!("factors-enrolled-write"));
            for (index, code) in codes.iter().enumerate() {
                form.line(tr!(
                    "plain-recovery-code",
                    number = index + 1,
                    code = sanitize_line(code)
                ));
            }
            form.keys(&self.keys());
            return form.finish();
        }

        let mut form = PlainForm::new(tr!("factors-enrol-title"));
        form.line(tr!("factors-enrol-intro"));
        form.line(tr!("factors-enrol-step-open"));
        for line in plain_secret_lines(&self.offer) {
            form.line(line);
        }
        form.line(tr!("factors-enrol-step-type"));
        if self.sending {
            form.line(tr!("factors-checking"));
        }
        form.keys(&self.keys());
        form.text(&tr!("preferences-notify-code"), &self.code, !self.sending);
        form.finish()
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(renewal) = &self.renewal {
            renewal.render(frame, area, theme);
            return;
        }
        if let Some(codes) = &self.recovery_codes {
            render_recovery_codes(frame, area, theme, codes);
            return;
        }

        let qr = self.qr.as_deref();
        let (qr_area, text_area) = place_qr(qr, area, 16);
        if let (Some(rows), Some(qr_area)) = (qr, qr_area) {
            draw_qr(frame, rows, qr_area);
        }
        // The text above the code field is wrapped here, not by the
        // paragraph, so the field's row is known whatever the language.
        let width = usize::from(text_area.width.max(1));
        let wrapped = |text: &str, indent: &str, style| -> Vec<Line<'static>> {
            let room = width.saturating_sub(indent.width());
            wrap_text(text, room)
                .into_iter()
                .map(|line| Line::styled(format!("{indent}{line}"), style))
                .collect()
        };
        let mut lines = Vec::new();
        lines.extend(wrapped(&tr!("factors-enrol-title"), "", theme.title));
        lines.push(Line::default());
        lines.extend(wrapped(&tr!("factors-enrol-intro"), "", theme.base));
        lines.push(Line::default());
        let open_step = format!("1. {}", tr!("factors-enrol-step-open"));
        lines.extend(wrapped(&open_step, "", theme.base));
        let scan_step = format!("2. {}", qr_note(qr, qr_area));
        lines.extend(wrapped(&scan_step, "", theme.base));
        let secret = group_secret(&self.offer.secret);
        lines.extend(wrapped(&secret, "   ", theme.key));
        let type_step = format!("3. {}", tr!("factors-enrol-step-type"));
        lines.extend(wrapped(&type_step, "", theme.base));
        lines.push(Line::default());
        let field_row = lines.len();

        let code_label = format!("   {} ", tr!("factors-code-label"));
        let field_offset = u16::try_from(code_label.width()).unwrap_or(u16::MAX);
        lines.push(Line::from(vec![Span::styled(code_label, theme.key)]));
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled(key_names("Enter"), theme.key),
            Span::styled(format!(" {}  ", tr!("common-confirm")), theme.muted),
            Span::styled("q", theme.key),
            Span::styled(format!(" {}", tr!("common-quit")), theme.muted),
        ]));
        if self.sending {
            lines.push(Line::styled(tr!("factors-checking"), theme.muted));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);

        let field_y = text_area
            .y
            .saturating_add(u16::try_from(field_row).unwrap_or(u16::MAX));
        if field_y < text_area.bottom() && text_area.width > 10 {
            let field = Rect {
                x: text_area.x.saturating_add(field_offset),
                y: field_y,
                width: 8,
                height: 1,
            };
            self.code.render(frame, field, theme, !self.sending);
        }
    }
}

fn render_recovery_codes(frame: &mut Frame, area: Rect, theme: &Theme, codes: &[String]) {
    let block = panel(tr!("factors-enrolled-title"), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = vec![
        Line::styled(tr!("factors-enrolled-write"), theme.warning),
        Line::default(),
    ];
    for (index, code) in codes.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>3}. ", index + 1), theme.muted),
            Span::styled(sanitize_line(code), theme.key),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::tui::screens::fixtures::{char_key, draw, key, principal, theme, type_text};
    use crate::tui::{App, Event, Load, StartMode};

    fn enrolment_app() -> App {
        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string(),
            url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Portico".to_string(),
            renew_password: false,
            first_login: false,
        };
        let (app, effects) = App::new(
            principal(Role::Customer),
            theme(),
            StartMode::Enrolment(offer),
            80,
            24,
        );
        assert!(effects.is_empty());
        app
    }

    /// Switches `app` to French, as a saved language choice does.
    fn in_french(app: &mut App) {
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
    }

    #[test]
    fn enrolment_in_french() {
        let mut app = enrolment_app();
        in_french(&mut app);
        type_text(&mut app, "123");
        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for text in [
                "Activer la connexion",
                "1. Ouvrez une",
                "ce secret",
                "JBSW Y3DP",
                "Code\u{a0}: 123",
            ] {
                assert!(
                    screen.contains(text),
                    "{text} missing at {cols}x{rows}: {screen}"
                );
            }
            for text in [
                "Set up two-factor",
                "Open an authenticator",
                "type this secret",
                "Code: ",
            ] {
                assert!(!screen.contains(text), "{text} still English: {screen}");
            }
        }
        let help = draw(&mut app, 140, 45);
        assert!(help.contains("Scannez le QR code"), "{help}");

        app.handle(key(KeyCode::Enter));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Saisissez le code à 6 chiffres"),
            "{screen}"
        );
    }

    #[test]
    fn recovery_codes_in_french() {
        let mut app = enrolment_app();
        in_french(&mut app);
        type_text(&mut app, "123456");
        app.handle(key(KeyCode::Enter));
        let codes: Vec<String> = (0..10).map(|i| format!("code-{i:02}-abcd")).collect();
        app.handle(Event::Done(CommandResult::Enrolled {
            recovery_codes: codes,
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("La connexion à deux facteurs est activée"),
            "{screen}"
        );
        assert!(
            screen.contains("Notez maintenant ces codes de secours"),
            "{screen}"
        );
        assert!(!screen.contains("Write these recovery codes"), "{screen}");
    }

    #[test]
    fn enrolment_blocks_digit_navigation() {
        let mut app = enrolment_app();
        assert!(app.handle(char_key('2')).is_empty());
        assert!(app.handle(key(KeyCode::Tab)).is_empty());
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("Documents"), "{screen}");
        assert!(screen.contains("Set up two-factor login"), "{screen}");
        assert!(screen.contains("JBSW Y3DP EHPK 3PXP"), "{screen}");
        assert!(
            screen.contains("▀") || screen.contains("▄"),
            "no QR code drawn: {screen}"
        );
    }

    #[test]
    fn enter_sends_enrolment_code() {
        let mut app = enrolment_app();
        type_text(&mut app, "12a3456");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = Command::ConfirmEnrolment {
            code: "123456".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
    }

    #[test]
    fn short_code_is_rejected_locally() {
        let mut app = enrolment_app();
        type_text(&mut app, "123");
        assert!(app.handle(key(KeyCode::Enter)).is_empty());
        assert!(draw(&mut app, 80, 24).contains("Error: Type the 6-digit code"));
    }

    #[test]
    fn failed_code_clears_field() {
        let mut app = enrolment_app();
        type_text(&mut app, "654321");
        app.handle(key(KeyCode::Enter));
        app.handle(Event::Done(CommandResult::Failed {
            message: "the code is not valid".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Error: the code is not valid"), "{screen}");
        assert!(!screen.contains("654321"), "{screen}");
    }

    #[test]
    fn recovery_codes_then_dashboard() {
        let mut app = enrolment_app();
        type_text(&mut app, "123456");
        app.handle(key(KeyCode::Enter));
        let codes: Vec<String> = (0..10).map(|i| format!("code-{i:02}-abcd")).collect();
        app.handle(Event::Done(CommandResult::Enrolled {
            recovery_codes: codes,
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Write these recovery codes down now"),
            "{screen}"
        );
        assert!(screen.contains("code-00-abcd"), "{screen}");
        assert!(screen.contains("code-09-abcd"), "{screen}");

        let effects = app.handle(key(KeyCode::Enter));
        assert_eq!(effects, vec![Effect::Load(Load::Dashboard)]);
        assert!(draw(&mut app, 80, 24).contains("[1 Dashboard]"));
    }

    #[test]
    fn q_asks_before_quitting_enrolment() {
        let mut app = enrolment_app();
        app.handle(char_key('q'));
        assert!(draw(&mut app, 80, 24).contains("Quit Portico? y/n"));
        assert_eq!(app.handle(char_key('y')), vec![Effect::Quit]);
    }

    #[test]
    fn small_window_still_shows_secret() {
        let mut app = enrolment_app();
        app.handle(Event::Resize { cols: 60, rows: 16 });
        let screen = draw(&mut app, 60, 16);
        assert!(screen.contains("too small for the QR code"), "{screen}");
        assert!(screen.contains("JBSW Y3DP"), "{screen}");
    }

    #[test]
    fn qr_rows_include_quiet_zone() {
        let rows = qr_rows("otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&issuer=Portico")
            .expect("encodes");
        let width = rows.first().map_or(0, |row| row.chars().count());
        assert_eq!(rows.len(), width.div_ceil(2));
        for row in rows.iter().take(QUIET_ZONE / 2) {
            assert!(
                row.chars().all(|c| c == '█'),
                "quiet zone row is not all light: {row}"
            );
        }
        for row in &rows {
            let first: String = row.chars().take(QUIET_ZONE).collect();
            assert_eq!(first, "████", "left quiet zone is not light");
        }
    }

    #[test]
    fn qr_finder_pattern_is_dark() {
        let rows = qr_rows("otpauth://totp/x?secret=AAAA").expect("encodes");
        let row: Vec<char> = rows
            .get(QUIET_ZONE / 2)
            .expect("first code row")
            .chars()
            .collect();
        // Module rows 4 and 5: the finder's dark top edge, then its sides.
        assert_eq!(row.get(QUIET_ZONE), Some(&' '));
        assert_eq!(row.get(QUIET_ZONE + 1), Some(&'▄'));
        assert_eq!(row.get(QUIET_ZONE + 6), Some(&' '));
        assert_eq!(row.get(QUIET_ZONE + 7), Some(&'█'));
    }

    #[test]
    fn secret_is_grouped_by_four() {
        assert_eq!(group_secret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(group_secret("ABCDEF"), "ABCD EF");
    }

    #[test]
    fn plain_link_breaks_between_parts() {
        for cols in [60, 80] {
            let mut app = crate::tui::screens::fixtures::plain(enrolment_app());
            let screen = draw(&mut app, cols, 40);
            let rows: Vec<&str> = screen.lines().map(str::trim_end).collect();
            let start = rows
                .iter()
                .position(|row| row.starts_with("Link: otpauth://"))
                .unwrap_or_else(|| panic!("{cols} columns, no link:\n{screen}"));
            let end = rows
                .iter()
                .skip(start)
                .position(|row| row.ends_with("issuer=Portico"))
                .map(|offset| start + offset)
                .unwrap_or_else(|| panic!("{cols} columns, issuer cut:\n{screen}"));
            assert_eq!(
                rows[start..=end].concat(),
                "Link: otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Portico",
                "{cols} columns:\n{screen}"
            );
            for row in &rows[start..end] {
                assert!(
                    row.ends_with(['/', '?', '&', '=']),
                    "{cols} columns, {row:?} breaks inside a part:\n{screen}"
                );
            }
        }
    }

    #[test]
    fn plain_enrolment_replaces_qr_with_secret() {
        let mut app = crate::tui::screens::fixtures::plain(enrolment_app());
        type_text(&mut app, "123");
        app.handle(key(KeyCode::Enter));
        let screen = draw(&mut app, 300, 40);
        for text in [
            "Set up two-factor login",
            "The QR code cannot be read aloud",
            "Secret, in groups of four: JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
            "Link: otpauth://totp/Portico:alice?",
            "Keys: 0-9 to type the code",
            "Error: Type the 6-digit code",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        assert!(!screen.contains('▀'), "{screen}");
        let last = screen
            .lines()
            .map(str::trim_end)
            .rfind(|line| !line.is_empty())
            .unwrap_or("");
        assert_eq!(last, "› Code: 123");
    }

    #[test]
    fn plain_renewal_masks_passwords() {
        let offer = EnrolmentOffer {
            secret: "JBSWY3DPEHPK3PXP".to_string(),
            url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP".to_string(),
            renew_password: true,
            first_login: false,
        };
        let (app, _) = App::new(
            principal(Role::Customer),
            theme(),
            StartMode::Enrolment(offer),
            80,
            24,
        );
        let mut app = crate::tui::screens::fixtures::plain(app);
        type_text(&mut app, "first one");
        app.handle(key(KeyCode::Enter));
        type_text(&mut app, "other");
        app.handle(key(KeyCode::Enter));
        let screen = draw(&mut app, 300, 40);
        for text in [
            "Set a new password",
            "New password: 9 characters typed",
            "Error: The two passwords differ",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        assert!(!screen.contains("first one"), "{screen}");
        assert!(
            screen.contains("› New password again: nothing typed"),
            "{screen}"
        );
    }

    #[test]
    fn plain_enrolment_in_french() {
        let mut app = enrolment_app();
        in_french(&mut app);
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        display.client.set_variable("PORTICO_MODE", "plain");
        app.set_display(display);
        type_text(&mut app, "42");
        let screen = draw(&mut app, 300, 40);
        for text in [
            "Le code QR ne peut pas être lu",
            "Secret, par groupes de quatre\u{a0}: JBSW",
            "› Code\u{a0}: 42",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        assert!(!screen.contains("Secret, in groups"), "{screen}");
    }
}
