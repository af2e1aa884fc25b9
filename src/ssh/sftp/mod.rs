//! The SFTP subsystem (protocol version 3, as OpenSSH's `sftp` and `scp`
//! speak it) over the session's channel, on the same two-factor login as
//! the terminal. The customer is shown a virtual tree:
//!
//! - `/documents/KIND/YEAR/FILE`: documents, read-only;
//! - `/archive/KIND/YEAR/FILE`: archived documents, read-only;
//! - `/uploads/REQUEST/`: one folder per open request; a file written
//!   there becomes a supporting document attached to that request;
//! - `/exports/portico-export-HANDLE-DATE.tar`: the caller's complete data
//!   export, read-only, built when first listed and audited when opened.
//!   It is refused once the login's second factor is older than the
//!   configured limit (see `service::export_guard`). The reason also goes
//!   to the client's stderr, because OpenSSH's `sftp` prints the standard
//!   text of a status code (`fx2txt` in its sftp-client.c) rather than
//!   the server's message.
//!
//! Every lookup goes through the service layer with the caller's
//! principal, so the tree never shows other organisations' data or other
//! users' pay slips. Downloads and uploads are audited there.

pub mod path;

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use russh::server::Msg;
use russh::{ChannelReadHalf, ChannelWriteHalf};
use russh_sftp::protocol::{
    Attrs, Data, File, FileAttributes, Handle, Name, OpenFlags, Status, StatusCode, Version,
};
use russh_sftp::server::StatusReply;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tracing::{debug, info};

use self::path::{ARCHIVE, DOCUMENTS, EXPORTS, Node, PathError, UPLOADS};
use super::session::SessionContext;
use crate::domain::text::sanitize_line;
use crate::domain::{DocumentKind, Principal, RequestNumber, now};
use crate::i18n::Language;
use crate::service::export_archive::ExportArchive;
use crate::service::export_guard::{LoginFactor, export_refusal};
use crate::service::{Portal, ServiceError};
use crate::store::documents::DocumentRecord;

/// The subsystem name clients request.
pub const SUBSYSTEM: &str = "sftp";

/// Maximum number of handles one SFTP session may hold open. A read or
/// write handle keeps a whole document in memory, so this bounds a
/// session's memory at this many times the document size limit.
const MAX_OPEN_HANDLES: usize = 8;

/// Maximum number of entries sent in one SSH_FXP_NAME reply, so a large
/// folder never exceeds the 256 KiB message limit of OpenSSH's client.
const ENTRIES_PER_READDIR: usize = 200;

/// Maximum number of bytes returned by one read. OpenSSH requests 32 KiB
/// at a time, and a larger request gets a short read, which the protocol
/// allows.
const MAX_READ_BYTES: usize = 64 * 1024;

/// Buffer between the channel and the SFTP protocol task, in bytes.
const PIPE_BYTES: usize = 256 * 1024;

const DIRECTORY_MODE: u32 = 0o040_000;
const FILE_MODE: u32 = 0o100_000;

/// Tells whether the connection may start the subsystem `name`: only SFTP,
/// and only once both factors passed and the authenticator is enrolled.
pub fn accepts(name: &str, logged_in: bool, enrolment_pending: bool) -> bool {
    name == SUBSYSTEM && logged_in && !enrolment_pending
}

/// Serves SFTP on a session channel until the client closes it. Any other
/// subsystem, or a login still enrolling its authenticator, closes the
/// channel at once.
pub async fn serve(
    mut reader: ChannelReadHalf,
    writer: ChannelWriteHalf<Msg>,
    context: &SessionContext,
    name: &str,
) {
    if !accepts(name, true, context.enrolment_pending) {
        let _ = writer.close().await;
        return;
    }
    info!(handle = %context.principal.handle, "sftp session started");
    let export_guard = ExportGuard {
        login_factor: context.login_factor,
        max_age: context.shared.limits.export_factor_max_age,
        refused: false,
        stderr: Box::pin(writer.make_writer_ext(Some(1))),
    };
    let session = SftpSession::new(
        context.shared.portal.clone(),
        context.principal.clone(),
        export_guard,
    );

    // russh-sftp runs on any byte stream; a pipe joins it to the channel's
    // two halves.
    let (ours, theirs) = tokio::io::duplex(PIPE_BYTES);
    russh_sftp::server::run(theirs, session).await;
    let (mut from_protocol, mut to_protocol) = tokio::io::split(ours);
    let mut channel_in = reader.make_reader();
    let mut channel_out = writer.make_writer();
    let inbound = async {
        let _ = tokio::io::copy(&mut channel_in, &mut to_protocol).await;
        let _ = tokio::io::AsyncWriteExt::shutdown(&mut to_protocol).await;
    };
    let outbound = async {
        let _ = tokio::io::copy(&mut from_protocol, &mut channel_out).await;
    };
    tokio::join!(inbound, outbound);

    let _ = writer.exit_status(0).await;
    let _ = writer.eof().await;
    let _ = writer.close().await;
    info!(handle = %context.principal.handle, "sftp session ended");
}

