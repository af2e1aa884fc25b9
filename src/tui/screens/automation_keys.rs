//! The automation keys part of Preferences: the caller's keys with their
//! fingerprint, scope, last use and expiry, a form that registers a pasted
//! OpenSSH public key after a fresh second factor, and revocation. Both
//! changes ask for a confirmation first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::preferences::Form;
use super::{LoadState, Question, Reaction, format_date, format_time, render_waiting, time_width};
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::service::automation_keys::{AutomationKeyDraft, MAX_LIFETIME_DAYS};
use crate::store::automation_keys::AutomationKeyRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    ListSelection, Notice, TextField, is_send, panel, plain_char, wrap_text,
};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Lifetime offered in the form, in days.
const DEFAULT_LIFETIME_DAYS: i64 = 90;
/// Maximum length of the public key line in the form: an RSA key of 16,384
/// bits is about 2,800 characters.
const MAX_KEY_CHARS: usize = 8192;
const MAX_NAME_CHARS: usize = 80;
const MAX_NETWORKS_CHARS: usize = 1000;
/// A recovery code with its dashes.
const CODE_CHARS: usize = 19;

const READ_ONLY: &str = "read-only";
const READ_WRITE: &str = "read-write";

/// Indices of the form's fields.
const NAME: usize = 0;
const PUBLIC_KEY: usize = 1;
const DAYS: usize = 2;
const NETWORKS: usize = 3;
const SCOPE: usize = 4;
const CODE: usize = 5;

/// The automation keys view of Preferences, open until Esc.
pub struct AutomationKeysPanel {
    keys: Vec<AutomationKeyRecord>,
    state: LoadState,
    list: ListSelection,
    form: Option<Form>,
    /// The command a yes to the open question sends.
    pending: Option<Command>,
}

impl Default for AutomationKeysPanel {
    fn default() -> Self {
        AutomationKeysPanel::new()
    }
}

impl AutomationKeysPanel {
    pub fn new() -> AutomationKeysPanel {
        AutomationKeysPanel {
            keys: Vec::new(),
            state: LoadState::Loading,
            list: ListSelection::new(),
            form: None,
            pending: None,
        }
    }

    /// Returns the panel and the reaction that loads its keys.
    pub fn open() -> (AutomationKeysPanel, Reaction) {
        (
            AutomationKeysPanel::new(),
            Reaction::load(Load::AutomationKeys),
        )
    }

    pub fn loaded(&mut self, keys: Vec<AutomationKeyRecord>) {
        self.list.set_len(keys.len());
        self.keys = keys;
        self.state = LoadState::Ready;
    }

    pub fn load_failed(&mut self) {
        if self.keys.is_empty() {
            self.state = LoadState::Failed;
        }
    }

