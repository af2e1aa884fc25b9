//! Service levels: business-hours arithmetic over a calendar, and the
//! first-response and resolution clocks of a request. Clocks count only
//! business time and pause while the request waits on the customer.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate};

use super::{RequestCategory, RequestPriority, RequestState, Timestamp};

const DAY: i64 = 24 * 60 * 60;
/// How far [`BusinessCalendar::add_business_seconds`] searches for enough
/// business time before it gives up, in days.
const SEARCH_DAYS: i64 = 3 * 366;

/// When support works: the same opening hours on each working day, in local
/// time at a fixed offset from UTC, minus holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// Seconds after local midnight when the working day starts.
    opens: i64,
    /// Seconds after local midnight when the working day ends.
    closes: i64,
    /// Working days, indexed from Monday (0) to Sunday (6).
    working_days: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
    /// Offset of local time from UTC, in seconds (east is positive).
    utc_offset: i64,
}

impl Default for BusinessCalendar {
    /// Monday to Friday, 09:00 to 17:00 UTC, no holidays.
    fn default() -> Self {
        BusinessCalendar {
            opens: 9 * 3600,
            closes: 17 * 3600,
            working_days: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
            utc_offset: 0,
        }
    }
}

impl BusinessCalendar {
    /// Builds a calendar. `opens` and `closes` are seconds after local
    /// midnight; at least one working day is required, and the day must
    /// open before it closes.
    pub fn new(
        opens: i64,
        closes: i64,
        working_days: [bool; 7],
        holidays: BTreeSet<NaiveDate>,
        utc_offset: i64,
    ) -> Result<BusinessCalendar, String> {
        if !(0..=DAY).contains(&opens) || !(0..=DAY).contains(&closes) || opens >= closes {
            return Err(format!(
                "invalid business hours {}-{}: the day must open before it closes, within 00:00-24:00",
                clock_time(opens),
                clock_time(closes)
            ));
        }
        if !working_days.contains(&true) {
            return Err("invalid business calendar: name at least one working day".to_string());
        }
        if utc_offset.abs() > 14 * 3600 {
            return Err(format!(
                "invalid UTC offset of {} minutes: it must lie within ±14 hours",
                utc_offset / 60
            ));
        }
        Ok(BusinessCalendar {
            opens,
            closes,
            working_days,
            holidays,
            utc_offset,
        })
    }

    /// Returns the business window of the local day `date` as Unix seconds,
    /// or `None` on a weekend or holiday.
    fn window(&self, date: NaiveDate) -> Option<(Timestamp, Timestamp)> {
        let weekday = usize::try_from(date.weekday().num_days_from_monday()).ok()?;
        if !self.working_days.get(weekday).copied().unwrap_or(false)
            || self.holidays.contains(&date)
        {
            return None;
        }
        let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp() - self.utc_offset;
        Some((midnight + self.opens, midnight + self.closes))
    }

    fn local_date(&self, time: Timestamp) -> Option<NaiveDate> {
        DateTime::from_timestamp(time + self.utc_offset, 0).map(|time| time.date_naive())
    }

    /// Counts the business seconds between `start` and `end`; 0 when `end`
    /// is not after `start`.
    pub fn business_seconds(&self, start: Timestamp, end: Timestamp) -> i64 {
        if end <= start {
            return 0;
        }
        let (Some(mut date), Some(last)) = (self.local_date(start), self.local_date(end)) else {
            return 0;
        };
        let mut total = 0;
        while date <= last {
            if let Some((opens, closes)) = self.window(date) {
                total += (closes.min(end) - opens.max(start)).max(0);
            }
            let Some(next) = date.succ_opt() else {
                break;
            };
            date = next;
        }
        total
    }