/// An open SFTP handle.
enum OpenHandle {
    /// A folder listing; entries are sent in chunks and drained as sent.
    Directory {
        entries: Vec<File>,
        started: bool,
    },
    Read {
        content: Arc<Vec<u8>>,
    },
    Write(Upload),
}

/// A file being uploaded, held in memory until it is closed.
struct Upload {
    request: RequestNumber,
    file_name: String,
    data: Vec<u8>,
    /// Set once a write went past the size limit; the close then fails.
    too_large: bool,
}

/// What decides whether this SFTP session may take its export.
struct ExportGuard {
    login_factor: LoginFactor,
    max_age: Duration,
    /// Set after the first refusal, which alone is audited and written to
    /// stderr: one `ls` stats the export several times.
    refused: bool,
    /// The channel's stderr (SSH extended data type 1).
    stderr: Pin<Box<dyn AsyncWrite + Send + Sync>>,
}

/// The protocol state of one SFTP session.
struct SftpSession {
    portal: Portal,
    principal: Principal,
    handles: HashMap<String, OpenHandle>,
    next_handle: u64,
    /// The caller's export archive, built once per SFTP session.
    export: Option<Arc<ExportArchive>>,
    export_guard: ExportGuard,
    /// The user's language. russh-sftp runs the handler in a task of its
    /// own, outside the session's language scope, so every request
    /// enters this language again.
    language: Language,
}

/// Builds a status reply whose message is in the current language.
fn status(code: StatusCode, message: impl Into<String>) -> StatusReply {
    code.with_message(message)
        .with_language_tag(crate::i18n::current().code())
}

fn path_error(error: PathError) -> StatusReply {
    match error {
        PathError::Invalid => status(StatusCode::Failure, tr!("texts-sftp-invalid-path")),
        PathError::NotFound => status(StatusCode::NoSuchFile, tr!("texts-sftp-no-such-file")),
    }
}

/// Maps a service error to an SFTP status; scope misses read as missing.
fn service_error(error: &ServiceError) -> StatusReply {
    match error {
        ServiceError::NotFound(_) => status(StatusCode::NoSuchFile, tr!("texts-sftp-no-such-file")),
        ServiceError::Forbidden(message) => status(StatusCode::PermissionDenied, message.clone()),
        ServiceError::Invalid(message) => status(StatusCode::Failure, message.clone()),
        ServiceError::Database(_) | ServiceError::Internal(_) => {
            status(StatusCode::Failure, super::effects::message_of(error))
        }
    }
}

fn ok(id: u32) -> Status {
    Status {
        id,
        status_code: StatusCode::Ok,
        error_message: "Ok".to_string(),
        language_tag: "en-US".to_string(),
    }
}

fn directory_attributes(writable: bool) -> FileAttributes {
    FileAttributes {
        permissions: Some(DIRECTORY_MODE | if writable { 0o755 } else { 0o555 }),
        ..FileAttributes::default()
    }
}

fn document_attributes(record: &DocumentRecord) -> FileAttributes {
    let time = u32::try_from(record.created_at).unwrap_or(0);
    FileAttributes {
        size: Some(u64::try_from(record.size).unwrap_or(0)),
        permissions: Some(FILE_MODE | 0o444),
        atime: Some(time),
        mtime: Some(time),
        ..FileAttributes::default()
    }
}

fn export_attributes(archive: &ExportArchive) -> FileAttributes {
    FileAttributes {
        size: Some(u64::try_from(archive.bytes.len()).unwrap_or(0)),
        permissions: Some(FILE_MODE | 0o444),
        ..FileAttributes::default()
    }
}

fn folder(name: &str, writable: bool) -> File {
    File::new(name, directory_attributes(writable))
}