    /// Handles a key; returns the reaction and whether the panel closed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> (Reaction, bool) {
        if self.form.is_some() {
            return (self.handle_form_key(key), false);
        }
        if self.list.handle_key(key) {
            return (Reaction::handled(), false);
        }
        let reaction = match (key.code, plain_char(key)) {
            (KeyCode::Esc, _) => return (Reaction::handled(), true),
            (_, Some('n')) => {
                self.form = Some(new_form());
                Reaction::handled()
            }
            (KeyCode::Delete, _) | (_, Some('d')) => self.ask_revoke(),
            (_, Some('r')) => Reaction::load(Load::AutomationKeys),
            _ => Reaction::ignored(),
        };
        (reaction, false)
    }

    fn ask_revoke(&mut self) -> Reaction {
        let Some(key) = self.list.selected().and_then(|index| self.keys.get(index)) else {
            return Reaction::handled().with_notice(Notice::info(tr!("automation-none-to-revoke")));
        };
        self.pending = Some(Command::RevokeAutomationKey { id: key.id });
        Reaction::ask(Question::RevokeAutomationKey)
    }

    fn handle_form_key(&mut self, key: &KeyEvent) -> Reaction {
        let Some(form) = &mut self.form else {
            return Reaction::ignored();
        };
        if form.sending {
            return Reaction::handled();
        }
        if is_send(key) || key.code == KeyCode::Enter {
            return match draft_of(form) {
                Ok(command) => {
                    self.pending = Some(command);
                    Reaction::ask(Question::RegisterAutomationKey)
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

    /// Sends the pending registration or revocation after a yes.
    pub fn confirm(&mut self, question: Question) -> Vec<Effect> {
        let command = match (question, self.pending.take()) {
            (
                Question::RegisterAutomationKey,
                Some(command @ Command::RegisterAutomationKey { .. }),
            )
            | (
                Question::RevokeAutomationKey,
                Some(command @ Command::RevokeAutomationKey { .. }),
            ) => command,
            _ => return Vec::new(),
        };
        if let Some(form) = &mut self.form {
            form.sending = true;
        }
        vec![Effect::Run(command)]
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(form) = &mut self.form
            && !form.sending
            && let Some(field) = form.fields.get_mut(form.focus)
        {
            // A key copied from a terminal often carries a line break.
            field.insert_str(text.trim());
        }
    }

    /// Takes a command's result; returns the reaction if it was this
    /// panel's.
    pub fn done(&mut self, result: &CommandResult) -> Option<Reaction> {
        match result {
            CommandResult::AutomationKeysChanged { message } => {
                self.form = None;
                Some(Reaction::load(Load::AutomationKeys).with_notice(Notice::ok(message.clone())))
            }
            CommandResult::Failed { .. } => {
                let form = self.form.as_mut().filter(|form| form.sending)?;
                // A code is good once, and a wrong one must be typed anew.
                form.sending = false;
                if let Some(code) = form.fields.get_mut(CODE) {
                    code.clear();
                }
                form.focus = CODE;
                Some(Reaction::handled())
            }
            _ => None,
        }
    }

    pub fn text_focus(&self) -> bool {
        self.form.is_some()
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.form.is_some() {
            return vec![
                ("Tab ↑ ↓", "common-next-previous-field"),
                ("Enter Ctrl-S", "automation-action-register"),
                ("Esc", "common-cancel"),
            ];
        }
        vec![
            ("↑ ↓ j k", "automation-action-select"),
            ("n", "automation-action-new"),
            ("d Delete", "automation-action-revoke"),
            ("r", "automation-action-reload"),
            ("Esc", "factors-key-back"),
        ]
    }

    /// Describes the keys for the plain mode: one key a line with its
    /// scope, use and expiry, the selected one last with its networks. The
    /// registration form lists its fields and help, the focused field last.
    pub fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if let Some(form) = &self.form {
            let mut plain = form.plain_form(&tr!("automation-form-title"));
            plain.line(tr!(
                "automation-form-help",
                max_days = MAX_LIFETIME_DAYS,
                read_only = READ_ONLY,
                read_write = READ_WRITE
            ));
            return Some(plain.finish());
        }
        if self.state != LoadState::Ready {
            return None;
        }
        let mut view = PlainView::default();
        view.line(tr!("automation-title"));
        view.line(tr!("automation-intro"));
        if self.keys.is_empty() {
            view.line(tr!("automation-empty"));
        }
        let current = crate::domain::now();
        let focused = self.list.selected().unwrap_or(0);
        let count = self.keys.len();
        for (index, key) in self.keys.iter().enumerate() {
            let name = sanitize_line(&key.name);
            let fingerprint = sanitize_line(&key.fingerprint);
            let registered = format_time(clock, key.created_at);
            let label = if index == focused {
                tr!(
                    "automation-plain-key-networks",
                    name = name,
                    fingerprint = fingerprint,
                    registered = registered,
                    networks = networks_of(key)
                )
            } else {
                tr!(
                    "automation-plain-key",
                    name = name,
                    fingerprint = fingerprint,
                    registered = registered
                )
            };
            let state = tr!(
                "automation-plain-state",
                scope = scope_label(key),
                used = last_used(key, clock),
                expires = expiry_label(key, current, clock)
            );
            view.push_item(&label, &state, index, count, index == focused);
        }
        Some(view)
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(form) = &self.form {
            let help = tr!(
                "automation-form-help",
                max_days = MAX_LIFETIME_DAYS,
                read_only = READ_ONLY,
                read_write = READ_WRITE
            );
            // The help takes the rows it needs, up to half the area.
            let help_rows = wrap_text(&help, usize::from(area.width)).len();
            let help_rows = u16::try_from(help_rows)
                .unwrap_or(u16::MAX)
                .clamp(3, (area.height / 2).max(3));
            let [form_area, help_area] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(help_rows)]).areas(area);
            form.render(frame, form_area, theme, &tr!("automation-form-title"));
            frame.render_widget(
                Paragraph::new(help)
                    .style(theme.muted)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                help_area,
            );
            return;
        }
        let block = panel(tr!("automation-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        let [intro_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(3),
        ])
        .areas(inner);
        let intro = tr!("automation-intro");
        frame.render_widget(
            Paragraph::new(intro)
                .style(theme.muted)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            intro_area,
        );
        if self.keys.is_empty() {
            let empty =
                Paragraph::new(tr!("automation-empty")).wrap(ratatui::widgets::Wrap { trim: true });
            frame.render_widget(empty, table_area);
            return;
        }
        let current = crate::domain::now();
        let expiries: Vec<String> = self
            .keys
            .iter()
            .map(|key| expiry_label(key, current, &theme.clock))
            .collect();
        let rows: Vec<Row> = self
            .keys
            .iter()
            .zip(&expiries)
            .map(|(key, expiry)| {
                Row::new(vec![
                    Cell::from(sanitize_line(&key.name)),
                    Cell::from(sanitize_line(&key.fingerprint)),
                    Cell::from(scope_label(key)),
                    Cell::from(last_used(key, &theme.clock)),
                    Cell::from(expiry.clone()),
                ])
            })
            .collect();
        let expiry_width = expiries.iter().map(|text| text.width()).max().unwrap_or(0);
        let header = [
            tr!("automation-name"),
            tr!("automation-fingerprint"),
            tr!("automation-scope"),
            tr!("automation-last-used"),
            tr!("automation-expires"),
        ];
        // Headers may be longer than the values once translated.
        let fit = |column: usize, values: u16| {
            let title = header.get(column).map_or(0, |title| title.width());
            values.max(u16::try_from(title).unwrap_or(u16::MAX))
        };
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Length(fit(2, 10)),
            Constraint::Length(fit(3, time_width(&theme.clock))),
            Constraint::Length(fit(
                4,
                time_width(&theme.clock).max(u16::try_from(expiry_width).unwrap_or(u16::MAX)),
            )),
        ];
        let table = Table::new(rows, widths).header(Row::new(header).style(theme.header));
        self.list.render_table(frame, table_area, table, theme);

        if let Some(key) = self.list.selected().and_then(|index| self.keys.get(index)) {
            let details = [
                (
                    tr!("automation-fingerprint"),
                    sanitize_line(&key.fingerprint),
                ),
                (tr!("automation-networks"), networks_of(key)),
                (
                    tr!("automation-registered"),
                    format_time(&theme.clock, key.created_at),
                ),
            ];
            let label_width = details
                .iter()
                .map(|(label, _)| label.width() + 2)
                .max()
                .unwrap_or(0)
                .max(13);
            let lines: Vec<Line> = details
                .into_iter()
                .map(|(label, value)| {
                    let padding = " ".repeat(label_width.saturating_sub(label.width()));
                    Line::from(vec![
                        Span::styled(format!("{label}{padding}"), theme.muted),
                        Span::raw(value),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), detail_area);
        }
    }
}

/// Returns the registration form with its defaults.
fn new_form() -> Form {
    let mut days = TextField::new(3);
    days.set(&DEFAULT_LIFETIME_DAYS.to_string());
    let mut scope = TextField::new(READ_WRITE.len());
    scope.set(READ_ONLY);
    Form {
        labels: vec![
            "automation-name",
            "automation-public-key",
            "automation-days",
            "automation-allowed-networks",
            "automation-scope",
            "automation-code",
        ],
        fields: vec![
            TextField::new(MAX_NAME_CHARS),
            TextField::new(MAX_KEY_CHARS),
            days,
            TextField::new(MAX_NETWORKS_CHARS),
            scope,
            TextField::new(CODE_CHARS),
        ],
        focus: NAME,
        sending: false,
    }
}

/// Checks the form and returns the command that registers the key. The
/// service checks the key, the networks and the code again.
fn draft_of(form: &Form) -> Result<Command, String> {
    let name = form.value(NAME).trim().to_string();
    if name.is_empty() {
        return Err(tr!("automation-name-missing"));
    }
    let public_key = form.value(PUBLIC_KEY).trim().to_string();
    if public_key.is_empty() {
        return Err(tr!("automation-public-key-missing"));
    }
    let days_text = form.value(DAYS);
    let lifetime_days = days_text
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|days| (1..=MAX_LIFETIME_DAYS).contains(days))
        .ok_or_else(|| {
            tr!(
                "automation-days-invalid",
                value = sanitize_line(days_text.trim()),
                max_days = MAX_LIFETIME_DAYS
            )
        })?;
    let scope = form.value(SCOPE).trim().to_lowercase();
    let read_write = match scope.as_str() {
        READ_ONLY => false,
        READ_WRITE => true,
        _ => {
            return Err(tr!(
                "automation-scope-invalid",
                value = sanitize_line(&scope),
                read_only = READ_ONLY,
                read_write = READ_WRITE
            ));
        }
    };
    let code = form.value(CODE).trim().to_string();
    if code.is_empty() {
        return Err(tr!("factors-code-missing"));
    }
    Ok(Command::RegisterAutomationKey {
        code,
        draft: AutomationKeyDraft {
            name,
            public_key,
            lifetime_days,
            networks: form.value(NETWORKS).trim().to_string(),
            read_write,
        },
    })
}

