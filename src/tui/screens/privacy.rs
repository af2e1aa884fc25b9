//! The privacy view, opened with `d` from Preferences: what Portico holds
//! about the user, why and for how long, the consents to give or withdraw
//! with their history (GDPR article 7), the data export and the erasure
//! request. The export and the erasure request ask for a fresh code.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{LoadState, Reaction, Screen, format_time, render_waiting};
use crate::domain::privacy::localized;
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::service::privacy::PrivacyOverview;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    FreshCodePrompt, ListSelection, Notice, PromptOutcome, panel, plain_char,
};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Returns a privacy notice text fit to show: a built-in text in the
/// current language, a configured one as configured, sanitized.
fn shown(text: &str) -> String {
    sanitize_line(&localized(text))
}

/// Minimum and maximum widths of the consent title column, in terminal
/// columns. Between the two it is as wide as the longest title, and the
/// consent text takes the rest.
const MIN_TITLE_WIDTH: usize = 20;
const MAX_TITLE_WIDTH: usize = 30;

/// Returns a width in terminal columns as a fixed-length constraint.
fn columns(width: usize) -> Constraint {
    Constraint::Length(u16::try_from(width).unwrap_or(u16::MAX))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PrivacyAction {
    Export,
    Erasure,
}

enum Mode {
    Browse,
    FreshCode {
        prompt: FreshCodePrompt,
        action: PrivacyAction,
    },
    Sending,
}

pub struct PrivacyScreen {
    overview: Option<PrivacyOverview>,
    state: LoadState,
    consents: ListSelection,
    mode: Mode,
    /// The last export or erasure result, kept on screen because the
    /// export's download command is longer than the status line.
    result: Option<String>,
    /// The first shown row of the "what Portico holds" text, which PgUp
    /// and PgDn scroll, and the most it may be after the last drawing.
    held_scroll: u16,
    held_max_scroll: u16,
}

impl Default for PrivacyScreen {
    fn default() -> Self {
        PrivacyScreen::new()
    }
}

impl PrivacyScreen {
    pub fn new() -> PrivacyScreen {
        PrivacyScreen {
            overview: None,
            state: LoadState::Loading,
            consents: ListSelection::new(),
            mode: Mode::Browse,
            result: None,
            held_scroll: 0,
            held_max_scroll: 0,
        }
    }

    pub fn loaded(&mut self, overview: PrivacyOverview) {
        self.consents.set_len(overview.consents.len());
        self.overview = Some(overview);
        self.state = LoadState::Ready;
    }

    fn toggle_selected(&mut self) -> Reaction {
        let Some(consent) = self
            .consents
            .selected()
            .and_then(|index| self.overview.as_ref()?.consents.get(index))
        else {
            return Reaction::handled();
        };
        let command = Command::SetConsent {
            key: consent.topic.key.clone(),
            granted: !consent.granted,
        };
        self.mode = Mode::Sending;
        Reaction::handled().with_effect(Effect::Run(command))
    }

    fn ask_code(&mut self, action: PrivacyAction) -> Reaction {
        let text = match action {
            PrivacyAction::Export => tr!("privacy-export-action"),
            PrivacyAction::Erasure => tr!("privacy-erasure-action"),
        };
        self.mode = Mode::FreshCode {
            prompt: FreshCodePrompt::new(text),
            action,
        };
        Reaction::handled()
    }

    fn handle_code_key(&mut self, key: &KeyEvent) -> Reaction {
        let Mode::FreshCode { prompt, action } = &mut self.mode else {
            return Reaction::handled();
        };
        let outcome = prompt.handle_key(key);
        let mut reaction = Reaction::handled();
        reaction.notice = outcome.notice();
        match outcome {
            PromptOutcome::Cancelled => self.mode = Mode::Browse,
            PromptOutcome::Submitted(code) => {
                let command = match action {
                    PrivacyAction::Export => Command::ExportData { code },
                    PrivacyAction::Erasure => Command::RequestErasure { code },
                };
                self.mode = Mode::Sending;
                reaction = reaction.with_effect(Effect::Run(command));
            }
            PromptOutcome::Pending | PromptOutcome::Empty => {}
        }
        reaction
    }

    fn purpose_lines(overview: &PrivacyOverview, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for purpose in &overview.purposes {
            lines.push(Line::styled(shown(&purpose.data), theme.key));
            let why = tr!("privacy-why", purpose = shown(&purpose.purpose));
            lines.push(Line::from(format!("  {why}")));
            let kept = tr!("privacy-kept", retention = shown(&purpose.retention));
            lines.push(Line::from(format!("  {kept}")));
        }
        lines.push(Line::from(tr!(
            "privacy-controller",
            controller = shown(&overview.controller)
        )));
        lines
    }

    fn render_consents(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(tr!("privacy-consents-title"), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(overview) = &self.overview else {
            return;
        };
        let rows: Vec<Row> = overview
            .consents
            .iter()
            .map(|consent| {
                let state = if consent.outdated() {
                    format!("[!] {}", tr!("privacy-state-outdated"))
                } else if consent.granted {
                    format!("[x] {}", tr!("privacy-state-given"))
                } else {
                    format!("[ ] {}", tr!("privacy-state-not-given"))
                };
                Row::new(vec![
                    state,
                    shown(&consent.topic.title),
                    format!("v{}", sanitize_line(&consent.topic.version)),
                    shown(&consent.topic.text),
                ])
            })
            .collect();
        // The state column fits "[ ] not given" and "[x] given" with a
        // space to spare; the longer "text changed" state is cut.
        let state_width = [tr!("privacy-state-given"), tr!("privacy-state-not-given")]
            .iter()
            .map(|state| state.width() + 5)
            .max()
            .unwrap_or(0);
        let consent_header = tr!("privacy-column-consent");
        let title_width = overview
            .consents
            .iter()
            .map(|consent| shown(&consent.topic.title).width())
            .chain([consent_header.width(), MIN_TITLE_WIDTH])
            .max()
            .unwrap_or(MIN_TITLE_WIDTH)
            .min(MAX_TITLE_WIDTH);
        let text_header = tr!("privacy-column-text");
        let table = Table::new(
            rows,
            [
                columns(state_width),
                columns(title_width),
                columns(text_header.width().max(4)),
                Constraint::Fill(1),
            ],
        )
        .header(
            Row::new(vec![
                tr!("privacy-column-state"),
                consent_header,
                text_header,
                String::new(),
            ])
            .style(theme.muted),
        );
        self.consents.render_table(frame, inner, table, theme);
    }

    fn history_lines(overview: &PrivacyOverview, clock: &Regional) -> Vec<Line<'static>> {
        if overview.history.is_empty() {
            return vec![Line::from(tr!("privacy-no-history"))];
        }
        overview
            .history
            .iter()
            .rev()
            .map(|event| {
                let time = format_time(clock, event.created_at);
                let topic = sanitize_line(&event.topic);
                let version = sanitize_line(&event.text_version);
                Line::from(if event.granted == 1 {
                    tr!(
                        "privacy-history-given",
                        time = time,
                        topic = topic,
                        version = version
                    )
                } else {
                    tr!(
                        "privacy-history-withdrawn",
                        time = time,
                        topic = topic,
                        version = version
                    )
                })
            })
            .collect()
    }
}

impl PrivacyScreen {
    /// Describes the view for the plain mode: the data held and why, the
    /// consent history, then one consent a line with its state, the
    /// selected one last. The code prompt describes itself.
    fn plain(&self, clock: &Regional) -> Option<PlainView> {
        if let Mode::FreshCode { prompt, .. } = &self.mode {
            return Some(prompt.plain_view());
        }
        let overview = self.overview.as_ref()?;
        let mut view = PlainView::default();
        view.line(tr!("privacy-held-title"));
        let count = overview.purposes.len();
        for (index, purpose) in overview.purposes.iter().enumerate() {
            let label = tr!(
                "privacy-plain-purpose",
                data = shown(&purpose.data),
                purpose = shown(&purpose.purpose),
                retention = shown(&purpose.retention),
            );
            view.push_item(&label, "", index, count, false);
        }
        view.line(tr!(
            "privacy-controller",
            controller = shown(&overview.controller)
        ));
        view.line(tr!("privacy-history-title"));
        if let Some(result) = &self.result {
            view.line(sanitize_line(result));
        }
        for line in PrivacyScreen::history_lines(overview, clock) {
            view.line(line.to_string());
        }

        view.line(tr!("privacy-consents-title"));
        let focused = self.consents.selected().unwrap_or(0);
        let count = overview.consents.len();
        for (index, consent) in overview.consents.iter().enumerate() {
            let state = if consent.outdated() {
                tr!("privacy-state-outdated")
            } else if consent.granted {
                tr!("privacy-state-given")
            } else {
                tr!("privacy-state-not-given")
            };
            let label = tr!(
                "privacy-plain-consent",
                title = shown(&consent.topic.title),
                version = sanitize_line(&consent.topic.version),
                text = shown(&consent.topic.text),
            );
            view.push_item(&label, &state, index, count, index == focused);
        }
        Some(view)
    }
}

impl Screen for PrivacyScreen {
    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        self.plain(clock)
    }

    fn show(&mut self) -> Vec<Effect> {
        self.state = LoadState::Loading;
        vec![Effect::Load(Load::Privacy)]
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        match self.mode {
            Mode::Sending => return Reaction::handled(),
            Mode::FreshCode { .. } => return self.handle_code_key(key),
            Mode::Browse => {}
        }
        match key.code {
            KeyCode::PageDown => {
                self.held_scroll = self.held_scroll.saturating_add(5).min(self.held_max_scroll);
                return Reaction::handled();
            }
            KeyCode::PageUp => {
                self.held_scroll = self.held_scroll.saturating_sub(5);
                return Reaction::handled();
            }
            _ => {}
        }
        if self.consents.handle_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (KeyCode::Enter, _) | (_, Some(' ')) => self.toggle_selected(),
            (_, Some('x')) => self.ask_code(PrivacyAction::Export),
            (_, Some('E')) => self.ask_code(PrivacyAction::Erasure),
            _ => Reaction::ignored(),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Mode::FreshCode { prompt, .. } = &mut self.mode {
            prompt.paste(text);
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        if !matches!(self.mode, Mode::Sending) {
            return Reaction::ignored();
        }
        self.mode = Mode::Browse;
        match result {
            CommandResult::PrivacyChanged { message } => {
                self.result = Some(message.clone());
                self.state = LoadState::Loading;
                Reaction::load(Load::Privacy).with_notice(Notice::ok(message.clone()))
            }
            _ => Reaction::handled(),
        }
    }

    fn load_failed(&mut self) {
        self.state = LoadState::Failed;
    }

    fn text_focus(&self) -> bool {
        matches!(self.mode, Mode::FreshCode { .. })
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if let Mode::FreshCode { .. } = self.mode {
            return FreshCodePrompt::keys();
        }
        vec![
            ("↑ ↓ j k", "privacy-key-choose"),
            ("PgUp PgDn", "privacy-key-scroll"),
            ("Space Enter", "privacy-key-toggle"),
            ("x", "privacy-key-export"),
            ("E", "privacy-key-erasure"),
            ("Esc", "privacy-key-back"),
        ]
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![("Enter", "common-confirm"), ("Esc", "common-cancel")]
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(overview) = &self.overview else {
            render_waiting(frame, area, theme, self.state == LoadState::Failed);
            return;
        };
        let purposes = PrivacyScreen::purpose_lines(overview, theme);
        let history = PrivacyScreen::history_lines(overview, &theme.clock);
        let consent_rows = u16::try_from(overview.consents.len()).unwrap_or(8).min(8) + 3;
        let [held, consents, bottom] = Layout::vertical([
            Constraint::Fill(2),
            Constraint::Length(consent_rows),
            Constraint::Fill(1),
        ])
        .areas(area);

        // Rows the wrapped text takes, so the scroll stops at its end; one
        // spare row covers a line that ratatui wraps differently.
        let inner_width = usize::from(held.width.saturating_sub(2)).max(1);
        let text_rows: usize = 1 + purposes
            .iter()
            .map(|line| {
                let text: String = line
                    .spans
                    .iter()
                    .map(|span| span.content.as_ref())
                    .collect();
                crate::tui::widgets::wrap_text(&text, inner_width)
                    .len()
                    .max(1)
            })
            .sum::<usize>();
        let visible = usize::from(held.height.saturating_sub(2));
        self.held_max_scroll = u16::try_from(text_rows.saturating_sub(visible)).unwrap_or(0);
        self.held_scroll = self.held_scroll.min(self.held_max_scroll);
        let title = if self.held_scroll < self.held_max_scroll {
            tr!("privacy-held-more", title = tr!("privacy-held-title"))
        } else {
            tr!("privacy-held-title")
        };
        frame.render_widget(
            Paragraph::new(purposes)
                .wrap(Wrap { trim: false })
                .scroll((self.held_scroll, 0))
                .block(panel(title, theme)),
            held,
        );
        self.render_consents(frame, consents, theme);
        let mut lines = history;
        if let Some(result) = &self.result {
            lines.insert(0, Line::styled(sanitize_line(result), theme.key));
        }
        let block = panel(tr!("privacy-history-title"), theme);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            bottom,
        );
        if let Mode::FreshCode { prompt, .. } = &self.mode {
            prompt.render(frame, area, theme);
        }
    }
}
