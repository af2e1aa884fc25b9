//! Plain types and rules of the portal. Nothing here performs I/O.

pub mod document;
pub mod request;
pub mod role;
pub mod text;

pub use document::{DocumentKind, DocumentStatus};
pub use request::{RequestCategory, RequestNumber, RequestState};
pub use role::{Principal, Role};

/// Seconds since the Unix epoch, in UTC. Every stored time uses this unit.
pub type Timestamp = i64;

/// Returns the current time as a [`Timestamp`].
pub fn now() -> Timestamp {
    chrono::Utc::now().timestamp()
}
