//! Formatting of stored times.

use chrono::{DateTime, SecondsFormat};

use super::Timestamp;

/// Formats a timestamp as RFC 3339 in UTC with whole seconds, such as
/// "2026-03-01T12:00:00Z", or an empty string for a time chrono cannot
/// represent.
pub fn iso_8601(time: Timestamp) -> String {
    DateTime::from_timestamp(time, 0)
        .map(|time| time.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Formats a timestamp to the minute in UTC, such as "2026-03-01 12:00",
/// or returns `None` for a time chrono cannot represent.
pub fn minute_utc(time: Timestamp) -> Option<String> {
    DateTime::from_timestamp(time, 0).map(|time| time.format("%Y-%m-%d %H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_8601_in_utc() {
        assert_eq!(iso_8601(1_772_366_400), "2026-03-01T12:00:00Z");
        assert_eq!(iso_8601(i64::MAX), "");
    }

    #[test]
    fn minute_utc_drops_seconds() {
        assert_eq!(
            minute_utc(1_772_366_459).as_deref(),
            Some("2026-03-01 12:00")
        );
        assert_eq!(minute_utc(i64::MAX), None);
    }
}
