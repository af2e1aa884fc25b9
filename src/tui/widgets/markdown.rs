//! Renders the Markdown of knowledge base articles for the terminal:
//! headings, bullet and numbered lists, quotes, code blocks and paragraphs.
//! Inline emphasis markers are dropped rather than styled, and links show
//! their text followed by the address in brackets.

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::text::hanging;
use crate::domain::text::sanitize_line;
use crate::tui::theme::Theme;

/// Removes `**`, `__`, `*`, `_` and backtick markers and turns
/// `[text](address)` into `text (address)`.
fn inline(text: &str) -> String {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        let after = rest.get(start + 1..).unwrap_or_default();
        let Some(close) = after.find("](") else {
            break;
        };
        let target = after.get(close + 2..).unwrap_or_default();
        let Some(end) = target.find(')') else {
            break;
        };
        plain.push_str(rest.get(..start).unwrap_or_default());
        plain.push_str(after.get(..close).unwrap_or_default());
        plain.push_str(" (");
        plain.push_str(target.get(..end).unwrap_or_default());
        plain.push(')');
        rest = target.get(end + 1..).unwrap_or_default();
    }
    plain.push_str(rest);
    plain.replace("**", "").replace("__", "").replace('`', "")
}

/// Renders `markdown` as lines at most `width` columns wide. All text is
/// sanitized, since articles come from files.
pub fn markdown_lines<'a>(markdown: &str, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut in_code = false;
    let plain = Style::default();
    for raw in markdown.lines() {
        let trimmed = raw.trim_end();
        if trimmed.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            lines.extend(hanging(
                "    ",
                plain,
                &sanitize_line(trimmed),
                theme.muted,
                width,
            ));
            continue;
        }
        let text = trimmed.trim_start();
        if text.is_empty() {
            lines.push(Line::default());
        } else if let Some(heading) = text.strip_prefix('#') {
            let heading = sanitize_line(&inline(heading.trim_start_matches('#').trim()));
            lines.extend(hanging(
                "",
                plain,
                &heading,
                theme.header.add_modifier(Modifier::BOLD),
                width,
            ));
        } else if let Some(item) = text.strip_prefix("- ").or_else(|| text.strip_prefix("* ")) {
            lines.extend(hanging(
                "  • ",
                plain,
                &sanitize_line(&inline(item)),
                plain,
                width,
            ));
        } else if let Some(quote) = text.strip_prefix('>') {
            lines.extend(hanging(
                "  │ ",
                theme.muted,
                &sanitize_line(&inline(quote.trim())),
                plain,
                width,
            ));
        } else if let Some((number, item)) = text.split_once(". ")
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            let label = format!("  {number}. ");
            lines.extend(hanging(
                &label,
                plain,
                &sanitize_line(&inline(item)),
                plain,
                width,
            ));
        } else {
            lines.extend(hanging(
                "",
                plain,
                &sanitize_line(&inline(text)),
                plain,
                width,
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn renders_blocks_and_inline_markers() {
        let theme = Theme::builtin("monochrome").unwrap();
        let markdown = "# Read **your** invoice\n\n- First `line`\n1. Step one\n> Note\nSee [the portal](https://example.com).\n```\ncode  here\n```";
        let lines = text(&markdown_lines(markdown, &theme, 60));
        assert_eq!(
            lines,
            vec![
                "Read your invoice",
                "",
                "  • First line",
                "  1. Step one",
                "  │ Note",
                "See the portal (https://example.com).",
                "    code  here",
            ]
        );
    }

    #[test]
    fn escape_sequences_are_removed() {
        let theme = Theme::builtin("monochrome").unwrap();
        let lines = text(&markdown_lines("Hi \u{1b}[2J there", &theme, 60));
        assert_eq!(lines, vec!["Hi [2J there"]);
    }
}
