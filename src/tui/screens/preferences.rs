//! The preferences screen: the caller's profile, with forms to change the
//! name and email and to change the password.

use crate::domain::regional::Regional;
use crate::i18n::key_names;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::automation_keys::AutomationKeysPanel;
use super::display_settings::DisplaySettings;
use super::factors::{FactorAction, FactorFlow};
use super::notification_settings::NotificationSettings;
use super::regional_settings::RegionalSettings;
use super::{LoadState, Question, Reaction, Screen, format_time, render_waiting};
use crate::domain::text::{sanitize_line, validate_email};
use crate::service::notification_settings::NotificationPreferences;
use crate::store::users::UserRecord;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Notice, TextField, is_back_tab, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// The maximum length of a display name or email in the form, in characters.
const MAX_PROFILE_CHARS: usize = 200;
/// The maximum length of a password in the form, in characters.
const MAX_PASSWORD_CHARS: usize = 1024;
/// The maximum length of a TOTP or recovery code in the form, in characters.
const MAX_CODE_CHARS: usize = 64;

/// The narrowest label column of a form, marker included, in cells.
const MIN_LABEL_WIDTH: usize = 22;

/// A form of labelled single-line fields, one of which has the keyboard.
pub(super) struct Form {
    /// The message id of each field's label.
    pub(super) labels: Vec<&'static str>,
    pub(super) fields: Vec<TextField>,
    pub(super) focus: usize,
    pub(super) sending: bool,
}

impl Form {
    pub(super) fn value(&self, index: usize) -> String {
        self.fields
            .get(index)
            .map(TextField::value)
            .unwrap_or_default()
    }

    pub(super) fn move_focus(&mut self, back: bool) {
        let count = self.fields.len().max(1);
        self.focus = if back {
            (self.focus + count - 1) % count
        } else {
            (self.focus + 1) % count
        };
    }

    /// Moves the focus for Tab, Shift-Tab, Down and Up, and passes other
    /// keys to the focused field.
    pub(super) fn edit(&mut self, key: &KeyEvent) {
        match key.code {
            KeyCode::Tab => self.move_focus(is_back_tab(key)),
            KeyCode::Down => self.move_focus(false),
            KeyCode::Up => self.move_focus(true),
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    field.handle_key(key);
                }
            }
        }
    }

    /// Starts the plain description of the form under `title`: one line
    /// per field, passwords masked, the focused field last and the keys
    /// the form's drawing names. Callers may add lines before finishing.
    pub(super) fn plain_form(&self, title: &str) -> PlainForm {
        let title = if self.sending {
            tr!("plain-form-saving", title = title)
        } else {
            title.to_string()
        };
        let mut form = PlainForm::new(title);
        for (index, (label, field)) in self.labels.iter().zip(&self.fields).enumerate() {
            form.text(&tr!(label), field, index == self.focus && !self.sending);
        }
        form.keys(&[
            ("Tab", "common-next-field"),
            ("Enter Ctrl-S", "common-save"),
            ("Esc", "common-cancel"),
        ]);
        form
    }

    /// Draws the form under `title`, already in the user's language.
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, title: &str) {
        let title = if self.sending {
            format!("{title} · {}", tr!("common-saving"))
        } else {
            title.to_string()
        };
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);

        // Translated labels differ in length: the column fits the longest,
        // but leaves at least half the width to the fields.
        let labels: Vec<String> = self.labels.iter().map(|id| tr!(id)).collect();
        let widest = labels.iter().map(|label| label.width() + 3).max();
        let label_width = widest
            .unwrap_or(0)
            .max(MIN_LABEL_WIDTH)
            .min(usize::from(inner.width / 2));
        let label_width = u16::try_from(label_width).unwrap_or(u16::MAX);

        let mut rows: Vec<Constraint> = self.fields.iter().map(|_| Constraint::Length(2)).collect();
        rows.push(Constraint::Length(1));
        rows.push(Constraint::Fill(1));
        let areas = Layout::vertical(rows).split(inner);
        for (index, (label, field)) in labels.iter().zip(&self.fields).enumerate() {
            let Some(row) = areas.get(index) else {
                continue;
            };
            let row = Rect { height: 1, ..*row };
            let focused = index == self.focus;
            let [label_area, field_area] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)])
                    .areas(row);
            let marker = if focused { "› " } else { "  " };
            let style = if focused { theme.key } else { theme.muted };
            frame.render_widget(Span::styled(format!("{marker}{label}"), style), label_area);
            field.render(frame, field_area, theme, focused && !self.sending);
        }
        if let Some(hints) = areas.get(self.fields.len()) {
            let line = Line::from(vec![
                Span::styled(key_names("Tab"), theme.key),
                Span::styled(format!(" {}  ", tr!("common-next-field")), theme.muted),
                Span::styled(key_names("Enter Ctrl-S"), theme.key),
                Span::styled(format!(" {}  ", tr!("common-save")), theme.muted),
                Span::styled(key_names("Esc"), theme.key),
                Span::styled(format!(" {}", tr!("common-cancel")), theme.muted),
            ]);
            frame.render_widget(line, *hints);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Profile,
    Password,
}

