use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike};

use super::Timestamp;
use super::regional::Language;

named_enum! {
    /// The state of a request. The allowed changes are in [`TRANSITIONS`].
    pub enum RequestState("request state") {
        Received => "received",
        UnderReview => "under-review",
        MissingDocument => "missing-document",
        Approved => "approved",
        Rejected => "rejected",
        Closed => "closed",
    }
}

/// Every allowed state change, as (from, to). Any pair not listed is refused.
pub const TRANSITIONS: &[(RequestState, RequestState)] = {
    use RequestState::*;
    &[
        (Received, UnderReview),
        (Received, MissingDocument),
        (Received, Closed),
        (UnderReview, MissingDocument),
        (MissingDocument, UnderReview),
        (UnderReview, Approved),
        (UnderReview, Rejected),
        (UnderReview, Closed),
        (MissingDocument, Closed),
        (Approved, Closed),
        (Rejected, Closed),
        (Closed, UnderReview),
    ]
};

/// The side that requests a state change. Agents and operators may make every change
/// in [`TRANSITIONS`]; customers only a few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changer {
    Customer,
    Staff,
}

/// The changes a customer may make: supply a missing document (back to
/// under review), withdraw an open request (close it) and reopen a closed
/// one, which the service allows only within the reopen period.
pub fn customer_may(from: RequestState, to: RequestState) -> bool {
    use RequestState::*;
    matches!(
        (from, to),
        (MissingDocument, UnderReview) | (Closed, UnderReview)
    ) || (to == Closed && from != Closed)
}

impl RequestState {
    /// Returns the words shown on screens, in the current language.
    pub fn label(self) -> String {
        self.label_in(crate::i18n::current())
    }

    /// Returns the words shown on screens, in `language`; notifications
    /// use the recipient's.
    pub fn label_in(self, language: Language) -> String {
        let id = match self {
            RequestState::Received => "requests-state-received",
            RequestState::UnderReview => "requests-state-under-review",
            RequestState::MissingDocument => "requests-state-missing-document",
            RequestState::Approved => "requests-state-approved",
            RequestState::Rejected => "requests-state-rejected",
            RequestState::Closed => "requests-state-closed",
        };
        crate::i18n::text_in(language, id, None)
    }

    /// Open requests are all but closed ones.
    pub fn is_open(self) -> bool {
        self != RequestState::Closed
    }

    /// Tells whether the request waits on the customer, which pauses its
    /// service-level clocks.
    pub fn waits_on_customer(self) -> bool {
        self == RequestState::MissingDocument
    }

    /// Checks that `changer` may change a request from `self` to `next`:
    /// the pair must be in [`TRANSITIONS`], and customers may make only the
    /// changes [`customer_may`] lists.
    pub fn check_change(self, next: RequestState, changer: Changer) -> Result<(), String> {
        self.check_transition(next)?;
        if changer == Changer::Customer && !customer_may(self, next) {
            return Err(tr!(
                "requests-error-customer-change",
                from = self.label().to_lowercase(),
                to = next.label().to_lowercase()
            ));
        }
        Ok(())
    }

    /// Checks that the change from `self` to `next` is in [`TRANSITIONS`].
    pub fn check_transition(self, next: RequestState) -> Result<(), String> {
        if TRANSITIONS.contains(&(self, next)) {
            return Ok(());
        }
        let allowed: Vec<String> = TRANSITIONS
            .iter()
            .filter(|(from, _)| *from == self)
            .map(|(_, to)| to.label())
            .collect();
        let allowed = if allowed.is_empty() {
            tr!("common-none")
        } else {
            allowed.join(", ")
        };
        Err(tr!(
            "requests-error-transition",
            from = self.label().to_lowercase(),
            to = next.label().to_lowercase(),
            allowed = allowed
        ))
    }
}

named_enum! {
    /// How urgent a request is; with the category it selects the
    /// service-level targets.
    pub enum RequestPriority("request priority") {
        Low => "low",
        Normal => "normal",
        High => "high",
        Urgent => "urgent",
    }
}

impl RequestPriority {
    /// Returns the words shown on screens, in the current language.
    pub fn label(self) -> String {
        tr!(match self {
            RequestPriority::Low => "requests-priority-low",
            RequestPriority::Normal => "requests-priority-normal",
            RequestPriority::High => "requests-priority-high",
            RequestPriority::Urgent => "requests-priority-urgent",
        })
    }
}

named_enum! {
    /// The subject area of a request.
    pub enum RequestCategory("request category") {
        Billing => "billing",
        ContractChange => "contract-change",
        Claim => "claim",
        Technical => "technical",
        Other => "other",
    }
}

