//! Rules of contracts: when notice is due and how to say it plainly.

use chrono::{Duration, NaiveDate};

use super::text::sanitize_line;

/// Returns the screen word for a stored contract status ("active" or
/// "ended"), or the cleaned stored name when it is unknown.
pub fn status_label(status: &str) -> String {
    match status {
        "active" => tr!("contracts-status-active"),
        "ended" => tr!("contracts-status-ended"),
        _ => sanitize_line(status),
    }
}

/// Returns the last day notice can be given for a contract ending or
/// renewing on `end`, with `notice_days` of notice.
pub fn notice_deadline(end: NaiveDate, notice_days: i64) -> NaiveDate {
    end - Duration::days(notice_days.max(0))
}

/// Describes a contract's term in one plain sentence of the current
/// language, with ISO dates, such as "renews on 2027-03-01; notice needed
/// by 2027-02-01". `end_date` is YYYY-MM-DD or absent for an open-ended
/// contract.
pub fn summary(status: &str, end_date: Option<&str>, notice_days: i64, auto_renew: bool) -> String {
    summary_with(status, end_date, notice_days, auto_renew, |date| {
        date.format("%Y-%m-%d").to_string()
    })
}

/// Describes a contract's term like [`summary`], with each date written by
/// `write_date`, such as in the user's date format. An end date that is no
/// valid date is shown as stored, cleaned of control characters.
pub fn summary_with(
    status: &str,
    end_date: Option<&str>,
    notice_days: i64,
    auto_renew: bool,
    write_date: impl Fn(NaiveDate) -> String,
) -> String {
    let end = end_date.map(|text| match super::parse_date(text, "contract end date") {
        Ok(date) => (Some(date), write_date(date)),
        Err(_) => (None, sanitize_line(text)),
    });
    if status == "ended" {
        return match end {
            Some((_, end)) => tr!("contracts-summary-ended-on", end = end),
            None => tr!("contracts-summary-ended"),
        };
    }
    let Some((end_date, end)) = end else {
        return tr!("contracts-summary-open-ended", days = notice_days);
    };
    let Some(end_date) = end_date else {
        return tr!("contracts-summary-ends-on", end = end);
    };
    let notice = write_date(notice_deadline(end_date, notice_days));
    if auto_renew {
        tr!("contracts-summary-renews", end = end, notice = notice)
    } else {
        tr!("contracts-summary-ends", end = end, notice = notice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewing_contract_summary_names_notice_date() {
        assert_eq!(
            summary("active", Some("2027-03-01"), 28, true),
            "renews on 2027-03-01; notice needed by 2027-02-01"
        );
    }

    #[test]
    fn ending_and_open_contract_summaries() {
        assert_eq!(
            summary("active", Some("2027-03-01"), 0, false),
            "ends on 2027-03-01; renewal must be requested by 2027-03-01"
        );
        assert_eq!(
            summary("active", None, 30, true),
            "open-ended; 30 days' notice to end it"
        );
        assert_eq!(
            summary("ended", Some("2025-01-31"), 30, true),
            "ended on 2025-01-31"
        );
    }

    #[test]
    fn summaries_in_french_with_written_dates() {
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            let dotted = |date: NaiveDate| date.format("%d.%m.%Y").to_string();
            assert_eq!(
                summary_with("active", Some("2027-03-01"), 28, true, dotted),
                "se renouvelle le 01.03.2027\u{a0}; préavis à donner au plus tard le 01.02.2027"
            );
            assert_eq!(
                summary("active", Some("2027-03-01"), 0, false),
                "se termine le 2027-03-01\u{a0}; renouvellement à demander au plus tard le 2027-03-01"
            );
            assert_eq!(
                summary("active", None, 1, true),
                "durée indéterminée\u{a0}; préavis de 1 jour pour le résilier"
            );
            assert_eq!(summary("ended", None, 30, true), "terminé");
        });
    }

    #[test]
    fn unreadable_end_date_is_shown_cleaned() {
        assert_eq!(
            summary("active", Some("soon\u{1b}[2J"), 30, true),
            "ends on soon[2J"
        );
    }
}