fn scope_label(key: &AutomationKeyRecord) -> &'static str {
    if key.read_write != 0 {
        READ_WRITE
    } else {
        READ_ONLY
    }
}

/// Returns the expiry time, marked "expired" once it has passed.
fn expiry_label(key: &AutomationKeyRecord, current: i64, clock: &Regional) -> String {
    if key.disabled_at.is_some() || key.expires_at <= current {
        tr!(
            "automation-expired",
            date = format_date(clock, key.expires_at)
        )
    } else {
        format_time(clock, key.expires_at)
    }
}

/// Returns the time of the key's last login, or "never".
fn last_used(key: &AutomationKeyRecord, clock: &Regional) -> String {
    key.last_used_at
        .map_or_else(|| tr!("preferences-never"), |time| format_time(clock, time))
}

/// Returns the key's allowed networks, or "any address" when it has none.
fn networks_of(key: &AutomationKeyRecord) -> String {
    if key.networks.is_empty() {
        tr!("automation-any-address")
    } else {
        sanitize_line(&key.networks)
    }
}

#[cfg(test)]
mod tests {
    use crate::service::automation_keys::AutomationKeyDraft;
    use crate::store::automation_keys::AutomationKeyRecord;
    use crate::tui::screens::fixtures::{
        MARCH_FIRST, app, char_key, ctrl, draw, key, type_text, user,
    };
    use crate::tui::{App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded};

