//! Rules of contracts: when notice is due and how to say it plainly.

use chrono::{Duration, NaiveDate};

/// Returns the last day notice can be given for a contract ending or
/// renewing on `end`, with `notice_days` of notice.
pub fn notice_deadline(end: NaiveDate, notice_days: i64) -> NaiveDate {
    end - Duration::days(notice_days.max(0))
}

/// Describes a contract's term in one plain sentence, such as "renews on
/// 2027-03-01; notice needed by 2027-02-01". `end_date` is YYYY-MM-DD or
/// absent for an open-ended contract.
pub fn summary(status: &str, end_date: Option<&str>, notice_days: i64, auto_renew: bool) -> String {
    if status == "ended" {
        return match end_date {
            Some(end) => format!("ended on {end}"),
            None => "ended".to_string(),
        };
    }
    let Some(end_text) = end_date else {
        return format!("open-ended; {notice_days} days' notice to end it");
    };
    let Ok(end) = super::parse_date(end_text, "contract end date") else {
        return format!("ends on {end_text}");
    };
    let notice = notice_deadline(end, notice_days).format("%Y-%m-%d");
    if auto_renew {
        format!("renews on {end_text}; notice needed by {notice}")
    } else {
        format!("ends on {end_text}; renewal must be requested by {notice}")
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
}
