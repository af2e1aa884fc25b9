//! The notification settings of the Preferences screen: which kinds reach
//! the caller by email and SMS, quiet hours, the daily digest, and the
//! forms that change the email address or phone number with a code.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Reaction, render_waiting};
use crate::domain::NotificationKind;
use crate::domain::text::sanitize_line;
use crate::service::notification_settings::{NotificationPreferences, parse_clock};
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, is_back_tab, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Maximum length of a value typed into one field, in characters.
const MAX_FIELD_CHARS: usize = 200;

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
    fn title(self) -> &'static str {
        match self {
            FormKind::QuietHours => "Quiet hours",
            FormKind::NewEmail => "Change email address",
            FormKind::EmailCode => "Confirm the new email address",
            FormKind::NewPhone => "Add or change phone number",
            FormKind::PhoneCode => "Confirm the phone number",
        }
    }
}

struct Form {
    kind: FormKind,
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
                Reaction::handled().with_notice(Notice::info("The settings are still loading.")),
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
            (_, Some('q')) => {
                let mut form = Form::new(
                    FormKind::QuietHours,
                    vec!["Start (HH:MM)", "End (HH:MM)", "UTC offset (minutes)"],
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
                    vec!["New email", "Authenticator code"],
                    true,
                ));
                Reaction::handled()
            }
            (_, Some('h')) => {
                self.form = Some(Form::new(
                    FormKind::NewPhone,
                    vec!["New phone (+…)", "Authenticator code"],
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
            return Reaction::handled().with_notice(Notice::info(
                "Security alerts always go by email; only SMS can be switched for them.",
            ));
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
            .with_notice(Notice::info("Saving…"))
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
                        .with_notice(Notice::info("Sending…"))
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
                        .with_notice(Notice::ok("Notification settings saved.")),
                )
            }
            CommandResult::ContactCodeSent { phone } => {
                let (kind, notice) = if *phone {
                    (
                        FormKind::PhoneCode,
                        "A code was sent by SMS to the new number.",
                    )
                } else {
                    (
                        FormKind::EmailCode,
                        "A code was emailed to the new address.",
                    )
                };
                self.form = Some(Form::new(kind, vec!["Code"], false));
                Some(Reaction::handled().with_notice(Notice::ok(notice)))
            }
            CommandResult::ContactChanged { value } => {
                self.form = None;
                Some(
                    Reaction::load(Load::NotificationPreferences)
                        .with_notice(Notice::ok(format!("Saved: {}", sanitize_line(value)))),
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
                ("Tab ↑ ↓", "next, previous field"),
                ("Enter Ctrl-S", "send"),
                ("Esc", "cancel"),
            ];
        }
        vec![
            ("↑ ↓", "choose a kind"),
            ("e", "email on or off"),
            ("s", "SMS on or off"),
            ("q", "quiet hours"),
            ("d", "daily digest on or off"),
            ("+ -", "ops-key-digest-hour"),
            ("m", "change email address"),
            ("h", "add or change phone"),
            ("Esc", "back"),
        ]
    }

    /// Describes the settings for the plain mode: one kind a line with its
    /// channels, then quiet hours, digest and addresses, with the selected
    /// kind last. An open form is read from the normal drawing.
    pub fn plain_view(&self, _clock: &Regional) -> Option<PlainView> {
        if self.form.is_some() {
            return None;
        }
        let preferences = self.preferences.as_ref()?;
        let mut view = PlainView::default();
        view.line("Notification settings");
        let quiet = preferences.quiet_hours.map_or_else(
            || "none".to_string(),
            |(start, end)| format!("{} to {}", clock(start), clock(end)),
        );
        let offset = match preferences.utc_offset_minutes {
            0 => "UTC".to_string(),
            minutes => format!("UTC{minutes:+} min"),
        };
        view.line(format!("Quiet hours: {quiet} ({offset})"));
        view.line(format!(
            "Daily digest: {}",
            if preferences.digest { "on" } else { "off" }
        ));
        view.line(crate::tr!(
            "ops-digest-hour-line",
            time = clock(preferences.digest_hour * 60)
        ));
        view.line(format!("Email: {}", sanitize_line(&preferences.email)));
        view.line(format!(
            "Phone: {}",
            preferences
                .phone
                .as_deref()
                .map_or_else(|| "none".to_string(), sanitize_line)
        ));
        view.line("Email and SMS wait for the end of quiet hours, except security alerts.");

        let on = |on: bool| if on { "on" } else { "off" };
        let count = preferences.channels.len();
        for (index, (kind, choice)) in preferences.channels.iter().enumerate() {
            let email = if *kind == NotificationKind::SecurityAlert {
                "always"
            } else {
                on(choice.email)
            };
            let state = format!("in-app on, email {email}, SMS {}", on(choice.sms));
            view.push_item(kind.label(), &state, index, count, index == self.cursor);
        }
        Some(view)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(form) = &self.form {
            render_form(form, frame, area, theme);
            return;
        }
        let block = panel("Notification settings", theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(preferences) = &self.preferences else {
            render_waiting(frame, inner, theme, false);
            return;
        };
        let mark = |on: bool| if on { "[x]" } else { "[ ]" };
        let mut lines = vec![Line::from(Span::styled(
            format!("  {:<18}{:<8}{:<8}{}", "Kind", "In-app", "Email", "SMS"),
            theme.muted,
        ))];
        for (index, (kind, choice)) in preferences.channels.iter().enumerate() {
            let selected = index == self.cursor;
            let marker = if selected { "› " } else { "  " };
            let email = if *kind == NotificationKind::SecurityAlert {
                "[x] always".to_string()
            } else {
                mark(choice.email).to_string()
            };
            let text = format!(
                "{marker}{:<18}{:<8}{:<8}{}",
                kind.label(),
                "[x]",
                email,
                mark(choice.sms)
            );
            let style = if selected { theme.selected } else { theme.base };
            lines.push(Line::from(Span::styled(text, style)));
        }
        let quiet = preferences.quiet_hours.map_or_else(
            || "none".to_string(),
            |(start, end)| format!("{} to {}", clock(start), clock(end)),
        );
        let offset = match preferences.utc_offset_minutes {
            0 => "UTC".to_string(),
            minutes => format!("UTC{minutes:+} min"),
        };
        lines.push(Line::default());
        lines.push(Line::from(format!("Quiet hours:  {quiet} ({offset})")));
        lines.push(Line::from(format!(
            "Daily digest: {}",
            if preferences.digest { "on" } else { "off" }
        )));
        lines.push(Line::from(crate::tr!(
            "ops-digest-hour-row",
            time = clock(preferences.digest_hour * 60)
        )));
        lines.push(Line::from(format!(
            "Email:        {}",
            sanitize_line(&preferences.email)
        )));
        lines.push(Line::from(format!(
            "Phone:        {}",
            preferences
                .phone
                .as_deref()
                .map_or_else(|| "none".to_string(), sanitize_line)
        )));
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Email and SMS wait for the end of quiet hours, except security alerts.",
            theme.muted,
        )));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Checks the form and returns the command that sends it.
