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

/// Formats a timestamp as its UTC date, such as "2026-03-01", or returns
/// `None` for a time chrono cannot represent.
pub fn date_utc(time: Timestamp) -> Option<String> {
    DateTime::from_timestamp(time, 0).map(|time| time.format("%Y-%m-%d").to_string())
}

/// Parses a `YYYY-MM-DD` date. On failure the error, in the current
/// language, names the field, the rejected value, escaped for a
/// terminal, and the expected form. `what` is the field's message id, or
/// text that is no id (such as "issue date"), used as it is.
pub fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        tr!(
            "texts-error-invalid-date",
            what = crate::i18n::text(what),
            value = format!("{:?}", sanitize_line(text))
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
    fn parse_date_error_reads_in_french() {
        let error = crate::i18n::sync_scope(crate::i18n::Language::French, || {
            parse_date("01.03.2026", "texts-option-since-date").unwrap_err()
        });
        assert_eq!(
            error,
            "date --since \"01.03.2026\" non valide\u{a0}: saisissez une date au format AAAA-MM-JJ, comme 2026-03-01"
        );
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
