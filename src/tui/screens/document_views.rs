//! Drawing of the document detail view and the contracts tab of the
//! Documents screen. State and keys stay in [`super::documents`].

use chrono::{NaiveDate, TimeZone};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{format_amount, format_size, format_time, kind_label, state_label};
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::domain::{DocumentStatus, RequestNumber, parse_date};
use crate::service::contracts::ContractAction;
use crate::service::documents::DocumentDetail;
use crate::store::contracts::ContractRecord;
use crate::tui::plain::PlainView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    ListSelection, group_digest, hanging, hanging_rows, hanging_width, panel, wrap_path, wrap_text,
};

fn key_hint<'a>(theme: &Theme, pairs: &[(&'a str, String)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, text) in pairs {
        spans.push(Span::styled(crate::i18n::key_names(key), theme.key));
        spans.push(Span::styled(format!(" {text}  "), theme.muted));
    }
    Line::from(spans)
}

/// Writes a calendar date in the user's date format.
pub fn write_date(clock: &Regional, date: NaiveDate) -> String {
    // Regional formats instants, so the date is taken at noon in the
    // user's zone, an hour that daylight-saving changes do not skip. A day
    // a zone skipped whole has no noon and is written as ISO.
    date.and_hms_opt(12, 0, 0)
        .and_then(|noon| clock.zone.from_local_datetime(&noon).earliest())
        .and_then(|local| clock.date(local.timestamp()))
        .unwrap_or_else(|| date.format("%Y-%m-%d").to_string())
}

/// Writes a stored YYYY-MM-DD date in the user's date format, or returns
/// the stored text cleaned when it is no valid date.
pub fn calendar_date(clock: &Regional, text: &str) -> String {
    match parse_date(text, "date") {
        Ok(date) => write_date(clock, date),
        Err(_) => sanitize_line(text),
    }
}

/// Returns the columns the widest date from [`write_date`] takes: every
/// month's name counts for the long format.
pub fn date_width(clock: &Regional) -> usize {
    (1..=12)
        .filter_map(|month| NaiveDate::from_ymd_opt(2026, month, 28))
        .map(|date| write_date(clock, date).width())
        .max()
        .unwrap_or(10)
}

/// Returns the screen word for a stored document status, or the cleaned
/// stored name when it is unknown.
pub fn status_label(status: &str) -> String {
    status
        .parse::<DocumentStatus>()
        .map_or_else(|_| sanitize_line(status), DocumentStatus::label)
}

/// Returns every field of a document as the message id of its label and
/// its value: its facts, its contract and requests, and the download
/// commands.
fn detail_fields(detail: &DocumentDetail, clock: &Regional) -> Vec<(&'static str, String)> {
    let record = &detail.record;
    let amount = match (record.amount_cents, &record.currency) {
        (Some(cents), Some(currency)) => format_amount(cents, currency),
        (Some(cents), None) => format_amount(cents, ""),
        (None, _) => tr!("documents-no-amount"),
    };
    let period = record
        .period
        .as_deref()
        .map_or_else(|| tr!("documents-no-period"), sanitize_line);

    let contract = detail.contract.as_ref().map_or_else(
        || tr!("documents-no-contract"),
        |contract| {
            tr!(
                "documents-related-contract",
                number = sanitize_line(&contract.number),
                product = sanitize_line(&contract.product),
                summary = contract.summary_with(|date| write_date(clock, date))
            )
        },
    );
    let requests = if detail.requests.is_empty() {
        tr!("documents-no-requests")
    } else {
        detail
            .requests
            .iter()
            .map(|request| {
                tr!(
                    "documents-related-request",
                    number = RequestNumber::new(request.id, request.created_at).to_string(),
                    subject = sanitize_line(&request.subject),
                    state = state_label(&request.state)
                )
            })
            .collect::<Vec<_>>()
            .join(super::thread_context::list_separator())
    };

    let retention = match (&record.retention_until, record.legal_hold != 0) {
        (_, true) => tr!("documents-kept-legal-hold"),
        (Some(date), false) => tr!("documents-kept-until", date = calendar_date(clock, date)),
        (None, false) => tr!("documents-kept-until-deleted"),
    };
    vec![
        ("documents-field-kind", kind_label(&record.kind)),
        ("documents-field-title", sanitize_line(&record.title)),
        (
            "documents-field-issue-date",
            calendar_date(clock, &record.issue_date),
        ),
        ("documents-field-period", period),
        ("documents-field-amount", amount),
        ("documents-field-status", status_label(&record.status)),
        ("documents-field-size", format_size(record.size)),
        (
            "documents-field-content-type",
            sanitize_line(&record.content_type),
        ),
        ("documents-field-sha256", sanitize_line(&record.sha256)),
        (
            "documents-field-added",
            format_time(clock, record.created_at),
        ),
        ("documents-field-retention", retention),
        ("documents-field-contract", contract),
        ("documents-field-requests", requests),
        (
            "documents-field-download",
            sanitize_line(&detail.sftp_command),
        ),
        (
            "documents-field-download-or",
            sanitize_line(&detail.scp_command),
        ),
    ]
}

