//! Warnings of approaching deadlines: a contract's next deadline (notice
//! period, renewal) for the customers who may read the contract, and a
//! request's first-response and resolution targets for the agent who works
//! it. A periodic check inside `portico serve` finds deadlines that entered
//! their warning window and notifies each user once per deadline, in the
//! user's language (see `display::known_language`), else in English.

use chrono::{DateTime, Duration, NaiveDate};
use tracing::{info, warn};

use super::display::known_language;
use super::outbox::Change;
use super::{Portal, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::regional::DateFormat;
use crate::domain::sla::{Clock, duration_words};
use crate::domain::{NotificationKind, Principal, RequestNumber, Role, Timestamp, now};
use crate::i18n::sync_scope;
use crate::store::deadlines::{self, ContractDeadline};
use crate::store::requests::{self, RequestQuery, RequestRecord};
use crate::store::users;

/// Default seconds between two deadline checks.
pub const DEFAULT_CHECK_INTERVAL_SECS: u64 = 300;
/// Default days before a contract deadline that customers are warned.
pub const DEFAULT_CONTRACT_WARNING_DAYS: i64 = 14;
/// Default business minutes before a service-level target that agents
/// are warned.
pub const DEFAULT_SLA_WARNING_MINUTES: i64 = 60;

/// When deadline warnings are checked for and how early they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineSettings {
    /// Seconds between two checks.
    pub check_interval_secs: u64,
    /// Days before a contract's next deadline that its readers are warned.
    pub contract_warning_days: i64,
    /// Business minutes left on a request's running clock when its agent
    /// is warned.
    pub sla_warning_minutes: i64,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings {
            check_interval_secs: DEFAULT_CHECK_INTERVAL_SECS,
            contract_warning_days: DEFAULT_CONTRACT_WARNING_DAYS,
            sla_warning_minutes: DEFAULT_SLA_WARNING_MINUTES,
        }
    }
}

/// How many warnings one check sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeadlineReport {
    pub contract_warnings: usize,
    pub request_warnings: usize,
}

/// The caller the check reads requests as: staff scope, no organisation.
fn system_principal() -> Principal {
    Principal {
        user_id: 0,
        handle: "system".to_string(),
        display_name: "Portico".to_string(),
        role: Role::Operator,
        organisation_id: None,
        organisation_name: None,
        member_role: None,
    }
}

/// Returns the UTC date of a Unix time.
fn utc_date(time: Timestamp) -> Option<NaiveDate> {
    DateTime::from_timestamp(time, 0).map(|time| time.date_naive())
}

impl Portal {
    /// Sends every deadline warning due at `now` that was not sent before,
    /// and returns how many it sent. Safe to run on several nodes at once:
    /// each warning is claimed in the database before it is sent.
    ///
    /// The warnings of one deadline commit in one [`Change`]: the record of
    /// each user warned, their notifications and outbox rows, and one audit
    /// entry. A failure rolls all of them back, so the next check sends
    /// the warning again in full and never twice.
    pub async fn notify_deadlines(&self, now: Timestamp) -> ServiceResult<DeadlineReport> {
        let contract_warnings = self.warn_contract_deadlines(now).await?;
        let request_warnings = self.warn_request_deadlines(now).await?;
        Ok(DeadlineReport {
            contract_warnings,
            request_warnings,
        })
    }

    async fn warn_contract_deadlines(&self, now: Timestamp) -> ServiceResult<usize> {
        let Some(today) = utc_date(now) else {
            return Ok(0);
        };
        let last = today + Duration::days(self.settings.deadlines.contract_warning_days.max(0));
        let pool = self.store.pool();
        let due = deadlines::contract_deadlines(
            pool,
            &today.format("%Y-%m-%d").to_string(),
            &last.format("%Y-%m-%d").to_string(),
        )
        .await?;

        let mut sent = 0;
        for deadline in due {
            let subject = format!("contract:{}", deadline.contract_id);
            let mut change = self.begin().await?;
            let mut warned = 0;
            for user_id in deadlines::contract_readers(pool, deadline.organisation_id).await? {
                let connection = change.connection();
                if !deadlines::claim(connection, user_id, &subject, &deadline.next_deadline, now)
                    .await?
                {
                    continue;
                }
                let language = known_language(change.connection(), user_id)
                    .await?
                    .unwrap_or_default();
                let date_format = self.recipient_regional(user_id).await?.date_format;
                let (title, body) =
                    sync_scope(language, || contract_warning(&deadline, today, date_format));
                self.notify_in(
                    &mut change,
                    user_id,
                    NotificationKind::Deadline,
                    &title,
                    &body,
                    &subject,
                )
                .await?;
                warned += 1;
            }
            self.commit_warnings(change, &subject, &deadline.next_deadline, warned)
                .await?;
            sent += warned;
        }
        Ok(sent)
    }