    const PUBLIC_KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtlc3QtdGVzdC10ZXN0LXRlc3QtdGVzdC10ZXN0LXQ= cron";
    const FINGERPRINT: &str = "SHA256:nightlyInvoicesFingerprint";

    fn record(id: i64, name: &str, read_write: bool, expires_at: i64) -> AutomationKeyRecord {
        AutomationKeyRecord {
            id,
            user_id: 7,
            name: name.to_string(),
            fingerprint: format!("{FINGERPRINT}{id}"),
            read_write: i64::from(read_write),
            networks: if read_write {
                "192.0.2.0/24".to_string()
            } else {
                String::new()
            },
            expires_at,
            created_at: MARCH_FIRST,
            last_used_at: read_write.then_some(MARCH_FIRST + 3600),
            expiry_notified: 0,
            disabled_at: None,
        }
    }

    /// Opens Preferences, then its automation keys with two keys loaded.
    fn keys_app() -> App {
        let mut app = app();
        app.handle(char_key('5'));
        app.handle(Event::Loaded(Loaded::Profile(Box::new(user()))));
        let effects = app.handle(char_key('k'));
        assert_eq!(effects, vec![Effect::Load(Load::AutomationKeys)]);
        app.handle(Event::Loaded(Loaded::AutomationKeys(vec![
            record(1, "nightly invoices", false, 4_102_444_800),
            record(2, "ticket bridge", true, MARCH_FIRST - 86_400),
        ])));
        app
    }