/// Describes a document for the plain mode: one field a line, then the
/// text preview.
pub fn plain_detail(detail: &DocumentDetail, clock: &Regional) -> PlainView {
    let mut view = PlainView::default();
    view.heading(tr!(
        "documents-detail-title",
        title = sanitize_line(&detail.record.title)
    ));
    for (label, value) in detail_fields(detail, clock) {
        // Groups of eight digits wrap between groups and read in chunks.
        let value = match label {
            "documents-field-sha256" => group_digest(&value),
            _ => value,
        };
        view.line(tr!(
            "documents-plain-field",
            label = crate::i18n::text(label),
            value = value
        ));
    }
    view.line(tr!("documents-preview"));
    if detail.preview.is_empty() {
        view.line(tr!("documents-no-preview"));
    }
    for line in detail.preview.lines() {
        view.line(sanitize_line(line));
    }
    view
}

/// Describes the contracts for the plain mode: one contract a line with
/// its term, options and next deadline, the selected one last.
pub fn plain_contracts(
    contracts: &[ContractRecord],
    list: &ListSelection,
    empty: &str,
    clock: &Regional,
) -> PlainView {
    let mut view = PlainView::default();
    view.heading(tr!("contracts-title"));
    if contracts.is_empty() {
        view.line(empty);
    }
    let focused = list.selected().unwrap_or(0);
    let count = contracts.len();
    for (index, contract) in contracts.iter().enumerate() {
        let label = tr!(
            "contracts-plain-item",
            number = sanitize_line(&contract.number),
            product = sanitize_line(&contract.product),
            start = calendar_date(clock, &contract.start_date),
            details = contract_details(contract, clock)
        );
        let summary = contract.summary_with(|date| write_date(clock, date));
        view.push_item(&label, &summary, index, count, index == focused);
    }
    view
}

/// Returns a contract's options and next deadline.
fn contract_details(contract: &ContractRecord, clock: &Regional) -> String {
    let options = if contract.options.is_empty() {
        tr!("contracts-no-options")
    } else {
        sanitize_line(&contract.options)
    };
    let deadline = contract.next_deadline.as_deref().map_or_else(
        || tr!("contracts-no-deadline"),
        |date| {
            tr!(
                "contracts-deadline-by",
                label = sanitize_line(&contract.deadline_label),
                date = calendar_date(clock, date)
            )
        },
    );
    tr!("contracts-details", options = options, deadline = deadline)
}

/// Draws every field of a document, its contract and requests, the
/// download commands and the start of its text, from line `scroll` on.
/// Clamps `scroll` so the last page stays full and returns the number of
/// rows shown, for paging.
pub fn render_detail(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    detail: &DocumentDetail,
    scroll: &mut usize,
) -> usize {
    let record = &detail.record;
    let status_style = if record.status == "new" {
        theme.unread
    } else {
        Style::default()
    };
    let width = usize::from(area.width.saturating_sub(2));
    let fields: Vec<(&str, String, String)> = detail_fields(detail, &theme.clock)
        .into_iter()
        .map(|(id, value)| (id, crate::i18n::text(id), value))
        .collect();
    // The labels take the width of the longest one in the current language
    // and two spaces.
    let label_width = fields
        .iter()
        .map(|(_, label, _)| label.width())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines: Vec<Line> = fields
        .into_iter()
        .flat_map(|(id, label, value)| {
            let style = match id {
                "documents-field-title" => theme.title,
                "documents-field-status" => status_style,
                _ => Style::default(),
            };
            let padding = label_width.saturating_sub(label.width());
            let head = format!("{label}{}", " ".repeat(padding));
            match id {
                "documents-field-download" | "documents-field-download-or" => {
                    let rows = wrap_path(&value, hanging_width(&head, width));
                    hanging_rows(&head, theme.muted, rows, style)
                }
                "documents-field-sha256" => digest_lines(&head, theme.muted, &value, width),
                _ => hanging(&head, theme.muted, &value, style, width),
            }
        })
        .collect();

    let archive = if record.status == "archived" {
        tr!("documents-hint-unarchive")
    } else {
        tr!("documents-hint-archive")
    };
    lines.push(key_hint(
        theme,
        &[
            ("n", tr!("documents-hint-new-request")),
            ("a", archive),
            ("Esc", tr!("common-back")),
        ],
    ));

    lines.push(Line::default());
    lines.push(Line::styled(tr!("documents-preview"), theme.header));
    if detail.preview.is_empty() {
        lines.push(Line::styled(tr!("documents-no-preview"), theme.muted));
    } else {
        for line in detail.preview.lines() {
            lines.push(Line::from(sanitize_line(line)));
        }
    }

    let title = tr!(
        "documents-detail-title",
        title = sanitize_line(&record.title)
    );
    let block = panel(title, theme);
    let rows = usize::from(block.inner(area).height).max(1);
    let total: usize = lines.iter().map(|line| wrapped_rows(line, width)).sum();
    *scroll = (*scroll).min(total.saturating_sub(rows));
    let offset = u16::try_from(*scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0))
            .block(block),
        area,
    );
    rows
}

