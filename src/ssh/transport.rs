//! The TCP side of a connection: a stream wrapper that fails writes which
//! stay blocked too long, so a client that stops reading cannot hold a
//! connection, and its buffers, forever, and one that keeps the client's
//! version line for the login history.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

use crate::service::login_history::clean_client_version;

/// Wraps a stream; a write or flush that cannot make progress for
/// `timeout` fails with [`io::ErrorKind::TimedOut`], which ends the
/// connection.
pub struct StallGuard<S> {
    inner: S,
    timeout: Duration,
    blocked: Option<Pin<Box<Sleep>>>,
}

impl<S> StallGuard<S> {
    pub fn new(inner: S, timeout: Duration) -> StallGuard<S> {
        StallGuard {
            inner,
            timeout,
            blocked: None,
        }
    }

    fn check_stall<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(result) => {
                self.blocked = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let timeout = self.timeout;
                let timer = self
                    .blocked
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if timer.as_mut().poll(cx).is_ready() {
                    self.blocked = None;
                    Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client stopped reading",
                    )))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StallGuard<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StallGuard<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.check_stall(cx, poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.check_stall(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Maximum bytes scanned for the client's version line. RFC 4253 section
/// 4.2 allows lines before it and caps each at 255 bytes. russh accepts
/// only a few such lines, so a version line further in is never reached.
const MAX_VERSION_SCAN: usize = 8 * 1024;

/// Wraps a stream and keeps the client's SSH version line, the first line
/// that starts with `SSH-` (RFC 4253 section 4.2), as the bytes pass
/// through to russh. russh gives a handler the version only after the
/// login succeeded, and the login history records it with every attempt.
pub struct VersionTap<S> {
    inner: S,
    line: Vec<u8>,
    scanned: usize,
    version: Arc<OnceLock<String>>,
}

impl<S> VersionTap<S> {
    /// Wraps `inner`; the version line, without its line ending and
    /// cleaned for storage, is set in `version` once read.
    pub fn new(inner: S, version: Arc<OnceLock<String>>) -> VersionTap<S> {
        VersionTap {
            inner,
            line: Vec::new(),
            scanned: 0,
            version,
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.version.get().is_some() || self.scanned >= MAX_VERSION_SCAN {
                return;
            }
            self.scanned += 1;
            if byte != b'\n' {
                if self.line.len() < 255 {
                    self.line.push(byte);
                }
                continue;
            }
            let line = std::mem::take(&mut self.line);
            if line.starts_with(b"SSH-") {
                let end = line.len() - usize::from(line.ends_with(b"\r"));
                let raw = line.get(..end).unwrap_or_default();
                let _ = self.version.set(clean_client_version(raw));
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for VersionTap<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if self.version.get().is_none()
            && let Some(read) = buf.filled().get(before..)
        {
            self.scan(read);
        }
        poll
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for VersionTap<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[tokio::test]
    async fn version_line_kept_after_other_lines() {
        let version = Arc::new(OnceLock::new());
        let bytes: &[u8] = b"hello\r\nSSH-2.0-OpenSSH_9.2p1 Debian\r\n\x00\x00\x01binary";
        let mut tap = VersionTap::new(bytes, Arc::clone(&version));
        let mut read = Vec::new();
        tap.read_to_end(&mut read).await.expect("read");
        assert_eq!(read, bytes, "the bytes pass through unchanged");
        assert_eq!(
            version.get().map(String::as_str),
            Some("SSH-2.0-OpenSSH_9.2p1 Debian")
        );
    }

    #[tokio::test]
    async fn version_scan_is_bounded() {
        let version = Arc::new(OnceLock::new());
        let mut bytes = vec![b'x'; MAX_VERSION_SCAN];
        bytes.extend_from_slice(b"\nSSH-2.0-late\r\n");
        let mut tap = VersionTap::new(bytes.as_slice(), Arc::clone(&version));
        let mut read = Vec::new();
        tap.read_to_end(&mut read).await.expect("read");
        assert_eq!(version.get(), None);
    }
}