    /// Counts the business seconds between `start` and `end` that fall
    /// outside every pause. Pauses must not overlap each other.
    pub fn business_seconds_paused(
        &self,
        start: Timestamp,
        end: Timestamp,
        pauses: &[(Timestamp, Timestamp)],
    ) -> i64 {
        let paused: i64 = pauses
            .iter()
            .map(|&(from, to)| self.business_seconds(from.max(start), to.min(end)))
            .sum();
        (self.business_seconds(start, end) - paused).max(0)
    }

    /// Returns the moment when `seconds` of business time have passed after
    /// `start`, or `None` when the calendar has too little business time
    /// within three years (such as a year of holidays).
    pub fn add_business_seconds(&self, start: Timestamp, seconds: i64) -> Option<Timestamp> {
        let mut remaining = seconds.max(0);
        let mut date = self.local_date(start)?;
        for _ in 0..SEARCH_DAYS {
            if let Some((opens, closes)) = self.window(date) {
                let from = opens.max(start);
                let available = (closes - from).max(0);
                if remaining == 0 && available > 0 {
                    return Some(from);
                }
                if remaining <= available && available > 0 {
                    return Some(from + remaining);
                }
                remaining -= available;
            }
            date = date.succ_opt()?;
        }
        None
    }
}

fn clock_time(seconds: i64) -> String {
    format!("{:02}:{:02}", seconds / 3600, (seconds % 3600) / 60)
}

/// Returns the intervals during which a request waited on the customer,
/// from its status history as (new state, time of change), oldest first. An
/// interval still open at `now` ends at `now`.
pub fn pauses_from_history(
    history: &[(RequestState, Timestamp)],
    now: Timestamp,
) -> Vec<(Timestamp, Timestamp)> {
    let mut pauses = Vec::new();
    let mut paused_since: Option<Timestamp> = None;
    for &(state, at) in history {
        match (state.waits_on_customer(), paused_since) {
            (true, None) => paused_since = Some(at),
            (false, Some(since)) => {
                pauses.push((since, at));
                paused_since = None;
            }
            _ => {}
        }
    }
    if let Some(since) = paused_since {
        pauses.push((since, now.max(since)));
    }
    pauses
}

/// The targets of one category and priority, in business seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaTarget {
    pub first_response: i64,
    pub resolution: i64,
}

/// A configured target; a missing category or priority matches every one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaRule {
    pub category: Option<RequestCategory>,
    pub priority: Option<RequestPriority>,
    pub target: SlaTarget,
}

/// The calendar and the targets of every category and priority.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlaPolicy {
    pub calendar: BusinessCalendar,
    /// Configured rules; the most specific match wins, then
    /// [`SlaPolicy::default_target`].
    pub rules: Vec<SlaRule>,
}

const HOUR: i64 = 3600;

impl SlaPolicy {
    /// Returns the target used when no rule matches: one business day for
    /// the first reply and a week to resolve at normal priority, shorter
    /// when urgent.
    pub fn default_target(priority: RequestPriority) -> SlaTarget {
        let (first_response, resolution) = match priority {
            RequestPriority::Urgent => (HOUR, 8 * HOUR),
            RequestPriority::High => (4 * HOUR, 16 * HOUR),
            RequestPriority::Normal => (8 * HOUR, 40 * HOUR),
            RequestPriority::Low => (16 * HOUR, 80 * HOUR),
        };
        SlaTarget {
            first_response,
            resolution,
        }
    }

    /// Returns the target of a category and priority: a rule naming both,
    /// else one naming the priority, else one naming the category, else a
    /// rule naming neither, else [`SlaPolicy::default_target`].
    pub fn target(&self, category: RequestCategory, priority: RequestPriority) -> SlaTarget {
        let ranks = [
            (Some(category), Some(priority)),
            (None, Some(priority)),
            (Some(category), None),
            (None, None),
        ];
        ranks
            .iter()
            .find_map(|&(wanted_category, wanted_priority)| {
                self.rules.iter().find(|rule| {
                    rule.category == wanted_category && rule.priority == wanted_priority
                })
            })
            .map_or_else(|| SlaPolicy::default_target(priority), |rule| rule.target)
    }