impl SftpSession {
    fn new(portal: Portal, principal: Principal, export_guard: ExportGuard) -> SftpSession {
        SftpSession {
            portal,
            principal,
            handles: HashMap::new(),
            next_handle: 1,
            export: None,
            export_guard,
            language: crate::i18n::current(),
        }
    }

    fn add_handle(&mut self, handle: OpenHandle) -> Result<String, StatusReply> {
        if self.handles.len() >= MAX_OPEN_HANDLES {
            return Err(status(
                StatusCode::Failure,
                tr!("texts-sftp-too-many-files", max = MAX_OPEN_HANDLES),
            ));
        }
        let name = self.next_handle.to_string();
        self.next_handle += 1;
        self.handles.insert(name.clone(), handle);
        Ok(name)
    }

    /// Finds the one document a path names.
    async fn document(
        &self,
        archived: bool,
        kind: DocumentKind,
        year: i32,
        name: &str,
    ) -> Result<DocumentRecord, StatusReply> {
        self.portal
            .documents_in_folder(&self.principal, archived, kind, year, Some(name))
            .await
            .map_err(|error| service_error(&error))?
            .into_iter()
            .next()
            .ok_or_else(|| path_error(PathError::NotFound))
    }

    /// Returns a node's attributes, checking that it exists for the caller.
    async fn attributes(&mut self, node: &Node) -> Result<FileAttributes, StatusReply> {
        match node {
            Node::Root | Node::Section { .. } | Node::Uploads | Node::Exports => {
                Ok(directory_attributes(false))
            }
            Node::ExportFile(name) => {
                let archive = self.export_named(name).await?;
                Ok(export_attributes(&archive))
            }
            Node::Kind { .. } | Node::Year { .. } => {
                // A folder exists while it contains a document of the caller.
                if self.list(node).await?.is_empty() {
                    Err(path_error(PathError::NotFound))
                } else {
                    Ok(directory_attributes(false))
                }
            }
            Node::Document {
                archived,
                kind,
                year,
                name,
            } => Ok(document_attributes(
                &self.document(*archived, *kind, *year, name).await?,
            )),
            Node::UploadFolder(number) => {
                self.portal
                    .upload_request(&self.principal, *number)
                    .await
                    .map_err(|error| service_error(&error))?;
                Ok(directory_attributes(true))
            }
            Node::UploadFile(number, name) => {
                let request = self
                    .portal
                    .upload_request(&self.principal, *number)
                    .await
                    .map_err(|error| service_error(&error))?;
                self.portal
                    .request_documents(&self.principal, request.id)
                    .await
                    .map_err(|error| service_error(&error))?
                    .iter()
                    .find(|record| record.file_name == *name || record.title == *name)
                    .map(document_attributes)
                    .ok_or_else(|| path_error(PathError::NotFound))
            }
        }
    }

    /// Lists a folder's entries.
    async fn list(&mut self, node: &Node) -> Result<Vec<File>, StatusReply> {
        let failed = |error: ServiceError| service_error(&error);
        let entries = match node {
            Node::Root => vec![
                folder(DOCUMENTS, false),
                folder(ARCHIVE, false),
                folder(UPLOADS, false),
                folder(EXPORTS, false),
            ],
            Node::Section { archived } => {
                let mut kinds: Vec<String> = self
                    .portal
                    .document_folders(&self.principal, *archived)
                    .await
                    .map_err(failed)?
                    .into_iter()
                    .map(|(kind, _)| kind)
                    .collect();
                kinds.dedup();
                kinds.iter().map(|kind| folder(kind, false)).collect()
            }
            Node::Kind { archived, kind } => self
                .portal
                .document_folders(&self.principal, *archived)
                .await
                .map_err(failed)?
                .into_iter()
                .filter(|(folder_kind, _)| folder_kind == kind.as_str())
                .map(|(_, year)| folder(&year, false))
                .collect(),
            Node::Year {
                archived,
                kind,
                year,
            } => self
                .portal
                .documents_in_folder(&self.principal, *archived, *kind, *year, None)
                .await
                .map_err(failed)?
                .iter()
                .map(|record| File::new(record.file_name.clone(), document_attributes(record)))
                .collect(),
            Node::Uploads => self
                .portal
                .upload_requests(&self.principal)
                .await
                .map_err(failed)?
                .iter()
                .map(|request| {
                    folder(
                        &RequestNumber::new(request.id, request.created_at).to_string(),
                        true,
                    )
                })
                .collect(),
            Node::UploadFolder(number) => {
                let request = self
                    .portal
                    .upload_request(&self.principal, *number)
                    .await
                    .map_err(failed)?;
                self.portal
                    .request_documents(&self.principal, request.id)
                    .await
                    .map_err(failed)?
                    .iter()
                    .map(|record| File::new(record.file_name.clone(), document_attributes(record)))
                    .collect()
            }
            Node::Exports => {
                let archive = self.export_archive().await?;
                vec![File::new(
                    archive.file_name.clone(),
                    export_attributes(&archive),
                )]
            }
            Node::Document { .. } | Node::UploadFile(..) | Node::ExportFile(_) => {
                return Err(status(StatusCode::Failure, tr!("texts-sftp-not-a-folder")));
            }
        };
        Ok(entries)
    }