fn submit(form: &Form, preferences: Option<&NotificationPreferences>) -> Result<Command, String> {
    match form.kind {
        FormKind::QuietHours => {
            let Some(preferences) = preferences else {
                return Err("The settings are still loading.".to_string());
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
                    format!(
                        "invalid UTC offset {:?}: type minutes such as 60 or -300",
                        sanitize_line(&offset_text)
                    )
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
                return Err(
                    "Fill in both fields: the new value and your authenticator code.".to_string(),
                );
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
                return Err("Type the code you received.".to_string());
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
    for (index, (label, field)) in form.labels.iter().zip(&form.fields).enumerate() {
        let Some(row) = areas.get(index) else {
            continue;
        };
        let row = Rect { height: 1, ..*row };
        let focused = index == form.focus;
        let [label_area, field_area] =
            Layout::horizontal([Constraint::Length(24), Constraint::Fill(1)]).areas(row);
        let marker = if focused { "› " } else { "  " };
        let style = if focused { theme.key } else { theme.muted };
        frame.render_widget(Span::styled(format!("{marker}{label}"), style), label_area);
        field.render(frame, field_area, theme, focused && !form.sending);
    }
}

fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
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
                "Digest at: 08:00",
                "Email: alice@example.com",
                "Phone: none",
                &format!("in-app on, email on, SMS off, 1 of {count}"),
            ],
            Some(&format!("in-app on, email on, SMS off, 2 of {count}")),
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
        view.handle_key(&key_of(char_key('q')));
        view.paste("25:00");
        let (reaction, _) = view.handle_key(&key_of(key(KeyCode::Enter)));
        assert!(reaction.effects.is_empty());
    }
}
