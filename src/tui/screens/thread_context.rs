//! Lines of the thread view beyond the facts and messages: service-level
//! clocks and the customer's context for agents, and attachments,
//! participants and the rating for every reader of the request. The
//! normal drawing and the plain mode read the same [`ContextLine`]s.

use ratatui::style::Style;
use ratatui::text::Line;

use super::{format_size, format_time, kind_label, request_number, state_label};
use crate::domain::regional::Regional;
use crate::domain::text::sanitize_line;
use crate::service::requests::RequestDetail;
use crate::tui::theme::Theme;
use crate::tui::widgets::hanging;

/// One labelled line of the thread view, such as "Attached:" and the
/// attached documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextLine {
    pub label: String,
    pub text: String,
}

impl ContextLine {
    fn new(label: String, text: impl Into<String>) -> ContextLine {
        ContextLine {
            label,
            text: text.into(),
        }
    }

    /// Returns the label and the text as one line, for the plain mode.
    pub fn joined(&self) -> String {
        format!("{} {}", self.label, self.text)
    }
}

/// Returns the separator of a list whose items contain commas: a
/// semicolon, after a no-break space in French.
pub fn list_separator() -> &'static str {
    if crate::i18n::current() == crate::i18n::Language::French {
        "\u{a0}; "
    } else {
        "; "
    }
}

/// The place a request was opened from, as the new-request form stores it
/// in English for every reader: "Documents: TITLE (new request from the
/// document)" or "Requests: new request".
const ORIGIN_DOCUMENT_PREFIX: &str = "Documents: ";
const ORIGIN_DOCUMENT_SUFFIX: &str = " (new request from the document)";
const ORIGIN_REQUESTS: &str = "Requests: new request";

/// Formats the stored English origin of a request, as the new-request form
/// writes it, in the reader's language. Other stored text reads as stored,
/// cleaned.
pub fn origin_label(context: &str) -> String {
    let context = context.trim();
    if context == ORIGIN_REQUESTS {
        return tr!("requests-origin-new");
    }
    let title = context
        .strip_prefix(ORIGIN_DOCUMENT_PREFIX)
        .and_then(|rest| rest.strip_suffix(ORIGIN_DOCUMENT_SUFFIX));
    match title {
        Some(title) => tr!("requests-origin-document", title = sanitize_line(title)),
        None => sanitize_line(context),
    }
}

/// Formats the origin that the new-request form stores with a request,
/// in English, from the title of the document it was opened from.
pub fn stored_origin(document_title: Option<&str>) -> String {
    match document_title {
        Some(title) => format!("{ORIGIN_DOCUMENT_PREFIX}{title}{ORIGIN_DOCUMENT_SUFFIX}"),
        None => ORIGIN_REQUESTS.to_string(),
    }
}

/// Returns the lines about the request itself that follow the next step.
/// They are the service level, which only staff details carry, the place
/// the request was opened from, the attached documents with kind and size,
/// the participants, the rating and the time until which a closed
/// request may be reopened. With `plain` the service level reads with
/// commas, because a screen reader reads the middle dot of the drawing
/// aloud.
pub fn request_lines(detail: &RequestDetail, clock: &Regional, plain: bool) -> Vec<ContextLine> {
    let mut lines = Vec::new();
    let request = &detail.request;

    if let Some(sla) = &request.sla {
        let first_reply = sla.first_response.words();
        let first_reply = first_reply.as_str();
        let resolution = sla.resolution.words();
        let resolution = resolution.as_str();
        let text = match (plain, sla.is_overdue()) {
            (false, false) => tr!(
                "requests-context-clocks",
                first_reply = first_reply,
                resolution = resolution
            ),
            (false, true) => tr!(
                "requests-context-clocks-overdue",
                first_reply = first_reply,
                resolution = resolution
            ),
            (true, false) => tr!(
                "requests-plain-clocks",
                first_reply = first_reply,
                resolution = resolution
            ),
            (true, true) => tr!(
                "requests-plain-clocks-overdue",
                first_reply = first_reply,
                resolution = resolution
            ),
        };
        lines.push(ContextLine::new(
            tr!("requests-context-service-level"),
            text,
        ));
    }
    if !request.context.trim().is_empty() {
        lines.push(ContextLine::new(
            tr!("requests-context-opened-from"),
            origin_label(&request.context),
        ));
    }
    if !detail.attachments.is_empty() {
        let documents: Vec<String> = detail
            .attachments
            .iter()
            .map(|document| {
                tr!(
                    "requests-context-attachment",
                    title = sanitize_line(&document.title),
                    kind = kind_label(&document.kind),
                    size = format_size(document.size)
                )
            })
            .collect();
        lines.push(ContextLine::new(
            tr!("requests-context-attached"),
            documents.join(list_separator()),
        ));
    }
    if !detail.participants.is_empty() {
        let names: Vec<String> = detail
            .participants
            .iter()
            .map(|participant| sanitize_line(&participant.display_name))
            .collect();
        lines.push(ContextLine::new(
            tr!("requests-context-participants"),
            names.join(", "),
        ));
    }
    if let Some(rating) = request.rating {
        let text = if request.rating_comment.trim().is_empty() {
            tr!("requests-context-rating-value", rating = rating)
        } else {
            tr!(
                "requests-context-rating-comment",
                rating = rating,
                comment = sanitize_line(&request.rating_comment)
            )
        };
        lines.push(ContextLine::new(tr!("requests-context-rating"), text));
    } else if request.state == "closed" && detail.context.is_none() {
        lines.push(ContextLine::new(
            tr!("requests-context-rating"),
            tr!("requests-context-not-rated"),
        ));
    }
    if let (Some(until), "closed") = (detail.reopen_until, request.state.as_str()) {
        lines.push(ContextLine::new(
            tr!("requests-context-reopen-until"),
            format_time(clock, until),
        ));
    }
    lines
}

