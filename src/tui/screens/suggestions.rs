//! Knowledge base articles offered while a customer types a new request's
//! subject, and the reader that shows one of them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::sanitize_line;
use crate::store::kb::ArticleRecord;
use crate::tui::theme::Theme;
use crate::tui::widgets::{markdown_lines, panel, plain_char};
use crate::tui::{Command, Effect, KeyCode, KeyEvent, Load};

/// Subjects shorter than this ask for no suggestions, in characters.
const MIN_SUBJECT_CHARS: usize = 3;
/// How many suggestions the form shows.
pub const SHOWN: usize = 3;

#[derive(Debug, Default)]
pub struct Suggestions {
    /// The subject of the newest search sent.
    asked: String,
    articles: Vec<ArticleRecord>,
    /// Every article shown so far, so it is recorded once.
    offered: Vec<i64>,
    /// The index of the article being read.
    reading: Option<usize>,
    scroll: usize,
}

impl Suggestions {
    /// Returns the search for a changed subject, if it is long enough and
    /// differs from the last one.
    pub fn subject_changed(&mut self, subject: &str) -> Option<Effect> {
        let subject = subject.trim();
        if subject.chars().count() < MIN_SUBJECT_CHARS || subject == self.asked {
            return None;
        }
        self.asked = subject.to_string();
        Some(Effect::Load(Load::Suggestions(subject.to_string())))
    }

    /// Keeps the articles found for the newest subject and returns the
    /// command that records the articles shown for the first time.
    pub fn loaded(&mut self, subject: &str, articles: Vec<ArticleRecord>) -> Option<Effect> {
        if subject != self.asked {
            return None;
        }
        self.articles = articles;
        let new: Vec<i64> = self
            .articles
            .iter()
            .take(SHOWN)
            .map(|article| article.id)
            .filter(|id| !self.offered.contains(id))
            .collect();
        if new.is_empty() {
            return None;
        }
        self.offered.extend(&new);
        Some(Effect::Run(Command::RecordSuggestions {
            subject: subject.to_string(),
            article_ids: new,
        }))
    }

    pub fn offered(&self) -> Vec<i64> {
        self.offered.clone()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Opens the first suggested article.
    pub fn open_first(&mut self) -> bool {
        if self.articles.is_empty() {
            return false;
        }
        self.reading = Some(0);
        self.scroll = 0;
        true
    }

    /// Handles a key of the reader: Tab shows the next suggestion, Esc
    /// returns to the form.
    pub fn handle_reader_key(&mut self, key: &KeyEvent) {
        let shown = self.articles.len().clamp(1, SHOWN);
        match (key.code, plain_char(key)) {
            (KeyCode::Esc, _) => self.reading = None,
            (KeyCode::Tab, _) => {
                self.reading = self.reading.map(|index| (index + 1) % shown);
                self.scroll = 0;
            }
            (KeyCode::Up, _) | (_, Some('k')) => self.scroll = self.scroll.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => self.scroll = self.scroll.saturating_add(1),
            _ => {}
        }
    }

    /// Lists up to [`SHOWN`] article titles for the plain mode, after a
    /// heading. Returns no lines while there are no articles.
    pub fn plain_lines(&self) -> Vec<String> {
        if self.articles.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![tr!("plain-suggestions")];
        lines.extend(self.articles.iter().take(SHOWN).map(|article| {
            tr!(
                "plain-suggestion",
                title = sanitize_line(&article.title),
                category = sanitize_line(&article.category)
            )
        }));
        lines
    }

    /// Draws up to [`SHOWN`] article titles in `area`.
    pub fn render_list(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if self.articles.is_empty() {
            return;
        }
        let mut lines = vec![Line::from(vec![
            Span::styled(
                format!("  {} ", tr!("requests-suggestions-title")),
                theme.header,
            ),
            Span::styled(tr!("requests-suggestions-key"), theme.muted),
        ])];
        for article in self.articles.iter().take(SHOWN) {
            lines.push(Line::from(format!(
                "    • {} ({})",
                sanitize_line(&article.title),
                sanitize_line(&article.category)
            )));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// Draws the article being read over `area`.
    pub fn render_reader(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(article) = self.reading.and_then(|index| self.articles.get(index)) else {
            return;
        };
        let title = tr!(
            "requests-suggestions-reader-title",
            title = sanitize_line(&article.title),
            category = sanitize_line(&article.category)
        );
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = markdown_lines(&article.body, theme, usize::from(inner.width));
        let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
        self.scroll = self.scroll.min(max_scroll);
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(self.scroll)
            .take(usize::from(inner.height))
            .collect();
        frame.render_widget(Paragraph::new(visible), inner);
    }

    /// Returns the number of rows [`Suggestions::render_list`] needs.
    pub fn height(&self) -> u16 {
        if self.articles.is_empty() {
            0
        } else {
            u16::try_from(self.articles.len().min(SHOWN)).unwrap_or(3) + 1
        }
    }
}
