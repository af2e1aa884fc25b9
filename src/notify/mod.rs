//! Delivery of what happened to the sessions that care: the in-process
//! event bus of a node, backed by the `events` table, and the bridge that
//! carries events between nodes.

pub mod bridge;
pub mod bus;
pub mod delivery;
pub mod templates;

pub use bridge::Bridge;
pub use bus::{Bus, LiveEvent, LiveEventKind};
