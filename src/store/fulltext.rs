//! Full-text search queries shared by documents and knowledge base
//! articles: FTS5 MATCH expressions on SQLite, `to_tsquery` text on
//! PostgreSQL. Only letters and digits reach either syntax.

use super::Backend;

/// Maximum number of words of a search that are used; the rest are ignored.
pub const MAX_SEARCH_WORDS: usize = 8;

/// Splits a search into lower-case words of letters and digits, so no
/// operator of either full-text syntax reaches the query.
pub fn search_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .take(MAX_SEARCH_WORDS)
        .collect()
}

/// The way the words of a search combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordMatch {
    /// Every word must occur, as for a document search.
    All,
    /// Any word may occur, and more matches rank higher, as for suggesting
    /// articles from a sentence.
    Any,
}

/// Builds the text bound to FTS5 `MATCH` (SQLite) or to
/// `to_tsquery('simple', ...)` (PostgreSQL). Each word also matches as the
/// start of a longer word. `words` must come from [`search_words`] and must
/// not be empty.
pub fn match_expression(backend: Backend, words: &[String], combine: WordMatch) -> String {
    let joiner = match (backend, combine) {
        (Backend::Sqlite, WordMatch::All) => " ",
        (Backend::Sqlite, WordMatch::Any) => " OR ",
        (Backend::Postgres, WordMatch::All) => " & ",
        (Backend::Postgres, WordMatch::Any) => " | ",
    };
    let terms: Vec<String> = words
        .iter()
        .map(|word| match backend {
            Backend::Sqlite => format!("\"{word}\"*"),
            Backend::Postgres => format!("{word}:*"),
        })
        .collect();
    terms.join(joiner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_operators() {
        assert_eq!(
            search_words("\"router\" OR -lights* (new)"),
            vec!["router", "or", "lights", "new"]
        );
    }

    #[test]
    fn expressions_per_backend() {
        let words = vec!["invoice".to_string(), "high".to_string()];
        assert_eq!(
            match_expression(Backend::Sqlite, &words, WordMatch::All),
            "\"invoice\"* \"high\"*"
        );
        assert_eq!(
            match_expression(Backend::Sqlite, &words, WordMatch::Any),
            "\"invoice\"* OR \"high\"*"
        );
        assert_eq!(
            match_expression(Backend::Postgres, &words, WordMatch::All),
            "invoice:* & high:*"
        );
        assert_eq!(
            match_expression(Backend::Postgres, &words, WordMatch::Any),
            "invoice:* | high:*"
        );
    }
}
