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

/// Cuts `text` to at most `width` terminal columns and ends a cut text
/// with "…", so a reader sees that something is missing.
pub fn fit_to_width(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut cut = truncate_to_width(text, width.saturating_sub(1));
    cut.push('…');
    cut
}

/// Returns the width of the one `Fill` column of a table drawn `area_width`
/// columns wide with the list marker, one column between columns and
/// `fixed` widths for the others.
pub fn fill_column_width(area_width: u16, fixed: &[u16]) -> usize {
    let marker = super::MARKER.width();
    let spacing = fixed.len();
    let taken = marker + spacing + fixed.iter().map(|&w| usize::from(w)).sum::<usize>();
    usize::from(area_width).saturating_sub(taken)
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
    fn fit_marks_cut_text() {
        assert_eq!(fit_to_width("Move the fibre line", 10), "Move the …");
        assert_eq!(fit_to_width("Short", 10), "Short");
        assert_eq!(fit_to_width("請求書請求書", 5), "請求…");
        assert_eq!(fill_column_width(60, &[15, 16, 8]), 16);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_long_words() {
        assert_eq!(wrap_text("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap_text("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(wrap_text("日本語の文", 4), ["日本", "語の", "文"]);
    }
}
