//! Plain text tables: a header row and columns padded with spaces.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::sanitize_line;

/// Lays out `rows` under `header`, each cell sanitized to one line and
/// padded to the terminal width of its column's widest cell, so accented
/// and wide characters line up. An empty list prints `empty` instead.
pub fn render(header: &[impl AsRef<str>], rows: &[Vec<String>], empty: &str) -> Vec<u8> {
    if rows.is_empty() {
        return format!("{empty}\n").into_bytes();
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| sanitize_line(cell)).collect())
        .collect();
    let header: Vec<String> = header
        .iter()
        .map(|title| sanitize_line(title.as_ref()))
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|title| title.width()).collect();
    for row in &rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.width());
            }
        }
    }
    let mut text = String::new();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (index, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if index + 1 < row.len() {
                let width = widths.get(index).copied().unwrap_or(0);
                let padding = width.saturating_sub(cell.width()) + 2;
                line.extend(std::iter::repeat_n(' ', padding));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded() {
        let rows = vec![vec!["1".to_string(), "Invoice".to_string()]];
        let text = String::from_utf8(render(&["ID", "TITLE"], &rows, "none")).unwrap();
        assert_eq!(text, "ID  TITLE\n1   Invoice\n");
    }

    #[test]
    fn escape_sequences_are_removed() {
        let rows = vec![vec!["\x1b[31mred".to_string()]];
        let text = String::from_utf8(render(&["NAME"], &rows, "none")).unwrap();
        assert!(!text.contains('\x1b'), "{text:?}");
    }

    #[test]
    fn accented_headers_and_wide_cells_line_up() {
        let rows = vec![
            vec![
                "1".to_string(),
                "nouveau".to_string(),
                "Facture".to_string(),
            ],
            vec!["2".to_string(), "表示".to_string(), "Relevé".to_string()],
        ];
        let text = String::from_utf8(render(&["ID", "ÉTAT", "TITRE"], &rows, "none")).unwrap();
        assert_eq!(
            text,
            "ID  ÉTAT     TITRE\n1   nouveau  Facture\n2   表示     Relevé\n"
        );
    }
}
