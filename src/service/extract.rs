//! Text extraction from document content, for search and preview.

use tracing::debug;

use crate::domain::text::sanitize;

/// Maximum number of characters of extracted text kept per document. PostgreSQL rejects
/// a tsvector over 1 MiB, and a preview needs far less.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// Maximum number of bytes lopdf may inflate while reading one PDF, so a compressed
/// stream cannot expand without bound.
const MAX_PDF_INFLATED_BYTES: usize = 256 * 1024 * 1024;

/// Extracts readable text from PDF (with lopdf) and plain-text content,
/// stripped of control characters. Other types, and PDF files lopdf cannot
/// read, yield an empty string. This is CPU work: async callers run it on
/// the blocking pool.
pub fn extract_text(content_type: &str, content: &[u8]) -> String {
    let raw = match content_type {
        "application/pdf" => pdf_text(content),
        "text/plain" | "text/csv" | "application/json" => {
            String::from_utf8_lossy(content).into_owned()
        }
        _ => String::new(),
    };
    let clean = sanitize(&raw, true);
    let mut text = String::with_capacity(clean.len().min(MAX_TEXT_CHARS));
    for line in clean.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&line);
    }
    text.chars().take(MAX_TEXT_CHARS).collect()
}

fn pdf_text(content: &[u8]) -> String {
    let document = match lopdf::Document::load_mem(content) {
        Ok(document) => document,
        Err(error) => {
            debug!(error = %error, "PDF not readable; no text extracted");
            return String::new();
        }
    };
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    match document.extract_text_with_limit(&pages, MAX_PDF_INFLATED_BYTES) {
        Ok(text) => text,
        Err(error) => {
            debug!(error = %error, "PDF text extraction failed; no text extracted");
            String::new()
        }
    }
}

/// Runs [`extract_text`] on the blocking pool. A panic inside the PDF
/// parser on hostile input yields an empty text instead of failing the
/// caller.
pub async fn extract_text_blocking(
    content_type: String,
    content: std::sync::Arc<Vec<u8>>,
) -> String {
    tokio::task::spawn_blocking(move || extract_text(&content_type, &content))
        .await
        .unwrap_or_default()
}

/// Builds a one-page PDF with one line of text per entry of `lines`, in
/// the standard Helvetica font. Demo data and tests use it to ship a real
/// PDF without a binary file.
pub fn simple_pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};

    let mut document = Document::with_version("1.5");
    let pages_id = document.new_object_id();
    let font_id = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = document.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("TL", vec![16.into()]),
        Operation::new("Td", vec![56.into(), 780.into()]),
    ];
    for line in lines {
        // WinAnsiEncoding covers Latin-1; other characters become '?'.
        let bytes: Vec<u8> = line
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        operations.push(Operation::new("Tj", vec![Object::string_literal(bytes)]));
        operations.push(Operation::new("T*", vec![]));
    }
    operations.push(Operation::new("ET", vec![]));
    let content = Content { operations };
    let encoded = content.encode().unwrap_or_default();
    let content_id = document.add_object(Stream::new(dictionary! {}, encoded));
    let page_id = document.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = document.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    document.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    if document.save_to(&mut bytes).is_err() {
        return Vec::new();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_text_is_extracted() {
        let pdf = simple_pdf(&["Invoice March 2026", "Turbine maintenance 420.00 EUR"]);
        assert!(pdf.starts_with(b"%PDF-"));
        let text = extract_text("application/pdf", &pdf);
        assert!(text.contains("Turbine"), "{text:?}");
        assert!(text.contains("March"), "{text:?}");
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let text = extract_text("text/plain", b"ok\x1b[2J\x07 line\r\n\n  next   word");
        assert_eq!(text, "ok[2J line\nnext word");
    }

    #[test]
    fn broken_pdf_yields_no_text() {
        assert_eq!(extract_text("application/pdf", b"%PDF-1.4 garbage"), "");
    }
}
