//! The export of a user's own data and the audit entry of each command run
//! over `ssh HOST COMMAND`.

use serde_json::{Value, json};

use super::{Portal, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::time::iso_8601;
use crate::domain::{Principal, RequestNumber, Role};
use crate::store::documents::DocumentQuery;
use crate::store::requests::RequestQuery;

impl Portal {
    /// Writes the audit entry of one command run over ssh exec. `command`
    /// is the command's name, such as "documents ls", never its input.
    pub async fn audit_command(&self, principal: &Principal, command: &str) -> ServiceResult<()> {
        self.audit(principal, AuditAction::CommandRun, "ssh-exec", command)
            .await
    }

    /// Builds a JSON export of the caller's own data: profile, notifications
    /// and, for customers, the documents, contracts and requests of their
    /// organisation with the messages they may see. Internal notes are
    /// never included. Writes an audit entry.
    pub async fn export_own_data(&self, principal: &Principal) -> ServiceResult<Value> {
        let data = self.own_data(principal).await?;
        self.audit(
            principal,
            AuditAction::PersonalDataExported,
            &principal.handle,
            "ssh export",
        )
        .await?;
        Ok(data)
    }

    /// Collects what [`Portal::export_own_data`] returns, without the
    /// audit entry.
    pub(super) async fn own_data(&self, principal: &Principal) -> ServiceResult<Value> {
        let profile = self.profile(principal).await?;
        let notifications: Vec<Value> = self
            .notifications(principal)
            .await?
            .into_iter()
            .map(|item| {
                json!({
                    "kind": item.kind,
                    "title": item.title,
                    "body": item.body,
                    "created_at": iso_8601(item.created_at),
                    "read_at": item.read_at.map(iso_8601),
                })
            })
            .collect();

        let mut documents = Vec::new();
        let mut contracts = Vec::new();
        let mut requests = Vec::new();
        // NOTE: staff accounts get only their profile and notifications,
        // because their document and request scope is every organisation's.
        if principal.role == Role::Customer {
            for record in self.documents(principal, &DocumentQuery::default()).await? {
                documents.push(json!({
                    "id": record.id,
                    "kind": record.kind,
                    "title": record.title,
                    "issue_date": record.issue_date,
                    "file_name": record.file_name,
                    "sha256": record.sha256,
                }));
            }
            for record in self.contracts(principal).await? {
                contracts.push(json!({
                    "number": record.number,
                    "product": record.product,
                    "status": record.status,
                    "start_date": record.start_date,
                    "end_date": record.end_date,
                }));
            }
            let query = RequestQuery {
                include_conversations: true,
                ..RequestQuery::default()
            };
            for record in self.requests(principal, &query).await? {
                let detail = self.request_detail(principal, record.id).await?;
                let messages: Vec<Value> = detail
                    .messages
                    .iter()
                    .filter(|message| message.internal == 0)
                    .map(|message| {
                        json!({
                            "author": message.author_name,
                            "body": message.body,
                            "created_at": iso_8601(message.created_at),
                        })
                    })
                    .collect();
                requests.push(json!({
                    "number": RequestNumber::new(record.id, record.created_at).to_string(),
                    "subject": record.subject,
                    "state": record.state,
                    "created_at": iso_8601(record.created_at),
                    "messages": messages,
                }));
            }
        }

        Ok(json!({
            "exported_at": iso_8601(crate::domain::now()),
            "profile": {
                "handle": profile.handle,
                "display_name": profile.display_name,
                "email": profile.email,
                "role": profile.role,
                "organisation": profile.organisation_name,
                "created_at": iso_8601(profile.created_at),
                "last_login_at": profile.last_login_at.map(iso_8601),
            },
            "notifications": notifications,
            "documents": documents,
            "contracts": contracts,
            "requests": requests,
        }))
    }
}