/// Estimates the rows `line` takes once wrapped at `width` columns, by
/// breaking its text at spaces as the paragraph does.
fn wrapped_rows(line: &Line, width: usize) -> usize {
    let text: String = line
        .spans
        .iter()
        .map(|span| span.content.as_ref())
        .collect();
    wrap_text(&text, width).len()
}

/// Lays out a digest under its label `head` in a line `width` columns
/// wide: beside the label when it fits, else whole on the next line, else
/// in groups of eight digits that wrap between groups.
fn digest_lines<'a>(head: &str, label_style: Style, digest: &str, width: usize) -> Vec<Line<'a>> {
    let indent = head.width();
    let digest_width = digest.width();
    if indent + digest_width <= width {
        return hanging(head, label_style, digest, Style::default(), width);
    }
    if digest_width <= width {
        let margin = width.saturating_sub(digest_width).min(indent);
        return vec![
            Line::styled(head.trim_end().to_string(), label_style),
            Line::raw(format!("{}{digest}", " ".repeat(margin))),
        ];
    }
    hanging(
        head,
        label_style,
        &group_digest(digest),
        Style::default(),
        width,
    )
}

/// Draws the contracts tab: one row per contract with its summary.
pub fn render_contracts(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    contracts: &[ContractRecord],
    list: &mut ListSelection,
    empty: &str,
) {
    let clock = &theme.clock;
    let block = panel(tr!("contracts-title"), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if contracts.is_empty() {
        frame.render_widget(Paragraph::new(empty.to_string()).style(theme.muted), inner);
        return;
    }
    let rows = contracts.iter().map(|contract| {
        Row::new(vec![
            Cell::from(sanitize_line(&contract.number)),
            Cell::from(tr!(
                "contracts-offer-since",
                product = sanitize_line(&contract.product),
                start = calendar_date(clock, &contract.start_date)
            )),
            Cell::from(contract.summary_with(|date| write_date(clock, date))),
            Cell::from(contract_details(contract, clock)),
        ])
    });
    let number_header = tr!("contracts-column-number");
    let number_width = contracts
        .iter()
        .map(|contract| sanitize_line(&contract.number).width())
        .chain([number_header.width(), 10])
        .max()
        .unwrap_or(10);
    let header = Row::new([
        number_header,
        tr!("contracts-column-offer"),
        tr!("contracts-column-term"),
        tr!("contracts-column-options"),
    ])
    .style(theme.header);
    let widths = [
        Constraint::Length(u16::try_from(number_width).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
        Constraint::Fill(2),
        Constraint::Fill(1),
    ];
    // The chosen contract's term and deadline, wrapped below the table,
    // stay readable where the table cuts them.
    let chosen = list
        .selected()
        .and_then(|index| contracts.get(index))
        .map(|contract| chosen_contract_lines(contract, clock, theme, inner.width))
        .unwrap_or_default();
    let chosen_height = if inner.height >= 8 {
        u16::try_from(chosen.len())
            .unwrap_or(0)
            .min(inner.height / 2)
    } else {
        0
    };
    let [table_area, chosen_area, hint_area] = ratatui::layout::Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(chosen_height),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(chosen), chosen_area);
    list.render_table(
        frame,
        table_area,
        Table::new(rows, widths).header(header),
        theme,
    );
    let pairs: Vec<(&str, String)> = ContractAction::ALL
        .iter()
        .map(|action| (action_key(*action), action.label()))
        .collect();
    frame.render_widget(Paragraph::new(key_hint(theme, &pairs)), hint_area);
}

/// Returns the lines describing the chosen contract below the table: its
/// term, then its options and next deadline, each wrapped to `width`.
fn chosen_contract_lines(
    contract: &ContractRecord,
    clock: &Regional,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let fields = [
        (
            tr!("contracts-chosen-term"),
            contract.summary_with(|date| write_date(clock, date)),
        ),
        (
            tr!("contracts-chosen-options"),
            contract_details(contract, clock),
        ),
    ];
    let label_width = fields
        .iter()
        .map(|(label, _)| label.width())
        .max()
        .unwrap_or(0)
        + 2;
    fields
        .iter()
        .flat_map(|(label, value)| {
            let padding = label_width.saturating_sub(label.width());
            let head = format!("{label}{}", " ".repeat(padding));
            hanging(
                &head,
                theme.muted,
                value,
                Style::default(),
                usize::from(width),
            )
        })
        .collect()
}

/// Returns the key that starts a contract action.
pub fn action_key(action: ContractAction) -> &'static str {
    match action {
        ContractAction::Terminate => "t",
        ContractAction::Renew => "r",
        ContractAction::ChangeOfCircumstances => "x",
    }
}
