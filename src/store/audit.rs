//! The audit trail: an append-only, hash-chained list of sensitive actions.
//! Each entry stores the SHA-256 of the previous entry's hash and its own
//! fields, so an altered or removed row breaks the chain.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, FromRow};

use crate::domain::{Principal, Timestamp};

#[derive(Debug, Clone, FromRow)]
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
pub async fn append(
    pool: &AnyPool,
    entry: &AuditEntry<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
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
