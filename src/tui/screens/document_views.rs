//! Drawing of the document detail view and the contracts tab of the
//! Documents screen. State and keys stay in [`super::documents`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{format_amount, format_size, format_time, kind_label};
use crate::domain::RequestNumber;
use crate::domain::text::sanitize_line;
use crate::service::contracts::ContractAction;
use crate::service::documents::DocumentDetail;
use crate::store::contracts::ContractRecord;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ListSelection, hanging, panel};

fn key_hint<'a>(theme: &Theme, pairs: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, text) in pairs {
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::styled(format!(" {text}  "), theme.muted));
    }
    Line::from(spans)
}

/// Draws every field of a document, its contract and requests, the
/// download commands and the start of its text.
pub fn render_detail(frame: &mut Frame, area: Rect, theme: &Theme, detail: &DocumentDetail) {
    let record = &detail.record;
    let amount = match (record.amount_cents, &record.currency) {
        (Some(cents), Some(currency)) => format_amount(cents, currency),
        (Some(cents), None) => format_amount(cents, ""),
        (None, _) => "none".to_string(),
    };
    let status_style = if record.status == "new" {
        theme.unread
    } else {
        Style::default()
    };

    let width = usize::from(area.width.saturating_sub(2));
    let field = |label: &str, value: String, style: Style| {
        hanging(&format!("{label:<14}"), theme.muted, &value, style, width)
    };
    let optional = |value: &Option<String>| {
        value
            .as_deref()
            .map_or_else(|| "none".to_string(), sanitize_line)
    };

    let contract = detail.contract.as_ref().map_or_else(
        || "none".to_string(),
        |contract| {
            format!(
                "{} {}: {}",
                sanitize_line(&contract.number),
                sanitize_line(&contract.product),
                contract.summary()
            )
        },
    );
    let requests = if detail.requests.is_empty() {
        "none".to_string()
    } else {
        detail
            .requests
            .iter()
            .map(|request| {
                format!(
                    "{} {} ({})",
                    RequestNumber::new(request.id, request.created_at),
                    sanitize_line(&request.subject),
                    sanitize_line(&request.state)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };

    let retention = match (&record.retention_until, record.legal_hold != 0) {
        (_, true) => "kept: under legal hold".to_string(),
        (Some(date), false) => format!("kept until {}", sanitize_line(date)),
        (None, false) => "kept until deleted by an operator".to_string(),
    };
    let mut lines: Vec<Line> = [
        field("Kind", kind_label(&record.kind), Style::default()),
        field("Title", sanitize_line(&record.title), theme.title),
        field(
            "Issue date",
            sanitize_line(&record.issue_date),
            Style::default(),
        ),
        field("Period", optional(&record.period), Style::default()),
        field("Amount", amount, Style::default()),
        field("Status", sanitize_line(&record.status), status_style),
        field("Size", format_size(record.size), Style::default()),
        field(
            "Content type",
            sanitize_line(&record.content_type),
            Style::default(),
        ),
        field("SHA-256", sanitize_line(&record.sha256), Style::default()),
        field(
            "Added",
            format_time(&theme.clock, record.created_at),
            Style::default(),
        ),
        field("Retention", retention, Style::default()),
        field("Contract", contract, Style::default()),
        field("Requests", requests, Style::default()),
        field(
            "Download",
            sanitize_line(&detail.sftp_command),
            Style::default(),
        ),
        field("or", sanitize_line(&detail.scp_command), Style::default()),
    ]
    .concat();

    let archive = if record.status == "archived" {
        ("a", "unarchive")
    } else {
        ("a", "archive")
    };
    lines.push(key_hint(
        theme,
        &[
            ("n", "new request about this document"),
            archive,
            ("Esc", "back"),
        ],
    ));

    lines.push(Line::default());
    lines.push(Line::styled("Text preview", theme.header));
    if detail.preview.is_empty() {
        lines.push(Line::styled(
            "No text could be read from this document.",
            theme.muted,
        ));
    } else {
        for line in detail.preview.lines() {
            lines.push(Line::from(sanitize_line(line)));
        }
    }

    let title = format!("Document: {}", sanitize_line(&record.title));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel(title, theme)),
        area,
    );
}

/// Draws the contracts tab: one row per contract with its summary.
pub fn render_contracts(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    contracts: &[ContractRecord],
    list: &mut ListSelection,
) {
    let block = panel(
        "Contracts · t, r or x opens a request about the chosen one",
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if contracts.is_empty() {
        frame.render_widget(Paragraph::new("No contracts.").style(theme.muted), inner);
        return;
    }
    let rows = contracts.iter().map(|contract| {
        let options = if contract.options.is_empty() {
            "no options".to_string()
        } else {
            sanitize_line(&contract.options)
        };
        let deadline = contract.next_deadline.as_deref().map_or_else(
            || "no deadline".to_string(),
            |date| {
                format!(
                    "{} by {}",
                    sanitize_line(&contract.deadline_label),
                    sanitize_line(date)
                )
            },
        );
        Row::new(vec![
            Cell::from(sanitize_line(&contract.number)),
            Cell::from(format!(
                "{} (since {})",
                sanitize_line(&contract.product),
                sanitize_line(&contract.start_date)
            )),
            Cell::from(contract.summary()),
            Cell::from(format!("{options}; next: {deadline}")),
        ])
    });
    let header =
        Row::new(["Number", "Offer", "Term", "Options and next deadline"]).style(theme.header);
    let widths = [
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Fill(2),
        Constraint::Fill(1),
    ];
    let [table_area, hint_area] =
        ratatui::layout::Layout::vertical([Constraint::Fill(1), Constraint::Length(1)])
            .areas(inner);
    list.render_table(
        frame,
        table_area,
        Table::new(rows, widths).header(header),
        theme,
    );
    let pairs: Vec<(&str, &str)> = ContractAction::ALL
        .iter()
        .map(|action| (action_key(*action), action.label()))
        .collect();
    frame.render_widget(Paragraph::new(key_hint(theme, &pairs)), hint_area);
}

/// Returns the key that starts a contract action.
pub fn action_key(action: ContractAction) -> &'static str {
    match action {
        ContractAction::Terminate => "t",
        ContractAction::Renew => "r",
        ContractAction::ChangeOfCircumstances => "x",
    }
}
