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
    /// Returns the name shown on screens.
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

named_enum! {
    /// Whether the customer has opened a document yet, or put it away.
    pub enum DocumentStatus("document status") {
        New => "new",
        Read => "read",
        Archived => "archived",
    }
}
