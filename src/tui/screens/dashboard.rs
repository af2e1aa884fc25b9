//! The dashboard: counts and short lists of what the caller should look at.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::agent_views::AgentView;
use super::document_views::calendar_date;
use super::notifications::NotificationCentre;
use super::{LoadState, Reaction, Screen, ScreenId, render_waiting, request_number, state_label};
use crate::domain::DocumentStatus;
use crate::domain::text::sanitize_line;
use crate::service::overview::{Dashboard, Deadline};
use crate::store::notifications::NotificationRecord;
use crate::store::requests::RequestRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{panel, plain_char, truncate_to_width, wrap_text};
use crate::tui::{CommandResult, Effect, KeyCode, KeyEvent, Load};

pub struct DashboardScreen {
    data: Option<Dashboard>,
    state: LoadState,
    staff: bool,
    /// The caller, whose requests the agent's queue counts as theirs.
    user_id: i64,
    /// The notification centre, while open.
    centre: Option<NotificationCentre>,
}

impl DashboardScreen {
    pub fn new(staff: bool, user_id: i64) -> DashboardScreen {
        DashboardScreen {
            data: None,
            state: LoadState::Loading,
            staff,
            user_id,
            centre: None,
        }
    }

    pub fn notifications_loaded(&mut self, records: Vec<NotificationRecord>) {
        if let Some(centre) = &mut self.centre {
            centre.loaded(records);
        }
    }

    pub fn loaded(&mut self, dashboard: Dashboard) {
        self.data = Some(dashboard);
        self.state = LoadState::Ready;
    }
}

/// Describes how far off a deadline is: "today", "in 1 day", "in 12 days".
fn days_phrase(days: i64) -> String {
    if days <= 0 {
        tr!("dashboard-today")
    } else {
        tr!("dashboard-in-days", count = days)
    }
}

fn deadline_line<'a>(deadline: &Deadline, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(
            format!(
                "{} ",
                tr!(
                    "dashboard-deadline-when",
                    when = days_phrase(deadline.days_left)
                )
            ),
            theme.warning,
        ),
        Span::raw(tr!(
            "dashboard-deadline",
            label = sanitize_line(&deadline.label),
            number = sanitize_line(&deadline.contract_number)
        )),
        Span::styled(
            format!(" ({})", calendar_date(&theme.clock, &deadline.date)),
            theme.muted,
        ),
    ])
}

/// The agent's views the dashboard counts, in the order it lists them.
const QUEUE_VIEWS: [AgentView; 4] = [
    AgentView::Overdue,
    AgentView::Unassigned,
    AgentView::Mine,
    AgentView::Waiting,
];

/// How many of the most urgent requests the agent's dashboard lists.
const URGENT_COUNT: usize = 8;

/// Counts the open requests of `queue` in each of [`QUEUE_VIEWS`].
fn queue_counts(queue: &[RequestRecord], user_id: i64) -> Vec<(AgentView, usize)> {
    QUEUE_VIEWS
        .iter()
        .map(|&view| {
            let count = queue
                .iter()
                .filter(|request| view.includes(request, user_id))
                .count();
            (view, count)
        })
        .collect()
}

/// Names an urgent request: its number, organisation and subject.
fn urgent_label(request: &RequestRecord) -> String {
    tr!(
        "dashboard-urgent-request",
        number = request_number(request.id, request.created_at),
        organisation = sanitize_line(&request.organisation_name),
        subject = sanitize_line(&request.subject)
    )
}

/// Returns the service-level words of a request, or its state when it has
/// no clock.
fn urgency_words(request: &RequestRecord) -> String {
    request
        .sla
        .map_or_else(|| state_label(&request.state), |sla| sla.words())
}

fn unread_messages(count: i64) -> String {
    tr!("dashboard-unread-messages", count = count)
}

fn unread_notifications(count: i64) -> String {
    tr!("dashboard-unread-notifications", count = count)
}

/// Returns the words for a stored document status, or the cleaned stored
/// value when it is unknown.
fn document_status(status: &str) -> String {
    match status.parse::<DocumentStatus>() {
        Ok(DocumentStatus::New) => tr!("dashboard-document-status-new"),
        Ok(DocumentStatus::Read) => tr!("dashboard-document-status-read"),
        Ok(DocumentStatus::Archived) => tr!("dashboard-document-status-archived"),
        Err(_) => sanitize_line(status),
    }
}

/// Returns the title of the open requests panel: agents see the requests
/// of every organisation.
fn open_requests_title(staff: bool, count: i64) -> String {
    if staff {
        tr!("dashboard-open-requests-all", count = count)
    } else {
        tr!("dashboard-open-requests", count = count)
    }
}

/// Returns the number of items a dashboard list numbers its `shown` items
/// against: the whole `total` the dashboard counted, or `shown` when the
/// count is lower because it was taken at another moment.
fn whole_count(shown: usize, total: i64) -> usize {
    usize::try_from(total).unwrap_or(0).max(shown)
}

