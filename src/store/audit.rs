//! The audit trail: an append-only, hash-chained list of sensitive actions.
//! Each entry stores the SHA-256 of the previous entry's hash and its own
//! fields, so an altered or removed row breaks the chain.

use sha2::{Digest, Sha256};
use sqlx::{Acquire, Any, AnyPool, AssertSqlSafe, FromRow};

use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_handle: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub created_at: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// An action to record. `actor_id` is `None` for the operator's command
/// line and for unknown handles.
pub struct AuditEntry<'a> {
    pub actor_id: Option<i64>,
    pub actor_handle: &'a str,
    /// The stored name of a [`crate::domain::audit::AuditAction`]. The
    /// chain check rebuilds entries with whatever name is stored.
    pub action: &'a str,
    pub target: &'a str,
    pub detail: &'a str,
}

/// Computes the hash that chains an entry to its predecessor.
pub fn chain_hash(prev_hash: &str, entry: &AuditEntry<'_>, created_at: Timestamp) -> String {
    let mut hasher = Sha256::new();
    for field in [
        prev_hash,
        &entry.actor_id.map(|id| id.to_string()).unwrap_or_default(),
        entry.actor_handle,
        entry.action,
        entry.target,
        entry.detail,
        &created_at.to_string(),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Appends an entry. The update of `audit_head` comes first so that
/// concurrent appends, from this node or another, wait for each other.
/// `connection` is a pool, or the transaction of a change so the entry
/// commits with it.
pub async fn append<'a, A>(
    connection: A,
    entry: &AuditEntry<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error>
where
    A: Acquire<'a, Database = Any>,
{
    let mut transaction = connection.begin().await?;
    sqlx::query("UPDATE audit_head SET last_hash = last_hash WHERE id = 1")
        .execute(&mut *transaction)
        .await?;
    let (prev_hash,): (String,) = sqlx::query_as("SELECT last_hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *transaction)
        .await?;
    let hash = chain_hash(&prev_hash, entry, now);

    sqlx::query(
        "INSERT INTO audit_entries (actor_id, actor_handle, action, target, detail, created_at, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.actor_id)
    .bind(entry.actor_handle)
    .bind(entry.action)
    .bind(entry.target)
    .bind(entry.detail)
    .bind(now)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *transaction)
    .await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await
}

/// Lists the caller's own recent actions, newest first.
pub async fn list_own(
    pool: &AnyPool,
    principal: &Principal,
    limit: i64,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, actor_id, actor_handle, action, target, detail, created_at, prev_hash, hash \
         FROM audit_entries WHERE actor_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(principal.user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Entries read at once while walking the chain, so memory stays bounded.
const PAGE: i64 = 1000;

const SELECT_ENTRY: &str = "SELECT id, actor_id, actor_handle, action, target, detail, created_at, prev_hash, hash \
     FROM audit_entries";

/// The hash that the first entry chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first break in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's fields no longer produce its stored hash.
    Altered { id: i64 },
    /// The entry does not chain to the one before it, so entries between
    /// `after` (or the start, when `None`) and `id` were removed, or the
    /// entry's link was altered.
    Removed { after: Option<i64>, id: i64 },
    /// The newest entries after `after` were removed: the head no longer
    /// matches the last entry.
    TailRemoved { after: Option<i64> },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Altered { id } => write!(
                formatter,
                "audit entry {id} was altered: its fields no longer match its hash"
            ),
            ChainBreak::Removed {
                after: Some(after),
                id,
            } if *id > after + 1 => write!(
                formatter,
                "audit entry {} was removed: entry {id} does not chain to entry {after}",
                after + 1
            ),
            ChainBreak::Removed {
                after: Some(after),
                id,
            } => write!(
                formatter,
                "an audit entry between {after} and {id} was removed, or the link of entry {id} was altered"
            ),
            ChainBreak::Removed { after: None, id } => write!(
                formatter,
                "the first audit entries before entry {id} were removed, or the link of entry {id} was altered"
            ),
            ChainBreak::TailRemoved { after: Some(after) } => write!(
                formatter,
                "the newest audit entries after entry {after} were removed: the chain head does not match entry {after}"
            ),
            ChainBreak::TailRemoved { after: None } => write!(
                formatter,
                "every audit entry was removed: the chain head is not the start of an empty chain"
            ),
        }
    }
}

/// Walks the whole chain, oldest first, and returns how many entries it
/// checked, or the first place where it breaks. Only operators call this.
pub async fn verify_chain(pool: &AnyPool) -> Result<Result<u64, ChainBreak>, sqlx::Error> {
    let mut expected_prev = GENESIS_HASH.to_string();
    let mut previous_id: Option<i64> = None;
    let mut checked = 0u64;
    loop {
        let page: Vec<AuditRecord> = sqlx::query_as(AssertSqlSafe(format!(
            "{SELECT_ENTRY} WHERE id > $1 ORDER BY id LIMIT $2"
        )))
        .bind(previous_id.unwrap_or(0))
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        if page.is_empty() {
            break;
        }
        for record in page {
            if record.prev_hash != expected_prev {
                return Ok(Err(ChainBreak::Removed {
                    after: previous_id,
                    id: record.id,
                }));
            }
            let entry = AuditEntry {
                actor_id: record.actor_id,
                actor_handle: &record.actor_handle,
                action: &record.action,
                target: &record.target,
                detail: &record.detail,
            };
            if chain_hash(&record.prev_hash, &entry, record.created_at) != record.hash {
                return Ok(Err(ChainBreak::Altered { id: record.id }));
            }
            expected_prev = record.hash;
            previous_id = Some(record.id);
            checked += 1;
        }
    }

    let (head,): (String,) = sqlx::query_as("SELECT last_hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await?;
    if head != expected_prev {
        return Ok(Err(ChainBreak::TailRemoved { after: previous_id }));
    }
    Ok(Ok(checked))
}

/// Lists entries created at or after `since`, oldest first, one page after
/// the entry `after_id`. Only operators call this, for exports.
pub async fn list_page_since(
    pool: &AnyPool,
    since: Timestamp,
    after_id: i64,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT_ENTRY} WHERE created_at >= $1 AND id > $2 ORDER BY id LIMIT $3"
    )))
    .bind(since)
    .bind(after_id)
    .bind(PAGE)
    .fetch_all(pool)
    .await
}

/// Lists the entries about the caller, oldest first: those of their own
/// actions and those whose target is their handle. For the export of
/// their own data.
pub async fn list_about(
    pool: &AnyPool,
    principal: &Principal,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT_ENTRY} WHERE actor_id = $1 OR target = $2 ORDER BY id"
    )))
    .bind(principal.user_id)
    .bind(&principal.handle)
    .fetch_all(pool)
    .await
}