    /// Computes both clocks of a request.
    pub fn status(&self, facts: &SlaFacts<'_>, now: Timestamp) -> SlaStatus {
        let target = self.target(facts.category, facts.priority);
        let pauses = pauses_from_history(facts.history, now);
        let waiting = facts
            .history
            .last()
            .is_some_and(|(state, _)| state.waits_on_customer());
        let clock = |target: i64, stopped_at: Option<Timestamp>| {
            let end = stopped_at.unwrap_or(now);
            Clock {
                target,
                used: self
                    .calendar
                    .business_seconds_paused(facts.created_at, end, &pauses),
                stopped: stopped_at.is_some(),
                paused: stopped_at.is_none() && waiting,
            }
        };
        SlaStatus {
            // Closing a request without a reply stops its first-response clock too.
            first_response: clock(
                target.first_response,
                facts.first_response_at.or(facts.closed_at),
            ),
            resolution: clock(target.resolution, facts.closed_at),
        }
    }
}

/// The facts of one request that its clocks are computed from.
#[derive(Debug, Clone)]
pub struct SlaFacts<'a> {
    pub category: RequestCategory,
    pub priority: RequestPriority,
    pub created_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    /// Set while the request is closed.
    pub closed_at: Option<Timestamp>,
    /// Status changes as (new state, time), oldest first.
    pub history: &'a [(RequestState, Timestamp)],
}

/// One service-level clock, in business seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub target: i64,
    pub used: i64,
    /// The clock stopped: the first response was given or the request closed.
    pub stopped: bool,
    /// The clock is paused while the request waits on the customer.
    pub paused: bool,
}

impl Clock {
    /// Returns the business seconds left; negative when overdue.
    pub fn left(&self) -> i64 {
        self.target - self.used
    }

    pub fn is_overdue(&self) -> bool {
        !self.stopped && self.left() < 0
    }

    /// Describes the clock in words and numbers, such as "2h 05m left",
    /// "overdue by 1h 30m", "paused, 3h 00m left" or "met".
    /// The words are in the current language.
    pub fn words(&self) -> String {
        let left = self.left();
        match (self.stopped, self.paused) {
            (true, _) if left >= 0 => tr!("requests-sla-met"),
            (true, _) => tr!("requests-sla-missed", duration = duration_words(-left)),
            (false, _) if left < 0 => tr!("requests-sla-overdue", duration = duration_words(-left)),
            (false, true) => tr!("requests-sla-paused", duration = duration_words(left)),
            (false, false) => tr!("requests-sla-left", duration = duration_words(left)),
        }
    }
}

/// Formats business seconds as hours and minutes, such as "2h 05m", in
/// the current language.
pub fn duration_words(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    tr!(
        "requests-sla-duration",
        hours = minutes / 60,
        minutes = format!("{:02}", minutes % 60)
    )
}

/// Both clocks of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaStatus {
    pub first_response: Clock,
    pub resolution: Clock,
}

impl SlaStatus {
    /// Returns the business seconds left on the running clock that runs out
    /// first, negative when overdue; `None` when both clocks stopped.
    /// Sorting by it ascending puts overdue requests first.
    pub fn urgency(&self) -> Option<i64> {
        [self.first_response, self.resolution]
            .iter()
            .filter(|clock| !clock.stopped)
            .map(Clock::left)
            .min()
    }

    pub fn is_overdue(&self) -> bool {
        self.first_response.is_overdue() || self.resolution.is_overdue()
    }