pub struct PreferencesScreen {
    profile: Option<UserRecord>,
    recovery_codes_left: Option<i64>,
    state: LoadState,
    form: Option<(FormKind, Form)>,
    /// A second-factor action in progress.
    factors: Option<FactorFlow>,
    /// The notification settings view, when open.
    notification_settings: Option<NotificationSettings>,
    /// The theme and plain-mode section, opened with v.
    pub display: DisplaySettings,
    pub regional: RegionalSettings,
    automation: Option<AutomationKeysPanel>,
}

impl Default for PreferencesScreen {
    fn default() -> Self {
        PreferencesScreen::new()
    }
}

impl PreferencesScreen {
    pub fn new() -> PreferencesScreen {
        PreferencesScreen {
            profile: None,
            recovery_codes_left: None,
            state: LoadState::Loading,
            form: None,
            factors: None,
            display: DisplaySettings::default(),
            regional: RegionalSettings::default(),
            notification_settings: None,
            automation: None,
        }
    }

    pub fn automation_keys_loaded(
        &mut self,
        keys: Vec<crate::store::automation_keys::AutomationKeyRecord>,
    ) {
        if let Some(panel) = &mut self.automation {
            panel.loaded(keys);
        }
    }

    pub fn notification_settings_loaded(&mut self, preferences: NotificationPreferences) {
        if let Some(view) = &mut self.notification_settings {
            view.loaded(preferences);
        }
    }

    pub fn recovery_codes_loaded(&mut self, count: i64) {
        self.recovery_codes_left = Some(count);
    }

    fn start_factor_action(&mut self, action: FactorAction) -> Reaction {
        let enrolled = self
            .profile
            .as_ref()
            .is_some_and(|profile| profile.totp_secret.is_some());
        if !enrolled {
            return Reaction::handled().with_notice(Notice::info(tr!("preferences-still-loading")));
        }
        self.factors = Some(FactorFlow::new(action));
        Reaction::handled()
    }

    pub fn loaded(&mut self, profile: UserRecord) {
        self.profile = Some(profile);
        self.state = LoadState::Ready;
    }

    fn open_profile_form(&mut self) -> Reaction {
        let Some(profile) = &self.profile else {
            return Reaction::handled().with_notice(Notice::info(tr!("preferences-still-loading")));
        };
        let mut name = TextField::new(MAX_PROFILE_CHARS);
        name.set(&profile.display_name);
        let mut email = TextField::new(MAX_PROFILE_CHARS);
        email.set(&profile.email);
        let form = Form {
            labels: vec!["preferences-name", "preferences-email"],
            fields: vec![name, email],
            focus: 0,
            sending: false,
        };
        self.form = Some((FormKind::Profile, form));
        Reaction::handled()
    }

