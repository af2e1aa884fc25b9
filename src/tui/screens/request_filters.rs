//! The agent's request filters: status, category, priority, assignee,
//! overdue only and words, each set and cleared with its own key,
//! combined, and applied by the query layer. The screen keeps them while
//! the agent moves between views and into a request and back.

use crate::domain::text::sanitize_line;
use crate::domain::{RequestCategory, RequestPriority, RequestState};
use crate::store::requests::{AssigneeFilter, RequestQuery};

/// The filters an agent chose for the request list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestFilters {
    /// The organisation's id and name.
    pub organisation: Option<(i64, String)>,
    pub state: Option<RequestState>,
    pub category: Option<RequestCategory>,
    pub priority: Option<RequestPriority>,
    pub assignee: AssigneeFilter,
    pub overdue_only: bool,
    /// Words of the subject, organisation or customer, or a request number.
    pub words: String,
}

/// Returns the value after `current` in `all`, or `None` after the last,
/// so that pressing the key again goes back to "any".
fn next_of<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(value) => {
            let index = all.iter().position(|&other| other == value)?;
            all.get(index + 1).copied()
        }
    }
}

impl RequestFilters {
    pub fn is_empty(&self) -> bool {
        *self == RequestFilters::default()
    }

    /// Sets the filters' parts of a request query.
    pub fn apply(&self, query: &mut RequestQuery) {
        query.organisation_id = self.organisation.as_ref().map(|(id, _)| *id);
        query.state = self.state;
        query.category = self.category;
        query.priority = self.priority;
        query.assignee = self.assignee;
        query.overdue_only = self.overdue_only;
        let words = self.words.trim();
        query.words = (!words.is_empty()).then(|| words.to_string());
    }

    /// Changes the filter of a key: `s`, `c`, `p` and `u` step through the
    /// status, category, priority and assignee choices, their capitals
    /// clear them, `!` turns "overdue only" on and off, `W` clears the
    /// words and `O` the organisation. Returns false for any other key.
    pub fn handle_char(&mut self, c: char) -> bool {
        match c {
            's' => self.state = next_of(&RequestState::ALL, self.state),
            'S' => self.state = None,
            'c' => self.category = next_of(&RequestCategory::ALL, self.category),
            'C' => self.category = None,
            'p' => self.priority = next_of(&RequestPriority::ALL, self.priority),
            'P' => self.priority = None,
            'u' => {
                self.assignee = match self.assignee {
                    AssigneeFilter::Anyone => AssigneeFilter::Me,
                    AssigneeFilter::Me => AssigneeFilter::Unassigned,
                    AssigneeFilter::Unassigned => AssigneeFilter::Anyone,
                }
            }
            'U' => self.assignee = AssigneeFilter::Anyone,
            '!' => self.overdue_only = !self.overdue_only,
            'W' => self.words.clear(),
            _ => return false,
        }
        true
    }

    /// Describes the active filters in one line, each with the key that
    /// clears it, or the keys that set them when none is active.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if let Some((_, name)) = &self.organisation {
            parts.push(tr!(
                "requests-filter-organisation",
                name = sanitize_line(name)
            ));
        }
        if let Some(state) = self.state {
            parts.push(tr!("requests-filter-status", state = state.label()));
        }
        if let Some(category) = self.category {
            parts.push(tr!("requests-filter-category", category = category.label()));
        }
        if let Some(priority) = self.priority {
            parts.push(tr!("requests-filter-priority", priority = priority.label()));
        }
        match self.assignee {
            AssigneeFilter::Anyone => {}
            AssigneeFilter::Me => parts.push(tr!("requests-filter-mine")),
            AssigneeFilter::Unassigned => parts.push(tr!("requests-filter-unassigned")),
        }
        if self.overdue_only {
            parts.push(tr!("requests-filter-overdue"));
        }
        let words = self.words.trim();
        if !words.is_empty() {
            parts.push(tr!("requests-filter-words", words = sanitize_line(words)));
        }
        if parts.is_empty() {
            return tr!("requests-filter-none");
        }
        tr!("requests-filter-line", filters = parts.join(" · "))
    }
}