    #[test]
    fn plain_list_names_scope_expiry_and_position() {
        use crate::tui::screens::fixtures::check_plain;
        let lines = check_plain(
            keys_app(),
            &[
                "Preferences · Automation keys",
                "ticket bridge, fingerprint ",
                "read-write, last used ",
                ", expires expired ",
                ", 2\u{a0}of\u{a0}2",
            ],
            Some("nightly invoices, fingerprint "),
        );
        let last = lines.last().map_or("", String::as_str);
        assert!(last.contains("networks "), "{lines:?}");
        assert!(last.contains("read-only, last used never"), "{lines:?}");
        assert!(last.ends_with(", 1\u{a0}of\u{a0}2"), "{lines:?}");
    }

    #[test]
    fn list_shows_fingerprint_scope_use_and_expiry() {
        let mut app = keys_app();
        let screen = draw(&mut app, 140, 30);
        for text in [
            "nightly invoices",
            "SHA256:nightlyInvoicesFingerprint1",
            "read-only",
            "never",
            "2100-01-01 00:00",
            "ticket bridge",
            "read-write",
            "2026-03-01 13:00",
            "expired 2026-02-28",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
    }

    #[test]
    fn register_asks_then_sends_draft() {
        let mut app = keys_app();
        app.handle(char_key('n'));
        type_text(&mut app, "backup job");
        app.handle(key(KeyCode::Tab));
        app.handle(Event::Paste(format!("{PUBLIC_KEY}\n")));
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Backspace));
        app.handle(key(KeyCode::Backspace));
        type_text(&mut app, "30");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "192.0.2.0/24");
        app.handle(key(KeyCode::Tab));
        app.handle(ctrl('u'));
        type_text(&mut app, "read-write");
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "123456");

        assert!(app.handle(key(KeyCode::Enter)).is_empty(), "asks first");
        let screen = draw(&mut app, 100, 30);
        assert!(screen.contains("Register this key?"), "{screen}");

        let effects = app.handle(char_key('y'));
        let expected = Command::RegisterAutomationKey {
            code: "123456".to_string(),
            draft: AutomationKeyDraft {
                name: "backup job".to_string(),
                public_key: PUBLIC_KEY.to_string(),
                lifetime_days: 30,
                networks: "192.0.2.0/24".to_string(),
                read_write: true,
            },
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);

        let effects = app.handle(Event::Done(CommandResult::AutomationKeysChanged {
            message: "Automation key SHA256:x registered.".to_string(),
        }));
        assert_eq!(effects, vec![Effect::Load(Load::AutomationKeys)]);
        assert!(draw(&mut app, 100, 30).contains("Automation key SHA256:x registered."));
    }

    #[test]
    fn register_rejects_bad_input_locally() {
        let cases = [
            ("", "30", "read-only", "123456", "The name is missing"),
            (
                "job",
                "0",
                "read-only",
                "123456",
                "Invalid number of days '0'",
            ),
            (
                "job",
                "366",
                "read-only",
                "123456",
                "Invalid number of days '366'",
            ),
            ("job", "30", "admin", "123456", "Invalid scope 'admin'"),
            ("job", "30", "read-only", "", "Type the code"),
        ];
        for (name, days, scope, code, error) in cases {
            let mut app = keys_app();
            app.handle(char_key('n'));
            type_text(&mut app, name);
            app.handle(key(KeyCode::Tab));
            app.handle(Event::Paste(PUBLIC_KEY.to_string()));
            // From the key field: Tab to the days, then two to the scope,
            // then one to the code; Ctrl-U empties each before typing.
            for (tabs, value) in [(1, days), (2, scope), (1, code)] {
                for _ in 0..tabs {
                    app.handle(key(KeyCode::Tab));
                }
                app.handle(ctrl('u'));
                type_text(&mut app, value);
            }
            assert!(app.handle(key(KeyCode::Enter)).is_empty(), "{error}");
            let screen = draw(&mut app, 100, 30);
            assert!(screen.contains(error), "{error} missing: {screen}");
            assert!(!screen.contains("Register this key?"), "{screen}");
        }
    }

    #[test]
    fn revoke_asks_then_sends_selected_key() {
        let mut app = keys_app();
        app.handle(char_key('j'));
        assert!(app.handle(char_key('d')).is_empty(), "asks first");
        assert!(draw(&mut app, 100, 30).contains("Revoke the selected automation key?"));
        assert!(app.handle(char_key('n')).is_empty(), "no sends nothing");

        app.handle(char_key('d'));
        let effects = app.handle(char_key('y'));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::RevokeAutomationKey { id: 2 })]
        );
    }

    #[test]
    fn failed_registration_clears_code() {
        let mut app = keys_app();
        app.handle(char_key('n'));
        type_text(&mut app, "job");
        app.handle(key(KeyCode::Tab));
        app.handle(Event::Paste(PUBLIC_KEY.to_string()));
        for _ in 0..4 {
            app.handle(key(KeyCode::Tab));
        }
        type_text(&mut app, "654321");
        app.handle(key(KeyCode::Enter));
        assert_eq!(app.handle(char_key('y')).len(), 1);
        app.handle(Event::Done(CommandResult::Failed {
            message: "the authenticator code is wrong or was already used; enter a new one"
                .to_string(),
        }));
        let screen = draw(&mut app, 100, 30);
        assert!(!screen.contains("654321"), "{screen}");
        assert!(screen.contains("Register an automation key"), "{screen}");
    }

    #[test]
    fn keys_in_french() {
        let mut app = keys_app();
        let mut display = crate::tui::display::SessionDisplay::default();
        display.regional.language = Some(crate::domain::regional::Language::French);
        app.set_display(display);
        let screen = draw(&mut app, 100, 30);
        for text in [
            "Préférences · Clés d’automatisation",
            "Les clés d’automatisation se connectent sans code",
            "Portée",
            "Dernière utilisation",
            "jamais",
            "expirée le 2026-02-28",
            "Réseaux",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
        for text in ["Last used", "Expires", "never", "expired ", "Networks"] {
            assert!(!screen.contains(text), "{text} still English: {screen}");
        }

        app.handle(char_key('n'));
        app.handle(key(KeyCode::Enter));
        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            for text in [
                "Enregistrer une clé d’automatisation",
                "Jours avant expiration",
                "code de secours.",
            ] {
                assert!(
                    screen.contains(text),
                    "{text} missing at {cols}x{rows}: {screen}"
                );
            }
            assert!(!screen.contains("Days until expiry"), "{screen}");
        }
        // The status line has room for the error at 80 columns only.
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Le nom manque"), "{screen}");
    }

    #[test]
    fn esc_returns_to_preferences() {
        let mut app = keys_app();
        app.handle(key(KeyCode::Esc));
        let screen = draw(&mut app, 100, 30);
        assert!(screen.contains("Alice Example"), "{screen}");
        assert!(screen.contains("automation keys"), "{screen}");
    }

    #[test]
    fn plain_form_names_fields_and_focus() {
        use crate::tui::screens::fixtures::check_plain;
        let mut app = keys_app();
        app.handle(char_key('n'));
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Tab));
        app.handle(ctrl('u'));
        type_text(&mut app, "0");
        app.handle(key(KeyCode::Enter));
        check_plain(
            app,
            &[
                "Register an automation key",
                "Name: empty",
                "Public key: empty",
                "Scope: read-only",
                "Paste one OpenSSH public key line.",
                "Keys: Tab to next field, Enter Ctrl-S to save, Esc to cancel",
                "Error: The name is missing",
            ],
            Some("Days until expiry: 0"),
        );
    }

    #[test]
    fn plain_form_in_french() {
        use crate::tui::screens::fixtures::{assert_french, in_french};
        let mut app = in_french(keys_app(), true);
        app.handle(char_key('n'));
        let screen = draw(&mut app, 300, 60);
        assert_french(
            &screen,
            &[
                "Clé publique\u{a0}: vide",
                "Jours avant expiration\u{a0}: 90",
                "› Nom (vide)\u{a0}:",
            ],
            &["Public key", "Days until expiry"],
        );
    }
}
