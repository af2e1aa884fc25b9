//! Deadlines that warn users before they pass: active contracts' next
//! deadlines and the record of warnings sent. The periodic check runs as
//! the server, not as a caller, so these functions take no principal; the
//! service addresses each warning to users who may read its subject.

use sqlx::{AnyConnection, AnyPool, FromRow};

use crate::domain::{Capability, MemberRole, Timestamp};

/// A contract deadline and the organisation it belongs to.
#[derive(Debug, Clone, FromRow)]
pub struct ContractDeadline {
    pub contract_id: i64,
    pub organisation_id: i64,
    pub number: String,
    pub product: String,
    /// YYYY-MM-DD.
    pub next_deadline: String,
    pub deadline_label: String,
}

/// Lists the active contracts whose next deadline lies between `first` and
/// `last` (YYYY-MM-DD, inclusive), soonest first.
pub async fn contract_deadlines(
    pool: &AnyPool,
    first: &str,
    last: &str,
) -> Result<Vec<ContractDeadline>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS contract_id, organisation_id, number, product, next_deadline, deadline_label \
         FROM contracts WHERE status = 'active' AND next_deadline IS NOT NULL \
         AND next_deadline >= $1 AND next_deadline <= $2 ORDER BY next_deadline, id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(pool)
    .await
}

/// Lists the enabled customers of an organisation whose role there lets
/// them read contracts.
pub async fn contract_readers(
    pool: &AnyPool,
    organisation_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let roles: Vec<&str> = MemberRole::ALL
        .iter()
        .filter(|role| role.may(Capability::ReadContracts))
        .map(|role| role.as_str())
        .collect();
    let placeholders: Vec<String> = (0..roles.len())
        .map(|index| format!("${}", index + 2))
        .collect();
    let sql = format!(
        "SELECT u.id FROM users u JOIN organisation_members m ON m.user_id = u.id \
         WHERE m.organisation_id = $1 AND u.role = 'customer' AND u.disabled = 0 \
         AND m.role IN ({}) ORDER BY u.id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(organisation_id);
    for role in roles {
        query = query.bind(role);
    }
    let rows: Vec<(i64,)> = query.fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Lists the enabled agents, who share the unassigned requests.
pub async fn agent_ids(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE role = 'agent' AND disabled = 0 ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Records that `user_id` is warned of `deadline` of `subject`. Returns
/// true when this call recorded it, and false when an earlier run or
/// another node at the same moment already had. The primary key and
/// `ON CONFLICT DO NOTHING` make that decision in the database. Inside a
/// transaction, a concurrent claim of the same warning waits for this one
/// to commit or roll back.
pub async fn claim(
    connection: &mut AnyConnection,
    user_id: i64,
    subject: &str,
    deadline: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO deadline_notices (user_id, subject, deadline, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(subject)
    .bind(deadline)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(result.rows_affected() == 1)
}