    /// Rejects access to the export when the login's second factor is
    /// not fresh. The first refusal is audited and written to stderr.
    async fn check_export_factor(&mut self) -> Result<(), StatusReply> {
        let guard = &mut self.export_guard;
        let Some(refusal) = export_refusal(guard.login_factor, guard.max_age, now()) else {
            return Ok(());
        };
        let message = refusal.message();
        if !guard.refused {
            guard.refused = true;
            let line = format!("portico: {message}\n");
            // The status reply below carries the reason too, so a failed
            // write to stderr loses nothing the client cannot read.
            let _ = guard.stderr.write_all(line.as_bytes()).await;
            let _ = guard.stderr.flush().await;
            self.portal
                .audit_export_refusal(&self.principal, "sftp", &refusal)
                .await
                .map_err(|error| service_error(&error))?;
        }
        Err(status(StatusCode::PermissionDenied, message))
    }

    /// Returns the caller's export archive, building it on first use,
    /// after checking that the login's second factor is fresh.
    async fn export_archive(&mut self) -> Result<Arc<ExportArchive>, StatusReply> {
        self.check_export_factor().await?;
        if let Some(archive) = &self.export {
            return Ok(Arc::clone(archive));
        }
        let archive = self
            .portal
            .build_export_archive(&self.principal)
            .await
            .map_err(|error| service_error(&error))?;
        let archive = Arc::new(archive);
        self.export = Some(Arc::clone(&archive));
        Ok(archive)
    }

    /// Returns the export archive if `name` is its file name.
    async fn export_named(&mut self, name: &str) -> Result<Arc<ExportArchive>, StatusReply> {
        let archive = self.export_archive().await?;
        if archive.file_name == name {
            Ok(archive)
        } else {
            Err(path_error(PathError::NotFound))
        }
    }

    async fn open_upload(
        &mut self,
        number: RequestNumber,
        name: String,
    ) -> Result<String, StatusReply> {
        self.portal
            .upload_request(&self.principal, number)
            .await
            .map_err(|error| service_error(&error))?;
        self.add_handle(OpenHandle::Write(Upload {
            request: number,
            file_name: name,
            data: Vec::new(),
            too_large: false,
        }))
    }

    async fn finish_upload(&self, upload: Upload) -> Result<(), StatusReply> {
        let limit = self.portal.settings().documents.max_bytes;
        if upload.too_large {
            return Err(status(
                StatusCode::Failure,
                tr!("texts-sftp-file-too-large", max = limit),
            ));
        }
        let id = self
            .portal
            .upload_to_request(
                &self.principal,
                upload.request.id,
                &upload.file_name,
                upload.data,
            )
            .await
            .map_err(|error| service_error(&error))?;
        info!(handle = %self.principal.handle, request = %upload.request, document = id, "sftp upload stored");
        Ok(())
    }
}

impl russh_sftp::server::Handler for SftpSession {
    type Error = StatusReply;

    fn unimplemented(&self) -> Self::Error {
        status(StatusCode::OpUnsupported, tr!("texts-sftp-unsupported"))
    }

