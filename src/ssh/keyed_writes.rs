//! Writes of a session that carry an idempotency key: replies, internal
//! notes, new requests, state changes, closing several requests at once,
//! assignments, priorities and profile edits. A write that
//! failed for a lost database is tried again with the same key, so one
//! whose COMMIT went through before the connection dropped is not stored
//! twice.

use std::collections::HashMap;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use tokio::sync::mpsc;

use super::effects::{EffectContext, retrying};
use crate::domain::{RequestPriority, RequestState};
use crate::service::ServiceResult;
use crate::tui::{Event, RequestDraftKey};

/// The idempotency keys of this session's writes that have not succeeded
/// yet, by a hash of what they write. Sending the same write again after
/// a failure reuses its key, so a write whose COMMIT went through before
/// the connection dropped is not stored twice. A write sent again after
/// it succeeded gets a new key and is stored again, as the user meant.
#[derive(Default)]
pub struct PendingWrites {
    keys: Mutex<HashMap<u64, String>>,
}

impl PendingWrites {
    /// Returns the key of the write hashed to `fingerprint`, choosing a
    /// random one for a new write.
    fn key_for(&self, fingerprint: u64) -> String {
        let Ok(mut keys) = self.keys.lock() else {
            return random_key();
        };
        keys.entry(fingerprint).or_insert_with(random_key).clone()
    }

    /// Keeps the key after a failure that may have stored the write, and
    /// drops it otherwise.
    fn settle<T>(&self, fingerprint: u64, result: &ServiceResult<T>) {
        let unclear = matches!(result, Err(error) if error.is_connection_fault());
        if unclear {
            return;
        }
        if let Ok(mut keys) = self.keys.lock() {
            keys.remove(&fingerprint);
        }
    }
}

fn random_key() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    hex::encode(bytes)
}

fn fingerprint(write: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    write.hash(&mut hasher);
    hasher.finish()
}

/// Runs `write` with the key of the pending write hashed to `fingerprint`,
/// trying again while the database is lost.
async fn write_once<T, F, Fut>(
    context: &EffectContext,
    fingerprint: u64,
    results: &mpsc::Sender<Event>,
    write: F,
) -> ServiceResult<T>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    let key = context.pending_writes.key_for(fingerprint);
    let result = retrying(results, context.portal.store(), || write(key.clone())).await;
    context.pending_writes.settle(fingerprint, &result);
    result
}

/// Writes a reply or an internal note.
pub(super) async fn write_message(
    context: &EffectContext,
    request_id: i64,
    body: &str,
    internal: bool,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<()> {
    let kind = if internal { "note" } else { "reply" };
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint((kind, request_id, body));
    write_once(context, key, results, |key| async move {
        if internal {
            portal
                .add_note_once(principal, request_id, body, &key)
                .await
        } else {
            portal.reply_once(principal, request_id, body, &key).await
        }
    })
    .await
}

/// Opens a request and returns its number.
pub(super) async fn open_request(
    context: &EffectContext,
    draft: &RequestDraftKey,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<crate::domain::RequestNumber> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let (request, origin) = (draft.to_draft(), draft.to_origin());
    let key = fingerprint((
        "request",
        &draft.subject,
        draft.category.as_str(),
        &draft.body,
        draft.document_id,
    ));
    write_once(context, key, results, |key| {
        let (request, origin) = (&request, &origin);
        async move {
            portal
                .open_request_once(principal, request, origin, &key)
                .await
        }
    })
    .await
}

/// Changes a request's state.
pub(super) async fn change_state(
    context: &EffectContext,
    request_id: i64,
    to: RequestState,
    next_step: &str,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<()> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint(("state", request_id, to.as_str(), next_step));
    write_once(context, key, results, |key| async move {
        portal
            .change_state_once(principal, request_id, to, next_step, &key)
            .await
    })
    .await
}

/// Closes several requests at once, all or none.
pub(super) async fn close_requests(
    context: &EffectContext,
    request_ids: &[i64],
    next_step: &str,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<()> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint(("close-many", request_ids, next_step));
    write_once(context, key, results, |key| async move {
        portal
            .close_requests_once(principal, request_ids, next_step, &key)
            .await
    })
    .await
}

/// Assigns requests to the agent with `handle`, or to the caller, and
/// returns the assignee's name.
pub(super) async fn assign_requests(
    context: &EffectContext,
    request_ids: &[i64],
    handle: Option<&str>,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<String> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint(("assign", request_ids, handle));
    write_once(context, key, results, |key| async move {
        portal
            .assign_requests_once(principal, request_ids, handle, &key)
            .await
    })
    .await
}

/// Sets a request's priority.
pub(super) async fn set_priority(
    context: &EffectContext,
    request_id: i64,
    priority: RequestPriority,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<()> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint(("priority", request_id, priority.as_str()));
    write_once(context, key, results, |key| async move {
        portal
            .set_priority_once(principal, request_id, priority, &key)
            .await
    })
    .await
}

/// Changes the caller's name and email.
pub(super) async fn update_profile(
    context: &EffectContext,
    display_name: &str,
    email: &str,
    results: &mpsc::Sender<Event>,
) -> ServiceResult<()> {
    let portal = &context.portal;
    let principal = context.acting_principal();
    let principal = &principal;
    let key = fingerprint(("profile", display_name, email));
    write_once(context, key, results, |key| async move {
        portal
            .update_profile_once(principal, display_name, email, &key)
            .await
    })
    .await
}
