//! Formatting of stored times and parsing of calendar dates.

use chrono::{DateTime, NaiveDate, SecondsFormat};

use super::Timestamp;
use super::text::sanitize_line;

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

/// Parses a `YYYY-MM-DD` date. On failure the error names the field
/// (`what`, such as "issue date"), the rejected value, escaped for a
/// terminal, and the expected form.
pub fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!(
            "invalid {what} {:?}: expected a date as YYYY-MM-DD, such as 2026-03-01",
            sanitize_line(text)
        )
    })
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

    #[test]
    fn parse_date_error_names_value_and_field() {
        assert_eq!(
            parse_date("2026-03-01", "issue date"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
        );
        for bad in ["2026-13-01", "01.03.2026", "", "2026-03-01; DROP TABLE"] {
            let error = parse_date(bad, "issue date").unwrap_err();
            assert!(error.contains("issue date"), "{bad}: {error}");
            assert!(error.contains(&format!("{bad:?}")), "{bad}: {error}");
            assert!(error.contains("YYYY-MM-DD"), "{bad}: {error}");
        }
    }

    #[test]
    fn parse_date_error_escapes_value() {
        let error = parse_date("\x1b[2J", "--since date").unwrap_err();
        assert!(!error.contains('\x1b'), "{error:?}");
    }
}
