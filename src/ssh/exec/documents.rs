//! `documents ls`, `documents get` and `contracts ls`.

use serde_json::json;

use super::cli::DocumentCommand;
use super::{Caller, Failure, table, to_json};
use crate::domain::DocumentKind;
use crate::domain::time::iso_8601;
use crate::store::documents::DocumentQuery;

pub async fn run(
    caller: &Caller<'_>,
    command: DocumentCommand,
    json: bool,
) -> Result<Vec<u8>, Failure> {
    match command {
        DocumentCommand::Ls {
            kind,
            since,
            search,
        } => list(caller, kind, since, search, json).await,
        DocumentCommand::Get { id } => {
            let (_, content) = caller
                .portal
                .download_document(caller.principal, id, "ssh")
                .await?;
            Ok(content)
        }
    }
}

async fn list(
    caller: &Caller<'_>,
    kind: Option<String>,
    since: Option<String>,
    search: Option<String>,
    json: bool,
) -> Result<Vec<u8>, Failure> {
    let kind = match kind {
        Some(kind) => Some(kind.parse::<DocumentKind>().map_err(|_| {
            super::invalid_choice(
                "texts-option-document-kind",
                &kind,
                &DocumentKind::ALL.map(DocumentKind::as_str),
            )
        })?),
        None => None,
    };
    if let Some(since) = &since {
        crate::domain::parse_date(since, "texts-option-since-date").map_err(Failure::Usage)?;
    }
    let query = DocumentQuery {
        kind,
        archived: Some(false),
        from: since,
        search: search.filter(|words| !words.trim().is_empty()),
        ..DocumentQuery::default()
    };
    let records = caller.portal.documents(caller.principal, &query).await?;
    if json {
        let items: Vec<_> = records
            .iter()
            .map(|record| {
                json!({
                    "id": record.id,
                    "kind": record.kind,
                    "title": record.title,
                    "issue_date": record.issue_date,
                    "period": record.period,
                    "amount_cents": record.amount_cents,
                    "currency": record.currency,
                    "status": record.status,
                    "size": record.size,
                    "content_type": record.content_type,
                    "sha256": record.sha256,
                    "file_name": record.file_name,
                    "created_at": iso_8601(record.created_at),
                })
            })
            .collect();
        return to_json(&json!({ "documents": items }));
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                record.id.to_string(),
                record.issue_date.clone(),
                record.kind.clone(),
                record.status.clone(),
                record.size.to_string(),
                record.title.clone(),
            ]
        })
        .collect();
    let header = [
        tr!("documents-table-id"),
        tr!("documents-table-date"),
        tr!("documents-table-kind"),
        tr!("documents-table-status"),
        tr!("documents-table-bytes"),
        tr!("documents-table-title"),
    ];
    Ok(table::render(&header, &rows, &tr!("documents-table-empty")))
}

pub async fn contracts(caller: &Caller<'_>, json: bool) -> Result<Vec<u8>, Failure> {
    let records = caller.portal.contracts(caller.principal).await?;
    if json {
        let items: Vec<_> = records
            .iter()
            .map(|record| {
                let options: Vec<&str> = record
                    .options
                    .split(',')
                    .map(str::trim)
                    .filter(|option| !option.is_empty())
                    .collect();
                json!({
                    "id": record.id,
                    "number": record.number,
                    "product": record.product,
                    "status": record.status,
                    "start_date": record.start_date,
                    "end_date": record.end_date,
                    "notice_days": record.notice_days,
                    "next_deadline": record.next_deadline,
                    "deadline_label": record.deadline_label,
                    "auto_renew": record.auto_renew != 0,
                    "options": options,
                })
            })
            .collect();
        return to_json(&json!({ "contracts": items }));
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                record.number.clone(),
                record.status.clone(),
                record.start_date.clone(),
                record
                    .next_deadline
                    .clone()
                    .unwrap_or_else(|| "-".to_string()),
                record.product.clone(),
            ]
        })
        .collect();
    let header = [
        tr!("contracts-table-number"),
        tr!("contracts-table-status"),
        tr!("contracts-table-start"),
        tr!("contracts-table-deadline"),
        tr!("contracts-table-product"),
    ];
    Ok(table::render(&header, &rows, &tr!("contracts-empty")))
}