    fn open_password_form(&mut self) -> Reaction {
        let fields = vec![
            TextField::masked(MAX_PASSWORD_CHARS),
            TextField::masked(MAX_PASSWORD_CHARS),
            TextField::masked(MAX_PASSWORD_CHARS),
            TextField::new(MAX_CODE_CHARS),
        ];
        let labels = vec![
            "preferences-current-password",
            "preferences-new-password",
            "preferences-new-password-again",
            "preferences-code",
        ];
        self.form = Some((
            FormKind::Password,
            Form {
                labels,
                fields,
                focus: 0,
                sending: false,
            },
        ));
        Reaction::handled()
    }

    /// Checks the open form and returns the command that saves it.
    fn submit(kind: FormKind, form: &Form) -> Result<Command, String> {
        match kind {
            FormKind::Profile => {
                let display_name = form.value(0).trim().to_string();
                let email = form.value(1).trim().to_string();
                if display_name.is_empty() {
                    return Err(tr!("preferences-name-missing"));
                }
                validate_email(&email)?;
                Ok(Command::UpdateProfile {
                    display_name,
                    email,
                })
            }
            FormKind::Password => {
                let (current, new, repeat) = (form.value(0), form.value(1), form.value(2));
                let code = form.value(3).trim().to_string();
                if current.is_empty() {
                    return Err(tr!("preferences-current-password-missing"));
                }
                if new.is_empty() {
                    return Err(tr!("preferences-new-password-missing"));
                }
                if new != repeat {
                    return Err(tr!("preferences-passwords-differ"));
                }
                if code.is_empty() {
                    return Err(tr!("preferences-code-missing"));
                }
                Ok(Command::ChangePassword { current, new, code })
            }
        }
    }

