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
    let plain = |label: &str, text: &str, lines: &mut Vec<Line<'a>>| {
        lines.extend(hanging(label, theme.muted, text, Style::default(), width));
    };

    if let Some(sla) = &request.sla {
        let overdue = if sla.is_overdue() { "OVERDUE · " } else { "" };
        let text = format!(
            "{overdue}first reply {} · resolution {} (business hours)",
            sla.first_response.words(),
            sla.resolution.words()
        );
        plain("Service level: ", &text, &mut lines);
    }
    if !request.context.trim().is_empty() {
        plain(
            "Opened from: ",
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
        plain("Attached: ", &titles.join(", "), &mut lines);
    }
    if !detail.participants.is_empty() {
        let names: Vec<String> = detail
            .participants
            .iter()
            .map(|participant| sanitize_line(&participant.display_name))
            .collect();
        plain("Participants: ", &names.join(", "), &mut lines);
    }
    if let Some(rating) = request.rating {
        let comment = if request.rating_comment.trim().is_empty() {
            String::new()
        } else {
            format!(": \"{}\"", sanitize_line(&request.rating_comment))
        };
        plain("Rating: ", &format!("{rating} of 5{comment}"), &mut lines);
    } else if request.state == "closed" && detail.context.is_none() {
        plain("Rating: ", "not rated yet; press * to rate", &mut lines);
    }
    if let (Some(until), "closed") = (detail.reopen_until, request.state.as_str()) {
        plain(
            "Reopen until: ",
            &format_time(&theme.clock, until),
            &mut lines,
        );
    }

    if let Some(context) = &detail.context {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Context: {}", sanitize_line(&context.organisation)),
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
            "none".to_string()
        } else {
            contracts.join("; ")
        };
        plain("Contracts: ", &contracts, &mut lines);
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
            "none attached to requests".to_string()
        } else {
            documents.join("; ")
        };
        plain("Documents: ", &documents, &mut lines);
        if context.recent_requests.is_empty() {
            plain("Recent requests: ", "none", &mut lines);
        }
        for other in &context.recent_requests {
            let text = format!(
                "{} {} · {}",
                request_number(other.id, other.created_at),
                sanitize_line(&other.subject),
                state_label(&other.state)
            );
            plain("Recent request: ", &text, &mut lines);
        }
    }
    lines
}
