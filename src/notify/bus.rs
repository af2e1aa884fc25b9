//! The event bus of one node. Use cases store an event row right after
//! their change and then publish it. Every session of the node receives it
//! and reloads what it shows.
//!
//! Rows carry an increasing id. A bridge between nodes (PostgreSQL
//! LISTEN/NOTIFY carrying the id) then only has to call [`Bus::catch_up`]
//! when told of a new id or after reconnecting, which publishes the rows
//! after the newest id this node delivered.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use sqlx::{Any, AnyPool, Executor, FromRow};
use tokio::sync::broadcast;

use crate::domain::{Principal, Role, Timestamp};

/// How many events a slow session may fall behind before it skips some;
/// a session that skipped events reloads its screen anyway.
const CAPACITY: usize = 256;

/// How many recently published event ids a node remembers, so that an
/// announcement of an event it already published is not relayed twice.
const RECENT_IDS: usize = 4096;

named_enum! {
    /// What changed.
    pub enum LiveEventKind("event kind") {
        /// State, next step, assignee or rating of a request.
        RequestChanged => "request-changed",
        /// A message visible to the customer.
        MessageAdded => "message-added",
        /// An internal note; only staff hear of it.
        NoteAdded => "note-added",
        /// A notification for `user_id`.
        NotificationRaised => "notification-raised",
        /// An agent started writing in a request. Never stored.
        Typing => "typing",
    }
}

/// One event as sessions see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    /// The row id in `events`; 0 for events that are never stored.
    pub id: i64,
    pub kind: LiveEventKind,
    pub request_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// The one user an event is for, such as a notification's recipient.
    pub user_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// The actor's display name, for warnings such as "Dana is writing";
    /// empty for events read back from the table.
    pub actor_name: String,
}

impl LiveEvent {
    pub fn new(kind: LiveEventKind) -> LiveEvent {
        LiveEvent {
            id: 0,
            kind,
            request_id: None,
            organisation_id: None,
            user_id: None,
            actor_id: None,
            actor_name: String::new(),
        }
    }

    /// Tells whether a session of `principal` must hear of the event.
    /// Customers hear only of their organisation's requests and never of
    /// internal notes or typing; staff hear of every request.
    pub fn concerns(&self, principal: &Principal) -> bool {
        if let Some(user_id) = self.user_id {
            return user_id == principal.user_id;
        }
        match principal.role {
            Role::Customer => {
                !matches!(self.kind, LiveEventKind::NoteAdded | LiveEventKind::Typing)
                    && self.organisation_id.is_some()
                    && self.organisation_id == principal.organisation_id
            }
            Role::Agent | Role::Operator => true,
        }
    }
}

#[derive(FromRow)]
struct EventRow {
    id: i64,
    kind: String,
    request_id: Option<i64>,
    organisation_id: Option<i64>,
    user_id: Option<i64>,
    actor_id: Option<i64>,
}

/// The broadcast of one node. Cloning shares it.
#[derive(Debug, Clone)]
pub struct Bus {
    sender: broadcast::Sender<LiveEvent>,
    /// The newest stored event id published on this node.
    delivered: Arc<AtomicI64>,
    /// The newest stored event ids published on this node, at most
    /// [`RECENT_IDS`] of them.
    recent: Arc<Mutex<BTreeSet<i64>>>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus::new()
    }
}

impl Bus {
    pub fn new() -> Bus {
        let (sender, _) = broadcast::channel(CAPACITY);
        Bus {
            sender,
            delivered: Arc::new(AtomicI64::new(0)),
            recent: Arc::new(Mutex::new(BTreeSet::new())),
        }
    }

