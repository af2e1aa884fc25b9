use std::fmt;
use std::str::FromStr;

/// The kind of a document, as billing and ERP systems deliver them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    Invoice,
    Contract,
    Certificate,
    Statement,
    PaySlip,
    Letter,
    SupportingDocument,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Invoice,
        DocumentKind::Contract,
        DocumentKind::Certificate,
        DocumentKind::Statement,
        DocumentKind::PaySlip,
        DocumentKind::Letter,
        DocumentKind::SupportingDocument,
        DocumentKind::Other,
    ];

    /// The stored and command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Contract => "contract",
            DocumentKind::Certificate => "certificate",
            DocumentKind::Statement => "statement",
            DocumentKind::PaySlip => "pay-slip",
            DocumentKind::Letter => "letter",
            DocumentKind::SupportingDocument => "supporting-document",
            DocumentKind::Other => "other",
        }
    }

    /// The name shown on screens.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "Invoice",
            DocumentKind::Contract => "Contract",
            DocumentKind::Certificate => "Certificate",
            DocumentKind::Statement => "Statement",
            DocumentKind::PaySlip => "Pay slip",
            DocumentKind::Letter => "Letter",
            DocumentKind::SupportingDocument => "Supporting document",
            DocumentKind::Other => "Other",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or_else(|| {
                let names: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "invalid document kind {value:?}: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Whether the customer has opened a document yet, or put it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    New,
    Read,
    Archived,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 3] = [
        DocumentStatus::New,
        DocumentStatus::Read,
        DocumentStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::New => "new",
            DocumentStatus::Read => "read",
            DocumentStatus::Archived => "archived",
        }
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        DocumentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
            .ok_or_else(|| {
                format!("invalid document status {value:?}: expected new, read or archived")
            })
    }
}
