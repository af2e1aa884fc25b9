//! Portico: a self-service customer portal served as a terminal application
//! over SSH.

// A panic would end a user's session, so library code returns errors;
// tests may unwrap.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[macro_use]
pub mod i18n;
pub mod auth;
pub mod bench;
pub mod config;
#[macro_use]
pub mod domain;
pub mod notify;
pub mod ops;
pub mod service;
pub mod ssh;
pub mod store;
pub mod tui;