/// Adds a line under a plain dashboard list that shows only `shown` of its
/// `count` items, with the count and the screen that lists them all.
fn push_partial(view: &mut PlainView, shown: usize, count: usize, screen: ScreenId) {
    if shown < count {
        view.line(tr!(
            "dashboard-plain-partial",
            shown = shown,
            count = count,
            key = screen.number()
        ));
    }
}

/// Returns the title of the documents panel, in its short form when the
/// full one is wider than `width`.
fn documents_title(data: &Dashboard, width: usize) -> String {
    let full = tr!(
        "dashboard-documents",
        count = data.document_count,
        new = data.new_document_count
    );
    if full.width() <= width {
        return full;
    }
    tr!(
        "dashboard-documents-short",
        count = data.document_count,
        new = data.new_document_count
    )
}

/// Builds the bottom line of unread messages and notifications, without
/// the key hints when they make it wider than `width`.
fn unread_line<'a>(data: &Dashboard, theme: &Theme, width: usize) -> Line<'a> {
    let mut counts = Vec::new();
    let mut hints = Vec::new();
    if data.unread_messages > 0 {
        let text = format!(" ● {}", unread_messages(data.unread_messages));
        counts.push(Span::styled(text, theme.unread));
        let hint = format!(" · {}", tr!("dashboard-messages-hint"));
        hints.push(Some(Span::styled(hint, theme.muted)));
    } else {
        let text = format!(" {}", tr!("dashboard-no-unread-messages"));
        counts.push(Span::styled(text, theme.muted));
        hints.push(None);
    }
    if data.unread_notifications > 0 {
        let text = format!(" · ● {}", unread_notifications(data.unread_notifications));
        counts.push(Span::styled(text, theme.unread));
        let hint = format!(" · {}", tr!("dashboard-notifications-hint"));
        hints.push(Some(Span::styled(hint, theme.muted)));
    } else {
        let text = format!(" · {}", tr!("dashboard-no-unread-notifications"));
        counts.push(Span::styled(text, theme.muted));
        hints.push(None);
    }

    let full: Vec<Span<'a>> = counts
        .iter()
        .cloned()
        .zip(hints)
        .flat_map(|(count, hint)| std::iter::once(count).chain(hint))
        .collect();
    let full_width: usize = full.iter().map(Span::width).sum();
    if full_width <= width {
        Line::from(full)
    } else {
        Line::from(counts)
    }
}