    /// Returns a receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// Stores `event` through `executor` and returns it with its new id.
    /// Publish it with [`Bus::publish`] after the commit.
    // NOTE: rows are never deleted yet; a pruning job should drop rows that
    // every node has delivered.
    pub async fn record<'e, E>(
        executor: E,
        mut event: LiveEvent,
        now: Timestamp,
    ) -> Result<LiveEvent, sqlx::Error>
    where
        E: Executor<'e, Database = Any>,
    {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO events (kind, request_id, organisation_id, user_id, actor_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(event.kind.as_str())
        .bind(event.request_id)
        .bind(event.organisation_id)
        .bind(event.user_id)
        .bind(event.actor_id)
        .bind(now)
        .fetch_one(executor)
        .await?;
        event.id = id;
        Ok(event)
    }

    /// Sends an event to every session of this node and tells whether it
    /// was sent. Having no session subscribed is not an error. A stored
    /// event that this node already published is dropped: the bridge may
    /// load a row before the use case that stored it publishes.
    pub fn publish(&self, event: LiveEvent) -> bool {
        if event.id > 0 {
            if !self.remember(event.id) {
                return false;
            }
            self.delivered.fetch_max(event.id, Ordering::SeqCst);
        }
        let _ = self.sender.send(event);
        true
    }

    /// Adds `id` to the recently published ids and tells whether it was new.
    fn remember(&self, id: i64) -> bool {
        let Ok(mut recent) = self.recent.lock() else {
            return true;
        };
        let added = recent.insert(id);
        while recent.len() > RECENT_IDS {
            recent.pop_first();
        }
        added
    }

    /// Tells whether this node already published the stored event `id`.
    /// Ids older than the [`RECENT_IDS`] newest count as published.
    pub fn has_published(&self, id: i64) -> bool {
        let Ok(recent) = self.recent.lock() else {
            return true;
        };
        recent.contains(&id)
            || recent.len() >= RECENT_IDS && recent.first().is_some_and(|first| id < *first)
    }

    /// Publishes the stored events that another node announced with `id`:
    /// every newer row when `id` is past what this node delivered, or the
    /// one row `id` when it committed after a newer one was delivered.
    /// Returns how many events were published.
    pub async fn deliver_announced(&self, pool: &AnyPool, id: i64) -> Result<usize, sqlx::Error> {
        if id > self.delivered() {
            return self.catch_up(pool).await;
        }
        if self.has_published(id) {
            return Ok(0);
        }
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, kind, request_id, organisation_id, user_id, actor_id FROM events \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(self.publish_rows(rows))
    }

    /// Returns the newest stored event id published on this node.
    pub fn delivered(&self) -> i64 {
        self.delivered.load(Ordering::SeqCst)
    }

    /// Publishes the stored events after the newest one this node
    /// delivered, oldest first, and returns how many. A bridge between
    /// nodes calls this when another node announces an event and after it
    /// reconnects.
    // NOTE: an event that commits with a lower id after a higher one was
    // delivered is skipped here, because PostgreSQL assigns identities
    // before commit. The bridge relays such a row through
    // `deliver_announced` when its own announcement arrives.
    pub async fn catch_up(&self, pool: &AnyPool) -> Result<usize, sqlx::Error> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, kind, request_id, organisation_id, user_id, actor_id FROM events \
             WHERE id > $1 ORDER BY id LIMIT 1000",
        )
        .bind(self.delivered())
        .fetch_all(pool)
        .await?;
        Ok(self.publish_rows(rows))
    }

    /// Marks every event stored so far as delivered, so a node that starts
    /// on a database with history publishes only what is stored after it.
    /// Returns the newest id.
    pub async fn skip_stored(&self, pool: &AnyPool) -> Result<i64, sqlx::Error> {
        let (newest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM events")
            .fetch_one(pool)
            .await?;
        let newest = newest.unwrap_or(0);
        self.delivered.fetch_max(newest, Ordering::SeqCst);
        Ok(newest)
    }

    /// Publishes `rows` and returns how many this node had not published.
    fn publish_rows(&self, rows: Vec<EventRow>) -> usize {
        let mut count = 0;
        for row in rows {
            let Ok(kind) = row.kind.parse::<LiveEventKind>() else {
                tracing::warn!(id = row.id, kind = %crate::domain::text::sanitize_line(&row.kind), "unknown event kind; skipped");
                self.delivered.fetch_max(row.id, Ordering::SeqCst);
                continue;
            };
            let sent = self.publish(LiveEvent {
                id: row.id,
                kind,
                request_id: row.request_id,
                organisation_id: row.organisation_id,
                user_id: row.user_id,
                actor_id: row.actor_id,
                actor_name: String::new(),
            });
            count += usize::from(sent);
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, user_id: i64, organisation_id: Option<i64>) -> Principal {
        Principal {
            user_id,
            handle: "someone".to_string(),
            display_name: "Someone".to_string(),
            role,
            organisation_id,
            organisation_name: None,
            member_role: organisation_id.map(|_| crate::domain::MemberRole::Owner),
        }
    }

    fn request_event(kind: LiveEventKind, organisation_id: i64) -> LiveEvent {
        LiveEvent {
            request_id: Some(5),
            organisation_id: Some(organisation_id),
            ..LiveEvent::new(kind)
        }
    }

    #[test]
    fn customers_hear_only_their_organisation() {
        let alice = principal(Role::Customer, 1, Some(10));
        assert!(request_event(LiveEventKind::MessageAdded, 10).concerns(&alice));
        assert!(request_event(LiveEventKind::RequestChanged, 10).concerns(&alice));
        assert!(!request_event(LiveEventKind::MessageAdded, 11).concerns(&alice));
    }

    #[test]
    fn customers_never_hear_of_notes_or_typing() {
        let alice = principal(Role::Customer, 1, Some(10));
        assert!(!request_event(LiveEventKind::NoteAdded, 10).concerns(&alice));
        assert!(!request_event(LiveEventKind::Typing, 10).concerns(&alice));
        let agent = principal(Role::Agent, 2, None);
        assert!(request_event(LiveEventKind::NoteAdded, 10).concerns(&agent));
    }

    #[test]
    fn user_events_reach_only_that_user() {
        let event = LiveEvent {
            user_id: Some(1),
            ..LiveEvent::new(LiveEventKind::NotificationRaised)
        };
        assert!(event.concerns(&principal(Role::Customer, 1, Some(10))));
        assert!(!event.concerns(&principal(Role::Customer, 3, Some(10))));
        assert!(!event.concerns(&principal(Role::Agent, 2, None)));
    }

    #[tokio::test]
    async fn published_events_reach_subscribers() {
        let bus = Bus::new();
        let mut receiver = bus.subscribe();
        let event = LiveEvent {
            id: 7,
            ..request_event(LiveEventKind::MessageAdded, 10)
        };
        bus.publish(event.clone());
        assert_eq!(receiver.recv().await.unwrap(), event);
        assert_eq!(bus.delivered(), 7);
    }
}
