//! The notification centre, opened from the dashboard with `n`: the
//! caller's notifications, newest first, unread ones marked by word.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{LoadState, Reaction, format_time, render_waiting, time_width};
use crate::domain::NotificationKind;
use crate::domain::text::sanitize_line;
use crate::store::notifications::NotificationRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, Notice, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

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
                    Some(_) => Reaction::handled().with_notice(Notice::info("Already read.")),
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
            ("↑ ↓ j k", "move"),
            ("Home End g G", "first, last notification"),
            ("PgUp PgDn", "move by a page"),
            ("Enter r", "mark the notification read"),
            ("R", "mark all read"),
            ("Esc", "back to the dashboard"),
        ]
    }

    /// Describes the centre for the plain mode: one notification a line,
    /// the selected one last.
    pub fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if self.state != LoadState::Ready {
            return None;
        }
        let mut view = PlainView::default();
        view.line(format!(
            "Notifications · {} unread of {}",
            self.unread(),
            self.records.len()
        ));
        if self.records.is_empty() {
            view.line("No notifications yet.");
        }
        let focused = self.list.selected().unwrap_or(0);
        let count = self.records.len();
        for (index, record) in self.records.iter().enumerate() {
            let kind = record.kind.parse::<NotificationKind>().map_or_else(
                |_| sanitize_line(&record.kind),
                |kind| kind.label().to_string(),
            );
            let label = format!(
                "{}: {}, {kind}, {}",
                sanitize_line(&record.title),
                sanitize_line(&record.body),
                format_time(clock, record.created_at)
            );
            let state = if record.read_at.is_none() {
                "new"
            } else {
                "read"
            };
            view.push_item(&label, state, index, count, index == focused);
        }
        Some(view)
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = format!(
            "Notifications · {} unread of {}",
            self.unread(),
            self.records.len()
        );
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.state == LoadState::Failed);
            return;
        }
        if self.records.is_empty() {
            frame.render_widget(
                Paragraph::new("No notifications yet.").style(theme.muted),
                inner,
            );
            return;
        }
        let rows = self.records.iter().map(|record| {
            let kind = record.kind.parse::<NotificationKind>().map_or_else(
                |_| sanitize_line(&record.kind),
                |kind| kind.label().to_string(),
            );
            let status = if record.read_at.is_none() {
                "● new"
            } else {
                ""
            };
            let text = format!(
                "{}: {}",
                sanitize_line(&record.title),
                sanitize_line(&record.body)
            );
            Row::new(vec![
                Cell::from(status),
                Cell::from(format_time(&theme.clock, record.created_at)),
                Cell::from(kind),
                Cell::from(text),
            ])
        });
        let widths = [
            Constraint::Length(6),
            Constraint::Length(time_width(&theme.clock)),
            Constraint::Length(14),
            Constraint::Fill(1),
        ];
        let header = Row::new(vec!["", "Time", "Kind", "Notification"]).style(theme.header);
        let table = Table::new(rows, widths).header(header);
        self.list.render_table(frame, inner, table, theme);
    }
}