impl RequestCategory {
    /// Returns the words shown on screens, in the current language.
    pub fn label(self) -> String {
        tr!(match self {
            RequestCategory::Billing => "requests-category-billing",
            RequestCategory::ContractChange => "requests-category-contract-change",
            RequestCategory::Claim => "requests-category-claim",
            RequestCategory::Technical => "requests-category-technical",
            RequestCategory::Other => "requests-category-other",
        })
    }
}

/// The readable number of a request, such as `R-2026-000123`: the year the
/// request was opened and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestNumber {
    pub year: i32,
    pub id: i64,
}

impl RequestNumber {
    pub fn new(id: i64, created_at: Timestamp) -> RequestNumber {
        let year = DateTime::from_timestamp(created_at, 0).map_or(1970, |time| time.year());
        RequestNumber { year, id }
    }
}

impl fmt::Display for RequestNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R-{}-{:06}", self.year, self.id)
    }
}

impl FromStr for RequestNumber {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let invalid =
            || format!("invalid request number {value:?}: expected the form R-2026-000123");
        let mut parts = value.trim().splitn(3, '-');
        let (Some(prefix), Some(year), Some(id)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        if !prefix.eq_ignore_ascii_case("R") {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let id = id.parse().map_err(|_| invalid())?;
        Ok(RequestNumber { year, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_lifecycle() {
        use RequestState::*;
        assert!(Received.check_transition(UnderReview).is_ok());
        assert!(MissingDocument.check_transition(UnderReview).is_ok());
        assert!(UnderReview.check_transition(MissingDocument).is_ok());
        assert!(Approved.check_transition(Closed).is_ok());
        assert!(Closed.check_transition(Received).is_err());
        assert!(Received.check_transition(Approved).is_err());
    }

    #[test]
    fn customers_may_only_supply_withdraw_reopen() {
        use RequestState::*;
        assert!(
            MissingDocument
                .check_change(UnderReview, Changer::Customer)
                .is_ok()
        );
        assert!(Received.check_change(Closed, Changer::Customer).is_ok());
        assert!(Closed.check_change(UnderReview, Changer::Customer).is_ok());
        let error = UnderReview
            .check_change(Approved, Changer::Customer)
            .unwrap_err();
        assert!(error.contains("only support"), "{error}");
        assert!(UnderReview.check_change(Approved, Changer::Staff).is_ok());
        assert!(
            Received
                .check_change(Approved, Changer::Staff)
                .unwrap_err()
                .contains("cannot become approved")
        );
    }

    #[test]
    fn refused_transition_names_allowed_states() {
        let error = RequestState::Closed
            .check_transition(RequestState::Approved)
            .unwrap_err();
        assert!(
            error.contains("allowed next states: Under review"),
            "{error}"
        );
        let error = RequestState::Approved
            .check_transition(RequestState::Received)
            .unwrap_err();
        assert!(error.contains("allowed next states: Closed"), "{error}");
    }

    #[test]
    fn labels_follow_the_language() {
        use crate::i18n::{Language, sync_scope};
        let french = [
            (RequestState::Received, "Reçue"),
            (RequestState::UnderReview, "En cours d’examen"),
            (RequestState::MissingDocument, "Document manquant"),
            (RequestState::Approved, "Approuvée"),
            (RequestState::Rejected, "Refusée"),
            (RequestState::Closed, "Close"),
        ];
        for (state, words) in french {
            assert_eq!(sync_scope(Language::French, || state.label()), words);
            assert_eq!(state.label_in(Language::French), words);
        }
        assert_eq!(RequestState::UnderReview.label(), "Under review");
        sync_scope(Language::French, || {
            assert_eq!(
                RequestCategory::Claim.label(),
                "Réclamation ou remboursement"
            );
            assert_eq!(RequestPriority::Urgent.label(), "Urgente");
        });
    }

    #[test]
    fn refused_transition_in_french() {
        let error = crate::i18n::sync_scope(crate::i18n::Language::French, || {
            RequestState::Approved
                .check_transition(RequestState::Received)
                .unwrap_err()
        });
        assert!(
            error.contains("ne peut pas passer à l’état reçue"),
            "{error}"
        );
        assert!(
            error.contains("états suivants permis\u{a0}: Close"),
            "{error}"
        );
        // The stored names parse the same whatever the language.
        let parsed = crate::i18n::sync_scope(crate::i18n::Language::French, || {
            "under-review".parse::<RequestState>()
        });
        assert_eq!(parsed, Ok(RequestState::UnderReview));
    }

    #[test]
    fn request_number_round_trips() {
        let number: RequestNumber = "R-2026-000123".parse().unwrap();
        assert_eq!(
            number,
            RequestNumber {
                year: 2026,
                id: 123
            }
        );
        assert_eq!(number.to_string(), "R-2026-000123");
        assert!("2026-000123".parse::<RequestNumber>().is_err());
        assert!("R-20x6-000123".parse::<RequestNumber>().is_err());
    }
}
