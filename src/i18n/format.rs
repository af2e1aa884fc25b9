//! Numbers and dates written the way each language writes them: "1234.56
//! EUR" and "2 March 2026" in English, "1 234,56 €" and "2 mars 2026" in
//! French.

use chrono::{Datelike, NaiveDate};

use super::Language;
use crate::domain::text::sanitize_line;

/// The no-break space French puts between groups of digits and before a
/// currency sign, so that a line never breaks inside an amount.
const NO_BREAK_SPACE: char = '\u{a0}';

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Writes a byte count in binary units in `language`: "12.5 KiB" in
/// English, "12,5 Kio" in French, and a count of bytes below 1 KiB.
pub fn size_in(language: Language, bytes: i64) -> String {
    let french = language == Language::French;
    let units: [&str; 4] = if french {
        ["Kio", "Mio", "Gio", "Tio"]
    } else {
        ["KiB", "MiB", "GiB", "TiB"]
    };
    if bytes < 1024 {
        let mut args = super::FluentArgs::new();
        args.set("count", bytes);
        return super::text_in(language, "common-size-bytes", Some(&args));
    }
    // NOTE: f64 is exact enough here because the figure is shown with one decimal.
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    let figure = format!("{value:.1}");
    let figure = if french {
        figure.replace('.', ",")
    } else {
        figure
    };
    format!("{figure} {}", units.get(unit).copied().unwrap_or("TiB"))
}

/// Writes an amount in cents in `language`: "182.31 EUR" in English,
/// "182,31 €" in French, with digits grouped by thousands in French.
pub fn amount_in(language: Language, cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    let units = magnitude / 100;
    let fraction = magnitude % 100;
    let currency = sanitize_line(currency);
    match language {
        Language::English => format!("{sign}{units}.{fraction:02} {currency}"),
        Language::French => {
            let symbol = match currency.as_str() {
                "EUR" => "€",
                "GBP" => "£",
                "USD" => "$US",
                other => other,
            };
            format!(
                "{sign}{},{fraction:02}{NO_BREAK_SPACE}{symbol}",
                grouped(units, NO_BREAK_SPACE)
            )
        }
    }
}

/// Writes `value` with `separator` between groups of three digits.
fn grouped(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Writes a date in words: "2 March 2026" in English, "2 mars 2026" and
/// "1er mars 2026" in French.
pub fn long_date_in(language: Language, date: NaiveDate) -> String {
    let month = usize::try_from(date.month0()).unwrap_or(0);
    match language {
        Language::English => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN.get(month).copied().unwrap_or_default(),
            date.year()
        ),
        Language::French => {
            let day = if date.day() == 1 {
                "1er".to_string()
            } else {
                date.day().to_string()
            };
            format!(
                "{day} {} {}",
                MONTHS_FR.get(month).copied().unwrap_or_default(),
                date.year()
            )
        }
    }
}
