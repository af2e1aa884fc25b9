//! Penalties of source addresses, shared by the nodes of one database.
//! Times are Unix milliseconds from the nodes' clocks, so the nodes need
//! clocks kept in step (NTP); a skew of a second shifts a penalty by a
//! second.

use sqlx::AnyPool;

/// What one penalty adds, and the thresholds it is judged against, in
/// milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyStep {
    pub amount_ms: i64,
    /// Pending penalty from which the address is refused.
    pub min_ms: i64,
    /// Maximum pending penalty of one address.
    pub max_ms: i64,
}

/// The pending penalty of one source after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyState {
    pub until_ms: i64,
    pub enforced: bool,
}

/// Adds `step` to the pending penalty of `source` in one statement, so
/// steps recorded at the same time by several nodes all count. A penalty
/// that has run out starts again from `now_ms`; refusal starts once the
/// pending penalty reaches `min_ms` and lasts until it runs out.
pub async fn add(
    pool: &AnyPool,
    source: &str,
    step: PenaltyStep,
    now_ms: i64,
) -> Result<PenaltyState, sqlx::Error> {
    // In ON CONFLICT DO UPDATE, both SQLite and PostgreSQL evaluate every
    // SET expression on the row as it was, so `enforced` repeats the new end.
    macro_rules! start {
        () => {
            "(CASE WHEN source_penalties.until_ms > $1 THEN source_penalties.until_ms ELSE $1 END)"
        };
    }
    macro_rules! new_until {
        () => {
            concat!(
                "(CASE WHEN ",
                start!(),
                " + $2 > $3 THEN $3 ELSE ",
                start!(),
                " + $2 END)"
            )
        };
    }
    const ADD: &str = concat!(
        "INSERT INTO source_penalties (source, until_ms, enforced) VALUES ($5, $6, $7) ",
        "ON CONFLICT (source) DO UPDATE SET until_ms = ",
        new_until!(),
        ", enforced = CASE WHEN source_penalties.until_ms > $1 AND source_penalties.enforced = 1 THEN 1 WHEN ",
        new_until!(),
        " >= $4 THEN 1 ELSE 0 END RETURNING until_ms, enforced"
    );

    let first = step.amount_ms.min(step.max_ms);
    let (until_ms, enforced): (i64, i64) = sqlx::query_as(ADD)
        .bind(now_ms)
        .bind(step.amount_ms)
        .bind(now_ms.saturating_add(step.max_ms))
        .bind(now_ms.saturating_add(step.min_ms))
        .bind(source)
        .bind(now_ms.saturating_add(first))
        .bind(i64::from(first >= step.min_ms))
        .fetch_one(pool)
        .await?;
    Ok(PenaltyState {
        until_ms,
        enforced: enforced == 1,
    })
}

/// Returns the sources refused at `now_ms` with the end of their penalty,
/// at most `limit` of them, those refused longest first.
pub async fn enforced(
    pool: &AnyPool,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT source, until_ms FROM source_penalties WHERE enforced = 1 AND until_ms > $1 \
         ORDER BY until_ms DESC LIMIT $2",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Deletes the penalties that ran out before `before_ms`; returns how many.
pub async fn purge(pool: &AnyPool, before_ms: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM source_penalties WHERE until_ms < $1")
        .bind(before_ms)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}
