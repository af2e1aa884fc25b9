//! Lines of the thread view beyond the facts and messages: service-level
//! clocks and the customer's context for agents, and attachments,
//! participants and the rating for every reader of the request.

use ratatui::style::Style;
use ratatui::text::Line;

use super::{format_time, request_number, state_label};
use crate::domain::text::sanitize_line;
use crate::service::requests::RequestDetail;
use crate::tui::theme::Theme;
use crate::tui::widgets::hanging;

/// Returns the lines that follow the next step.
pub fn lines<'a>(detail: &RequestDetail, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let request = &detail.request;
    // Fluent drops a value's trailing space, so the space after each
    // label is added here.
    let plain = |label: String, text: &str, lines: &mut Vec<Line<'a>>| {
        let label = format!("{label} ");
        lines.extend(hanging(&label, theme.muted, text, Style::default(), width));
    };

    if let Some(sla) = &request.sla {
        let first_reply = sla.first_response.words();
        let resolution = sla.resolution.words();
        let text = if sla.is_overdue() {
            tr!(
                "requests-context-clocks-overdue",
                first_reply = first_reply,
                resolution = resolution
            )
        } else {
            tr!(
                "requests-context-clocks",
                first_reply = first_reply,
                resolution = resolution
            )
        };
        plain(tr!("requests-context-service-level"), &text, &mut lines);
    }
    if !request.context.trim().is_empty() {
        plain(
            tr!("requests-context-opened-from"),
            &sanitize_line(&request.context),
            &mut lines,
        );
    }
    if !detail.attachments.is_empty() {
        let titles: Vec<String> = detail
            .attachments
            .iter()
            .map(|document| sanitize_line(&document.title))
            .collect();
        plain(
            tr!("requests-context-attached"),
            &titles.join(", "),
            &mut lines,
        );
    }
    if !detail.participants.is_empty() {
        let names: Vec<String> = detail
            .participants
            .iter()
            .map(|participant| sanitize_line(&participant.display_name))
            .collect();
        plain(
            tr!("requests-context-participants"),
            &names.join(", "),
            &mut lines,
        );
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
        plain(tr!("requests-context-rating"), &text, &mut lines);
    } else if request.state == "closed" && detail.context.is_none() {
        plain(
            tr!("requests-context-rating"),
            &tr!("requests-context-not-rated"),
            &mut lines,
        );
    }
    if let (Some(until), "closed") = (detail.reopen_until, request.state.as_str()) {
        plain(
            tr!("requests-context-reopen-until"),
            &format_time(&theme.clock, until),
            &mut lines,
        );
    }

    if let Some(context) = &detail.context {
        lines.push(Line::default());
        lines.push(Line::styled(
            tr!(
                "requests-context-title",
                organisation = sanitize_line(&context.organisation)
            ),
            theme.header,
        ));
        let contracts: Vec<String> = context
            .contracts
            .iter()
            .map(|contract| {
                format!(
                    "{} {} ({})",
                    sanitize_line(&contract.number),
                    sanitize_line(&contract.product),
                    sanitize_line(&contract.status)
                )
            })
            .collect();
        let contracts = if contracts.is_empty() {
            tr!("common-none")
        } else {
            contracts.join("; ")
        };
        plain(tr!("requests-context-contracts"), &contracts, &mut lines);
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
            documents.join("; ")
        };
        plain(tr!("requests-context-documents"), &documents, &mut lines);
        if context.recent_requests.is_empty() {
            plain(
                tr!("requests-context-recent-requests"),
                &tr!("requests-context-no-recent-requests"),
                &mut lines,
            );
        }
        for other in &context.recent_requests {
            let text = format!(
                "{} {} · {}",
                request_number(other.id, other.created_at),
                sanitize_line(&other.subject),
                state_label(&other.state)
            );
            plain(tr!("requests-context-recent-request"), &text, &mut lines);
        }
    }
    lines
}
