//! The knowledge base: searching articles by words through the database's
//! full-text index, suggesting them for a new request's subject, and
//! importing a folder of Markdown files.

use std::path::Path;

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::text::sanitize_line;
use crate::domain::{Principal, now};
use crate::store::document_admin;
use crate::store::fulltext::search_words;
use crate::store::kb::{self, ArticleRecord, ArticleVisibility, SuggestionStats};

/// How many articles a search returns at most.
const SEARCH_LIMIT: i64 = 5;
/// Words shorter than this are ignored when searching, such as "a" or "my".
const MIN_WORD_CHARS: usize = 3;
/// Largest article file that an import reads, in bytes.
const MAX_ARTICLE_BYTES: u64 = 256 * 1024;

/// Splits a subject or search into the words that are looked up: those of
/// at least [`MIN_WORD_CHARS`] characters.
fn query_words(text: &str) -> Vec<String> {
    search_words(text)
        .into_iter()
        .filter(|word| word.chars().count() >= MIN_WORD_CHARS)
        .collect()
}

/// The optional header of an article file, between two `---` lines before
/// the title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleHeader {
    /// `status: draft` keeps the article unpublished.
    pub draft: bool,
    /// `audience: staff` keeps the article from customers.
    pub staff_only: bool,
    /// `organisation: NAME` shows it to that organisation's customers only.
    pub organisation: Option<String>,
}

/// Splits an article file into its header and the rest. A file without a
/// `---` first line has the default header. Returns an error naming an
/// unknown key or value.
pub fn parse_header(text: &str) -> Result<(ArticleHeader, &str), String> {
    let trimmed = text.trim_start();
    let Some(after) = trimmed
        .strip_prefix("---\n")
        .or_else(|| trimmed.strip_prefix("---\r\n"))
    else {
        return Ok((ArticleHeader::default(), text));
    };
    let Some(end) = after.find("\n---") else {
        return Err("the header opened with --- has no closing --- line".to_string());
    };
    let (block, rest) = after.split_at(end);
    let rest = rest
        .trim_start_matches("\n---")
        .trim_start_matches(['\r', '\n']);
    let mut header = ArticleHeader::default();
    for line in block.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!(
                "invalid header line {:?}: write key: value",
                sanitize_line(line)
            ));
        };
        let value = value.trim();
        match (key.trim(), value) {
            ("status", "draft") => header.draft = true,
            ("status", "published") => header.draft = false,
            ("audience", "staff") => header.staff_only = true,
            ("audience", "everyone") => header.staff_only = false,
            ("organisation", name) if !name.is_empty() => {
                header.organisation = Some(sanitize_line(name));
            }
            (key, value) => {
                return Err(format!(
                    "invalid header line {}: {}; use status: draft|published, audience: everyone|staff or organisation: NAME",
                    sanitize_line(key),
                    sanitize_line(value)
                ));
            }
        }
    }
    Ok((header, rest))
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
    /// Finds the articles in the caller's scope that match the words of
    /// `text`, best first, through the database's full-text index. Every
    /// logged-in user may search; drafts, staff articles (for customers)
    /// and other organisations' articles never appear.
    pub async fn search_articles(
        &self,
        principal: &Principal,
        text: &str,
    ) -> ServiceResult<Vec<ArticleRecord>> {
        let words = query_words(text);
        Ok(kb::search(
            self.store.pool(),
            self.store.backend(),
            principal,
            &words,
            SEARCH_LIMIT,
        )
        .await?)
    }

    /// Returns one article in the caller's scope.
    pub async fn article(&self, principal: &Principal, id: i64) -> ServiceResult<ArticleRecord> {
        kb::get(self.store.pool(), principal, id)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound(tr!("documents-error-article", id = id.to_string()))
            })
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
            let (header, text) = parse_header(&text).map_err(|reason| invalid(&reason))?;
            let organisation_id = match &header.organisation {
                Some(name) => Some(
                    document_admin::organisation_id(self.store.pool(), name)
                        .await?
                        .ok_or_else(|| {
                            invalid(&format!(
                                "organisation {name:?} not found; give the exact name"
                            ))
                        })?,
                ),
                None => None,
            };
            let visibility = ArticleVisibility {
                published: !header.draft,
                staff_only: header.staff_only,
                organisation_id,
            };
            let Some((title, body)) = parse_article(text) else {
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
                visibility,
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

    #[test]
    fn query_words_skip_short_words() {
        assert_eq!(
            query_words("Is my invoice too high?"),
            vec!["invoice", "too", "high"]
        );
        assert!(query_words("a to z").is_empty());
    }

    #[test]
    fn header_sets_visibility() {
        let text = "---\nstatus: draft\naudience: staff\norganisation: Acme\n---\n# Title\nBody";
        let (header, rest) = parse_header(text).expect("header");
        assert!(header.draft);
        assert!(header.staff_only);
        assert_eq!(header.organisation.as_deref(), Some("Acme"));
        assert_eq!(
            parse_article(rest),
            Some(("Title".to_string(), "Body".to_string()))
        );
    }

    #[test]
    fn header_is_optional() {
        let (header, rest) = parse_header("# Title\nBody").expect("no header");
        assert_eq!(header, ArticleHeader::default());
        assert_eq!(rest, "# Title\nBody");
    }

    #[test]
    fn header_rejects_unknown_key() {
        let error = parse_header("---\nhidden: yes\n---\n# Title").unwrap_err();
        assert!(error.contains("hidden: yes"), "{error}");
        let error = parse_header("---\nstatus: draft\n# Title").unwrap_err();
        assert!(error.contains("closing"), "{error}");
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
