//! The customer's virtual SFTP tree and the parsing of client paths into
//! it. Nothing here touches a file system: a path only names a node. Every
//! node is looked up again through the caller-scoped service layer, so no
//! spelling of a path (`..`, absolute, repeated slashes, encoded
//! characters) can reach data outside the caller's scope.

use crate::domain::{DocumentKind, RequestNumber};

/// The top-level folders.
pub const DOCUMENTS: &str = "documents";
pub const ARCHIVE: &str = "archive";
pub const UPLOADS: &str = "uploads";
/// Read-only folder with the caller's export archive, built on demand.
pub const EXPORTS: &str = "exports";

/// A place in the virtual tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Root,
    /// `/documents` (archived false) or `/archive` (true).
    Section {
        archived: bool,
    },
    Kind {
        archived: bool,
        kind: DocumentKind,
    },
    Year {
        archived: bool,
        kind: DocumentKind,
        year: i32,
    },
    Document {
        archived: bool,
        kind: DocumentKind,
        year: i32,
        name: String,
    },
    Uploads,
    /// `/uploads/R-2026-000123`.
    UploadFolder(RequestNumber),
    UploadFile(RequestNumber, String),
    /// `/exports`.
    Exports,
    /// `/exports/NAME`: the caller's export archive when NAME is its name.
    ExportFile(String),
}

/// The reason a path names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The path contains a NUL character or is too long.
    Invalid,
    /// Well-formed, but no such node exists in the tree.
    NotFound,
}

/// Longest path accepted, in bytes, as Linux's PATH_MAX.
const MAX_PATH_BYTES: usize = 4096;

/// Normalizes a client path to its components: relative paths start at the
/// root, `.` and empty components are dropped, and `..` goes up, stopping
/// at the root as a chroot does.
pub fn components(path: &str) -> Result<Vec<&str>, PathError> {
    if path.len() > MAX_PATH_BYTES || path.contains('\0') {
        return Err(PathError::Invalid);
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    Ok(parts)
}

/// Returns the normalized absolute form of a path, as SSH_FXP_REALPATH
/// reports it.
pub fn canonical(path: &str) -> Result<String, PathError> {
    Ok(format!("/{}", components(path)?.join("/")))
}

fn parse_year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_kind(text: &str) -> Option<DocumentKind> {
    DocumentKind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == text)
}

/// Parses a request folder name in its exact printed form, so that
/// `R-2026-123` and `r-2026-000123` name nothing.
fn parse_request(text: &str) -> Option<RequestNumber> {
    let number: RequestNumber = text.parse().ok()?;
    (number.to_string() == text).then_some(number)
}

/// Tells whether a customer may create a file of this name: a single,
/// printable component that is not hidden.
fn valid_upload_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && !name.chars().any(|c| c.is_control() || c == '\\')
}

/// Parses a client path into a node of the tree.
pub fn parse(path: &str) -> Result<Node, PathError> {
    let parts = components(path)?;
    let not_found = PathError::NotFound;
    let node = match parts.as_slice() {
        [] => Node::Root,
        [section] if *section == UPLOADS => Node::Uploads,
        [section] if *section == EXPORTS => Node::Exports,
        [section, name] if *section == EXPORTS => Node::ExportFile((*name).to_string()),
        [section, rest @ ..] if *section == DOCUMENTS || *section == ARCHIVE => {
            let archived = *section == ARCHIVE;
            match rest {
                [] => Node::Section { archived },
                [kind] => Node::Kind {
                    archived,
                    kind: parse_kind(kind).ok_or(not_found)?,
                },
                [kind, year] => Node::Year {
                    archived,
                    kind: parse_kind(kind).ok_or(PathError::NotFound)?,
                    year: parse_year(year).ok_or(PathError::NotFound)?,
                },
                [kind, year, name] => Node::Document {
                    archived,
                    kind: parse_kind(kind).ok_or(PathError::NotFound)?,
                    year: parse_year(year).ok_or(PathError::NotFound)?,
                    name: (*name).to_string(),
                },
                _ => return Err(PathError::NotFound),
            }
        }
        [section, request] if *section == UPLOADS => {
            Node::UploadFolder(parse_request(request).ok_or(not_found)?)
        }
        [section, request, name] if *section == UPLOADS => {
            if !valid_upload_name(name) {
                return Err(PathError::Invalid);
            }
            Node::UploadFile(
                parse_request(request).ok_or(not_found)?,
                (*name).to_string(),
            )
        }
        _ => return Err(not_found),
    };
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_stops_at_root() {
        assert_eq!(canonical("/../../etc/passwd").unwrap(), "/etc/passwd");
        assert_eq!(canonical("documents/./invoice/..//").unwrap(), "/documents");
        assert_eq!(parse("/../../etc/passwd"), Err(PathError::NotFound));
        assert_eq!(parse(".."), Ok(Node::Root));
    }

    #[test]
    fn document_paths_parse() {
        assert_eq!(
            parse("/documents/invoice/2026/2026-03-31_invoice.pdf"),
            Ok(Node::Document {
                archived: false,
                kind: DocumentKind::Invoice,
                year: 2026,
                name: "2026-03-31_invoice.pdf".to_string()
            })
        );
        assert_eq!(
            parse("archive/pay-slip"),
            Ok(Node::Kind {
                archived: true,
                kind: DocumentKind::PaySlip
            })
        );
    }

    #[test]
    fn tricks_name_nothing() {
        for path in [
            "/documents/invoice/2026/../../../archive/../..",
            "/documents/%2e%2e/2026/x",
            "/documents/invoice/26/x",
            "/documents/invoice/2026/a/b",
            "/uploads/R-2026-1",
            "/uploads/r-2026-000001",
            "/secrets",
        ] {
            assert!(
                matches!(parse(path), Err(_) | Ok(Node::Root)),
                "{path} parsed as {:?}",
                parse(path)
            );
        }
        assert_eq!(parse("/documents/a\0b"), Err(PathError::Invalid));
        assert_eq!(
            parse("/uploads/R-2026-000001/.hidden"),
            Err(PathError::Invalid)
        );
        assert_eq!(
            parse("/uploads/R-2026-000001/a\u{1b}[2Jb"),
            Err(PathError::Invalid)
        );
    }
}
