//! The dashboard: a summary of everything the caller should look at.

use chrono::{Duration, NaiveDate, Utc};

use super::{Portal, ServiceResult};
use crate::domain::{NotificationKind, Principal};
use crate::store::contracts::{self, ContractRecord};
use crate::store::documents::{self, DocumentQuery, DocumentRecord};
use crate::store::requests::{self, RequestQuery, RequestRecord};
use crate::store::{messages, notifications};

/// How far ahead the dashboard lists contract deadlines.
pub const DEADLINE_HORIZON_DAYS: i64 = 120;

/// A contract deadline coming up.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub date: String,
    pub days_left: i64,
    pub label: String,
    pub contract_number: String,
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub active_contracts: Vec<ContractRecord>,
    pub recent_documents: Vec<DocumentRecord>,
    pub document_count: i64,
    pub new_document_count: i64,
    pub open_requests: Vec<RequestRecord>,
    pub open_request_count: i64,
    pub unread_messages: i64,
    pub unread_notifications: i64,
    pub deadlines: Vec<Deadline>,
    /// Unread security alerts, such as a login from a new place, and the
    /// title of the newest.
    pub security_alerts: i64,
    pub newest_security_alert: Option<String>,
    /// For staff: every open request with its service-level clocks, most
    /// urgent first, as the agents' queue orders them. Empty for customers.
    pub queue: Vec<RequestRecord>,
}

/// Lists the deadlines of active contracts between today and the horizon,
/// soonest first.
pub fn upcoming_deadlines(contracts: &[ContractRecord], today: NaiveDate) -> Vec<Deadline> {
    let horizon = today + Duration::days(DEADLINE_HORIZON_DAYS);
    let mut deadlines: Vec<Deadline> = contracts
        .iter()
        .filter(|contract| contract.status == "active")
        .filter_map(|contract| {
            let text = contract.next_deadline.as_deref()?;
            let date = crate::domain::parse_date(text, "contract deadline").ok()?;
            (date >= today && date <= horizon).then(|| Deadline {
                date: text.to_string(),
                days_left: (date - today).num_days(),
                label: contract.deadline_label.clone(),
                contract_number: contract.number.clone(),
            })
        })
        .collect();
    deadlines.sort_by(|a, b| a.date.cmp(&b.date));
    deadlines
}

impl Portal {
    /// Gathers the caller's dashboard. Customers see their organisation;
    /// staff see the open requests of every organisation.
    pub async fn dashboard(&self, principal: &Principal) -> ServiceResult<Dashboard> {
        let pool = self.store.pool();
        let contracts = contracts::list(pool, principal).await?;
        let deadlines = upcoming_deadlines(&contracts, Utc::now().date_naive());
        let active_contracts = contracts
            .into_iter()
            .filter(|c| c.status == "active")
            .collect();

        let recent_query = DocumentQuery {
            limit: Some(5),
            ..DocumentQuery::default()
        };
        let recent_documents =
            documents::list(pool, self.store.backend(), principal, &recent_query).await?;
        let (document_count, new_document_count) = documents::counts(pool, principal).await?;

        let open_query = RequestQuery {
            open_only: true,
            limit: Some(5),
            ..RequestQuery::default()
        };
        let open_requests = requests::list(pool, principal, &open_query).await?;
        let open_request_count = requests::count_open(pool, principal).await?;
        let unread_messages = messages::count_unread(pool, principal).await?;
        let (security_alerts, newest_security_alert) = notifications::unread_of_kind(
            pool,
            principal,
            NotificationKind::SecurityAlert.as_str(),
        )
        .await?;
        let unread_notifications = self.unread_notifications(principal).await?;
        let queue = if principal.role.is_staff() {
            let open = RequestQuery {
                open_only: true,
                ..RequestQuery::default()
            };
            self.requests(principal, &open).await?
        } else {
            Vec::new()
        };

        Ok(Dashboard {
            active_contracts,
            recent_documents,
            document_count,
            new_document_count,
            open_requests,
            open_request_count,
            unread_messages,
            unread_notifications,
            deadlines,
            security_alerts,
            newest_security_alert,
            queue,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(number: &str, status: &str, deadline: Option<&str>) -> ContractRecord {
        ContractRecord {
            id: 1,
            organisation_id: 1,
            number: number.to_string(),
            product: "Fibre 1G".to_string(),
            status: status.to_string(),
            start_date: "2025-01-01".to_string(),
            end_date: None,
            notice_days: 30,
            next_deadline: deadline.map(str::to_string),
            deadline_label: "notice".to_string(),
            auto_renew: 1,
            options: String::new(),
        }
    }

    #[test]
    fn deadlines_within_horizon_sorted() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let contracts = vec![
            contract("C-2", "active", Some("2027-01-15")),
            contract("C-1", "active", Some("2026-12-10")),
            contract("C-3", "active", Some("2028-01-01")),
            contract("C-4", "ended", Some("2026-12-05")),
            contract("C-5", "active", Some("2026-11-01")),
        ];
        let deadlines = upcoming_deadlines(&contracts, today);
        let numbers: Vec<&str> = deadlines
            .iter()
            .map(|d| d.contract_number.as_str())
            .collect();
        assert_eq!(numbers, ["C-1", "C-2"]);
        assert_eq!(deadlines[0].days_left, 9);
    }
}
