//! A user's regional choices: the time zone, the date format and the
//! language, and the formatting of stored times with them.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::Timestamp;
use super::text::sanitize_line;

/// The ways a date can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// 2026-03-31
    #[default]
    Iso,
    /// 31.03.2026
    Dotted,
    /// 31/03/2026
    DaySlash,
    /// 03/31/2026
    MonthSlash,
    /// 31 March 2026, in the words of the user's language.
    Long,
}

impl DateFormat {
    pub const ALL: [DateFormat; 5] = [
        DateFormat::Iso,
        DateFormat::Dotted,
        DateFormat::DaySlash,
        DateFormat::MonthSlash,
        DateFormat::Long,
    ];

    /// The name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Iso => "iso",
            DateFormat::Dotted => "dotted",
            DateFormat::DaySlash => "day-slash",
            DateFormat::MonthSlash => "month-slash",
            DateFormat::Long => "long",
        }
    }

    /// Returns the format as the user sees it, such as "31.03.2026", in the
    /// current language for the long format.
    pub fn example(self) -> String {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
        self.write_date(date)
    }

    /// Returns the strftime pattern of a numeric format, or `None` for the
    /// long format, which is written in words.
    fn pattern(self) -> Option<&'static str> {
        match self {
            DateFormat::Iso => Some("%Y-%m-%d"),
            DateFormat::Dotted => Some("%d.%m.%Y"),
            DateFormat::DaySlash => Some("%d/%m/%Y"),
            DateFormat::MonthSlash => Some("%m/%d/%Y"),
            DateFormat::Long => None,
        }
    }

    /// Writes a local date in this format, in the current language for
    /// the long format.
    fn write(self, date: DateTime<Tz>) -> String {
        self.write_date(date.date_naive())
    }

    /// Writes a calendar date in this format, in the current language for
    /// the long format.
    pub fn write_date(self, date: chrono::NaiveDate) -> String {
        match self.pattern() {
            Some(pattern) => date.format(pattern).to_string(),
            None => crate::i18n::long_date_in(crate::i18n::current(), date),
        }
    }

    /// Parses a stored name. The error names the value and the choices.
    pub fn parse(name: &str) -> Result<DateFormat, String> {
        DateFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| {
                format!(
                    "invalid date format \"{}\": choose one of iso, dotted, day-slash, month-slash, long",
                    sanitize_line(name)
                )
            })
    }
}

/// The languages of the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    French,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::French];

    /// The code stored in the database, such as "fr".
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
        }
    }

    /// The language's own name, such as "Français".
    pub fn label(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::French => "Français",
        }
    }

    /// Parses a stored code. The error names the value and the choices.
    pub fn parse(code: &str) -> Result<Language, String> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
            .ok_or_else(|| {
                format!(
                    "invalid language \"{}\": choose en or fr",
                    sanitize_line(code)
                )
            })
    }
}

/// Parses an IANA time zone name such as "Europe/Zurich". The error names
/// the value and where to find a valid name.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| tr!("regional-invalid-zone", zone = sanitize_line(name)))
}

/// Returns the zone names that start with `prefix`, ignoring case, in the
/// tz database order.
pub fn zones_starting_with(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.to_ascii_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .filter(|name| name.to_ascii_lowercase().starts_with(&prefix))
        .collect()
}

/// The user's regional choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regional {
    pub zone: Tz,
    pub date_format: DateFormat,
    /// The chosen language, or `None` to follow the terminal's locale
    /// (LANG sent by the client), else English.
    pub language: Option<Language>,
}

impl Default for Regional {
    fn default() -> Regional {
        Regional {
            zone: Tz::UTC,
            date_format: DateFormat::Iso,
            language: None,
        }
    }
}

impl Regional {
    fn local(&self, time: Timestamp) -> Option<DateTime<Tz>> {
        DateTime::<Utc>::from_timestamp(time, 0).map(|time| time.with_timezone(&self.zone))
    }

    /// Formats a timestamp as a date and time to the minute in the user's
    /// zone and date format, followed by the zone's abbreviation, such as
    /// "31.03.2026 14:00 CEST", or by its UTC offset where the zone has no
    /// abbreviation, such as "+0530". `None` for a time chrono cannot
    /// represent.
    pub fn time(&self, time: Timestamp) -> Option<String> {
        let local = self.local(time)?;
        let abbreviation = local.format("%Z").to_string();
        let zone = if abbreviation.starts_with(['+', '-']) {
            local.format("%z").to_string()
        } else {
            abbreviation
        };
        Some(format!(
            "{} {} {zone}",
            self.date_format.write(local),
            local.format("%H:%M")
        ))
    }

    /// Formats the calendar date of a timestamp in the user's zone and
    /// date format. `None` for a time chrono cannot represent.
    pub fn date(&self, time: Timestamp) -> Option<String> {
        Some(self.date_format.write(self.local(time)?))
    }

