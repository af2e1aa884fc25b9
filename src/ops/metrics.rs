//! Process-wide counters in the Prometheus text format. Every part of the
//! program records into one static registry, so no value has to be passed
//! down the layers to be counted.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A count and a sum of durations, exported as a Prometheus summary
/// without quantiles.
struct Timing {
    count: AtomicU64,
    micros: AtomicU64,
}

impl Timing {
    const fn new() -> Timing {
        Timing {
            count: AtomicU64::new(0),
            micros: AtomicU64::new(0),
        }
    }

    fn record(&self, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.count.fetch_add(1, Ordering::Relaxed);
        self.micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn write(&self, output: &mut String, name: &str, help: &str) {
        let count = self.count.load(Ordering::Relaxed);
        let seconds = self.micros.load(Ordering::Relaxed) as f64 / 1_000_000.0;
        write_header(output, name, "summary", help);
        let _ = writeln!(output, "{name}_sum {seconds}");
        let _ = writeln!(output, "{name}_count {count}");
    }
}

static OPEN_SESSIONS: AtomicU64 = AtomicU64::new(0);
static EVENTS_RELAYED: AtomicU64 = AtomicU64::new(0);
static LOGINS: Mutex<BTreeMap<(String, String), u64>> = Mutex::new(BTreeMap::new());
static AUTHENTICATION: Timing = Timing::new();
static FRAME_RENDER: Timing = Timing::new();
static DATABASE_QUERY: Timing = Timing::new();

/// Counts a session that opened on this node.
pub fn session_opened() {
    OPEN_SESSIONS.fetch_add(1, Ordering::Relaxed);
}

/// Counts a session that closed on this node.
pub fn session_closed() {
    let _ = OPEN_SESSIONS.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |open| {
        Some(open.saturating_sub(1))
    });
}

/// Counts events that another node stored and this node relayed.
pub fn events_relayed(count: usize) {
    EVENTS_RELAYED.fetch_add(count as u64, Ordering::Relaxed);
}

/// Counts a login attempt by its method (password, key, totp...) and
/// outcome, as login history records them.
pub fn login(method: &str, outcome: &str) {
    // Outcomes such as "rejected: throttled" keep only their first word, so
    // the label has few values.
    let outcome = outcome.split(':').next().unwrap_or(outcome).trim();
    if let Ok(mut logins) = LOGINS.lock() {
        *logins
            .entry((method.to_string(), outcome.to_string()))
            .or_insert(0) += 1;
    }
}

/// Records the time one authentication step took.
pub fn authentication_time(elapsed: Duration) {
    AUTHENTICATION.record(elapsed);
}

/// Records the time one frame took to render.
pub fn frame_render_time(elapsed: Duration) {
    FRAME_RENDER.record(elapsed);
}

/// Records the time one database query took.
pub fn database_query_time(elapsed: Duration) {
    DATABASE_QUERY.record(elapsed);
}

/// Escapes a label value for the Prometheus text format.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Writes the HELP and TYPE lines of one metric.
fn write_header(output: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(output, "# HELP {name} {help}");
    let _ = writeln!(output, "# TYPE {name} {kind}");
}

/// Writes one metric that has a single sample and no labels.
fn write_single(
    output: &mut String,
    name: &str,
    kind: &str,
    help: &str,
    value: impl std::fmt::Display,
) {
    write_header(output, name, kind, help);
    let _ = writeln!(output, "{name} {value}");
}

/// Renders every metric in the Prometheus text format (version 0.0.4).
/// `outbox_backlog` is `None` when the database has no outbox.
pub fn render(outbox_backlog: Option<i64>) -> String {
    let mut output = String::new();
    write_single(
        &mut output,
        "portico_open_sessions",
        "gauge",
        "Logged-in sessions open on this node.",
        OPEN_SESSIONS.load(Ordering::Relaxed),
    );

    write_header(
        &mut output,
        "portico_logins_total",
        "counter",
        "Login attempts by method and outcome.",
    );
    if let Ok(logins) = LOGINS.lock() {
        for ((method, outcome), count) in logins.iter() {
            let _ = writeln!(
                output,
                "portico_logins_total{{method=\"{}\",outcome=\"{}\"}} {count}",
                label(method),
                label(outcome)
            );
        }
    }

    AUTHENTICATION.write(
        &mut output,
        "portico_authentication_seconds",
        "Time of each authentication step.",
    );
    FRAME_RENDER.write(
        &mut output,
        "portico_frame_render_seconds",
        "Time to render one frame.",
    );
    DATABASE_QUERY.write(
        &mut output,
        "portico_database_query_seconds",
        "Time of the database queries that are timed (readiness checks and outbox counts).",
    );

    write_single(
        &mut output,
        "portico_events_relayed_total",
        "counter",
        "Events stored by other nodes and relayed to this node's sessions.",
        EVENTS_RELAYED.load(Ordering::Relaxed),
    );

    if let Some(backlog) = outbox_backlog {
        write_single(
            &mut output,
            "portico_outbox_backlog",
            "gauge",
            "Outbox messages not yet sent.",
            backlog,
        );
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_grouped_by_first_word() {
        login("test-password", "rejected: throttled");
        login("test-password", "rejected: wrong password");
        login("key\"x", "success");
        let text = render(None);
        assert!(
            text.contains("portico_logins_total{method=\"test-password\",outcome=\"rejected\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("portico_logins_total{method=\"key\\\"x\",outcome=\"success\"} 1"),
            "{text}"
        );
        assert!(!text.contains("portico_outbox_backlog"));
        assert!(render(Some(3)).contains("portico_outbox_backlog 3"));
    }
}
