//! Production operations: Prometheus metrics and the health endpoints.

pub mod http;
pub mod metrics;
