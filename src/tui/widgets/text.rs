//! Measuring, cutting and wrapping text by terminal columns.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub(super) fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Cuts `text` to at most `width` terminal columns.
pub fn truncate_to_width(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        let w = char_width(c);
        if used + w > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut
}

/// Breaks `text` into lines of at most `width` columns, at spaces where it
/// can and inside words longer than a line. Newlines start a new line.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            for c in word.chars() {
                let w = char_width(c);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Breaks `text` under a label, indenting the following lines to the
/// label's width.
pub fn hanging<'a>(
    label: &str,
    label_style: Style,
    text: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'a>> {
    let indent = label.width();
    let rows = wrap_text(text, width.saturating_sub(indent).max(10));
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| {
            let head = if index == 0 {
                label.to_string()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![
                Span::styled(head, label_style),
                Span::styled(row, style),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_long_words() {
        assert_eq!(wrap_text("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap_text("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(wrap_text("日本語の文", 4), ["日本", "語の", "文"]);
    }
}