/// Draws a dashboard panel of `lines`, one item each, wrapped to the
/// panel. When the items do not all fit, or `total` counts more items than
/// `lines` has, the last row gives the number not shown and the `key` that
/// lists them all, so nothing is cut without a mark.
fn render_list_panel(
    frame: &mut Frame,
    area: Rect,
    title: String,
    lines: Vec<Line>,
    total: usize,
    key: &str,
    theme: &Theme,
) {
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let height = usize::from(area.height.saturating_sub(2));
    let rows = |line: &Line| {
        let text: String = line
            .spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect();
        wrap_text(&text, width).len().max(1)
    };
    let needed: usize = lines.iter().map(rows).sum();
    let listed = lines.len();
    let lines = if needed <= height && total <= listed {
        lines
    } else {
        let room = height.saturating_sub(1);
        let mut used = 0;
        let mut kept: Vec<Line> = lines
            .into_iter()
            .take_while(|line| {
                used += rows(line);
                used <= room
            })
            .collect();
        let hidden = total.max(listed).saturating_sub(kept.len());
        if hidden > 0 {
            kept.push(Line::styled(
                tr!("dashboard-more", count = hidden, key = key),
                theme.muted,
            ));
        }
        kept
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel(title, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// Draws the agent's top panels: the queue's counts by view, and the most
/// urgent requests with their service level, as the queue orders them.
fn render_queue(
    frame: &mut Frame,
    [counts_area, urgent_area]: [Rect; 2],
    data: &Dashboard,
    user_id: i64,
    theme: &Theme,
) {
    let fit = |area: Rect, text: String| {
        truncate_to_width(&text, usize::from(area.width.saturating_sub(2)))
    };
    let lines: Vec<Line> = queue_counts(&data.queue, user_id)
        .into_iter()
        .map(|(view, count)| {
            let style = if count > 0 && view == AgentView::Overdue {
                theme.warning
            } else {
                theme.base
            };
            Line::styled(
                tr!("dashboard-queue-count", view = view.label(), count = count),
                style,
            )
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel(fit(counts_area, tr!("dashboard-queue-title")), theme))
            .wrap(Wrap { trim: false }),
        counts_area,
    );

    let urgent = &data.queue[..data.queue.len().min(URGENT_COUNT)];
    let mut lines: Vec<Line> = urgent
        .iter()
        .map(|request| {
            let overdue = request.is_overdue();
            let style = if overdue { theme.warning } else { theme.muted };
            Line::from(vec![
                Span::styled(format!("{}  ", urgency_words(request)), style),
                Span::raw(urgent_label(request)),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(tr!("dashboard-urgent-none"), theme.muted));
    }
    let title = fit(
        urgent_area,
        tr!("dashboard-urgent-title", count = urgent.len()),
    );
    render_list_panel(frame, urgent_area, title, lines, urgent.len(), "3", theme);
}

impl Screen for DashboardScreen {
    fn view_name(&self) -> Option<String> {
        self.centre.as_ref().map(|_| tr!("dashboard-centre-name"))
    }

    fn show(&mut self) -> Vec<Effect> {
        if self.data.is_none() {
            self.state = LoadState::Loading;
        }
        let mut effects = vec![Effect::Load(Load::Dashboard)];
        if self.centre.is_some() {
            effects.push(Effect::Load(Load::Notifications));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if let Some(centre) = &mut self.centre {
            let reaction = centre.handle_key(key);
            if reaction.handled {
                return reaction;
            }
            if key.code == KeyCode::Esc {
                self.centre = None;
                return Reaction::load(Load::Dashboard);
            }
            return Reaction::ignored();
        }
        match plain_char(key) {
            Some('N') => {
                self.centre = Some(NotificationCentre::new());
                Reaction::load(Load::Notifications)
            }
            Some('n') => Reaction {
                handled: true,
                new_request: Some(None),
                ..Reaction::default()
            },
            _ => Reaction::ignored(),
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        match &mut self.centre {
            Some(centre) => centre.done(result),
            None => Reaction::ignored(),
        }
    }

    fn load_failed(&mut self) {
        if let Some(centre) = &mut self.centre {
            centre.load_failed();
        }
        if self.data.is_none() {
            self.state = LoadState::Failed;
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.centre.is_some() {
            return NotificationCentre::keys();
        }
        vec![
            ("N", "dashboard-key-notifications"),
            ("n", "dashboard-key-new-request"),
            ("2", "dashboard-key-documents"),
            ("3", "dashboard-key-requests"),
            ("4", "dashboard-key-messages"),
        ]
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        if let Some(centre) = &self.centre {
            return centre.plain_view(clock);
        }
        let data = self.data.as_ref()?;
        let mut view = PlainView::default();
        if let Some(title) = &data.newest_security_alert {
            view.line(tr!(
                "dashboard-plain-security-alert",
                title = sanitize_line(title),
                count = data.security_alerts
            ));
        }
        if self.staff {
            view.line(tr!("dashboard-queue-title"));
            for (agent_view, count) in queue_counts(&data.queue, self.user_id) {
                view.line(tr!(
                    "dashboard-queue-count",
                    view = agent_view.label(),
                    count = count
                ));
            }
            let urgent = &data.queue[..data.queue.len().min(URGENT_COUNT)];
            view.line(tr!("dashboard-urgent-title", count = urgent.len()));
            for (index, request) in urgent.iter().enumerate() {
                view.push_item(
                    &urgent_label(request),
                    &urgency_words(request),
                    index,
                    urgent.len(),
                    false,
                );
            }
        } else {
            view.line(tr!(
                "dashboard-active-contracts",
                count = data.active_contracts.len()
            ));
            let count = data.active_contracts.len();
            for (index, contract) in data.active_contracts.iter().enumerate() {
                let label = tr!(
                    "dashboard-plain-contract",
                    number = sanitize_line(&contract.number),
                    product = sanitize_line(&contract.product)
                );
                let state = tr!("dashboard-contract-active");
                view.push_item(&label, &state, index, count, false);
            }
            view.line(tr!("dashboard-deadlines", count = data.deadlines.len()));
            let count = data.deadlines.len();
            for (index, deadline) in data.deadlines.iter().enumerate() {
                let label = tr!(
                    "dashboard-plain-deadline",
                    label = sanitize_line(&deadline.label),
                    number = sanitize_line(&deadline.contract_number),
                    date = calendar_date(clock, &deadline.date)
                );
                view.push_item(
                    &label,
                    &days_phrase(deadline.days_left),
                    index,
                    count,
                    false,
                );
            }
        }
        view.line(tr!(
            "dashboard-documents",
            count = data.document_count,
            new = data.new_document_count
        ));
        let shown = data.recent_documents.len();
        let count = whole_count(shown, data.document_count);
        for (index, document) in data.recent_documents.iter().enumerate() {
            let label = format!(
                "{}, {}",
                sanitize_line(&document.title),
                calendar_date(clock, &document.issue_date)
            );
            view.push_item(
                &label,
                &document_status(&document.status),
                index,
                count,
                false,
            );
        }
        push_partial(&mut view, shown, count, ScreenId::Documents);
        view.line(open_requests_title(self.staff, data.open_request_count));
        let shown = data.open_requests.len();
        let count = whole_count(shown, data.open_request_count);
        for (index, request) in data.open_requests.iter().enumerate() {
            let organisation = if self.staff {
                format!(", {}", sanitize_line(&request.organisation_name))
            } else {
                String::new()
            };
            let label = format!(
                "{} {}{organisation}",
                request_number(request.id, request.created_at),
                sanitize_line(&request.subject)
            );
            view.push_item(&label, &state_label(&request.state), index, count, false);
        }
        push_partial(&mut view, shown, count, ScreenId::Requests);
        view.line(tr!(
            "dashboard-plain-unread",
            messages = unread_messages(data.unread_messages),
            notifications = unread_notifications(data.unread_notifications)
        ));
        Some(view)
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some(centre) = &mut self.centre {
            centre.render(frame, area, theme);
            return;
        }
        let Some(data) = &self.data else {
            render_waiting(frame, area, theme, self.state == LoadState::Failed);
            return;
        };

        let alert_rows = u16::from(data.security_alerts > 0);
        let [alert_area, top, bottom, footer] = Layout::vertical([
            Constraint::Length(alert_rows),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        if let Some(title) = &data.newest_security_alert {
            let title = sanitize_line(title);
            let alert = match data.security_alerts {
                0 | 1 => tr!("dashboard-security-alert", title = title),
                count => tr!(
                    "dashboard-security-alert-more",
                    title = title,
                    more = count - 1
                ),
            };
            let alert = Span::styled(format!(" ! {alert}"), theme.unread);
            let hint = Span::styled(
                format!(" · {}", tr!("dashboard-security-alert-hint")),
                theme.muted,
            );
            // The hint goes when it does not fit, so the alert reads whole.
            let alert = if alert.width() + hint.width() <= usize::from(alert_area.width) {
                Line::from(vec![alert, hint])
            } else {
                Line::from(alert)
            };
            frame.render_widget(Paragraph::new(alert), alert_area);
        }
        let [contracts_area, deadlines_area] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(top);
        let [documents_area, requests_area] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(bottom);
        let fit = |area: Rect, text: String| {
            truncate_to_width(&text, usize::from(area.width.saturating_sub(2)))
        };

        if self.staff {
            render_queue(
                frame,
                [contracts_area, deadlines_area],
                data,
                self.user_id,
                theme,
            );
        } else {
            // Active contracts with their product.
            let mut lines: Vec<Line> = data
                .active_contracts
                .iter()
                .map(|contract| {
                    Line::from(vec![
                        Span::styled(sanitize_line(&contract.number), theme.key),
                        Span::raw(format!("  {}", sanitize_line(&contract.product))),
                    ])
                })
                .collect();
            if lines.is_empty() {
                lines.push(Line::styled(tr!("dashboard-no-contract"), theme.muted));
            }
            let title = fit(
                contracts_area,
                tr!(
                    "dashboard-active-contracts",
                    count = data.active_contracts.len()
                ),
            );
            let total = data.active_contracts.len();
            render_list_panel(frame, contracts_area, title, lines, total, "2 c", theme);

            // Upcoming deadlines, soonest first.
            let mut lines: Vec<Line> = data
                .deadlines
                .iter()
                .map(|deadline| deadline_line(deadline, theme))
                .collect();
            if lines.is_empty() {
                lines.push(Line::styled(tr!("dashboard-no-deadline"), theme.muted));
            }
            let title = fit(
                deadlines_area,
                tr!("dashboard-deadlines", count = data.deadlines.len()),
            );
            let total = data.deadlines.len();
            render_list_panel(frame, deadlines_area, title, lines, total, "2 c", theme);
        }

        // Recent documents, new ones marked by word.
        let mut lines: Vec<Line> = data
            .recent_documents
            .iter()
            .map(|document| {
                let mut spans = vec![Span::styled(
                    format!("{}  ", calendar_date(&theme.clock, &document.issue_date)),
                    theme.muted,
                )];
                if document.status == "new" {
                    spans.push(Span::styled(
                        format!("{} ", tr!("dashboard-document-new")),
                        theme.unread,
                    ));
                }
                spans.push(Span::raw(sanitize_line(&document.title)));
                Line::from(spans)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(tr!("dashboard-no-document"), theme.muted));
        }
        let title = fit(
            documents_area,
            documents_title(data, usize::from(documents_area.width.saturating_sub(2))),
        );
        let total = usize::try_from(data.document_count).unwrap_or(usize::MAX);
        render_list_panel(frame, documents_area, title, lines, total, "2", theme);

        // Open requests with their status words; staff also see the organisation.
        let mut lines: Vec<Line> = data
            .open_requests
            .iter()
            .map(|request| {
                let mut spans = vec![
                    Span::styled(request_number(request.id, request.created_at), theme.key),
                    Span::raw("  "),
                    Span::styled(state_label(&request.state), theme.warning),
                    Span::raw("  "),
                ];
                if self.staff {
                    spans.push(Span::styled(
                        format!(
                            "{} ",
                            tr!(
                                "dashboard-request-organisation",
                                organisation = sanitize_line(&request.organisation_name)
                            )
                        ),
                        theme.muted,
                    ));
                }
                spans.push(Span::raw(sanitize_line(&request.subject)));
                Line::from(spans)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(tr!("dashboard-no-request"), theme.muted));
        }
        let title = fit(
            requests_area,
            open_requests_title(self.staff, data.open_request_count),
        );
        let total = usize::try_from(data.open_request_count).unwrap_or(usize::MAX);
        render_list_panel(frame, requests_area, title, lines, total, "3", theme);

        // Unread messages and notifications.
        let line = unread_line(data, theme, usize::from(footer.width));
        frame.render_widget(Paragraph::new(line), footer);
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Role;
    use crate::domain::regional::{DateFormat, Language, Regional};
    use crate::service::overview::{Dashboard, Deadline};
    use crate::store::contracts::ContractRecord;
    use crate::store::notifications::NotificationRecord;
    use crate::tui::screens::fixtures::{
        MARCH_FIRST, app, assert_french, char_key, document, draw, french_app, in_french, plain,
        principal, request, row_with, theme,
    };
    use crate::tui::{App, CommandResult, Event, Loaded, StartMode};

    fn dashboard() -> Dashboard {
        Dashboard {
            active_contracts: vec![ContractRecord {
                id: 1,
                organisation_id: 1,
                number: "NW-C-1002".to_string(),
                product: "Fibre 1G".to_string(),
                status: "active".to_string(),
                start_date: "2025-01-01".to_string(),
                end_date: None,
                notice_days: 30,
                next_deadline: Some("2026-03-13".to_string()),
                deadline_label: "Annual usage review".to_string(),
                auto_renew: 1,
                options: String::new(),
            }],
            recent_documents: vec![document(1, "invoice", "Invoice February", "new")],
            document_count: 14,
            new_document_count: 3,
            open_requests: vec![request(123, "Invoice too high", "missing-document", 0, 1)],
            open_request_count: 1,
            unread_messages: 2,
            unread_notifications: 0,
            deadlines: vec![Deadline {
                date: "2026-03-13".to_string(),
                days_left: 12,
                label: "Annual usage review".to_string(),
                contract_number: "NW-C-1002".to_string(),
            }],
            security_alerts: 0,
            newest_security_alert: None,
            queue: Vec::new(),
        }
    }

    /// Builds an agent's dashboard data: one overdue request assigned to the
    /// agent, one unassigned with time left, one waiting on the customer.
    fn agent_dashboard(agent_id: i64) -> Dashboard {
        use crate::domain::sla::{Clock, SlaStatus};
        let clock = |used: i64| Clock {
            target: 4 * 3600,
            used,
            stopped: false,
            paused: false,
        };
        let sla = |used: i64| SlaStatus {
            first_response: clock(used),
            resolution: clock(used),
        };
        let mut overdue = request(5, "Router keeps rebooting", "received", 0, 1);
        overdue.sla = Some(sla(5 * 3600));
        overdue.assignee_id = Some(agent_id);
        let mut fresh = request(6, "Invoice charged twice", "under-review", 0, 1);
        fresh.sla = Some(sla(3600));
        let waiting = request(7, "Receipt needed", "missing-document", 0, 1);
        Dashboard {
            queue: vec![overdue, fresh, waiting],
            active_contracts: Vec::new(),
            deadlines: Vec::new(),
            ..dashboard()
        }
    }

    #[test]
    fn agent_dashboard_shows_queue_not_contracts() {
        let agent = principal(Role::Agent);
        let agent_id = agent.user_id;
        let (mut app, _) = App::new(agent, theme(), StartMode::Dashboard, 100, 24);
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(agent_dashboard(
            agent_id,
        )))));
        for (cols, rows) in [(100, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            assert!(!screen.contains("Active contracts"), "{screen}");
            assert!(screen.contains("Your queue"), "{screen}");
            assert!(screen.contains("Overdue: 1"), "{screen}");
            assert!(screen.contains("Unassigned: 2"), "{screen}");
            assert!(screen.contains("Mine: 1"), "{screen}");
        }
        let screen = draw(&mut app, 120, 30);
        assert!(screen.contains("Most urgent: 3"), "{screen}");
        let row = row_with(&screen, "R-2026-000005").expect("urgent row");
        assert!(row.contains("overdue by 1h 00m"), "{row}");
        assert!(row.contains("Northwind Ltd: Router keeps"), "{row}");
    }

    #[test]
    fn cut_panels_say_how_many_more() {
        let mut data = dashboard();
        data.open_requests = (1..=5)
            .map(|id| request(id, "Invoice too high", "under-review", 0, 1))
            .collect();
        data.open_request_count = 9;
        data.recent_documents = (1..=5)
            .map(|id| document(id, "invoice", "Invoice February", "new"))
            .collect();
        let mut app = app();
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(data))));

        // At 60x16 a panel has room for a few rows, and the last gives the
        // number left out.
        let screen = draw(&mut app, 60, 16);
        assert!(screen.contains("▼"), "{screen}");
        assert!(screen.contains("more · 3 for all"), "{screen}");
        assert!(screen.contains("more · 2 for all"), "{screen}");

        // With room for every listed item, the requests panel still counts
        // the four open requests it does not list. The documents panel lists
        // 5 of its 14 and counts the other 9.
        let screen = draw(&mut app, 120, 40);
        assert!(screen.contains("▼ 4 more · 3 for all"), "{screen}");
        assert!(screen.contains("▼ 9 more · 2 for all"), "{screen}");
    }

    #[test]
    fn plain_agent_dashboard_reads_queue() {
        let agent = principal(Role::Agent);
        let agent_id = agent.user_id;
        let (mut app, _) = App::new(agent, theme(), StartMode::Dashboard, 100, 24);
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(agent_dashboard(
            agent_id,
        )))));
        let mut client = crate::tui::display::ClientTerminal::default();
        client.set_variable("PORTICO_MODE", "plain");
        app.set_display(crate::tui::display::SessionDisplay {
            client,
            ..Default::default()
        });
        let text = draw(&mut app, 300, 60);
        assert!(text.contains("Your queue"), "{text}");
        assert!(text.contains("Waiting on customer: 1"), "{text}");
        assert!(
            text.contains("R-2026-000005 Northwind Ltd: Router keeps rebooting, reply: overdue by 1h 00m, 1\u{a0}of\u{a0}3"),
            "{text}"
        );
        assert!(!text.contains("Active contracts"), "{text}");

        let mut app = in_french(app, false);
        let screen = draw(&mut app, 100, 24);
        assert_french(
            &screen,
            &[
                "Votre file · 3 pour la traiter",
                "Les plus urgentes\u{a0}: 3",
            ],
            &["Your queue", "Most urgent"],
        );
    }

    #[test]
    fn dashboard_shows_security_alert() {
        let mut alerted = app();
        let mut data = dashboard();
        data.security_alerts = 2;
        data.newest_security_alert = Some("Login from a new place\u{1b}[31m".to_string());
        alerted.handle(Event::Loaded(Loaded::Dashboard(Box::new(data))));
        let screen = draw(&mut alerted, 100, 24);
        assert!(
            screen.contains("Security alert: Login from a new place"),
            "{screen}"
        );
        assert!(screen.contains("(and 1 more)"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "{screen}");

        let mut quiet = app();
        quiet.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
        assert!(!draw(&mut quiet, 100, 24).contains("Security alert"));
    }

    #[test]
    fn dashboard_shows_counts_and_deadlines() {
        let mut app = app();
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
        let screen = draw(&mut app, 100, 24);
        for text in [
            "Active contracts: 1",
            "NW-C-1002  Fibre 1G",
            "in 12 days: Annual usage review, contract NW-C-1002",
            "Documents: 14, 3 new",
            "Missing document",
            "2 unread messages",
        ] {
            assert!(screen.contains(text), "{text} missing: {screen}");
        }
    }

    #[test]
    fn staff_dashboard_names_organisations() {
        let (mut app, _) = App::new(
            principal(Role::Agent),
            theme(),
            StartMode::Dashboard,
            100,
            24,
        );
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
        let screen = draw(&mut app, 100, 24);
        assert!(
            screen.contains("Open requests of all organisations: 1"),
            "{screen}"
        );
        assert!(screen.contains("Northwind Ltd: Invoice"), "{screen}");
    }

    #[test]
    fn dashboard_in_french() {
        let mut app = french_app(false);
        let mut data = dashboard();
        data.security_alerts = 2;
        data.newest_security_alert = Some("Connexion depuis un nouvel endroit".to_string());
        data.unread_notifications = 1;
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(data))));
        let screen = draw(&mut app, 120, 24);
        assert_french(
            &screen,
            &[
                "Alerte de sécurité\u{a0}: Connexion depuis un nouvel endroit (et 1 autre)",
                "touche 6 pour l’historique des connexions",
                "Contrats actifs\u{a0}: 1",
                "Échéances à venir\u{a0}: 1",
                "dans 12 jours\u{a0}: Annual usage review, contrat NW-C-1002",
                "Documents\u{a0}: 14, dont 3 nouveaux",
                "nouveau Invoice February",
                "Demandes en cours\u{a0}: 1",
                "Document manquant",
                "2 messages non lus",
                "touche 4 pour les lire",
                "1 notification non lue",
            ],
            &[
                "Security alert",
                "Active contracts",
                "Upcoming deadlines",
                "in 12 days",
                "Open requests",
                "Missing document",
                "unread",
                "press",
            ],
        );

        for (cols, rows) in [(80, 24), (60, 16)] {
            let screen = draw(&mut app, cols, rows);
            assert!(screen.contains("Contrats actifs"), "{screen}");
            let tabs = row_with(&screen, "[1 Tableau de bord]").expect("tab bar");
            assert!(tabs.contains(" 6 "), "{tabs}");
        }
    }

    #[test]
    fn empty_dashboard_in_french() {
        let mut app = french_app(false);
        app.handle(Event::Loaded(Loaded::Dashboard(Box::default())));
        let screen = draw(&mut app, 120, 24);
        assert_french(
            &screen,
            &[
                "Aucun contrat actif.",
                "Aucune échéance dans les prochains mois.",
                "Aucun document pour l’instant.",
                "Aucune demande en cours.",
                "Aucun message non lu",
                "Aucune notification non lue (N)",
            ],
            &["No active contract", "none unread", "No document"],
        );
    }

    #[test]
    fn staff_dashboard_in_french() {
        let (app, _) = App::new(
            principal(Role::Agent),
            theme(),
            StartMode::Dashboard,
            120,
            24,
        );
        let mut app = in_french(app, false);
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
        let screen = draw(&mut app, 120, 24);
        assert_french(
            &screen,
            &[
                "Demandes en cours, toutes organisations\u{a0}: 1",
                "Northwind Ltd\u{a0}: Invoice",
                "· agent",
            ],
            &["of all organisations"],
        );
    }

    #[test]
    fn plain_dashboard_in_french() {
        let mut app = french_app(true);
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
        let screen = draw(&mut app, 300, 60);
        assert_french(
            &screen,
            &[
                "Tableau de bord, écran 1\u{a0}sur\u{a0}6",
                "Contrats actifs\u{a0}: 1",
                "Contrat NW-C-1002, Fibre 1G, actif, 1\u{a0}sur\u{a0}1",
                "Annual usage review, contrat NW-C-1002, 2026-03-13, dans 12 jours, 1\u{a0}sur\u{a0}1",
                "Documents\u{a0}: 14, dont 3 nouveaux",
                "Invoice February, 2026-02-01, nouveau, 1\u{a0}sur\u{a0}14",
                "Liste partielle\u{a0}: 1 sur 14\u{a0}; 2 pour tout voir.",
                "Demandes en cours\u{a0}: 1",
                "Document manquant, 1\u{a0}sur\u{a0}1",
                "Messages\u{a0}: 2 messages non lus\u{a0}; notifications\u{a0}: 0 notification non lue",
            ],
            &["Active contracts", "contract", " of ", "unread", "Missing"],
        );
    }

    #[test]
    fn plain_lists_number_against_whole_count() {
        let mut data = dashboard();
        data.open_requests = (1..=5)
            .map(|id| request(id, "Invoice too high", "under-review", 0, 1))
            .collect();
        data.open_request_count = 6;
        let mut app = plain(app());
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(data))));
        let screen = draw(&mut app, 300, 60);
        let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();

        assert!(lines.contains(&"Open requests: 6"), "{screen}");
        for number in 1..=5 {
            let item = format!("Under review, {number}\u{a0}of\u{a0}6");
            assert!(
                lines.iter().any(|line| line.ends_with(&item)),
                "{item} missing:\n{screen}"
            );
        }
        assert!(!screen.contains("\u{a0}of\u{a0}5"), "{screen}");
        let last_request = lines
            .iter()
            .position(|line| line.ends_with("Under review, 5\u{a0}of\u{a0}6"))
            .unwrap_or_default();
        assert_eq!(
            lines.get(last_request + 1).copied(),
            Some("Partial list: 5 of 6 shown; press 3 for all."),
            "{screen}"
        );

        assert!(
            lines
                .iter()
                .any(|line| line.ends_with("Invoice February, 2026-02-01, new, 1\u{a0}of\u{a0}14")),
            "{screen}"
        );
        assert!(
            lines.contains(&"Partial list: 1 of 14 shown; press 2 for all."),
            "{screen}"
        );
    }

    #[test]
    fn plain_whole_list_has_no_partial_line() {
        let mut data = dashboard();
        data.document_count = 1;
        let mut app = plain(app());
        app.handle(Event::Loaded(Loaded::Dashboard(Box::new(data))));
        let screen = draw(&mut app, 300, 60);
        assert!(!screen.contains("Partial list"), "{screen}");
        assert!(
            screen.contains("Missing document, 1\u{a0}of\u{a0}1"),
            "{screen}"
        );
    }

    fn notification(id: i64, kind: &str, read: bool) -> NotificationRecord {
        NotificationRecord {
            id,
            kind: kind.to_string(),
            title: "Request R-2026-000123".to_string(),
            body: "Answered".to_string(),
            link: String::new(),
            created_at: MARCH_FIRST,
            read_at: read.then_some(MARCH_FIRST),
        }
    }

    #[test]
    fn notification_centre_in_french() {
        let mut app = french_app(false);
        app.handle(char_key('N'));
        app.handle(Event::Loaded(Loaded::Notifications(vec![
            notification(1, "security-alert", false),
            notification(2, "status-change", true),
        ])));
        let screen = draw(&mut app, 80, 24);
        assert_french(
            &screen,
            &[
                "Notifications · 1 non lue sur 2",
                "● nouvelle",
                "Heure",
                "Type",
                "Alerte de sécurité",
                "Changement d’état",
            ],
            &["unread of", "● new", "Time", "Kind", "Security alert"],
        );
        let narrow = draw(&mut app, 60, 16);
        let row = row_with(&narrow, "● nouvelle").expect("unread row");
        assert!(row.contains("Alerte de sécu"), "{narrow}");
        assert!(row.contains("Request"), "the text has no room: {narrow}");

        app.handle(char_key('?'));
        let help = draw(&mut app, 80, 24);
        assert_french(
            &help,
            &[
                "marquer la notification comme lue",
                "retour au tableau de bord",
            ],
            &["mark all read", "back to the dashboard"],
        );
        app.handle(char_key('?'));

        app.handle(crate::tui::screens::fixtures::key(
            crate::tui::KeyCode::Down,
        ));
        app.handle(char_key('r'));
        assert!(draw(&mut app, 80, 24).contains("Déjà lue."));

        app.handle(Event::Done(CommandResult::NotificationsChanged {
            message: "Marquée comme lue.".to_string(),
        }));
        assert!(draw(&mut app, 80, 24).contains("Marquée comme lue."));

        let plain = french_app(true);
        let mut plain = plain;
        plain.handle(char_key('N'));
        plain.handle(Event::Loaded(Loaded::Notifications(vec![notification(
            1, "deadline", false,
        )])));
        let screen = draw(&mut plain, 300, 60);
        assert_french(
            &screen,
            &[
                "Notifications · 1 non lue sur 1",
                "Request R-2026-000123\u{a0}: Answered, Échéance, 2026-03-01 12:00 UTC, nouvelle, 1\u{a0}sur\u{a0}1",
            ],
            &["Deadline", "\u{a0}of\u{a0}1"],
        );
    }

    /// Sets the language and date format of `app`, as saving the regional
    /// settings does.
    fn set_regional(app: &mut App, language: Language, date_format: DateFormat) {
        app.handle(Event::Done(CommandResult::RegionalSaved(Regional {
            language: Some(language),
            date_format,
            ..Regional::default()
        })));
    }

    #[test]
    fn dashboard_dates_follow_date_format() {
        for (language, deadline, document) in [
            (
                Language::English,
                "Annual usage review, contract NW-C-1002, 13.03.2026, in 12 days",
                "Invoice February, 01.02.2026, new",
            ),
            (
                Language::French,
                "Annual usage review, contrat NW-C-1002, 13.03.2026, dans 12 jours",
                "Invoice February, 01.02.2026, nouveau",
            ),
        ] {
            let mut plain_app = plain(app());
            set_regional(&mut plain_app, language, DateFormat::Dotted);
            plain_app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
            let screen = draw(&mut plain_app, 300, 60);
            assert!(screen.contains(deadline), "{language:?}: {screen}");
            assert!(screen.contains(document), "{language:?}: {screen}");
            assert!(!screen.contains("2026-03-13"), "{language:?}: {screen}");
            assert!(!screen.contains("2026-02-01"), "{language:?}: {screen}");

            let mut normal = app();
            set_regional(&mut normal, language, DateFormat::Dotted);
            normal.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
            let screen = draw(&mut normal, 120, 30);
            assert!(screen.contains("(13.03.2026)"), "{language:?}: {screen}");
            assert!(screen.contains("01.02.2026  "), "{language:?}: {screen}");
            assert!(!screen.contains("2026-03-13"), "{language:?}: {screen}");
        }
    }

    #[test]
    fn plain_heading_names_notification_centre() {
        for (language, heading, screen_heading) in [
            (
                Language::English,
                "Notifications, in Dashboard, screen 1\u{a0}of\u{a0}6. ? keys, : actions",
                "Dashboard, screen 1\u{a0}of\u{a0}6. ? keys, : actions",
            ),
            (
                Language::French,
                "Notifications, dans Tableau de bord, écran 1\u{a0}sur\u{a0}6. ? touches, : actions",
                "Tableau de bord, écran 1\u{a0}sur\u{a0}6. ? touches, : actions",
            ),
        ] {
            let mut app = plain(app());
            set_regional(&mut app, language, DateFormat::Iso);
            app.handle(Event::Loaded(Loaded::Dashboard(Box::new(dashboard()))));
            app.handle(char_key('N'));
            app.handle(Event::Loaded(Loaded::Notifications(vec![notification(
                1, "deadline", false,
            )])));
            let screen = draw(&mut app, 300, 60);
            let first = screen.lines().next().unwrap_or_default().trim_end();
            assert_eq!(first, heading, "{language:?}");

            app.handle(crate::tui::screens::fixtures::key(crate::tui::KeyCode::Esc));
            let screen = draw(&mut app, 300, 60);
            let first = screen.lines().next().unwrap_or_default().trim_end();
            assert_eq!(first, screen_heading, "{language:?}");
        }
    }
}