    fn handle_form_key(&mut self, key: &KeyEvent) -> Reaction {
        let Some((kind, form)) = &mut self.form else {
            return Reaction::ignored();
        };
        if form.sending {
            return Reaction::handled();
        }
        if is_send(key) || key.code == KeyCode::Enter {
            return match PreferencesScreen::submit(*kind, form) {
                Ok(command) => {
                    form.sending = true;
                    Reaction::handled()
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info(tr!("common-saving")))
                }
                Err(message) => Reaction::handled().with_notice(Notice::error(message)),
            };
        }
        if key.code == KeyCode::Esc {
            self.form = None;
        } else {
            form.edit(key);
        }
        Reaction::handled()
    }

    /// The profile's facts as label and value, for the profile panel and
    /// the plain mode.
    fn profile_facts(&self, profile: &UserRecord, clock: &Regional) -> Vec<(String, String)> {
        let organisation = profile
            .organisation_name
            .as_deref()
            .map_or_else(|| tr!("preferences-organisation-none"), sanitize_line);
        let totp = if profile.totp_secret.is_some() {
            tr!("preferences-totp-enrolled")
        } else {
            tr!("preferences-totp-not-enrolled")
        };
        let last_login = profile
            .last_login_at
            .map_or_else(|| tr!("preferences-never"), |time| format_time(clock, time));
        let recovery = self.recovery_codes_left.map_or_else(
            || "…".to_string(),
            |count| tr!("preferences-codes-left", count = count),
        );
        vec![
            (tr!("preferences-handle"), sanitize_line(&profile.handle)),
            (
                tr!("preferences-name"),
                sanitize_line(&profile.display_name),
            ),
            (tr!("preferences-email"), sanitize_line(&profile.email)),
            (
                tr!("preferences-role"),
                profile
                    .role
                    .parse::<crate::domain::Role>()
                    .map_or_else(|_| sanitize_line(&profile.role), |role| role.name()),
            ),
            (tr!("preferences-organisation"), organisation),
            (tr!("preferences-totp"), totp),
            (tr!("preferences-recovery-codes"), recovery),
            (tr!("preferences-last-login"), last_login),
        ]
    }

    fn render_profile(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(tr!("preferences-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(profile) = &self.profile else {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        };

        let facts = self.profile_facts(profile, &theme.clock);
        let label_width = facts
            .iter()
            .map(|(label, _)| label.width() + 2)
            .max()
            .unwrap_or(0)
            .max(MIN_LABEL_WIDTH);
        let row = |(label, value): (String, String)| {
            let padding = " ".repeat(label_width.saturating_sub(label.width()));
            Line::from(vec![
                Span::styled(format!("{label}{padding}"), theme.muted),
                Span::raw(value),
            ])
        };
        let mut lines: Vec<Line> = facts.into_iter().map(row).collect();
        let hints = [
            ("e", tr!("preferences-key-edit")),
            ("p", tr!("preferences-key-password")),
            ("r", tr!("preferences-key-recovery")),
            ("a", tr!("preferences-hint-app")),
            ("k", tr!("preferences-key-automation")),
        ];
        let hints = hint_lines(&hints, usize::from(inner.width), theme);
        // The blank line before the hints goes first when rows run short.
        if lines.len() + hints.len() < usize::from(inner.height) {
            lines.push(Line::default());
        }
        lines.extend(hints);
        frame.render_widget(Paragraph::new(lines).style(Style::default()), inner);
    }
}

/// Lays out (key, action) hints on as few lines of `width` cells as they
/// fit on, two spaces apart, never splitting a hint from its key.
fn hint_lines(hints: &[(&str, String)], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (key, action) in hints {
        let hint_width = key.width() + 1 + action.width();
        if used > 0 && used + 2 + hint_width > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::styled("  ", theme.muted));
            used += 2;
        }
        spans.push(Span::styled((*key).to_string(), theme.key));
        spans.push(Span::styled(format!(" {action}"), theme.muted));
        used += hint_width;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

impl Screen for PreferencesScreen {
    fn show(&mut self) -> Vec<Effect> {
        if self.profile.is_none() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![
            Effect::Load(Load::Profile),
            Effect::Load(Load::RecoveryCodesLeft),
        ];
        if self.automation.is_some() {
            effects.push(Effect::Load(Load::AutomationKeys));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if let Some(flow) = &mut self.factors {
            let (reaction, finished) = flow.handle_key(key);
            if finished {
                self.factors = None;
            }
            return reaction;
        }
        if let Some(view) = &mut self.notification_settings {
            let (reaction, closed) = view.handle_key(key);
            if closed {
                self.notification_settings = None;
            }
            return reaction;
        }
        if let Some(panel) = &mut self.automation {
            let (reaction, closed) = panel.handle_key(key);
            if closed {
                self.automation = None;
            }
            return reaction;
        }
        if self.form.is_some() {
            return self.handle_form_key(key);
        }
        if self.display.is_open() {
            return self.display.handle_key(key);
        }
        if self.regional.is_open() {
            return self.regional.handle_key(key);
        }
        match plain_char(key) {
            Some('v') => self.display.open(),
            Some('z') => self.regional.open(),
            Some('k') => {
                let (panel, reaction) = AutomationKeysPanel::open();
                self.automation = Some(panel);
                reaction
            }
            Some('e') => self.open_profile_form(),
            Some('p') => self.open_password_form(),
            Some('r') => self.start_factor_action(FactorAction::RegenerateRecoveryCodes),
            Some('a') => self.start_factor_action(FactorAction::Reenrol),
            Some('d') => Reaction {
                open_privacy: true,
                ..Reaction::handled()
            },
            Some('n') => {
                let (view, reaction) = NotificationSettings::open();
                self.notification_settings = Some(view);
                reaction
            }
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(flow) = &mut self.factors {
            flow.paste(text);
            return;
        }
        if let Some(view) = &mut self.notification_settings {
            view.paste(text);
            return;
        }
        if self.regional.is_open() {
            self.regional.paste(text);
            return;
        }
        if let Some(panel) = &mut self.automation {
            panel.paste(text);
            return;
        }
        if let Some((_, form)) = &mut self.form
            && let Some(field) = form.fields.get_mut(form.focus)
        {
            field.insert_str(text);
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        if let Some(reaction) = self.factors.as_mut().and_then(|flow| flow.done(result)) {
            return reaction;
        }
        if let Some(reaction) = self
            .notification_settings
            .as_mut()
            .and_then(|view| view.done(result))
        {
            return reaction;
        }
        if let Some(reaction) = self.display.done(result) {
            return reaction;
        }
        if let Some(reaction) = self.regional.done(result) {
            return reaction;
        }
        if let Some(reaction) = self
            .automation
            .as_mut()
            .and_then(|panel| panel.done(result))
        {
            return reaction;
        }
        let Some((kind, form)) = &mut self.form else {
            return Reaction::ignored();
        };
        if !form.sending {
            return Reaction::ignored();
        }
        match (result, *kind) {
            (CommandResult::ProfileUpdated, FormKind::Profile) => {
                self.form = None;
                Reaction::load(Load::Profile)
                    .with_notice(Notice::ok(tr!("preferences-profile-saved")))
            }
            (CommandResult::PasswordChanged, FormKind::Password) => {
                self.form = None;
                Reaction::handled().with_notice(Notice::ok(tr!("preferences-password-changed")))
            }
            (CommandResult::Failed { .. }, FormKind::Password) => {
                // Start over so that no guess stays on screen, even masked.
                form.sending = false;
                form.fields.iter_mut().for_each(TextField::clear);
                form.focus = 0;
                Reaction::handled()
            }
            (CommandResult::Failed { .. }, FormKind::Profile) => {
                form.sending = false;
                Reaction::handled()
            }
            _ => Reaction::ignored(),
        }
    }

    fn confirm(&mut self, question: Question) -> Vec<Effect> {
        self.automation
            .as_mut()
            .map_or_else(Vec::new, |panel| panel.confirm(question))
    }

    fn load_failed(&mut self) {
        if let Some(panel) = &mut self.automation {
            panel.load_failed();
        }
        if self.profile.is_none() {
            self.state = LoadState::Failed;
        }
    }

    fn text_focus(&self) -> bool {
        self.form.is_some()
            || self.factors.is_some()
            || self
                .notification_settings
                .as_ref()
                .is_some_and(NotificationSettings::text_focus)
            || self
                .automation
                .as_ref()
                .is_some_and(AutomationKeysPanel::text_focus)
            || self.regional.text_focus()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if let Some(flow) = &self.factors {
            return flow.keys();
        }
        if let Some(view) = &self.notification_settings {
            return view.keys();
        }
        if let Some(panel) = &self.automation {
            return panel.keys();
        }
        if self.form.is_some() {
            return vec![
                ("Tab ↑ ↓", "common-next-previous-field"),
                ("Enter Ctrl-S", "common-save"),
                ("Esc", "common-cancel"),
            ];
        }
        if self.display.is_open() {
            return self.display.keys();
        }
        if self.regional.is_open() {
            return self.regional.keys();
        }
        vec![
            ("e", "preferences-key-edit"),
            ("p", "preferences-key-password"),
            ("r", "preferences-key-recovery"),
            ("a", "preferences-key-app"),
            ("d", "preferences-key-privacy"),
            ("n", "preferences-key-notifications"),
            ("v", "preferences-key-display"),
            ("z", "preferences-key-regional"),
            ("k", "preferences-key-automation-scripts"),
        ]
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if let Some(flow) = &self.factors {
            return Some(flow.plain_view());
        }
        if let Some(view) = &self.notification_settings {
            return view.plain_view(clock);
        }
        if self.display.is_open() {
            return Some(self.display.plain_view());
        }
        if let Some(panel) = &self.automation {
            return panel.plain_view(clock);
        }
        if self.regional.is_open() {
            return self.regional.plain_view();
        }
        match &self.form {
            Some((FormKind::Profile, form)) => {
                return Some(form.plain_form(&tr!("preferences-edit-title")).finish());
            }
            Some((FormKind::Password, form)) => {
                return Some(form.plain_form(&tr!("preferences-password-title")).finish());
            }
            None => {}
        }
        let profile = self.profile.as_ref()?;
        let mut view = PlainView::default();
        view.line(tr!("preferences-title"));
        for (label, value) in self.profile_facts(profile, clock) {
            view.line(tr!("preferences-fact", label = label, value = value));
        }
        view.line(tr!("preferences-plain-keys"));
        Some(view)
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Tab", "common-next-field"),
            ("Enter", "common-save"),
            ("Esc", "common-cancel"),
        ]
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(flow) = &self.factors {
            flow.render(frame, area, theme);
            return;
        }
        if let Some(view) = &self.notification_settings {
            view.render(frame, area, theme);
            return;
        }
        if self.display.is_open() {
            self.display.render(frame, area, theme);
            return;
        }
        if self.regional.is_open() {
            self.regional.render(frame, area, theme);
            return;
        }
        if let Some(panel) = &mut self.automation {
            panel.render(frame, area, theme);
            return;
        }
        match &self.form {
            Some((FormKind::Profile, form)) => {
                form.render(frame, area, theme, &tr!("preferences-edit-title"))
            }
            Some((FormKind::Password, form)) => {
                form.render(frame, area, theme, &tr!("preferences-password-title"))
            }
            None => self.render_profile(frame, area, theme),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::fixtures::{
        app, assert_french, char_key, check_plain, ctrl, draw, in_french as in_french_plain, key,
        type_text, user,
    };
    use crate::tui::{App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded};

    fn preferences_app() -> App {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        app
    }

    /// Switches `app` to French, as a saved language choice does.
    fn in_french(app: &mut App) {
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
    }

    #[test]
    fn profile_in_french() {
        let mut app = preferences_app();
        app.handle(Event::Loaded(Loaded::RecoveryCodesLeft(7)));
        in_french(&mut app);
        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for text in [
                "Préférences",
                "Identifiant",
                "Codes de secours",
                "7 restants",
                "Dernière connexion",
                "configuré",
                "modifier le nom et l’e-mail",
                "clés d’automatisation",
            ] {
                assert!(screen.contains(text), "{text} missing: {screen}");
            }
            for text in [
                "Handle",
                "Recovery codes",
                "Last login",
                "edit name",
                "7 left",
            ] {
                assert!(!screen.contains(text), "{text} still English: {screen}");
            }
        }

        app.handle(char_key('?'));
        let help = draw(&mut app, 100, 30);
        assert!(help.contains("vos données et votre vie privée"), "{help}");
        assert!(help.contains("réglages des notifications"), "{help}");
        assert!(!help.contains("notification settings"), "{help}");
    }

    #[test]
    fn password_form_in_french() {
        let mut app = preferences_app();
        in_french(&mut app);
        app.handle(char_key('p'));
        type_text(&mut app, "old secret");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new secret 1");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new secret 2");
        assert!(app.handle(key(KeyCode::Enter)).is_empty());
        let screen = draw(&mut app, 80, 24);
        for text in [
            "Changer le mot de passe",
            "Mot de passe actuel",
            "Code d’application ou de secours",
            "Les deux nouveaux",
            "champ suivant",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        for text in [
            "Current password",
            "New password",
            "passwords differ",
            "next field",
        ] {
            assert!(!screen.contains(text), "{text} still English: {screen}");
        }
    }

    #[test]
    fn plain_profile_in_french() {
        let mut app = preferences_app();
        let mut display = crate::tui::display::SessionDisplay::default();
        display.client.set_variable("PORTICO_MODE", "plain");
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
        let screen = draw(&mut app, 300, 100);
        for text in [
            "Préférences",
            "Identifiant\u{a0}: alice",
            "Rôle\u{a0}: client",
            "Touches\u{a0}: e modifier le nom",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        for text in ["Handle", "Keys:", "Last login", "customer"] {
            assert!(!screen.contains(text), "{text} still English: {screen}");
        }
    }

    #[test]
    fn plain_profile_names_role() {
        let app = crate::tui::screens::fixtures::plain(preferences_app());
        check_plain(app, &["Role: customer"], None);
    }

    #[test]
    fn profile_shows_account_facts() {
        let mut app = preferences_app();
        let screen = draw(&mut app, 80, 24);
        for text in [
            "alice",
            "Alice Example",
            "alice@example.com",
            "customer",
            "Northwind Ltd",
            "enrolled",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
    }

    #[test]
    fn profile_edit_sends_update() {
        let mut app = preferences_app();
        app.handle(char_key('e'));
        type_text(&mut app, " Jr");
        app.handle(key(KeyCode::Tab));
        app.handle(ctrl('u'));
        type_text(&mut app, "a@example.org");
        let effects = app.handle(key(KeyCode::Enter));
        let expected = Command::UpdateProfile {
            display_name: "Alice Example Jr".to_string(),
            email: "a@example.org".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
        let effects = app.handle(Event::Done(CommandResult::ProfileUpdated));
        assert_eq!(effects, vec![Effect::Load(Load::Profile)]);
        assert!(draw(&mut app, 80, 24).contains("Profile saved."));
    }

    #[test]
    fn password_mismatch_is_rejected_locally() {
        let mut app = preferences_app();
        app.handle(char_key('p'));
        type_text(&mut app, "old secret");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new secret 1");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new secret 2");
        assert!(app.handle(key(KeyCode::Enter)).is_empty());
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Error: The two new passwords differ"),
            "{screen}"
        );
    }

    #[test]
    fn password_fields_are_masked() {
        let mut app = preferences_app();
        app.handle(char_key('p'));
        type_text(&mut app, "hunter2");
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("hunter2"), "{screen}");
        assert!(screen.contains("•••••••"), "{screen}");
    }

    #[test]
    fn matching_passwords_send_change() {
        let mut app = preferences_app();
        app.handle(char_key('p'));
        type_text(&mut app, "old");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new pass");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "new pass");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "123456");
        let effects = app.handle(ctrl('s'));
        let expected = Command::ChangePassword {
            current: "old".to_string(),
            new: "new pass".to_string(),
            code: "123456".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
        app.handle(Event::Done(CommandResult::PasswordChanged));
        assert!(draw(&mut app, 80, 24).contains("Password changed."));
    }

    #[test]
    fn plain_password_form_masks_and_focuses() {
        let mut app = preferences_app();
        app.handle(char_key('p'));
        type_text(&mut app, "hunter22");
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Enter));
        let lines = check_plain(
            app,
            &[
                "Change password",
                "Current password: 8 characters typed",
                "New password again: nothing typed",
                "Authenticator or recovery code: empty",
                "Keys: Tab to next field, Enter Ctrl-S to save, Esc to cancel",
                "Error: The new password is missing.",
            ],
            Some("New password: nothing typed"),
        );
        let text = lines.join("\n");
        assert!(!text.contains("hunter22"), "{text}");
        assert!(!text.contains("••"), "{text}");
    }

    #[test]
    fn plain_password_form_in_french() {
        let mut app = in_french_plain(preferences_app(), true);
        app.handle(char_key('p'));
        type_text(&mut app, "abc");
        let screen = draw(&mut app, 300, 40);
        assert_french(
            &screen,
            &[
                "Changer le mot de passe",
                "Nouveau mot de passe\u{a0}: rien de saisi",
                "Touches\u{a0}: Tab pour passer au champ suivant",
                "› Mot de passe actuel\u{a0}: 3 caractères saisis",
            ],
            &["Current password", "characters typed"],
        );
    }
}