/// Returns, for staff, the heading of the customer's context ("Context:"
/// and the organisation) and its lines: the organisation's contracts, the
/// documents attached to its requests and its recent requests. Returns
/// `None` for customers, whose detail carries no context. With `plain` a
/// recent request's state follows a comma instead of a middle dot.
pub fn customer_context(detail: &RequestDetail, plain: bool) -> Option<(String, Vec<ContextLine>)> {
    let context = detail.context.as_ref()?;
    let heading = tr!(
        "requests-context-title",
        organisation = sanitize_line(&context.organisation)
    );
    let mut lines = Vec::new();

    let contracts: Vec<String> = context
        .contracts
        .iter()
        .map(|contract| {
            format!(
                "{} {} ({})",
                sanitize_line(&contract.number),
                sanitize_line(&contract.product),
                crate::domain::contract::status_label(&contract.status)
            )
        })
        .collect();
    let contracts = if contracts.is_empty() {
        tr!("common-none")
    } else {
        contracts.join(list_separator())
    };
    lines.push(ContextLine::new(
        tr!("requests-context-contracts"),
        contracts,
    ));

    let documents: Vec<String> = context
        .documents
        .iter()
        .map(|document| {
            format!(
                "{} ({})",
                sanitize_line(&document.title),
                sanitize_line(&document.issue_date)
            )
        })
        .collect();
    let documents = if documents.is_empty() {
        tr!("requests-context-no-documents")
    } else {
        documents.join(list_separator())
    };
    lines.push(ContextLine::new(
        tr!("requests-context-documents"),
        documents,
    ));

    if context.recent_requests.is_empty() {
        lines.push(ContextLine::new(
            tr!("requests-context-recent-requests"),
            tr!("requests-context-no-recent-requests"),
        ));
    }
    let separator = if plain { ", " } else { " · " };
    for other in &context.recent_requests {
        let text = format!(
            "{} {}{separator}{}",
            request_number(other.id, other.created_at),
            sanitize_line(&other.subject),
            state_label(&other.state)
        );
        lines.push(ContextLine::new(
            tr!("requests-context-recent-request"),
            text,
        ));
    }
    Some((heading, lines))
}

/// Returns the drawn lines that follow the next step: the request's
/// [`request_lines`], then for staff the [`customer_context`] under its
/// heading.
pub fn lines<'a>(detail: &RequestDetail, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    // Fluent drops a value's trailing space, so the space after each
    // label is added here.
    let draw = |line: &ContextLine, lines: &mut Vec<Line<'a>>| {
        let label = format!("{} ", line.label);
        lines.extend(hanging(
            &label,
            theme.muted,
            &line.text,
            Style::default(),
            width,
        ));
    };

    for line in request_lines(detail, &theme.clock, false) {
        draw(&line, &mut lines);
    }
    if let Some((heading, context)) = customer_context(detail, false) {
        lines.push(Line::default());
        lines.push(Line::styled(heading, theme.header));
        for line in &context {
            draw(line, &mut lines);
        }
    }
    lines
}