impl RequestFilters {
    /// Describes the filters for the plain mode with the keys that change
    /// them: one short line when none is set, else every filter, set or
    /// not: "Filters: status any, category Billing, …".
    pub fn plain_line(&self) -> String {
        if self.is_empty() {
            return tr!("plain-filters-none");
        }
        let any = || tr!("plain-filter-any");
        let organisation = self
            .organisation
            .as_ref()
            .map_or_else(any, |(_, name)| sanitize_line(name));
        let assignee = match self.assignee {
            AssigneeFilter::Anyone => tr!("plain-filter-anyone"),
            AssigneeFilter::Me => tr!("plain-filter-me"),
            AssigneeFilter::Unassigned => tr!("plain-filter-unassigned"),
        };
        let overdue = if self.overdue_only {
            tr!("common-on")
        } else {
            tr!("common-off")
        };
        let words = self.words.trim();
        let words = if words.is_empty() {
            tr!("common-none")
        } else {
            sanitize_line(words)
        };
        tr!(
            "plain-filters",
            organisation = organisation,
            state = self.state.map_or_else(any, RequestState::label),
            category = self.category.map_or_else(any, RequestCategory::label),
            priority = self.priority.map_or_else(any, RequestPriority::label),
            assignee = assignee,
            overdue = overdue,
            words = words
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_line_names_every_filter() {
        let mut filters = RequestFilters::default();
        filters.handle_char('c');
        filters.handle_char('u');
        filters.words = "router".to_string();
        assert_eq!(
            filters.plain_line(),
            "Filters: organisation any, status any, category Billing, priority any, \
             assignee me, overdue only off, words router. \
             Keys o s c p u ! / change them, Esc clears all"
        );
        assert_eq!(
            RequestFilters::default().plain_line(),
            "No filter. Keys o s c p u ! / set one"
        );
        let french = crate::i18n::sync_scope(crate::i18n::Language::French, || {
            let mut filters = RequestFilters::default();
            filters.handle_char('c');
            filters.plain_line()
        });
        assert!(
            french.starts_with("Filtres\u{a0}: organisation sans filtre, état sans filtre"),
            "{french}"
        );
    }

    #[test]
    fn keys_step_through_and_clear() {
        let mut filters = RequestFilters::default();
        assert!(filters.handle_char('s'));
        assert_eq!(filters.state, Some(RequestState::Received));
        filters.handle_char('s');
        assert_eq!(filters.state, Some(RequestState::UnderReview));
        filters.handle_char('S');
        assert_eq!(filters.state, None);
        for _ in 0..RequestPriority::ALL.len() {
            filters.handle_char('p');
        }
        assert_eq!(filters.priority, Some(RequestPriority::Urgent));
        filters.handle_char('p');
        assert_eq!(filters.priority, None, "after the last choice comes any");
        filters.handle_char('u');
        filters.handle_char('u');
        assert_eq!(filters.assignee, AssigneeFilter::Unassigned);
        assert!(!filters.handle_char('z'));
    }

    #[test]
    fn line_names_each_active_filter() {
        let mut filters = RequestFilters::default();
        assert!(filters.line().starts_with("No filter"));
        filters.handle_char('c');
        filters.handle_char('u');
        filters.handle_char('!');
        filters.words = "router\u{1b}[2J".to_string();
        let line = filters.line();
        assert!(line.contains("category Billing (C)"), "{line}");
        assert!(line.contains("assigned to me (U)"), "{line}");
        assert!(line.contains("overdue only (!)"), "{line}");
        assert!(line.contains("words \"router[2J\" (W)"), "{line}");
        assert!(!line.contains('\u{1b}'), "{line}");
    }

    #[test]
    fn apply_sets_query_fields() {
        let filters = RequestFilters {
            state: Some(RequestState::MissingDocument),
            overdue_only: true,
            words: "  ".to_string(),
            ..RequestFilters::default()
        };
        let mut query = RequestQuery::default();
        filters.apply(&mut query);
        assert_eq!(query.state, Some(RequestState::MissingDocument));
        assert!(query.overdue_only);
        assert_eq!(query.words, None, "blank words filter nothing");
    }
}
