use super::regional::Language;

named_enum! {
    /// The kind of a document, as billing and ERP systems deliver them.
    #[derive(PartialOrd, Ord)]
    pub enum DocumentKind("document kind") {
        Invoice => "invoice",
        Contract => "contract",
        Certificate => "certificate",
        Statement => "statement",
        PaySlip => "pay-slip",
        Letter => "letter",
        SupportingDocument => "supporting-document",
        Other => "other",
    }
}

impl DocumentKind {
    /// Returns the name shown on screens, in the current language.
    pub fn label(self) -> String {
        tr!(self.message_id())
    }

    fn message_id(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "documents-kind-invoice",
            DocumentKind::Contract => "documents-kind-contract",
            DocumentKind::Certificate => "documents-kind-certificate",
            DocumentKind::Statement => "documents-kind-statement",
            DocumentKind::PaySlip => "documents-kind-pay-slip",
            DocumentKind::Letter => "documents-kind-letter",
            DocumentKind::SupportingDocument => "documents-kind-supporting-document",
            DocumentKind::Other => "documents-kind-other",
        }
    }

    /// Returns the kind that a lower-case search word names: its stored
    /// name or its one-word screen name in any language, such as
    /// "invoice" or "facture". Screen names of several words, such as
    /// "pay slip", are not matched because a search splits them.
    pub fn from_search_word(word: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|kind| {
            kind.as_str() == word
                || Language::ALL.into_iter().any(|language| {
                    crate::i18n::text_in(language, kind.message_id(), None).to_lowercase() == word
                })
        })
    }
}

named_enum! {
    /// Whether the customer has opened a document yet, or put it away.
    pub enum DocumentStatus("document status") {
        New => "new",
        Read => "read",
        Archived => "archived",
    }
}

impl DocumentStatus {
    /// Returns the word shown on screens, in the current language.
    pub fn label(self) -> String {
        match self {
            DocumentStatus::New => tr!("documents-status-new"),
            DocumentStatus::Read => tr!("documents-status-read"),
            DocumentStatus::Archived => tr!("documents-status-archived"),
        }
    }
}

/// Maximum number of characters of the title part of a readable file name.
const MAX_SLUG_CHARS: usize = 60;

/// Turns a title into the lower-case ASCII words of a file name, joined by
/// hyphens: "Invoice März 2026" becomes "invoice-m-rz-2026". Nothing that a
/// shell or an SFTP path treats specially (slashes, dots, spaces, quotes,
/// control characters) survives.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "document".to_string()
    } else {
        slug.to_string()
    }
}

/// Returns the readable file name `DATE_SLUG[-N].EXT` of a document, with
/// the lowest suffix N from 2 up that `is_taken` does not report, so names
/// stay unique within one folder.
pub fn unique_file_name(
    issue_date: &str,
    title: &str,
    extension: &str,
    is_taken: impl Fn(&str) -> bool,
) -> String {
    let date: String = issue_date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let extension: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    // A title that is itself a file name, as uploads have, keeps one
    // extension: "receipt.txt" gives "receipt.txt", not "receipt-txt.txt".
    let mut words = slug(title);
    if let Some(bare) = words.strip_suffix(&format!("-{extension}"))
        && !extension.is_empty()
        && !bare.is_empty()
    {
        words = bare.to_string();
    }
    let stem = format!("{date}_{words}");
    let with_extension = |stem: &str| {
        if extension.is_empty() {
            stem.to_string()
        } else {
            format!("{stem}.{extension}")
        }
    };
    let first = with_extension(&stem);
    if !is_taken(&first) {
        return first;
    }
    let mut suffix = 2u32;
    loop {
        let candidate = with_extension(&format!("{stem}-{suffix}"));
        if !is_taken(&candidate) {
            return candidate;
        }
        suffix += 1;
    }
}

/// Guesses the content type from the first bytes and the file name's
/// extension: PDF by its `%PDF-` header, plain text when the bytes are
/// UTF-8 without NUL, else a generic binary type.
pub fn content_type_of(file_name: &str, content: &[u8]) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    if content.starts_with(b"%PDF-") {
        return "application/pdf";
    }
    if std::str::from_utf8(content).is_ok() && !content.contains(&0) {
        return match extension.as_str() {
            "csv" => "text/csv",
            "json" => "application/json",
            _ => "text/plain",
        };
    }
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Returns the file name extension for a content type, falling back to the
/// original name's extension.
pub fn extension_for(content_type: &str, original_name: &str) -> String {
    match content_type {
        "application/pdf" => "pdf".to_string(),
        "text/plain" => "txt".to_string(),
        "text/csv" => "csv".to_string(),
        "application/json" => "json".to_string(),
        _ => original_name
            .rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_words_of_both_languages() {
        assert_eq!(
            DocumentKind::from_search_word("facture"),
            Some(DocumentKind::Invoice)
        );
        assert_eq!(
            DocumentKind::from_search_word("invoice"),
            Some(DocumentKind::Invoice)
        );
        assert_eq!(
            DocumentKind::from_search_word("relevé"),
            Some(DocumentKind::Statement)
        );
        assert_eq!(
            DocumentKind::from_search_word("pay-slip"),
            Some(DocumentKind::PaySlip)
        );
        assert_eq!(DocumentKind::from_search_word("bulletin"), None);
        assert_eq!(DocumentKind::from_search_word("fact"), None);
    }

    #[test]
    fn slug_strips_path_and_shell_characters() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Invoice März 2026"), "invoice-m-rz-2026");
        assert_eq!(slug("\u{1b}[31m;rm -rf /"), "31m-rm-rf");
        assert_eq!(slug("..."), "document");
    }

    #[test]
    fn file_name_gets_suffix_when_taken() {
        let taken = ["2026-03-31_invoice.pdf", "2026-03-31_invoice-2.pdf"];
        let name = unique_file_name("2026-03-31", "Invoice", "pdf", |name| taken.contains(&name));
        assert_eq!(name, "2026-03-31_invoice-3.pdf");
        assert_eq!(
            unique_file_name("2026-03-31", "Invoice", "", |_| false),
            "2026-03-31_invoice"
        );
    }

    #[test]
    fn file_name_title_keeps_one_extension() {
        let name = |title: &str, extension: &str| {
            unique_file_name("2026-12-05", title, extension, |_| false)
        };
        assert_eq!(name("receipt.txt", "txt"), "2026-12-05_receipt.txt");
        assert_eq!(name("Scan.PDF", "pdf"), "2026-12-05_scan.pdf");
        assert_eq!(name("pdf", "pdf"), "2026-12-05_pdf.pdf");
        assert_eq!(name("notes.txt", "pdf"), "2026-12-05_notes-txt.pdf");
    }

    #[test]
    fn content_type_from_header_and_name() {
        assert_eq!(content_type_of("a.bin", b"%PDF-1.4 ..."), "application/pdf");
        assert_eq!(content_type_of("notes.txt", b"hello"), "text/plain");
        assert_eq!(content_type_of("x.png", &[0x89, 0, 1]), "image/png");
    }
}
