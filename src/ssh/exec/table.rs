//! Plain text tables: a header row and columns padded with spaces.

use crate::domain::text::sanitize_line;

/// Lays out `rows` under `header`, each cell sanitized to one line. An
/// empty list prints `empty` instead.
pub fn render(header: &[&str], rows: &[Vec<String>], empty: &str) -> Vec<u8> {
    if rows.is_empty() {
        return format!("{empty}\n").into_bytes();
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| sanitize_line(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in &rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let mut text = String::new();
    let header: Vec<String> = header.iter().map(|title| title.to_string()).collect();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (index, cell) in row.iter().enumerate() {
            let width = widths.get(index).copied().unwrap_or(0);
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  "));
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
}
