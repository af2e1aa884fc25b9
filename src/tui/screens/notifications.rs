//! The notification centre, opened from the dashboard with `n`: the
//! caller's notifications, newest first, unread ones marked by word.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{LoadState, Reaction, format_time, render_waiting, time_width};
use crate::domain::NotificationKind;
use crate::domain::text::sanitize_line;
use crate::store::notifications::NotificationRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, Notice, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// The kind column of the centre may be cut to this width, in columns,
/// when the window is narrow.
const MIN_KIND_WIDTH: usize = 14;

/// Returns the screen name of a stored notification kind, or the cleaned
/// stored name when it is unknown.
pub fn kind_label(kind: &str) -> String {
    let Ok(kind) = kind.parse::<NotificationKind>() else {
        return sanitize_line(kind);
    };
    match kind {
        NotificationKind::StatusChange => tr!("dashboard-kind-status-change"),
        NotificationKind::NewMessage => tr!("dashboard-kind-new-message"),
        NotificationKind::NewDocument => tr!("dashboard-kind-new-document"),
        NotificationKind::Deadline => tr!("dashboard-kind-deadline"),
        NotificationKind::SecurityAlert => tr!("dashboard-kind-security-alert"),
    }
}

/// Returns a notification's title and body, cleaned, on one line.
fn notification_text(record: &NotificationRecord) -> String {
    tr!(
        "dashboard-notification-text",
        title = sanitize_line(&record.title),
        body = sanitize_line(&record.body)
    )
}

pub struct NotificationCentre {
    records: Vec<NotificationRecord>,
    state: LoadState,
    list: ListSelection,
}

impl Default for NotificationCentre {
    fn default() -> Self {
        NotificationCentre::new()
    }
}

impl NotificationCentre {
    pub fn new() -> NotificationCentre {
        NotificationCentre {
            records: Vec::new(),
            state: LoadState::Loading,
            list: ListSelection::new(),
        }
    }

    pub fn loaded(&mut self, records: Vec<NotificationRecord>) {
        self.records = records;
        self.state = LoadState::Ready;
        self.list.set_len(self.records.len());
    }

    pub fn load_failed(&mut self) {
        if self.records.is_empty() {
            self.state = LoadState::Failed;
        }
    }

    fn unread(&self) -> usize {
        self.records
            .iter()
            .filter(|record| record.read_at.is_none())
            .count()
    }

    /// Returns the title with the unread and total counts.
    fn title(&self) -> String {
        tr!(
            "dashboard-centre-title",
            unread = self.unread(),
            count = self.records.len()
        )
    }

    /// Handles a key; Esc is left to the dashboard, which closes the centre.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.list.handle_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key)) {
            (KeyCode::Enter, _) | (_, Some('r')) => {
                let selected = self
                    .list
                    .selected()
                    .and_then(|index| self.records.get(index));
                match selected {
                    Some(record) if record.read_at.is_none() => {
                        let command = Command::MarkNotificationRead { id: record.id };
                        Reaction::handled().with_effect(Effect::Run(command))
                    }
                    Some(_) => {
                        Reaction::handled().with_notice(Notice::info(tr!("dashboard-already-read")))
                    }
                    None => Reaction::handled(),
                }
            }
            (_, Some('R')) => {
                Reaction::handled().with_effect(Effect::Run(Command::MarkAllNotificationsRead))
            }
            _ => Reaction::ignored(),
        }
    }

    pub fn done(&mut self, result: &CommandResult) -> Reaction {
        match result {
            CommandResult::NotificationsChanged { message } => Reaction::load(Load::Notifications)
                .with_effect(Effect::Load(Load::Dashboard))
                .with_notice(Notice::ok(sanitize_line(message))),
            _ => Reaction::ignored(),
        }
    }

    pub fn keys() -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑ ↓ j k", "common-move"),
            ("Home End g G", "dashboard-key-first-last"),
            ("PgUp PgDn", "common-move-page"),
            ("Enter r", "dashboard-key-mark-read"),
            ("R", "dashboard-key-mark-all-read"),
            ("Esc", "dashboard-key-back"),
        ]
    }

    /// Describes the centre for the plain mode: one notification a line,
    /// the selected one last.
    pub fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if self.state != LoadState::Ready {
            return None;
        }
        let mut view = PlainView::default();
        view.heading(self.title());
        if self.records.is_empty() {
            view.line(tr!("dashboard-no-notifications"));
        }
        let focused = self.list.selected().unwrap_or(0);
        let count = self.records.len();
        for (index, record) in self.records.iter().enumerate() {
            let kind = kind_label(&record.kind);
            let label = format!(
                "{}, {kind}, {}",
                notification_text(record),
                format_time(clock, record.created_at)
            );
            let state = if record.read_at.is_none() {
                tr!("dashboard-notification-new")
            } else {
                tr!("dashboard-notification-read")
            };
            view.push_item(&label, &state, index, count, index == focused);
        }
        Some(view)
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(self.title(), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        if self.records.is_empty() {
            frame.render_widget(
                Paragraph::new(tr!("dashboard-no-notifications")).style(theme.muted),
                inner,
            );
            return;
        }
        let new_mark = format!("● {}", tr!("dashboard-notification-new"));
        let kinds: Vec<String> = self
            .records
            .iter()
            .map(|record| kind_label(&record.kind))
            .collect();
        let header = [
            String::new(),
            tr!("dashboard-column-time"),
            tr!("dashboard-column-kind"),
            tr!("dashboard-column-notification"),
        ];
        // The status and kind columns are as wide as their longest text in
        // the current language. The kind column is cut to two fifths of the
        // room the time and status leave, or to MIN_KIND_WIDTH if that is
        // wider, so the notification's text keeps some room.
        let status_width = new_mark.width() + 1;
        let time_columns = time_width(&theme.clock);
        let room =
            usize::from(inner.width).saturating_sub(status_width + usize::from(time_columns) + 2);
        let kind_width = kinds
            .iter()
            .chain(header.get(2))
            .map(|text| text.width())
            .max()
            .unwrap_or(0)
            .min((room * 2 / 5).max(MIN_KIND_WIDTH));
        let rows = self.records.iter().zip(kinds).map(|(record, kind)| {
            let status = if record.read_at.is_none() {
                new_mark.clone()
            } else {
                String::new()
            };
            let text = notification_text(record);
            Row::new(vec![
                Cell::from(status),
                Cell::from(format_time(&theme.clock, record.created_at)),
                Cell::from(kind),
                Cell::from(text),
            ])
        });
        let widths = [
            Constraint::Length(u16::try_from(status_width).unwrap_or(u16::MAX)),
            Constraint::Length(time_columns),
            Constraint::Length(u16::try_from(kind_width).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ];
        let header = Row::new(header).style(theme.header);
        let table = Table::new(rows, widths).header(header);
        self.list.render_table(frame, inner, table, theme);
    }
}