    /// Returns the width of a time from [`Regional::time`]: the date and
    /// minute, and the longer of the zone's winter and summer
    /// abbreviations.
    pub fn time_width(&self) -> usize {
        // Noon UTC on the 28th of each month of 2026: winter and summer
        // abbreviations, and every month's name for the long format.
        (1..=12)
            .filter_map(|month| chrono::NaiveDate::from_ymd_opt(2026, month, 28))
            .filter_map(|date| date.and_hms_opt(12, 0, 0))
            .map(|time| time.and_utc().timestamp())
            .filter_map(|time| self.time(time))
            .map(|time| time.chars().count())
            .max()
            .unwrap_or(16)
    }

    /// Returns the offset from UTC of the user's zone at `time`, in
    /// minutes, which follows daylight-saving changes.
    pub fn offset_minutes_at(&self, time: Timestamp) -> i64 {
        let utc = DateTime::<Utc>::from_timestamp(time, 0).unwrap_or_default();
        let offset = self.zone.offset_from_utc_datetime(&utc.naive_utc());
        i64::from(offset.fix().local_minus_utc()) / 60
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zurich(date_format: DateFormat) -> Regional {
        Regional {
            zone: parse_zone("Europe/Zurich").unwrap(),
            date_format,
            language: None,
        }
    }

    #[test]
    fn long_dates_use_the_current_language() {
        let clock = zurich(DateFormat::Long);
        // 2026-03-02 09:00 UTC, 10:00 in Zurich.
        let time = 1_772_442_000;
        assert_eq!(clock.date(time).unwrap(), "2 March 2026");
        assert_eq!(clock.time(time).unwrap(), "2 March 2026 10:00 CET");
        crate::i18n::sync_scope(Language::French, || {
            assert_eq!(clock.date(time).unwrap(), "2 mars 2026");
            assert!(clock.time_width() >= "28 septembre 2026 12:00 CEST".chars().count());
        });
    }

    /// 2026-03-29 00:30 UTC and 01:30 UTC: Zurich moves from CET (+1) to
    /// CEST (+2) at 01:00 UTC that night.
    const BEFORE_SPRING: Timestamp = 1_774_744_200;
    const AFTER_SPRING: Timestamp = 1_774_747_800;

    #[test]
    fn time_follows_daylight_saving_change() {
        let zurich = zurich(DateFormat::Iso);
        assert_eq!(
            zurich.time(BEFORE_SPRING).as_deref(),
            Some("2026-03-29 01:30 CET")
        );
        assert_eq!(
            zurich.time(AFTER_SPRING).as_deref(),
            Some("2026-03-29 03:30 CEST")
        );
        assert_eq!(zurich.time_width(), "2026-03-29 03:30 CEST".len());
        assert_eq!(
            Regional::default().time_width(),
            "2026-03-29 03:30 UTC".len()
        );
        assert_eq!(zurich.offset_minutes_at(BEFORE_SPRING), 60);
        assert_eq!(zurich.offset_minutes_at(AFTER_SPRING), 120);
    }

    #[test]
    fn each_date_format() {
        let expected = [
            (DateFormat::Iso, "2026-03-29"),
            (DateFormat::Dotted, "29.03.2026"),
            (DateFormat::DaySlash, "29/03/2026"),
            (DateFormat::MonthSlash, "03/29/2026"),
        ];
        for (format, date) in expected {
            assert_eq!(zurich(format).date(AFTER_SPRING).as_deref(), Some(date));
            assert_eq!(
                zurich(format).time(AFTER_SPRING),
                Some(format!("{date} 03:30 CEST"))
            );
            assert_eq!(DateFormat::parse(format.name()), Ok(format));
        }
    }

    #[test]
    fn zone_without_abbreviation_shows_offset() {
        let kolkata = Regional {
            zone: parse_zone("Asia/Kolkata").unwrap(),
            ..Regional::default()
        };
        // Asia/Kolkata has the abbreviation IST; Asia/Dubai has none.
        assert!(kolkata.time(AFTER_SPRING).unwrap().ends_with("IST"));
        let dubai = Regional {
            zone: parse_zone("Asia/Dubai").unwrap(),
            ..Regional::default()
        };
        assert_eq!(
            dubai.time(AFTER_SPRING).as_deref(),
            Some("2026-03-29 05:30 +0400")
        );
    }

    #[test]
    fn date_may_differ_from_utc_date() {
        let tokyo = Regional {
            zone: parse_zone("Asia/Tokyo").unwrap(),
            ..Regional::default()
        };
        // 2026-03-29 23:30 UTC is already the 30th in Tokyo.
        assert_eq!(tokyo.date(1_774_827_000).as_deref(), Some("2026-03-30"));
    }

    #[test]
    fn invalid_names_error_names_value() {
        let error = parse_zone("Europe/Atlantis").unwrap_err();
        assert!(error.contains("\"Europe/Atlantis\""), "{error}");
        assert!(error.contains("Europe/Zurich"), "{error}");
        assert!(!parse_zone("\x1b[2J").unwrap_err().contains('\x1b'));
        assert!(DateFormat::parse("yyyy").unwrap_err().contains("\"yyyy\""));
        assert!(Language::parse("de").unwrap_err().contains("\"de\""));
    }

    #[test]
    fn completion_lists_matching_zones() {
        let zones = zones_starting_with("europe/zu");
        assert_eq!(zones, vec!["Europe/Zurich"]);
        assert!(zones_starting_with("nowhere/").is_empty());
    }
}
