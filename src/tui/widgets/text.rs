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

/// The characters after which a word longer than a line may break, so that
/// paths, links and file names break between their parts.
const WORD_BREAKS: [char; 6] = ['/', '-', '_', '&', '?', '='];

/// Breaks `text` into lines of at most `width` columns, at spaces where it
/// can. A word longer than a line fills the rest of the current line and
/// breaks after one of [`WORD_BREAKS`], so "invoice-" ends a line and
/// "march.pdf" starts the next. Only a part with no such character that is
/// longer than a line breaks between two characters. Newlines start a new
/// line.
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
            if word_width <= width {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            let parts = word.split_inclusive(WORD_BREAKS);
            push_parts(parts, true, width, &mut lines, &mut line, &mut line_width);
        }
        lines.push(line);
    }
    lines
}

/// Appends the parts of one word to `line`, with a space before the first
/// part when `after_space` and the line is not empty. A part that does not
/// fit starts a new line, and a part longer than a line breaks between
/// characters.
fn push_parts<'a>(
    parts: impl Iterator<Item = &'a str>,
    after_space: bool,
    width: usize,
    lines: &mut Vec<String>,
    line: &mut String,
    line_width: &mut usize,
) {
    for (index, part) in parts.enumerate() {
        let gap = usize::from(after_space && index == 0 && !line.is_empty());
        let part_width = part.width();
        if *line_width + gap + part_width <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(part);
            *line_width += gap + part_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(line));
            *line_width = 0;
        }
        push_chars(part, width, lines, line, line_width);
    }
}

/// Appends `word` to `line` one character at a time, moving the line to
/// `lines` whenever the next character would pass `width` columns.
fn push_chars(
    word: &str,
    width: usize,
    lines: &mut Vec<String>,
    line: &mut String,
    line_width: &mut usize,
) {
    for c in word.chars() {
        let w = char_width(c);
        if *line_width + w > width && !line.is_empty() {
            lines.push(std::mem::take(line));
            *line_width = 0;
        }
        line.push(c);
        *line_width += w;
    }
}

/// Breaks a path or a command line into lines of at most `width` columns:
/// at spaces and after each "/", and inside a part only when that part
/// alone is wider than a line. A break at a space drops the space, as in
/// [`wrap_text`]; a "/" stays at the end of its line.
pub fn wrap_path(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for (word_index, word) in text.split(' ').enumerate() {
        let parts = word.split_inclusive('/');
        push_parts(
            parts,
            word_index > 0,
            width,
            &mut lines,
            &mut line,
            &mut line_width,
        );
    }
    lines.push(line);
    lines
}

/// Returns the longest start that all `names` share, compared without
/// regard to ASCII case and spelled as in the first name, or `None` when
/// there is no name. Used to complete a typed name with Tab.
pub fn shared_prefix<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut names = names.into_iter();
    let mut common: Vec<char> = names.next()?.chars().collect();
    for name in names {
        let shared = common
            .iter()
            .zip(name.chars())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        common.truncate(shared);
    }
    Some(common.into_iter().collect())
}

/// Splits a hexadecimal digest into groups of eight digits separated by
/// spaces, so it wraps between groups and reads in chunks.
pub fn group_digest(digest: &str) -> String {
    let chars: Vec<char> = digest.chars().collect();
    chars
        .chunks(8)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
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
    let rows = wrap_text(text, hanging_width(label, width));
    hanging_rows(label, label_style, rows, style)
}

/// Returns the columns left beside `label` in a line `width` columns
/// wide, at least 10.
pub fn hanging_width(label: &str, width: usize) -> usize {
    width.saturating_sub(label.width()).max(10)
}

/// Puts `label` before the first of `rows`, already broken to
/// [`hanging_width`], and indents the following rows to the label's width.
pub fn hanging_rows<'a>(
    label: &str,
    label_style: Style,
    rows: Vec<String>,
    style: Style,
) -> Vec<Line<'a>> {
    let indent = label.width();
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

    #[test]
    fn long_word_breaks_after_separators() {
        let command =
            "scp alice@127.0.0.1:/documents/invoice/2026/2026-03-31_invoice-march-2026.pdf .";
        assert_eq!(
            wrap_text(command, 60),
            [
                "scp alice@127.0.0.1:/documents/invoice/2026/2026-03-31_",
                "invoice-march-2026.pdf .",
            ]
        );
        let link = "Link: otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&issuer=Portico";
        assert_eq!(
            wrap_text(link, 60),
            [
                "Link: otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&",
                "issuer=Portico",
            ]
        );
    }

    #[test]
    fn word_that_fits_moves_whole() {
        assert_eq!(wrap_text("see a-b-c-d", 8), ["see", "a-b-c-d"]);
        assert_eq!(wrap_text("aa bb-cc-dd-ee", 8), ["aa bb-", "cc-dd-ee"]);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_text() {
        let text = "Téléchargement : sftp -P 2222 alice@[2001:db8::1]:/documents/2026/a_b-c?d=e&f=g 請求書請求書";
        // From 2 columns on, so that a double-width character fits a line.
        for width in 2..90 {
            let lines = wrap_text(text, width);
            for line in &lines {
                assert!(line.width() <= width, "{width}: {line:?} in {lines:?}");
            }
            let rejoined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let expected: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(rejoined, expected, "{width}: text lost in {lines:?}");
        }
    }

    #[test]
    fn path_wraps_after_slashes_and_spaces() {
        let command = "scp alice@portal.example.com:/documents/invoice/2026/march.pdf .";
        assert_eq!(
            wrap_path(command, 30),
            [
                "scp alice@portal.example.com:/",
                "documents/invoice/2026/",
                "march.pdf .",
            ]
        );
        assert_eq!(
            wrap_path("sftp -P 2222 a@h:/archive/x", 20),
            ["sftp -P 2222 a@h:/", "archive/x"]
        );
        assert_eq!(wrap_path("/short/path", 40), ["/short/path"]);
        assert_eq!(wrap_path("abcdefgh/ij", 4), ["abcd", "efgh", "/ij"]);
    }

    #[test]
    fn path_lines_fit_width() {
        let command = "sftp -P 2222 someone@[2001:db8::1]:/documents/contract/2025/a b.pdf";
        for width in 1..80 {
            let lines = wrap_path(command, width);
            for line in &lines {
                assert!(line.width() <= width, "{width}: {line:?} in {lines:?}");
            }
            let rejoined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let expected: String = command.chars().filter(|c| *c != ' ').collect();
            assert_eq!(rejoined, expected, "{width}: text lost in {lines:?}");
        }
    }

    #[test]
    fn digest_groups_of_eight() {
        let digest = "0123456789abcdef".repeat(4);
        let grouped = group_digest(&digest);
        assert_eq!(grouped.split(' ').count(), 8);
        assert!(
            grouped.split(' ').all(|group| group.len() == 8),
            "{grouped}"
        );
        assert_eq!(grouped.replace(' ', ""), digest);
        assert_eq!(group_digest("abc"), "abc");
    }
}
