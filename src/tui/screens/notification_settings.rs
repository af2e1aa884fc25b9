//! The notification settings of the Preferences screen: which kinds reach
//! the caller by email and SMS, quiet hours, the daily digest, and the
//! forms that change the email address or phone number with a code.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Reaction, render_waiting};
use crate::domain::NotificationKind;
use crate::domain::text::sanitize_line;
use crate::service::notification_settings::{NotificationPreferences, parse_clock};
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, is_back_tab, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Maximum length of a value typed into one field, in characters.
const MAX_FIELD_CHARS: usize = 200;
/// The narrowest label column of a form, marker included, in cells.
const MIN_LABEL_WIDTH: usize = 24;

/// The setting an open form changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    QuietHours,
    /// New address and current authenticator code.
    NewEmail,
    EmailCode,
    /// New number and current authenticator code.
    NewPhone,
    PhoneCode,
}

impl FormKind {
    fn title(self) -> String {
        match self {
            FormKind::QuietHours => tr!("preferences-quiet-hours"),
            FormKind::NewEmail => tr!("preferences-notify-email-title"),
            FormKind::EmailCode => tr!("preferences-notify-email-code-title"),
            FormKind::NewPhone => tr!("preferences-notify-phone-title"),
            FormKind::PhoneCode => tr!("preferences-notify-phone-code-title"),
        }
    }
}

struct Form {
    kind: FormKind,
    /// The message id of each field's label.
    labels: Vec<&'static str>,
    fields: Vec<TextField>,
    focus: usize,
    sending: bool,
}

impl Form {
    fn new(kind: FormKind, labels: Vec<&'static str>, masked_last: bool) -> Form {
        let count = labels.len();
        let fields = (0..count)
            .map(|index| {
                if masked_last && index + 1 == count {
                    TextField::masked(MAX_FIELD_CHARS)
                } else {
                    TextField::new(MAX_FIELD_CHARS)
                }
            })
            .collect();
        Form {
            kind,
            labels,
            fields,
            focus: 0,
            sending: false,
        }
    }

    fn value(&self, index: usize) -> String {
        self.fields
            .get(index)
            .map(|field| field.value().trim().to_string())
            .unwrap_or_default()
    }
}

/// The notification settings view with its forms.
pub struct NotificationSettings {
    preferences: Option<NotificationPreferences>,
    /// The selected row of the channel table.
    cursor: usize,
    form: Option<Form>,
    saving: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings::new()
    }
}

impl NotificationSettings {
    pub fn new() -> NotificationSettings {
        NotificationSettings {
            preferences: None,
            cursor: 0,
            form: None,
            saving: false,
        }
    }

    /// Returns the view and the load that fills it.
    pub fn open() -> (NotificationSettings, Reaction) {
        (
            NotificationSettings::new(),
            Reaction::load(Load::NotificationPreferences),
        )
    }

    pub fn loaded(&mut self, preferences: NotificationPreferences) {
        self.preferences = Some(preferences);
        self.saving = false;
    }

    pub fn text_focus(&self) -> bool {
        self.form.is_some()
    }