    async fn init(
        &mut self,
        version: u32,
        _extensions: HashMap<String, String>,
    ) -> Result<Version, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            debug!(version, "sftp init");
            Ok(Version::new())
        })
        .await
    }

    async fn realpath(&mut self, id: u32, path: String) -> Result<Name, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let canonical = path::canonical(&path).map_err(path_error)?;
            Ok(Name {
                id,
                files: vec![File::new(canonical, directory_attributes(false))],
            })
        })
        .await
    }

    async fn stat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let node = path::parse(&path).map_err(path_error)?;
            let attrs = self.attributes(&node).await?;
            Ok(Attrs { id, attrs })
        })
        .await
    }

    async fn lstat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            // The tree has no links, so lstat and stat agree.
            self.stat(id, path).await
        })
        .await
    }

    async fn fstat(&mut self, id: u32, handle: String) -> Result<Attrs, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let attrs = match self.handles.get(&handle) {
                Some(OpenHandle::Read { content }) => FileAttributes {
                    size: Some(u64::try_from(content.len()).unwrap_or(0)),
                    permissions: Some(FILE_MODE | 0o444),
                    ..FileAttributes::default()
                },
                Some(OpenHandle::Write(upload)) => FileAttributes {
                    size: Some(u64::try_from(upload.data.len()).unwrap_or(0)),
                    permissions: Some(FILE_MODE | 0o644),
                    ..FileAttributes::default()
                },
                Some(OpenHandle::Directory { .. }) => directory_attributes(false),
                None => {
                    return Err(status(
                        StatusCode::Failure,
                        tr!("texts-sftp-invalid-handle"),
                    ));
                }
            };
            Ok(Attrs { id, attrs })
        })
        .await
    }

    async fn opendir(&mut self, id: u32, path: String) -> Result<Handle, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let node = path::parse(&path).map_err(path_error)?;
            let entries = self.list(&node).await?;
            if entries.is_empty() && matches!(node, Node::Kind { .. } | Node::Year { .. }) {
                return Err(path_error(PathError::NotFound));
            }
            let handle = self.add_handle(OpenHandle::Directory {
                entries,
                started: false,
            })?;
            Ok(Handle { id, handle })
        })
        .await
    }

    async fn readdir(&mut self, id: u32, handle: String) -> Result<Name, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            match self.handles.get_mut(&handle) {
                Some(OpenHandle::Directory { entries, started }) => {
                    let mut files = Vec::new();
                    if !*started {
                        *started = true;
                        files.push(folder(".", false));
                        files.push(folder("..", false));
                    } else if entries.is_empty() {
                        return Err(StatusCode::Eof.into());
                    }
                    let count = entries.len().min(ENTRIES_PER_READDIR);
                    files.extend(entries.drain(..count));
                    Ok(Name { id, files })
                }
                _ => Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-handle"),
                )),
            }
        })
        .await
    }

    async fn open(
        &mut self,
        id: u32,
        filename: String,
        pflags: OpenFlags,
        _attrs: FileAttributes,
    ) -> Result<Handle, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
        let node = path::parse(&filename).map_err(path_error)?;
        let writing = pflags.intersects(
            OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::APPEND | OpenFlags::TRUNCATE,
        );
        if writing {
            let Node::UploadFile(number, name) = node else {
                return Err(status(
                    StatusCode::PermissionDenied,
                    tr!("texts-sftp-read-only-upload-here"),
                ));
            };
            let handle = self.open_upload(number, name).await?;
            return Ok(Handle { id, handle });
        }

        if let Node::ExportFile(name) = &node {
            let archive = self.export_named(name).await?;
            self.portal
                .audit_export(&self.principal, "sftp", &archive)
                .await
                .map_err(|error| service_error(&error))?;
            info!(handle = %self.principal.handle, bytes = archive.bytes.len(), "sftp export download");
            let content = Arc::new(archive.bytes.clone());
            let handle = self.add_handle(OpenHandle::Read { content })?;
            return Ok(Handle { id, handle });
        }
        let Node::Document {
            archived,
            kind,
            year,
            name,
        } = node
        else {
            return Err(path_error(PathError::NotFound));
        };
        let record = self.document(archived, kind, year, &name).await?;
        let (_, content) = self
            .portal
            .download_document(&self.principal, record.id, "sftp")
            .await
            .map_err(|error| service_error(&error))?;
        info!(handle = %self.principal.handle, document = record.id, "sftp download");
        let handle = self.add_handle(OpenHandle::Read {
            content: Arc::new(content),
        })?;
        Ok(Handle { id, handle })
        })
        .await
    }

    async fn read(
        &mut self,
        id: u32,
        handle: String,
        offset: u64,
        len: u32,
    ) -> Result<Data, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let Some(OpenHandle::Read { content }) = self.handles.get(&handle) else {
                return Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-handle"),
                ));
            };
            let start = usize::try_from(offset).unwrap_or(usize::MAX);
            if start >= content.len() {
                return Err(StatusCode::Eof.into());
            }
            let requested = usize::try_from(len)
                .unwrap_or(MAX_READ_BYTES)
                .min(MAX_READ_BYTES);
            let end = start.saturating_add(requested).min(content.len());
            let data = content.get(start..end).unwrap_or_default().to_vec();
            Ok(Data { id, data })
        })
        .await
    }

    async fn write(
        &mut self,
        id: u32,
        handle: String,
        offset: u64,
        data: Vec<u8>,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            let limit = self.portal.settings().documents.max_bytes;
            let Some(OpenHandle::Write(upload)) = self.handles.get_mut(&handle) else {
                return Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-handle"),
                ));
            };
            let end = offset.saturating_add(u64::try_from(data.len()).unwrap_or(u64::MAX));
            if end > limit {
                upload.too_large = true;
                upload.data = Vec::new();
                return Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-file-too-large", max = limit),
                ));
            }
            if upload.too_large {
                return Err(status(StatusCode::Failure, tr!("texts-sftp-upload-failed")));
            }
            let (Ok(start), Ok(end)) = (usize::try_from(offset), usize::try_from(end)) else {
                return Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-offset"),
                ));
            };
            if upload.data.len() < end {
                upload.data.resize(end, 0);
            }
            if let Some(target) = upload.data.get_mut(start..end) {
                target.copy_from_slice(&data);
            }
            Ok(ok(id))
        })
        .await
    }

    async fn close(&mut self, id: u32, handle: String) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            match self.handles.remove(&handle) {
                Some(OpenHandle::Write(upload)) => {
                    self.finish_upload(upload).await?;
                    Ok(ok(id))
                }
                Some(_) => Ok(ok(id)),
                None => Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-handle"),
                )),
            }
        })
        .await
    }

    async fn setstat(
        &mut self,
        id: u32,
        path: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            // Clients set times and modes after an upload; the portal keeps its
            // own, so the request succeeds without changing anything.
            match path::parse(&path).map_err(path_error)? {
                Node::UploadFile(..) => Ok(ok(id)),
                _ => Err(status(
                    StatusCode::PermissionDenied,
                    tr!("texts-sftp-read-only"),
                )),
            }
        })
        .await
    }

    async fn fsetstat(
        &mut self,
        id: u32,
        handle: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            match self.handles.get(&handle) {
                Some(OpenHandle::Write(_)) => Ok(ok(id)),
                Some(_) => Err(status(
                    StatusCode::PermissionDenied,
                    tr!("texts-sftp-read-only"),
                )),
                None => Err(status(
                    StatusCode::Failure,
                    tr!("texts-sftp-invalid-handle"),
                )),
            }
        })
        .await
    }

    async fn remove(&mut self, _id: u32, filename: String) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            debug!(path = %sanitize_line(&filename), "sftp remove rejected");
            Err(status(
                StatusCode::PermissionDenied,
                tr!("texts-sftp-no-delete"),
            ))
        })
        .await
    }

    async fn mkdir(
        &mut self,
        _id: u32,
        _path: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            Err(status(
                StatusCode::PermissionDenied,
                tr!("texts-sftp-no-mkdir"),
            ))
        })
        .await
    }

    async fn rmdir(&mut self, _id: u32, _path: String) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            Err(status(
                StatusCode::PermissionDenied,
                tr!("texts-sftp-no-rmdir"),
            ))
        })
        .await
    }

    async fn rename(
        &mut self,
        _id: u32,
        _oldpath: String,
        _newpath: String,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            Err(status(
                StatusCode::PermissionDenied,
                tr!("texts-sftp-no-rename"),
            ))
        })
        .await
    }

    async fn readlink(&mut self, _id: u32, _path: String) -> Result<Name, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            Err(status(StatusCode::NoSuchFile, tr!("texts-sftp-no-links")))
        })
        .await
    }

    async fn symlink(
        &mut self,
        _id: u32,
        _linkpath: String,
        _targetpath: String,
    ) -> Result<Status, Self::Error> {
        let language = self.language;
        crate::i18n::scope(language, async move {
            Err(status(
                StatusCode::PermissionDenied,
                tr!("texts-sftp-no-symlink"),
            ))
        })
        .await
    }
}
