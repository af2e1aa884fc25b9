//! The knowledge base: searching articles by words, suggesting them for a
//! new request's subject, and importing a folder of Markdown files.

use std::path::Path;

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::text::sanitize_line;
use crate::domain::{Principal, now};
use crate::store::kb::{self, ArticleRecord, SuggestionStats};

/// How many articles a search returns at most.
const SEARCH_LIMIT: usize = 5;
/// Words shorter than this are ignored when searching, such as "a" or "my".
const MIN_WORD_CHARS: usize = 3;
/// Largest article file that an import reads, in bytes.
const MAX_ARTICLE_BYTES: u64 = 256 * 1024;

/// Splits text into lowercase search words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= MIN_WORD_CHARS)
        .map(str::to_lowercase)
        .collect()
}

/// Scores an article for the query words: a word in the title counts 3, in
/// the category 2, in the body 1. Returns 0 when no word matches.
pub fn score(article: &ArticleRecord, query: &[String]) -> usize {
    let title = words(&article.title);
    let category = words(&article.category);
    let body = words(&article.body);
    let matches = |list: &[String], word: &String| {
        list.iter()
            .any(|candidate| candidate.starts_with(word.as_str()))
    };
    query
        .iter()
        .map(|word| {
            3 * usize::from(matches(&title, word))
                + 2 * usize::from(matches(&category, word))
                + usize::from(matches(&body, word))
        })
        .sum()
}

/// Ranks articles by [`score`], best first, and drops those without a
/// match.
pub fn rank(articles: Vec<ArticleRecord>, text: &str) -> Vec<ArticleRecord> {
    let query = words(text);
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, ArticleRecord)> = articles
        .into_iter()
        .map(|article| (score(&article, &query), article))
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|(a, first), (b, second)| b.cmp(a).then_with(|| first.title.cmp(&second.title)));
    scored
        .into_iter()
        .take(SEARCH_LIMIT)
        .map(|(_, article)| article)
        .collect()
}

/// The outcome of importing a folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
}

/// Reads an article file: the first `# ` heading is the title, the rest the
/// body. Returns `None` for a file without a heading.
pub fn parse_article(text: &str) -> Option<(String, String)> {
    let mut lines = text.lines();
    let title = lines
        .by_ref()
        .find(|line| !line.trim().is_empty())?
        .strip_prefix("# ")?
        .trim()
        .to_string();
    let body: Vec<&str> = lines.collect();
    Some((title, body.join("\n").trim().to_string()))
}

impl Portal {
    /// Finds the articles matching the words of `text`, best first. Every
    /// logged-in user may search.
    pub async fn search_articles(
        &self,
        _principal: &Principal,
        text: &str,
    ) -> ServiceResult<Vec<ArticleRecord>> {
        let articles = kb::list(self.store.pool()).await?;
        Ok(rank(articles, text))
    }

    /// Returns one article.
    pub async fn article(&self, _principal: &Principal, id: i64) -> ServiceResult<ArticleRecord> {
        kb::get(self.store.pool(), id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("article {id}")))
    }

    /// Records that articles were offered for a subject. Opening a request
    /// soon after links these rows to it; rows left unlinked mean the
    /// customer did not open a request.
    pub async fn record_unopened_suggestions(
        &self,
        principal: &Principal,
        subject: &str,
        article_ids: &[i64],
    ) -> ServiceResult<()> {
        let subject = sanitize_line(subject);
        kb::record_suggestions(
            self.store.pool(),
            principal.user_id,
            article_ids,
            &subject,
            None,
            now(),
        )
        .await?;
        Ok(())
    }

    /// Lists per article how often it was offered and how often the
    /// customer opened a request anyway, for operators.
    pub async fn suggestion_stats(&self) -> ServiceResult<Vec<SuggestionStats>> {
        Ok(kb::suggestion_stats(self.store.pool()).await?)
    }

    /// Imports every `.md` file of `folder` as an article, adding new ones
    /// and updating those with the same slug (the file name without
    /// `.md`). Files in a subfolder get its name as category, the others
    /// "General". For operators, from `portico admin kb import`.
    pub async fn import_articles(&self, folder: &Path) -> ServiceResult<ImportReport> {
        let mut report = ImportReport::default();
        let mut files = Vec::new();
        collect_markdown(folder, None, &mut files)?;
        files.sort();
        let now = now();
        for (path, category) in files {
            let invalid = |reason: &str| {
                ServiceError::Invalid(format!("cannot import {}: {reason}", path.display()))
            };
            let size = std::fs::metadata(&path)
                .map_err(|error| invalid(&error.to_string()))?
                .len();
            if size > MAX_ARTICLE_BYTES {
                return Err(invalid(&format!(
                    "the file has {size} bytes; articles may have at most {MAX_ARTICLE_BYTES}"
                )));
            }
            let text =
                std::fs::read_to_string(&path).map_err(|error| invalid(&error.to_string()))?;
            let Some((title, body)) = parse_article(&text) else {
                return Err(invalid(
                    "the first line must be a title such as \"# Reading your invoice\"",
                ));
            };
            let slug = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().to_string())
                .unwrap_or_default();
            let category = category.unwrap_or_else(|| "General".to_string());
            let added = kb::upsert(
                self.store.pool(),
                &sanitize_line(&slug),
                &sanitize_line(&title),
                &sanitize_line(&category),
                &body,
                now,
            )
            .await?;
            if added {
                report.added += 1;
            } else {
                report.updated += 1;
            }
        }
        Ok(report)
    }
}

/// Collects the Markdown files of `folder` and of its direct subfolders,
/// with the subfolder name as category.
fn collect_markdown(
    folder: &Path,
    category: Option<String>,
    files: &mut Vec<(std::path::PathBuf, Option<String>)>,
) -> ServiceResult<()> {
    let entries = std::fs::read_dir(folder).map_err(|error| {
        ServiceError::Invalid(format!("cannot read folder {}: {error}", folder.display()))
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && category.is_none() {
            let name = entry.file_name().to_string_lossy().to_string();
            collect_markdown(&path, Some(name), files)?;
        } else if path.extension().is_some_and(|ext| ext == "md") {
            files.push((path, category.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: i64, title: &str, category: &str, body: &str) -> ArticleRecord {
        ArticleRecord {
            id,
            slug: format!("a{id}"),
            title: title.to_string(),
            category: category.to_string(),
            body: body.to_string(),
            updated_at: 0,
        }
    }

    #[test]
    fn title_matches_rank_first() {
        let articles = vec![
            article(
                1,
                "Change your address",
                "Account",
                "Invoices go to the new address.",
            ),
            article(
                2,
                "Read your invoice",
                "Billing",
                "Each invoice lists the lines.",
            ),
            article(3, "Router lights", "Technical", "Blinking means no signal."),
        ];
        let ranked = rank(articles, "Question about my invoice");
        let ids: Vec<i64> = ranked.iter().map(|article| article.id).collect();
        assert_eq!(ids, vec![2, 1]);
    }

    #[test]
    fn short_words_alone_find_nothing() {
        let articles = vec![article(1, "A to Z", "General", "of it")];
        assert!(rank(articles, "a to z").is_empty());
    }

    #[test]
    fn article_needs_title_heading() {
        assert_eq!(
            parse_article("\n# Title\n\nBody text\n"),
            Some(("Title".to_string(), "Body text".to_string()))
        );
        assert_eq!(parse_article("No heading"), None);
    }
}