    async fn warn_request_deadlines(&self, now: Timestamp) -> ServiceResult<usize> {
        let system = system_principal();
        let query = RequestQuery {
            open_only: true,
            ..RequestQuery::default()
        };
        let pool = self.store.pool();
        let mut records = requests::list(pool, &system, &query).await?;
        self.add_sla(&system, &mut records, now).await?;
        let window = self.settings.deadlines.sla_warning_minutes.max(0) * 60;

        let mut sent = 0;
        for record in &records {
            let Some(sla) = record.sla else {
                continue;
            };
            for (clock, target) in [
                (sla.first_response, "first-response"),
                (sla.resolution, "resolution"),
            ] {
                if clock.stopped || clock.paused || clock.left() > window {
                    continue;
                }
                let subject = format!("request:{}", record.id);
                let mut change = self.begin().await?;
                let mut warned = 0;
                for user_id in self.request_workers(record).await? {
                    if !deadlines::claim(change.connection(), user_id, &subject, target, now)
                        .await?
                    {
                        continue;
                    }
                    let language = known_language(change.connection(), user_id)
                        .await?
                        .unwrap_or_default();
                    let (title, body) =
                        sync_scope(language, || request_warning(record, target, &clock));
                    self.notify_in(
                        &mut change,
                        user_id,
                        NotificationKind::Deadline,
                        &title,
                        &body,
                        &subject,
                    )
                    .await?;
                    warned += 1;
                }
                self.commit_warnings(change, &subject, target, warned)
                    .await?;
                sent += warned;
            }
        }
        Ok(sent)
    }

    /// Commits the warnings of one deadline with an audit entry, or rolls
    /// the change back when every user had been warned before.
    async fn commit_warnings(
        &self,
        mut change: Change,
        subject: &str,
        deadline: &str,
        warned: usize,
    ) -> ServiceResult<()> {
        if warned == 0 {
            return Ok(());
        }
        let detail = format!("deadline {deadline}, {warned} user(s) warned");
        self.audit_unattended_in(
            &mut change,
            "system",
            AuditAction::DeadlineWarned,
            subject,
            &detail,
        )
        .await?;
        self.commit(change).await
    }

    /// Returns who is warned about a request: its assignee when enabled,
    /// else every enabled agent.
    async fn request_workers(&self, record: &RequestRecord) -> ServiceResult<Vec<i64>> {
        let pool = self.store.pool();
        if let Some(assignee_id) = record.assignee_id
            && let Some(assignee) = users::find_by_id(pool, assignee_id).await?
            && assignee.disabled == 0
        {
            return Ok(vec![assignee_id]);
        }
        Ok(deadlines::agent_ids(pool).await?)
    }

    /// Checks for deadline warnings every configured interval until the
    /// process ends; a failed check is logged and the next one tries again.
    pub async fn deadline_checks(self) {
        let seconds = self.settings.deadlines.check_interval_secs.max(1);
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(seconds));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match self.notify_deadlines(now()).await {
                Ok(report) if report != DeadlineReport::default() => info!(
                    contract_warnings = report.contract_warnings,
                    request_warnings = report.request_warnings,
                    "deadline warnings sent"
                ),
                Ok(_) => {}
                Err(error) => warn!(
                    error = %error,
                    retry_secs = seconds,
                    "deadline check failed; retrying at the next interval"
                ),
            }
        }
    }
}

/// Words of a contract deadline warning, as title and body, in the
/// current language. The deadline's date is written in the recipient's
/// `date_format`, or as stored when it is no valid date.
fn contract_warning(
    deadline: &ContractDeadline,
    today: NaiveDate,
    date_format: DateFormat,
) -> (String, String) {
    let date = NaiveDate::parse_from_str(&deadline.next_deadline, "%Y-%m-%d");
    let days = date
        .map(|date| (date - today).num_days())
        .unwrap_or_default();
    let written = date.map_or_else(
        |_| deadline.next_deadline.clone(),
        |date| date_format.write_date(date),
    );
    let label = if deadline.deadline_label.trim().is_empty() {
        tr!("contracts-deadline-label")
    } else {
        deadline.deadline_label.clone()
    };
    let title = tr!(
        "contracts-deadline-title",
        number = deadline.number.as_str(),
        label = label.as_str(),
        days = days
    );
    let body = tr!(
        "contracts-deadline-body",
        label = label.as_str(),
        product = deadline.product.as_str(),
        number = deadline.number.as_str(),
        date = written.as_str()
    );
    (title, body)
}

/// Words of a service-level warning, as title and body, in the current
/// language.
fn request_warning(record: &RequestRecord, target: &str, clock: &Clock) -> (String, String) {
    let number = RequestNumber::new(record.id, record.created_at).to_string();
    let clock_name = if target == "first-response" {
        tr!("requests-deadline-first-reply")
    } else {
        tr!("requests-deadline-resolution")
    };
    let title = if clock.is_overdue() {
        tr!(
            "requests-deadline-overdue-title",
            number = number.as_str(),
            clock = clock_name.as_str(),
            duration = duration_words(-clock.left())
        )
    } else {
        tr!(
            "requests-deadline-due-title",
            number = number.as_str(),
            clock = clock_name.as_str(),
            duration = duration_words(clock.left())
        )
    };
    let body = tr!(
        "requests-deadline-body",
        subject = record.subject.as_str(),
        organisation = record.organisation_name.as_str(),
        clock = clock_name.as_str(),
        state = clock.words()
    );
    (title, body)
}
