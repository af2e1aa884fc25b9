//! `requests ls|show|new|reply` and `messages ls`.

use serde_json::{Value, json};

use super::cli::RequestCommand;
use super::{Caller, Failure, stdin_text, table, to_json};
use crate::domain::next_step;
use crate::domain::time::iso_8601;
use crate::domain::{RequestCategory, RequestNumber, RequestState};
use crate::service::requests::{DraftOrigin, RequestDraft};
use crate::store::requests::{RequestQuery, RequestRecord};

pub async fn run(
    caller: &Caller<'_>,
    command: RequestCommand,
    json: bool,
    stdin: &[u8],
) -> Result<Vec<u8>, Failure> {
    match command {
        RequestCommand::Ls { state, open } => {
            let state = match state {
                Some(state) => Some(state.parse::<RequestState>().map_err(|_| {
                    super::invalid_choice(
                        "texts-option-request-state",
                        &state,
                        &RequestState::ALL.map(RequestState::as_str),
                    )
                })?),
                None => None,
            };
            let query = RequestQuery {
                state,
                open_only: open,
                ..RequestQuery::default()
            };
            let records = caller.portal.requests(caller.principal, &query).await?;
            list(&records, json)
        }
        RequestCommand::Show { number } => show(caller, &number, json).await,
        RequestCommand::New {
            subject,
            category,
            idempotency_key,
        } => {
            let category = match category {
                Some(category) => category
                    .parse::<RequestCategory>()
                    .map_err(Failure::Usage)?,
                None => RequestCategory::Other,
            };
            let draft = RequestDraft {
                subject,
                category,
                body: stdin_text(stdin)?,
                document_id: None,
                contract_id: None,
            };
            let portal = caller.portal;
            let number = match idempotency_key {
                Some(key) => {
                    let origin = DraftOrigin::default();
                    portal
                        .open_request_once(caller.principal, &draft, &origin, &key)
                        .await?
                }
                None => portal.open_request(caller.principal, &draft).await?,
            };
            confirm(number, "opened", json)
        }
        RequestCommand::Reply {
            number,
            idempotency_key,
        } => {
            let number = find(caller, &number).await?.0;
            let body = stdin_text(stdin)?;
            let portal = caller.portal;
            match idempotency_key {
                Some(key) => {
                    portal
                        .reply_once(caller.principal, number.id, &body, &key)
                        .await?
                }
                None => portal.reply(caller.principal, number.id, &body).await?,
            }
            confirm(number, "replied", json)
        }
    }
}

/// Parses a request number and checks that the request exists in the
/// caller's scope with that year.
async fn find(
    caller: &Caller<'_>,
    text: &str,
) -> Result<(RequestNumber, crate::service::requests::RequestDetail), Failure> {
    let number: RequestNumber = text.parse().map_err(Failure::Usage)?;
    let detail = caller
        .portal
        .request_detail(caller.principal, number.id)
        .await?;
    if RequestNumber::new(detail.request.id, detail.request.created_at) != number {
        return Err(Failure::NotFound(tr!(
            "requests-command-not-found",
            number = number.to_string()
        )));
    }
    Ok((number, detail))
}

fn confirm(number: RequestNumber, action: &str, json: bool) -> Result<Vec<u8>, Failure> {
    if json {
        return to_json(&json!({ "number": number.to_string(), "action": action }));
    }
    Ok(format!("{number} {action}\n").into_bytes())
}

fn request_json(record: &RequestRecord) -> Value {
    json!({
        "number": RequestNumber::new(record.id, record.created_at).to_string(),
        "id": record.id,
        "subject": record.subject,
        "category": record.category,
        "priority": record.priority,
        "state": record.state,
        "next_step": next_step::translate(&record.next_step),
        "organisation": record.organisation_name,
        "opened_by": record.opened_by_name,
        "assignee": record.assignee_name,
        "conversation": record.conversation != 0,
        "unread": record.unread,
        "message_count": record.message_count,
        "created_at": iso_8601(record.created_at),
        "updated_at": iso_8601(record.updated_at),
        "closed_at": record.closed_at.map(iso_8601),
    })
}

fn list(records: &[RequestRecord], json: bool) -> Result<Vec<u8>, Failure> {
    if json {
        let items: Vec<Value> = records.iter().map(request_json).collect();
        return to_json(&json!({ "requests": items }));
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                RequestNumber::new(record.id, record.created_at).to_string(),
                record.state.clone(),
                iso_8601(record.updated_at),
                record.subject.clone(),
            ]
        })
        .collect();
    Ok(table::render(
        &["NUMBER", "STATE", "UPDATED", "SUBJECT"],
        &rows,
        &tr!("requests-empty"),
    ))
}

async fn show(caller: &Caller<'_>, text: &str, json: bool) -> Result<Vec<u8>, Failure> {
    let (number, detail) = find(caller, text).await?;
    // Internal notes never leave through commands, whatever the role.
    let messages: Vec<_> = detail
        .messages
        .iter()
        .filter(|message| message.internal == 0)
        .collect();
    if json {
        let items: Vec<Value> = messages
            .iter()
            .map(|message| {
                json!({
                    "author": message.author_name,
                    "author_role": message.author_role,
                    "body": message.body,
                    "created_at": iso_8601(message.created_at),
                })
            })
            .collect();
        return to_json(&json!({
            "request": request_json(&detail.request),
            "messages": items,
        }));
    }
    let request = &detail.request;
    let line = crate::domain::text::sanitize_line;
    let mut text = format!("{number}  {}\n", line(&request.subject));
    text.push_str(&tr!(
        "requests-command-show",
        state = &request.state,
        next_step = line(&next_step::translate(&request.next_step)),
        time = iso_8601(request.created_at),
        name = line(&request.opened_by_name),
    ));
    text.push('\n');
    for message in messages {
        text.push_str(&format!(
            "\n{} {}:\n{}\n",
            iso_8601(message.created_at),
            line(&message.author_name),
            crate::domain::text::sanitize(&message.body, true)
        ));
    }
    Ok(text.into_bytes())
}

pub async fn threads(caller: &Caller<'_>, unread: bool, json: bool) -> Result<Vec<u8>, Failure> {
    let query = RequestQuery {
        include_conversations: true,
        ..RequestQuery::default()
    };
    let records: Vec<RequestRecord> = caller
        .portal
        .requests(caller.principal, &query)
        .await?
        .into_iter()
        .filter(|record| !unread || record.unread > 0)
        .collect();
    if json {
        let items: Vec<Value> = records.iter().map(request_json).collect();
        return to_json(&json!({ "threads": items }));
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                RequestNumber::new(record.id, record.created_at).to_string(),
                record.unread.to_string(),
                record.message_count.to_string(),
                record.subject.clone(),
            ]
        })
        .collect();
    Ok(table::render(
        &["NUMBER", "UNREAD", "MESSAGES", "SUBJECT"],
        &rows,
        &tr!("messages-command-empty"),
    ))
}
