//! Contracts of an organisation.

use chrono::NaiveDate;
use sqlx::{AnyPool, FromRow};

use crate::domain::{Capability, Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
pub struct ContractRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub number: String,
    pub product: String,
    pub status: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub notice_days: i64,
    pub next_deadline: Option<String>,
    pub deadline_label: String,
    /// 1 when the contract renews by itself at its end date.
    pub auto_renew: i64,
    /// Active options, comma-separated.
    pub options: String,
}

impl ContractRecord {
    /// Returns the plain-language summary of the contract's term in the
    /// current language, with ISO dates.
    pub fn summary(&self) -> String {
        crate::domain::contract::summary(
            &self.status,
            self.end_date.as_deref(),
            self.notice_days,
            self.auto_renew != 0,
        )
    }

    /// Returns the plain-language summary of the contract's term in the
    /// current language, with dates written by `write_date`.
    pub fn summary_with(&self, write_date: impl Fn(NaiveDate) -> String) -> String {
        crate::domain::contract::summary_with(
            &self.status,
            self.end_date.as_deref(),
            self.notice_days,
            self.auto_renew != 0,
            write_date,
        )
    }
}

const SELECT_CONTRACT: &str = "SELECT id, organisation_id, number, product, status, start_date, end_date, \
     notice_days, next_deadline, deadline_label, auto_renew, options FROM contracts";

/// Lists the contracts of the caller's organisation, active ones first and
/// then by next deadline. Staff accounts have no organisation and get none.
pub async fn list(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<ContractRecord>, sqlx::Error> {
    let Some(organisation_id) = readable_organisation(principal) else {
        return Ok(Vec::new());
    };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_CONTRACT} WHERE organisation_id = $1 \
         ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, next_deadline, number"
    )))
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// Finds one contract of the caller's organisation.
pub async fn get(
    pool: &AnyPool,
    principal: &Principal,
    id: i64,
) -> Result<Option<ContractRecord>, sqlx::Error> {
    let Some(organisation_id) = readable_organisation(principal) else {
        return Ok(None);
    };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_CONTRACT} WHERE organisation_id = $1 AND id = $2"
    )))
    .bind(organisation_id)
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Fields of a new contract, for operators and demo data.
pub struct NewContract<'a> {
    pub organisation_id: i64,
    pub number: &'a str,
    pub product: &'a str,
    pub status: &'a str,
    pub start_date: &'a str,
    pub end_date: Option<&'a str>,
    pub notice_days: i64,
    pub next_deadline: Option<&'a str>,
    pub deadline_label: &'a str,
    pub auto_renew: bool,
    pub options: &'a str,
}

/// Inserts a contract and returns its id.
pub async fn insert(
    pool: &AnyPool,
    contract: &NewContract<'_>,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO contracts (organisation_id, number, product, status, start_date, end_date, notice_days, \
         next_deadline, deadline_label, created_at, auto_renew, options) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(contract.organisation_id)
    .bind(contract.number)
    .bind(contract.product)
    .bind(contract.status)
    .bind(contract.start_date)
    .bind(contract.end_date)
    .bind(contract.notice_days)
    .bind(contract.next_deadline)
    .bind(contract.deadline_label)
    .bind(now)
    .bind(i64::from(contract.auto_renew))
    .bind(contract.options)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Returns the organisation whose contracts the caller may read, if any.
fn readable_organisation(principal: &Principal) -> Option<i64> {
    if principal.may(Capability::ReadContracts) {
        principal.customer_organisation()
    } else {
        None
    }
}
