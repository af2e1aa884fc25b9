//! The next step shown to the customer with a request's state.
//!
//! Portico writes a default next step for each state, and for the changes
//! it makes on its own, in the writer's language. The stored text is kept
//! as written, and readers match it against every default in every
//! language to show it in their own language. Text an agent typed is
//! shown as stored. The match also covers rows written before readers
//! translated defaults.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::regional::Language;

/// Message ids of the default next steps that take no argument.
const PLAIN_DEFAULTS: [&str; 9] = [
    "requests-next-step-received",
    "requests-next-step-under-review",
    "requests-next-step-missing-document",
    "requests-next-step-approved",
    "requests-next-step-rejected",
    "requests-next-step-closed",
    "requests-done-next-step",
    "requests-next-step-withdrawn",
    "requests-next-step-review-again",
];

/// Message id of the next step written when a customer's personal data is
/// erased. Its `$date` argument is a date that is kept in every language.
const ERASED: &str = "requests-next-step-erased";

/// Stands in for the erasure date while the message is split around it.
/// Stored next steps never contain it, because the sanitizers remove
/// control characters.
const DATE_MARK: &str = "\u{1}";

/// Default texts in every language, each with its message id.
static DEFAULT_IDS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut ids = HashMap::new();
    for language in Language::ALL {
        for id in PLAIN_DEFAULTS {
            ids.insert(crate::i18n::text_in(language, id, None), id);
        }
    }
    ids
});

/// The erasure next step in every language, as the text before and the
/// text after its date.
static ERASED_PARTS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .filter_map(|language| {
            let text = erased_in(language, DATE_MARK);
            let (before, after) = text.split_once(DATE_MARK)?;
            Some((before.to_string(), after.to_string()))
        })
        .collect()
});

fn erased_in(language: Language, date: &str) -> String {
    let mut args = crate::i18n::FluentArgs::new();
    args.set("date", date);
    crate::i18n::text_in(language, ERASED, Some(&args))
}

/// Returns the default next step of a request that enters `state`, in the
/// current language. Agents start from it and may edit it.
pub fn default_for(state: super::RequestState) -> String {
    use super::RequestState::*;
    let id = match state {
        Received => "requests-next-step-received",
        UnderReview => "requests-next-step-under-review",
        MissingDocument => "requests-next-step-missing-document",
        Approved => "requests-next-step-approved",
        Rejected => "requests-next-step-rejected",
        Closed => "requests-next-step-closed",
    };
    crate::i18n::text(id)
}

/// Translates a stored next step into `language`: a default Portico wrote
/// in any language is written again in `language`, and any other text is
/// returned as stored. Surrounding white space is ignored when matching.
pub fn translate_in(stored: &str, language: Language) -> String {
    let trimmed = stored.trim();
    if let Some(id) = DEFAULT_IDS.get(trimmed) {
        return crate::i18n::text_in(language, id, None);
    }
    for (before, after) in ERASED_PARTS.iter() {
        let date = trimmed
            .strip_prefix(before.as_str())
            .and_then(|rest| rest.strip_suffix(after.as_str()));
        if let Some(date) = date.filter(|date| is_date(date)) {
            return erased_in(language, date);
        }
    }
    stored.to_string()
}

/// Translates a stored next step into the current language, as
/// [`translate_in`] does.
pub fn translate(stored: &str) -> String {
    translate_in(stored, crate::i18n::current())
}

/// Tells whether `text` is a date as the erasure next step writes it:
/// digits and the separators of the date formats, such as 2026-12-05.
fn is_date(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 10
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestState;
    use crate::i18n::sync_scope;

    #[test]
    fn default_follows_reader_language() {
        let english = sync_scope(Language::English, || default_for(RequestState::UnderReview));
        let french = sync_scope(Language::French, || default_for(RequestState::UnderReview));
        assert_eq!(english, "An agent is reviewing your request.");
        assert_eq!(french, "Un agent examine votre demande.");
        assert_eq!(translate_in(&english, Language::French), french);
        assert_eq!(translate_in(&french, Language::English), english);
        assert_eq!(translate_in(&english, Language::English), english);
    }

    #[test]
    fn every_default_translates_both_ways() {
        for id in PLAIN_DEFAULTS {
            let english = crate::i18n::text_in(Language::English, id, None);
            let french = crate::i18n::text_in(Language::French, id, None);
            assert_ne!(english, french, "{id} is not translated");
            assert_eq!(translate_in(&english, Language::French), french, "{id}");
            assert_eq!(translate_in(&french, Language::English), english, "{id}");
        }
    }

    #[test]
    fn default_with_spaces_still_matches() {
        let stored = "  Send the document we asked for. ";
        assert_eq!(
            translate_in(stored, Language::French),
            "Envoyez le document que nous vous avons demandé."
        );
    }

    #[test]
    fn typed_text_stays_as_typed() {
        let typed = "We call you on Monday.";
        assert_eq!(translate_in(typed, Language::French), typed);
        let close = "An agent is reviewing your request!";
        assert_eq!(translate_in(close, Language::French), close);
        assert_eq!(translate_in("", Language::French), "");
    }

    #[test]
    fn erased_keeps_its_date() {
        let english = erased_in(Language::English, "2026-12-05");
        let french = erased_in(Language::French, "2026-12-05");
        assert!(french.contains("effacées le 2026-12-05"), "{french}");
        assert_eq!(translate_in(&english, Language::French), french);
        assert_eq!(translate_in(&french, Language::English), english);
    }

    #[test]
    fn erased_with_other_text_stays() {
        let english = erased_in(Language::English, "last Monday");
        assert_eq!(translate_in(&english, Language::French), english);
    }
}