    /// Describes the clock that matters most now, such as "reply: 1h 00m
    /// left" or "resolve: overdue by 2h 10m".
    pub fn words(&self) -> String {
        if !self.first_response.stopped {
            return tr!("requests-sla-reply", clock = self.first_response.words());
        }
        tr!("requests-sla-resolve", clock = self.resolution.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-03-02 00:00 UTC.
    const MONDAY: i64 = 1_772_409_600;

    fn at(day: i64, hour: i64, minute: i64) -> Timestamp {
        MONDAY + day * DAY + hour * HOUR + minute * 60
    }

    fn calendar() -> BusinessCalendar {
        BusinessCalendar::default()
    }

    #[test]
    fn monday_constant_is_a_monday() {
        let date = DateTime::from_timestamp(MONDAY, 0).unwrap().date_naive();
        assert_eq!(date.weekday(), chrono::Weekday::Mon);
    }

    #[test]
    fn counts_hours_within_one_day() {
        let calendar = calendar();
        assert_eq!(calendar.business_seconds(at(0, 10, 0), at(0, 12, 30)), 9000);
        assert_eq!(calendar.business_seconds(at(0, 7, 0), at(0, 10, 0)), HOUR);
        assert_eq!(calendar.business_seconds(at(0, 16, 0), at(0, 20, 0)), HOUR);
        assert_eq!(calendar.business_seconds(at(0, 18, 0), at(0, 23, 0)), 0);
    }

    #[test]
    fn reversed_or_empty_span_counts_zero() {
        let calendar = calendar();
        assert_eq!(calendar.business_seconds(at(0, 12, 0), at(0, 10, 0)), 0);
        assert_eq!(calendar.business_seconds(at(0, 12, 0), at(0, 12, 0)), 0);
    }

    #[test]
    fn weekend_counts_nothing() {
        let calendar = calendar();
        // Saturday 00:00 to Monday 00:00.
        assert_eq!(calendar.business_seconds(at(5, 0, 0), at(7, 0, 0)), 0);
        // Friday 16:00 to Monday 10:00: one hour each side.
        assert_eq!(
            calendar.business_seconds(at(4, 16, 0), at(7, 10, 0)),
            2 * HOUR
        );
    }

    #[test]
    fn full_week_counts_forty_hours() {
        let calendar = calendar();
        assert_eq!(
            calendar.business_seconds(at(0, 0, 0), at(7, 0, 0)),
            40 * HOUR
        );
        assert_eq!(
            calendar.business_seconds(at(0, 0, 0), at(28, 0, 0)),
            160 * HOUR
        );
    }

    #[test]
    fn holiday_counts_nothing() {
        let mut holidays = BTreeSet::new();
        // Wednesday 2026-03-04.
        holidays.insert(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        let calendar = BusinessCalendar::new(
            9 * HOUR,
            17 * HOUR,
            [true, true, true, true, true, false, false],
            holidays,
            0,
        )
        .unwrap();
        assert_eq!(calendar.business_seconds(at(2, 0, 0), at(3, 0, 0)), 0);
        assert_eq!(
            calendar.business_seconds(at(0, 0, 0), at(7, 0, 0)),
            32 * HOUR
        );
        // Eight hours from Tuesday 17:00 skip the holiday to Thursday 17:00.
        assert_eq!(
            calendar.add_business_seconds(at(1, 17, 0), 8 * HOUR),
            Some(at(3, 17, 0))
        );
    }

    #[test]
    fn offset_shifts_the_window() {
        // 09:00-17:00 at UTC+2 is 07:00-15:00 UTC.
        let calendar =
            BusinessCalendar::new(9 * HOUR, 17 * HOUR, [true; 7], BTreeSet::new(), 2 * HOUR)
                .unwrap();
        assert_eq!(calendar.business_seconds(at(0, 6, 0), at(0, 8, 0)), HOUR);
        assert_eq!(calendar.business_seconds(at(0, 14, 0), at(0, 16, 0)), HOUR);
        // The local day of 23:00 UTC Monday is Tuesday, which opens at 07:00 UTC.
        assert_eq!(
            calendar.add_business_seconds(at(0, 23, 0), 0),
            Some(at(1, 7, 0))
        );
    }

    #[test]
    fn adding_crosses_nights_and_weekends() {
        let calendar = calendar();
        assert_eq!(
            calendar.add_business_seconds(at(0, 10, 0), 2 * HOUR),
            Some(at(0, 12, 0))
        );
        // Friday 15:00 plus 4 hours: 2 on Friday, 2 on Monday.
        assert_eq!(
            calendar.add_business_seconds(at(4, 15, 0), 4 * HOUR),
            Some(at(7, 11, 0))
        );
        // Saturday plus 1 hour is Monday 10:00.
        assert_eq!(
            calendar.add_business_seconds(at(5, 12, 0), HOUR),
            Some(at(7, 10, 0))
        );
        // Exactly the rest of the day ends at closing time.
        assert_eq!(
            calendar.add_business_seconds(at(0, 9, 0), 8 * HOUR),
            Some(at(0, 17, 0))
        );
    }

    #[test]
    fn adding_then_counting_round_trips() {
        let calendar = calendar();
        for start in [at(0, 3, 0), at(2, 12, 34), at(4, 16, 59), at(6, 9, 0)] {
            for seconds in [0, 59, HOUR, 8 * HOUR, 41 * HOUR + 7] {
                let end = calendar.add_business_seconds(start, seconds).unwrap();
                assert_eq!(
                    calendar.business_seconds(start, end),
                    seconds,
                    "start {start} seconds {seconds}"
                );
            }
        }
    }

    #[test]
    fn calendar_without_business_time_gives_none() {
        let holidays: BTreeSet<NaiveDate> = (0..(4 * 366))
            .filter_map(|day| {
                NaiveDate::from_ymd_opt(2026, 3, 2)?.checked_add_days(chrono::Days::new(day))
            })
            .collect();
        let calendar = BusinessCalendar::new(9 * HOUR, 17 * HOUR, [true; 7], holidays, 0).unwrap();
        assert_eq!(calendar.add_business_seconds(at(0, 0, 0), HOUR), None);
    }

    #[test]
    fn invalid_calendars_are_rejected() {
        let error =
            BusinessCalendar::new(17 * HOUR, 9 * HOUR, [true; 7], BTreeSet::new(), 0).unwrap_err();
        assert!(error.contains("17:00-09:00"), "{error}");
        let error =
            BusinessCalendar::new(9 * HOUR, 17 * HOUR, [false; 7], BTreeSet::new(), 0).unwrap_err();
        assert!(error.contains("working day"), "{error}");
        assert!(
            BusinessCalendar::new(9 * HOUR, 17 * HOUR, [true; 7], BTreeSet::new(), 15 * HOUR)
                .is_err()
        );
    }

    #[test]
    fn pauses_are_not_counted() {
        let calendar = calendar();
        let pauses = [(at(0, 10, 0), at(0, 12, 0)), (at(1, 16, 0), at(2, 10, 0))];
        // Monday 09:00 to Wednesday 17:00 is 24 hours, minus 2 and 2 paused.
        assert_eq!(
            calendar.business_seconds_paused(at(0, 9, 0), at(2, 17, 0), &pauses),
            20 * HOUR
        );
        // A pause reaching outside the span counts only inside it.
        assert_eq!(
            calendar.business_seconds_paused(at(0, 11, 0), at(0, 13, 0), &pauses),
            HOUR
        );
    }

    #[test]
    fn history_gives_pauses_until_answer() {
        use RequestState::*;
        let history = [
            (Received, at(0, 9, 0)),
            (UnderReview, at(0, 10, 0)),
            (MissingDocument, at(0, 11, 0)),
            (UnderReview, at(1, 11, 0)),
            (MissingDocument, at(2, 9, 0)),
        ];
        assert_eq!(
            pauses_from_history(&history, at(2, 12, 0)),
            vec![(at(0, 11, 0), at(1, 11, 0)), (at(2, 9, 0), at(2, 12, 0))]
        );
    }

    fn facts<'a>(
        history: &'a [(RequestState, Timestamp)],
        first_response_at: Option<Timestamp>,
    ) -> SlaFacts<'a> {
        SlaFacts {
            category: RequestCategory::Billing,
            priority: RequestPriority::Normal,
            created_at: at(0, 9, 0),
            first_response_at,
            closed_at: None,
            history,
        }
    }

    #[test]
    fn clock_runs_pauses_and_stops() {
        use RequestState::*;
        let policy = SlaPolicy::default();
        let history = [(Received, at(0, 9, 0))];
        let status = policy.status(&facts(&history, None), at(0, 15, 0));
        assert_eq!(status.first_response.left(), 2 * HOUR);
        assert_eq!(status.words(), "reply: 2h 00m left");

        let status = policy.status(&facts(&history, None), at(1, 10, 30));
        assert!(status.is_overdue());
        assert_eq!(status.words(), "reply: overdue by 1h 30m");

        let waiting = [(Received, at(0, 9, 0)), (MissingDocument, at(0, 10, 0))];
        let status = policy.status(&facts(&waiting, Some(at(0, 10, 0))), at(3, 10, 0));
        assert!(status.resolution.paused);
        assert_eq!(status.resolution.used, HOUR);
        assert_eq!(status.words(), "resolve: paused, 39h 00m left");
        assert!(!status.is_overdue());
    }

    #[test]
    fn most_specific_rule_wins() {
        let rule = |category, priority, hours| SlaRule {
            category,
            priority,
            target: SlaTarget {
                first_response: hours * HOUR,
                resolution: 10 * hours * HOUR,
            },
        };
        let policy = SlaPolicy {
            calendar: calendar(),
            rules: vec![
                rule(None, None, 9),
                rule(Some(RequestCategory::Claim), None, 7),
                rule(None, Some(RequestPriority::High), 3),
                rule(Some(RequestCategory::Claim), Some(RequestPriority::High), 1),
            ],
        };
        let hours = |category, priority| policy.target(category, priority).first_response / HOUR;
        assert_eq!(hours(RequestCategory::Claim, RequestPriority::High), 1);
        assert_eq!(hours(RequestCategory::Billing, RequestPriority::High), 3);
        assert_eq!(hours(RequestCategory::Claim, RequestPriority::Low), 7);
        assert_eq!(hours(RequestCategory::Billing, RequestPriority::Low), 9);
        let empty = SlaPolicy::default();
        assert_eq!(
            empty.target(RequestCategory::Billing, RequestPriority::Urgent),
            SlaPolicy::default_target(RequestPriority::Urgent)
        );
    }

    #[test]
    fn urgency_puts_overdue_first() {
        let clock = |used, stopped| Clock {
            target: 10,
            used,
            stopped,
            paused: false,
        };
        let overdue = SlaStatus {
            first_response: clock(15, false),
            resolution: clock(0, false),
        };
        let fresh = SlaStatus {
            first_response: clock(1, false),
            resolution: clock(1, false),
        };
        let done = SlaStatus {
            first_response: clock(15, true),
            resolution: clock(15, true),
        };
        assert_eq!(overdue.urgency(), Some(-5));
        assert_eq!(fresh.urgency(), Some(9));
        assert_eq!(done.urgency(), None);
        assert_eq!(done.words(), "resolve: missed by 0h 00m");
        let french = |status: SlaStatus| {
            crate::i18n::sync_scope(crate::i18n::Language::French, || status.words())
        };
        assert_eq!(french(done), "résolution\u{a0}: dépassé de 0 h 00");
        assert_eq!(french(overdue), "réponse\u{a0}: en retard de 0 h 00");
        assert_eq!(fresh.words(), "reply: 0h 00m left");
        assert_eq!(french(fresh), "réponse\u{a0}: reste 0 h 00");
    }
}
