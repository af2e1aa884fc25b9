//! Drawing of the document detail view and the contracts tab of the
//! Documents screen. State and keys stay in [`super::documents`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{format_amount, format_size, format_time, kind_label};
use crate::domain::RequestNumber;
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::service::contracts::ContractAction;
use crate::service::documents::DocumentDetail;
use crate::store::contracts::ContractRecord;
use crate::tui::plain::PlainView;
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

/// Returns every field of a document as label and value: its facts, its
/// contract and requests, and the download commands.
fn detail_fields(detail: &DocumentDetail, clock: &Regional) -> Vec<(&'static str, String)> {
    let record = &detail.record;
    let amount = match (record.amount_cents, &record.currency) {
        (Some(cents), Some(currency)) => format_amount(cents, currency),
        (Some(cents), None) => format_amount(cents, ""),
        (None, _) => "none".to_string(),
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
    vec![
        ("Kind", kind_label(&record.kind)),
        ("Title", sanitize_line(&record.title)),
        ("Issue date", sanitize_line(&record.issue_date)),
        ("Period", optional(&record.period)),
        ("Amount", amount),
        ("Status", sanitize_line(&record.status)),
        ("Size", format_size(record.size)),
        ("Content type", sanitize_line(&record.content_type)),
        ("SHA-256", sanitize_line(&record.sha256)),
        ("Added", format_time(clock, record.created_at)),
        ("Retention", retention),
        ("Contract", contract),
        ("Requests", requests),
        ("Download", sanitize_line(&detail.sftp_command)),
        ("or", sanitize_line(&detail.scp_command)),
    ]
}

/// Describes a document for the plain mode: one field a line, then the
/// text preview.
pub fn plain_detail(detail: &DocumentDetail, clock: &Regional) -> PlainView {
    let mut view = PlainView::default();
    view.line(format!("Document: {}", sanitize_line(&detail.record.title)));
    for (label, value) in detail_fields(detail, clock) {
        view.line(format!("{label}: {value}"));
    }
    view.line("Text preview");
    if detail.preview.is_empty() {
        view.line("No text could be read from this document.");
    }
    for line in detail.preview.lines() {
        view.line(sanitize_line(line));
    }
    view
}

/// Describes the contracts for the plain mode: one contract a line with
/// its term, options and next deadline, the selected one last.
pub fn plain_contracts(contracts: &[ContractRecord], list: &ListSelection) -> PlainView {
    let mut view = PlainView::default();
    view.line("Contracts · t, r or x opens a request about the chosen one");
    if contracts.is_empty() {
        view.line("No contracts.");
    }
    let focused = list.selected().unwrap_or(0);
    let count = contracts.len();
    for (index, contract) in contracts.iter().enumerate() {
        let label = format!(
            "Contract {}, {} since {}, {}",
            sanitize_line(&contract.number),
            sanitize_line(&contract.product),
            sanitize_line(&contract.start_date),
            contract_details(contract)
        );
        view.push_item(&label, &contract.summary(), index, count, index == focused);
    }
    view
}

/// Returns a contract's options and next deadline.
fn contract_details(contract: &ContractRecord) -> String {
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
    format!("{options}; next: {deadline}")
}

/// Draws every field of a document, its contract and requests, the
/// download commands and the start of its text.
pub fn render_detail(frame: &mut Frame, area: Rect, theme: &Theme, detail: &DocumentDetail) {
    let record = &detail.record;
    let status_style = if record.status == "new" {
        theme.unread
    } else {
        Style::default()
    };
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = detail_fields(detail, &theme.clock)
        .into_iter()
        .flat_map(|(label, value)| {
            let style = match label {
                "Title" => theme.title,
                "Status" => status_style,
                _ => Style::default(),
            };
            hanging(&format!("{label:<14}"), theme.muted, &value, style, width)
        })
        .collect();

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
        Row::new(vec![
            Cell::from(sanitize_line(&contract.number)),
            Cell::from(format!(
                "{} (since {})",
                sanitize_line(&contract.product),
                sanitize_line(&contract.start_date)
            )),
            Cell::from(contract.summary()),
            Cell::from(contract_details(contract)),
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
