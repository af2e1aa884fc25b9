//! Captures the log of a test binary in memory, so a test can search what
//! the server logged.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// The log of this test binary, written by the one global subscriber that
/// [`capture`] installs.
#[derive(Clone, Default)]
pub struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Returns everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

impl Write for CapturedLog {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buffer);
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, on the first call, a global subscriber that writes lines
/// without colours to memory, then returns that log. `filter` is an
/// `EnvFilter` directive, and `timestamps` adds the UTC time to each line.
/// Later calls return the same log and ignore both arguments. The
/// subscriber also receives the `log` records of russh and sqlx.
pub fn capture(filter: &str, timestamps: bool) -> &'static CapturedLog {
    static LOG: OnceLock<CapturedLog> = OnceLock::new();
    LOG.get_or_init(|| {
        let captured = CapturedLog::default();
        let writer = captured.clone();
        let builder = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_ansi(false)
            .with_writer(move || writer.clone());
        if timestamps {
            builder.init();
        } else {
            builder.without_time().init();
        }
        captured
    })
}
