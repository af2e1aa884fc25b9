//! Portico: a self-service customer portal served as a terminal application
//! over SSH.

pub mod auth;
pub mod config;
pub mod domain;
pub mod service;
pub mod ssh;
pub mod store;
pub mod tui;