    /// Handles a key; returns the reaction and whether the view closed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> (Reaction, bool) {
        if self.form.is_some() {
            return (self.handle_form_key(key), false);
        }
        if key.code == KeyCode::Esc {
            return (Reaction::handled(), true);
        }
        let Some(preferences) = &self.preferences else {
            return (
                Reaction::handled().with_notice(Notice::info(tr!("preferences-notify-loading"))),
                false,
            );
        };
        let rows = preferences.channels.len();
        let reaction = match (key.code, plain_char(key)) {
            (KeyCode::Down, _) | (_, Some('j')) => {
                self.cursor = (self.cursor + 1).min(rows.saturating_sub(1));
                Reaction::handled()
            }
            (KeyCode::Up, _) | (_, Some('k')) => {
                self.cursor = self.cursor.saturating_sub(1);
                Reaction::handled()
            }
            (_, Some('e')) => self.toggle(true),
            (_, Some('s')) => self.toggle(false),
            (_, Some('d')) => {
                let mut wanted = preferences.clone();
                wanted.digest = !wanted.digest;
                self.save(wanted)
            }
            (_, Some(sign @ ('+' | '-'))) => {
                let mut wanted = preferences.clone();
                let step = if sign == '+' { 1 } else { -1 };
                wanted.digest_hour = (wanted.digest_hour + step).rem_euclid(24);
                self.save(wanted)
            }
            (_, Some('Q')) => {
                let mut form = Form::new(
                    FormKind::QuietHours,
                    vec![
                        "preferences-notify-start",
                        "preferences-notify-end",
                        "preferences-notify-offset",
                    ],
                    false,
                );
                if let Some((start, end)) = preferences.quiet_hours {
                    form.fields[0].set(&clock(start));
                    form.fields[1].set(&clock(end));
                }
                form.fields[2].set(&preferences.utc_offset_minutes.to_string());
                self.form = Some(form);
                Reaction::handled()
            }
            (_, Some('m')) => {
                self.form = Some(Form::new(
                    FormKind::NewEmail,
                    vec!["preferences-notify-new-email", "preferences-notify-totp"],
                    true,
                ));
                Reaction::handled()
            }
            (_, Some('h')) => {
                self.form = Some(Form::new(
                    FormKind::NewPhone,
                    vec!["preferences-notify-new-phone", "preferences-notify-totp"],
                    true,
                ));
                Reaction::handled()
            }
            _ => Reaction::ignored(),
        };
        (reaction, false)
    }

    fn toggle(&mut self, email: bool) -> Reaction {
        let Some(preferences) = &self.preferences else {
            return Reaction::handled();
        };
        let mut wanted = preferences.clone();
        let Some((kind, choice)) = wanted.channels.get_mut(self.cursor) else {
            return Reaction::handled();
        };
        if email && *kind == NotificationKind::SecurityAlert {
            return Reaction::handled()
                .with_notice(Notice::info(tr!("preferences-notify-security-email")));
        }
        if email {
            choice.email = !choice.email;
        } else {
            choice.sms = !choice.sms;
        }
        self.save(wanted)
    }

    fn save(&mut self, wanted: NotificationPreferences) -> Reaction {
        if self.saving {
            return Reaction::handled();
        }
        self.saving = true;
        Reaction::handled()
            .with_effect(Effect::Run(Command::SaveNotificationPreferences(Box::new(
                wanted,
            ))))
            .with_notice(Notice::info(tr!("common-saving")))
    }

    fn handle_form_key(&mut self, key: &KeyEvent) -> Reaction {
        let Some(form) = &mut self.form else {
            return Reaction::ignored();
        };
        if form.sending {
            return Reaction::handled();
        }
        if is_send(key) || key.code == KeyCode::Enter {
            let submitted = submit(form, self.preferences.as_ref());
            return match submitted {
                Ok(command) => {
                    form.sending = true;
                    Reaction::handled()
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info(tr!("common-sending")))
                }
                Err(message) => Reaction::handled().with_notice(Notice::error(message)),
            };
        }
        match key.code {
            KeyCode::Esc => self.form = None,
            KeyCode::Tab | KeyCode::Down | KeyCode::Up => {
                let count = form.fields.len().max(1);
                let back = is_back_tab(key) || key.code == KeyCode::Up;
                form.focus = if back {
                    (form.focus + count - 1) % count
                } else {
                    (form.focus + 1) % count
                };
            }
            _ => {
                if let Some(field) = form.fields.get_mut(form.focus) {
                    field.handle_key(key);
                }
            }
        }
        Reaction::handled()
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(form) = &mut self.form
            && let Some(field) = form.fields.get_mut(form.focus)
        {
            field.insert_str(text);
        }
    }

    /// Reacts to the result of a command this view sent.
    pub fn done(&mut self, result: &CommandResult) -> Option<Reaction> {
        match result {
            CommandResult::NotificationPreferencesSaved => {
                if self.form.as_ref().is_some_and(|form| form.sending) {
                    self.form = None;
                }
                self.saving = false;
                Some(
                    Reaction::load(Load::NotificationPreferences)
                        .with_notice(Notice::ok(tr!("preferences-notify-saved"))),
                )
            }
            CommandResult::ContactCodeSent { phone } => {
                let (kind, notice) = if *phone {
                    (FormKind::PhoneCode, tr!("preferences-notify-code-sms"))
                } else {
                    (FormKind::EmailCode, tr!("preferences-notify-code-emailed"))
                };
                self.form = Some(Form::new(kind, vec!["preferences-notify-code"], false));
                Some(Reaction::handled().with_notice(Notice::ok(notice)))
            }
            CommandResult::ContactChanged { value } => {
                self.form = None;
                Some(
                    Reaction::load(Load::NotificationPreferences).with_notice(Notice::ok(tr!(
                        "preferences-notify-contact-saved",
                        value = sanitize_line(value)
                    ))),
                )
            }
            CommandResult::Failed { .. } if self.saving || self.form.is_some() => {
                self.saving = false;
                if let Some(form) = &mut self.form {
                    form.sending = false;
                    // A wrong code leaves no guess on screen.
                    if let Some(last) = form.fields.last_mut()
                        && form.kind != FormKind::QuietHours
                    {
                        last.clear();
                    }
                }
                Some(Reaction::handled())
            }
            _ => None,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.form.is_some() {
            return vec![
                ("Tab ↑ ↓", "common-next-previous-field"),
                ("Enter Ctrl-S", "common-send"),
                ("Esc", "common-cancel"),
            ];
        }
        vec![
            ("↑ ↓", "preferences-notify-key-kind"),
            ("e", "preferences-notify-key-email"),
            ("s", "preferences-notify-key-sms"),
            ("Q", "preferences-notify-key-quiet"),
            ("d", "preferences-notify-key-digest"),
            ("+ -", "ops-key-digest-hour"),
            ("m", "preferences-notify-key-change-email"),
            ("h", "preferences-notify-key-phone"),
            ("Esc", "common-back"),
        ]
    }

    /// Describes the settings for the plain mode: one kind a line with its
    /// channels, then quiet hours, digest and addresses, with the selected
    /// kind last. An open form lists its fields with the focused one last.
    pub fn plain_view(&self, _clock: &Regional) -> Option<PlainView> {
        if let Some(form) = &self.form {
            return Some(plain_form(form, &self.keys()));
        }
        let preferences = self.preferences.as_ref()?;
        let mut view = PlainView::default();
        view.line(tr!("preferences-notify-title"));
        for (label, value) in summary(preferences) {
            view.line(format!("{label} {value}"));
        }
        view.line(tr!("preferences-notify-quiet-note"));

        let count = preferences.channels.len();
        for (index, (kind, choice)) in preferences.channels.iter().enumerate() {
            let email = if *kind == NotificationKind::SecurityAlert {
                tr!("preferences-notify-always")
            } else {
                on_off(choice.email)
            };
            let state = tr!(
                "preferences-notify-state",
                email = email,
                sms = on_off(choice.sms)
            );
            view.push_item(&kind.label(), &state, index, count, index == self.cursor);
        }
        Some(view)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(form) = &self.form {
            render_form(form, frame, area, theme);
            return;
        }
        let block = panel(tr!("preferences-notify-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(preferences) = &self.preferences else {
            render_waiting(frame, inner, theme, false);
            return;
        };
        let mut lines = channel_table(preferences, self.cursor, theme);
        let summary = summary(preferences);
        let label_width = summary
            .iter()
            .map(|(label, _)| label.width())
            .max()
            .unwrap_or(0);
        lines.push(Line::default());
        for (label, value) in summary {
            let padding = " ".repeat(label_width.saturating_sub(label.width()));
            lines.push(Line::from(format!("{label}{padding} {value}")));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            tr!("preferences-notify-quiet-note"),
            theme.muted,
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

/// Checks the form and returns the command that sends it.
fn submit(form: &Form, preferences: Option<&NotificationPreferences>) -> Result<Command, String> {
    match form.kind {
        FormKind::QuietHours => {
            let Some(preferences) = preferences else {
                return Err(tr!("preferences-notify-loading"));
            };
            let (start, end) = (form.value(0), form.value(1));
            let quiet_hours = if start.is_empty() && end.is_empty() {
                None
            } else {
                Some((parse_clock(&start)?, parse_clock(&end)?))
            };
            let offset_text = form.value(2);
            let utc_offset_minutes = if offset_text.is_empty() {
                0
            } else {
                offset_text.parse::<i64>().map_err(|_| {
                    let value = format!("{:?}", sanitize_line(&offset_text));
                    tr!("preferences-notify-offset-invalid", value = value)
                })?
            };
            let mut wanted = preferences.clone();
            wanted.quiet_hours = quiet_hours;
            wanted.utc_offset_minutes = utc_offset_minutes;
            Ok(Command::SaveNotificationPreferences(Box::new(wanted)))
        }
        FormKind::NewEmail | FormKind::NewPhone => {
            let (value, code) = (form.value(0), form.value(1));
            if value.is_empty() || code.is_empty() {
                return Err(tr!("preferences-notify-fill-both"));
            }
            Ok(Command::RequestContactChange {
                phone: form.kind == FormKind::NewPhone,
                value,
                code,
            })
        }
        FormKind::EmailCode | FormKind::PhoneCode => {
            let code = form.value(0);
            if code.is_empty() {
                return Err(tr!("preferences-notify-code-missing"));
            }
            Ok(Command::ConfirmContactChange {
                phone: form.kind == FormKind::PhoneCode,
                code,
            })
        }
    }
}

fn render_form(form: &Form, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = panel(form.kind.title(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut rows: Vec<Constraint> = form.fields.iter().map(|_| Constraint::Length(2)).collect();
    rows.push(Constraint::Fill(1));
    let areas = Layout::vertical(rows).split(inner);
    // The label column fits the longest translated label, but leaves at
    // least half the width to the fields.
    let labels: Vec<String> = form.labels.iter().map(|id| tr!(id)).collect();
    let label_width = labels
        .iter()
        .map(|label| label.width() + 3)
        .max()
        .unwrap_or(0)
        .max(MIN_LABEL_WIDTH)
        .min(usize::from(inner.width / 2));
    let label_width = u16::try_from(label_width).unwrap_or(u16::MAX);
    for (index, (label, field)) in labels.iter().zip(&form.fields).enumerate() {
        let Some(row) = areas.get(index) else {
            continue;
        };
        let row = Rect { height: 1, ..*row };
        let focused = index == form.focus;
        let [label_area, field_area] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(row);
        let marker = if focused { "› " } else { "  " };
        let style = if focused { theme.key } else { theme.muted };
        frame.render_widget(Span::styled(format!("{marker}{label}"), style), label_area);
        field.render(frame, field_area, theme, focused && !form.sending);
    }
}

/// Describes an open form for the plain mode: codes masked as on screen,
/// the focused field last.
fn plain_form(form: &Form, keys: &[(&str, &str)]) -> PlainView {
    let title = if form.sending {
        tr!("plain-form-saving", title = form.kind.title())
    } else {
        form.kind.title()
    };
    let mut plain = PlainForm::new(title);
    for (index, (label, field)) in form.labels.iter().zip(&form.fields).enumerate() {
        plain.text(&tr!(label), field, index == form.focus && !form.sending);
    }
    plain.keys(keys);
    plain.finish()
}

fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn on_off(on: bool) -> String {
    if on {
        tr!("common-on")
    } else {
        tr!("common-off")
    }
}

/// Returns the quiet hours, digest, email and phone as (label with its
/// colon, value) pairs, for the screen and the plain mode.
fn summary(preferences: &NotificationPreferences) -> Vec<(String, String)> {
    let quiet = preferences.quiet_hours.map_or_else(
        || tr!("preferences-notify-quiet-none"),
        |(start, end)| {
            tr!(
                "preferences-notify-quiet-range",
                start = clock(start),
                end = clock(end)
            )
        },
    );
    let offset = match preferences.utc_offset_minutes {
        0 => "UTC".to_string(),
        minutes => format!("UTC{minutes:+} min"),
    };
    let phone = preferences
        .phone
        .as_deref()
        .map_or_else(|| tr!("preferences-notify-phone-none"), sanitize_line);
    let label = |id: &str| tr!("preferences-notify-label", label = tr!(id));
    vec![
        (
            label("preferences-quiet-hours"),
            format!("{quiet} ({offset})"),
        ),
        (
            label("preferences-notify-digest"),
            on_off(preferences.digest),
        ),
        (
            label("ops-digest-hour"),
            tr!(
                "ops-digest-hour-value",
                time = clock(preferences.digest_hour * 60)
            ),
        ),
        (
            label("preferences-notify-email"),
            sanitize_line(&preferences.email),
        ),
        (label("preferences-notify-phone"), phone),
    ]
}

/// Returns the header and one line per notification kind, with columns as
/// wide as their longest translated cell.
fn channel_table(
    preferences: &NotificationPreferences,
    cursor: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mark = |on: bool| if on { "[x]" } else { "[ ]" };
    let always = format!("[x] {}", tr!("preferences-notify-always"));
    let header = [
        tr!("preferences-notify-kind"),
        tr!("preferences-notify-in-app"),
        tr!("preferences-notify-email"),
        tr!("preferences-notify-sms"),
    ];
    let rows: Vec<[String; 4]> = preferences
        .channels
        .iter()
        .map(|(kind, choice)| {
            let email = if *kind == NotificationKind::SecurityAlert {
                always.clone()
            } else {
                mark(choice.email).to_string()
            };
            [
                kind.label(),
                "[x]".to_string(),
                email,
                mark(choice.sms).to_string(),
            ]
        })
        .collect();
    // Columns keep their English widths at least, so the layout only grows.
    let minimums = [18, 8, 8, 0];
    let widths: Vec<usize> = (0..3)
        .map(|column| {
            let widest = rows
                .iter()
                .map(|row| row[column].width())
                .chain([header[column].width()])
                .max()
                .unwrap_or(0);
            (widest + 2).max(minimums[column])
        })
        .collect();
    let line_of = |marker: &str, cells: &[String; 4]| {
        let mut text = marker.to_string();
        for (cell, width) in cells.iter().zip(&widths) {
            text.push_str(cell);
            text.push_str(&" ".repeat(width.saturating_sub(cell.width())));
        }
        text.push_str(&cells[3]);
        text
    };
    let mut lines = vec![Line::from(Span::styled(
        line_of("  ", &header),
        theme.muted,
    ))];
    for (index, cells) in rows.iter().enumerate() {
        let selected = index == cursor;
        let marker = if selected { "› " } else { "  " };
        let style = if selected { theme.selected } else { theme.base };
        lines.push(Line::from(Span::styled(line_of(marker, cells), style)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::notification_settings::{ChannelChoice, KINDS};
    use crate::tui::screens::fixtures::{char_key, key};
    use crate::tui::{Event, KeyEvent as Key};

    fn preferences() -> NotificationPreferences {
        NotificationPreferences {
            channels: KINDS
                .iter()
                .map(|kind| {
                    (
                        *kind,
                        ChannelChoice {
                            email: true,
                            sms: false,
                        },
                    )
                })
                .collect(),
            quiet_hours: None,
            utc_offset_minutes: 0,
            digest: false,
            digest_hour: 8,
            email: "alice@example.com".to_string(),
            phone: None,
        }
    }

    fn key_of(event: Event) -> Key {
        match event {
            Event::Key(key) => key,
            other => panic!("not a key: {other:?}"),
        }
    }

    #[test]
    fn preferences_key_opens_settings() {
        use crate::tui::Loaded;
        use crate::tui::screens::fixtures::{app, draw, user};

        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        let effects = app.handle(char_key('n'));
        assert_eq!(effects, vec![Effect::Load(Load::NotificationPreferences)]);
        app.handle(Event::Loaded(Loaded::NotificationPreferences(Box::new(
            preferences(),
        ))));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Notification settings"), "{screen}");
        assert!(screen.contains("Security alert"), "{screen}");
        assert!(screen.contains("alice@example.com"), "{screen}");
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Recovery codes"));
    }

    #[test]
    fn settings_in_french() {
        use crate::tui::Loaded;
        use crate::tui::screens::fixtures::{app, draw, user};

        let mut app = app();
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        app.handle(char_key('n'));
        app.handle(Event::Loaded(Loaded::NotificationPreferences(Box::new(
            preferences(),
        ))));
        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for text in [
                "Réglages des notifications",
                "Changement de statut",
                "Alerte de sécurité",
                "[x] toujours",
                "Portail",
                "Heures calmes\u{a0}:",
                "Résumé quotidien\u{a0}: désactivé",
            ] {
                assert!(
                    screen.contains(text),
                    "{text} missing at {cols}x{rows}: {screen}"
                );
            }
            for text in [
                "Security alert",
                "Quiet hours",
                "Daily digest",
                "In-app",
                "always",
            ] {
                assert!(!screen.contains(text), "{text} still English: {screen}");
            }
            // Each column starts at the same place in the header and in
            // every row, however long the translated names are.
            let header = screen
                .lines()
                .find(|line| line.contains("Portail"))
                .expect("header");
            let column =
                |line: &str, text: &str| line.find(text).map(|at| line[..at].chars().count());
            let in_app = column(header, "Portail");
            let sms = column(header, "SMS");
            for kind in [
                "Changement de statut",
                "Nouveau message",
                "Alerte de sécurité",
            ] {
                let row = screen
                    .lines()
                    .find(|line| line.contains(kind))
                    .expect("row");
                assert_eq!(column(row, "[x]"), in_app, "{row}");
                let last = row.rfind('[').map(|at| row[..at].chars().count());
                assert_eq!(last, sms, "{row}");
            }
        }
    }

    #[test]
    fn quiet_hours_form_in_french() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;

        use crate::i18n::Language;
        use crate::tui::screens::fixtures::theme;

        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        view.handle_key(&key_of(char_key('Q')));
        view.paste("25:00");
        let screen = crate::i18n::sync_scope(Language::French, || {
            let mut terminal = Terminal::new(TestBackend::new(60, 12)).expect("terminal");
            terminal
                .draw(|frame| view.render(frame, frame.area(), &theme()))
                .expect("draw");
            let buffer = terminal.backend().buffer();
            let mut text = String::new();
            for y in 0..buffer.area.height {
                for x in 0..buffer.area.width {
                    text.push_str(buffer.cell((x, y)).map_or(" ", |cell| cell.symbol()));
                }
                text.push('\n');
            }
            text
        });
        for text in ["Heures calmes", "Début (HH:MM)", "Décalage UTC (minutes)"] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        assert!(!screen.contains("Start (HH:MM)"), "{screen}");

        let (reaction, _) = crate::i18n::sync_scope(Language::French, || {
            view.handle_key(&key_of(key(KeyCode::Enter)))
        });
        assert!(reaction.effects.is_empty());
        let notice = format!("{:?}", reaction.notice);
        assert!(
            notice.contains("heure \\\"25:00\\\" non valide"),
            "{notice}"
        );
    }

    #[test]
    fn plain_settings_name_channels_and_position() {
        use crate::tui::Loaded;
        use crate::tui::screens::fixtures::{app, check_plain, user};

        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        app.handle(char_key('n'));
        app.handle(Event::Loaded(Loaded::NotificationPreferences(Box::new(
            preferences(),
        ))));
        app.handle(char_key('j'));
        let count = KINDS.len();
        let lines = check_plain(
            app,
            &[
                "Notification settings",
                "Quiet hours: none (UTC)",
                "Daily digest: off",
                "Digest at: 08:00, in your time zone",
                "Email: alice@example.com",
                "Phone: none",
                &format!("in-app on, email on, SMS off, 1\u{a0}of\u{a0}{count}"),
            ],
            Some(&format!(
                "in-app on, email on, SMS off, 2\u{a0}of\u{a0}{count}"
            )),
        );
        assert!(
            lines.iter().any(|line| line.contains("email always")),
            "{lines:?}"
        );
    }

    #[test]
    fn toggling_sms_saves() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        let (reaction, closed) = view.handle_key(&key_of(char_key('s')));
        assert!(!closed);
        let mut expected = preferences();
        expected.channels[0].1.sms = true;
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::SaveNotificationPreferences(Box::new(
                expected
            )))]
        );
    }

    #[test]
    fn plus_minus_move_digest_hour() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        let (reaction, _) = view.handle_key(&key_of(char_key('+')));
        let mut expected = preferences();
        expected.digest_hour = 9;
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::SaveNotificationPreferences(Box::new(
                expected
            )))]
        );

        let mut midnight = preferences();
        midnight.digest_hour = 0;
        let mut view = NotificationSettings::new();
        view.loaded(midnight);
        let (reaction, _) = view.handle_key(&key_of(char_key('-')));
        let mut expected = preferences();
        expected.digest_hour = 23;
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::SaveNotificationPreferences(Box::new(
                expected
            )))]
        );
    }

    #[test]
    fn security_email_stays_on() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        for _ in 0..4 {
            view.handle_key(&key_of(key(KeyCode::Down)));
        }
        let (reaction, _) = view.handle_key(&key_of(char_key('e')));
        assert!(reaction.effects.is_empty());
    }

    #[test]
    fn email_change_asks_for_code() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        view.handle_key(&key_of(char_key('m')));
        view.paste("new@example.com");
        view.handle_key(&key_of(key(KeyCode::Tab)));
        view.paste("123456");
        let (reaction, _) = view.handle_key(&key_of(key(KeyCode::Enter)));
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::RequestContactChange {
                phone: false,
                value: "new@example.com".to_string(),
                code: "123456".to_string(),
            })]
        );
        view.done(&CommandResult::ContactCodeSent { phone: false });
        view.paste("ABCD-EFGH-JKLM-NPQR");
        let (reaction, _) = view.handle_key(&key_of(key(KeyCode::Enter)));
        assert_eq!(
            reaction.effects,
            vec![Effect::Run(Command::ConfirmContactChange {
                phone: false,
                code: "ABCD-EFGH-JKLM-NPQR".to_string(),
            })]
        );
    }

    #[test]
    fn invalid_quiet_hours_rejected() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        view.handle_key(&key_of(char_key('Q')));
        view.paste("25:00");
        let (reaction, _) = view.handle_key(&key_of(key(KeyCode::Enter)));
        assert!(reaction.effects.is_empty());
    }

    fn settings_app() -> crate::tui::App {
        use crate::tui::Loaded;
        use crate::tui::screens::fixtures::{app, user};

        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        app.handle(char_key('n'));
        app.handle(Event::Loaded(Loaded::NotificationPreferences(Box::new(
            preferences(),
        ))));
        app
    }

    #[test]
    fn plain_quiet_hours_form_names_fields() {
        let mut view = NotificationSettings::new();
        view.loaded(preferences());
        view.handle_key(&key_of(char_key('Q')));
        view.paste("25:00");
        view.handle_key(&key_of(key(KeyCode::Tab)));
        view.paste("07:00");
        let (reaction, _) = view.handle_key(&key_of(key(KeyCode::Enter)));
        let notice = format!("{:?}", reaction.notice);
        assert!(notice.contains("invalid time"), "{notice}");

        let plain = view.plain_view(&Regional::default()).expect("plain view");
        assert_eq!(
            plain.lines,
            vec![
                "Quiet hours",
                "Start (HH:MM): 25:00",
                "UTC offset (minutes): 0",
                "Keys: Tab ↑ ↓ to next, previous field, Enter Ctrl-S to send, Esc to cancel",
            ]
        );
        assert_eq!(plain.focus.as_deref(), Some("End (HH:MM): 07:00"));
    }

    #[test]
    fn plain_email_change_masks_code() {
        use crate::tui::screens::fixtures::{check_plain, type_text};

        let mut app = settings_app();
        app.handle(char_key('m'));
        type_text(&mut app, "new@example.com");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "123456");
        let lines = check_plain(
            app,
            &["Change email address", "New email: new@example.com"],
            Some("Authenticator code: 6 characters typed"),
        );
        assert!(!lines.join("\n").contains("123456"), "{lines:?}");
    }

    #[test]
    fn plain_phone_change_in_french() {
        use crate::tui::screens::fixtures::{assert_french, draw, in_french};

        let mut app = in_french(settings_app(), true);
        app.handle(char_key('h'));
        app.handle(key(KeyCode::Enter));
        let screen = draw(&mut app, 300, 40);
        assert_french(
            &screen,
            &[
                "Code d’authentification\u{a0}: rien de saisi",
                "Erreur\u{a0}: Remplissez les deux champs",
                "› Nouveau numéro (+…) (vide)\u{a0}:",
            ],
            &["New phone", "Authenticator code"],
        );
    }
}
