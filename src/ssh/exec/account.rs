//! `whoami`, `notifications ls` and `export`.

use serde_json::json;

use super::{Caller, Failure, table, to_json};
use crate::domain::time::iso_8601;

pub async fn whoami(caller: &Caller<'_>, json: bool) -> Result<Vec<u8>, Failure> {
    let principal = caller.principal;
    let organisation = principal.organisation_name.clone();
    if json {
        return to_json(&json!({
            "handle": principal.handle,
            "display_name": principal.display_name,
            "role": principal.role.as_str(),
            "organisation": organisation,
            "read_only": !caller.may_write,
        }));
    }
    let rows = vec![vec![
        principal.handle.clone(),
        principal.display_name.clone(),
        principal.role.name(),
        organisation.unwrap_or_else(|| "-".to_string()),
    ]];
    let header = [
        tr!("preferences-column-handle"),
        tr!("preferences-column-name"),
        tr!("preferences-column-role"),
        tr!("preferences-column-organisation"),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(table::render(&header, &rows, ""))
}

pub async fn notifications(caller: &Caller<'_>, json: bool) -> Result<Vec<u8>, Failure> {
    let records = caller.portal.notifications(caller.principal).await?;
    if json {
        let items: Vec<_> = records
            .iter()
            .map(|record| {
                json!({
                    "id": record.id,
                    "kind": record.kind,
                    "title": record.title,
                    "body": record.body,
                    "link": record.link,
                    "created_at": iso_8601(record.created_at),
                    "read_at": record.read_at.map(iso_8601),
                })
            })
            .collect();
        return to_json(&json!({ "notifications": items }));
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                iso_8601(record.created_at),
                if record.read_at.is_some() {
                    tr!("preferences-notification-read")
                } else {
                    tr!("preferences-notification-unread")
                },
                record.kind.clone(),
                record.title.clone(),
            ]
        })
        .collect();
    let header = [
        tr!("preferences-column-created"),
        tr!("preferences-column-status"),
        tr!("preferences-column-kind"),
        tr!("preferences-column-title"),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(table::render(
        &header,
        &rows,
        &tr!("preferences-notifications-none"),
    ))
}

/// Writes the export archive, or with `json` the data alone. An exec
/// command cannot ask for a fresh code, so the login's own second factor
/// must be recent (see `service::export_guard`); the export is audited.
pub async fn export(caller: &Caller<'_>, json: bool) -> Result<Vec<u8>, Failure> {
    caller
        .portal
        .check_export_factor(
            caller.principal,
            caller.login_factor,
            caller.export_factor_max_age,
            "ssh export",
        )
        .await?;
    if json {
        let data = caller.portal.export_own_data(caller.principal).await?;
        return to_json(&data);
    }
    let archive = caller
        .portal
        .export_archive(caller.principal, "ssh export")
        .await?;
    Ok(archive.bytes)
}
