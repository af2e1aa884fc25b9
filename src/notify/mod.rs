//! Delivery of what happened to the sessions that care: the in-process
//! event bus of a node, backed by the `events` table.

pub mod bus;

pub use bus::{Bus, LiveEvent, LiveEventKind};
