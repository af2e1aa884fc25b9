//! One task per session channel. It owns the channel, the terminal state and
//! the [`App`]; no lock is shared with other sessions.
//!
//! Output goes through a writer task with at most one frame in flight. While the
//! client has not taken the last frame, the app keeps handling input but
//! nothing is drawn; once the writer is free, one frame with the latest
//! screen is drawn and sent. A client that takes no output for the stall
//! timeout is disconnected.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use russh::server::{Handle, Msg};
use russh::{Channel, ChannelMsg, ChannelWriteHalf, Disconnect};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout};
use tracing::{debug, info, warn};

use super::Shared;
use super::display::{Display, LINE_MODE_ROWS};
use super::effects::{self, EffectContext};
use super::input::{Decoder, ESC_TIMEOUT};
use super::registry::{self, EndSignal};
use crate::domain::Principal;
use crate::domain::regional::Regional;
use crate::domain::text::escape_for_log;
use crate::i18n::Language;
use crate::service::display::DisplayPreferences;
use crate::tui::display::{ClientTerminal, SessionDisplay};
use crate::tui::{App, Event, StartMode};

/// Time allowed between opening a channel and asking for a shell or command.
const SETUP_TIMEOUT: Duration = Duration::from_secs(60);
/// Size used when the client reports 0 (unknown).
const DEFAULT_SIZE: (u16, u16) = (80, 24);
/// Larger sizes are clamped to these.
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;

/// Alternate screen, hidden cursor, bracketed paste, mouse clicks and
/// wheel reported in SGR form (modes 1000 and 1006), then a clear screen.
const ENTER_SCREEN: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[?1000h\x1b[?1006h\x1b[2J";
/// Synchronized output (DEC private mode 2026): a terminal that knows it
/// shows the frame at once instead of line by line, and the end marker
/// tells a reader where a frame ends. Others ignore both.
const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
pub const END_FRAME: &[u8] = b"\x1b[?2026l";

/// Wraps one frame's bytes in the synchronized-output markers.
fn synchronized(frame: Vec<u8>) -> Vec<u8> {
    let mut wrapped = Vec::with_capacity(BEGIN_FRAME.len() + frame.len() + END_FRAME.len());
    wrapped.extend_from_slice(BEGIN_FRAME);
    wrapped.extend_from_slice(&frame);
    wrapped.extend_from_slice(END_FRAME);
    wrapped
}

/// The reverse of [`ENTER_SCREEN`], so the user's shell comes back intact.
const LEAVE_SCREEN: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l";

/// The connection's state that a session task needs.
pub struct SessionContext {
    pub shared: Arc<Shared>,
    pub principal: Principal,
    pub enrolment_pending: bool,
    pub peer: String,
    pub connection_id: u64,
    /// The session id and its end signal.
    pub session: Option<(i64, EndSignal)>,
    pub open_channels: Arc<AtomicUsize>,
    /// Set when an automation key logged in: exec commands only.
    pub automation: Option<crate::service::automation_keys::AutomationGrant>,
    /// The second factor of the login, which exports check.
    pub login_factor: crate::service::export_guard::LoginFactor,
}

/// Decrements the connection's channel count however the task ends.
struct ChannelSlot(Arc<AtomicUsize>);

impl Drop for ChannelSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Clamps a size from the client: 0 means unknown.
pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    if cols == 0 || rows == 0 {
        return DEFAULT_SIZE;
    }
    let cols = u16::try_from(cols).unwrap_or(MAX_COLS).min(MAX_COLS);
    let rows = u16::try_from(rows).unwrap_or(MAX_ROWS).min(MAX_ROWS);
    (cols, rows)
}

/// Runs a session channel to its end.
pub async fn run(channel: Channel<Msg>, handle: Handle, context: SessionContext) {
    let _slot = ChannelSlot(Arc::clone(&context.open_channels));
    let (mut reader, writer) = channel.split();
    let mut pty: Option<(u16, u16)> = None;
    let mut client = ClientTerminal::default();

    loop {
        let message = match timeout(SETUP_TIMEOUT, reader.wait()).await {
            Ok(Some(message)) => message,
            Ok(None) => return,
            Err(_) => {
                debug!("no shell or command requested in time; closing channel");
                let _ = writer.close().await;
                return;
            }
        };
        match message {
            ChannelMsg::RequestPty {
                col_width,
                row_height,
                term,
                ..
            } => {
                pty = Some(clamp_size(col_width, row_height));
                debug!(term = %escape_for_log(&term), cols = col_width, rows = row_height, "pty requested");
                client.set_variable("TERM", &term);
            }
            ChannelMsg::SetEnv {
                variable_name,
                variable_value,
                ..
            } if client.set_variable(&variable_name, &variable_value) => {
                debug!(name = %escape_for_log(&variable_name), value = %escape_for_log(&variable_value), "client display variable");
            }
            ChannelMsg::WindowChange {
                col_width,
                row_height,
                ..
            } if pty.is_some() => {
                pty = Some(clamp_size(col_width, row_height));
            }
            ChannelMsg::RequestShell { .. } | ChannelMsg::RequestSubsystem { .. }
                if context.automation.is_some() =>
            {
                let language = channel_language(&context, &client).await;
                let message = format!(
                    "portico: {}\n",
                    crate::i18n::text_in(language, "ssh-automation-shell", None)
                );
                let _ = writer.extended_data(1, message.as_bytes()).await;
                finish(&writer, super::exec::EXIT_NOT_ALLOWED).await;
                return;
            }
            ChannelMsg::RequestShell { .. } => break,
            ChannelMsg::Exec { command, .. } => {
                let language = channel_language(&context, &client).await;
                let may_write = context.automation.is_none_or(|grant| grant.read_write);
                let serve = super::exec::serve(reader, &writer, &context, &command, may_write);
                crate::i18n::scope(language, serve).await;
                return;
            }
            ChannelMsg::RequestSubsystem { name, .. } => {
                let language = channel_language(&context, &client).await;
                let serve = super::sftp::serve(reader, writer, &context, &name);
                crate::i18n::scope(language, serve).await;
                return;
            }
            ChannelMsg::Eof | ChannelMsg::Close => return,
            _ => {}
        }
    }

    let Some((cols, rows)) = pty else {
        let language = channel_language(&context, &client).await;
        let mut args = crate::i18n::FluentArgs::new();
        args.set("handle", context.principal.handle.as_str());
        let message = format!(
            "{}\r\n",
            crate::i18n::text_in(language, "ssh-needs-terminal", Some(&args))
        );
        let _ = writer.data(message.as_bytes()).await;
        finish(&writer, 1).await;
        return;
    };
    run_terminal(reader, writer, handle, context, (cols, rows), client).await;
}

async fn finish(writer: &ChannelWriteHalf<Msg>, status: u32) {
    let _ = writer.exit_status(status).await;
    let _ = writer.eof().await;
    let _ = writer.close().await;
}

/// The writer task's report after each frame.
enum WriterReport {
    Flushed,
    /// The client took no output for the stall timeout.
    Stalled,
    Closed,
}

fn spawn_writer(
    writer: ChannelWriteHalf<Msg>,
    stall_timeout: Duration,
) -> (
    mpsc::Sender<Vec<u8>>,
    mpsc::Receiver<WriterReport>,
    tokio::task::JoinHandle<ChannelWriteHalf<Msg>>,
) {
    let (frame_tx, mut frame_rx) = mpsc::channel::<Vec<u8>>(1);
    let (report_tx, report_rx) = mpsc::channel(2);
    let task = tokio::spawn(async move {
        while let Some(bytes) = frame_rx.recv().await {
            let report = match timeout(stall_timeout, writer.data(&bytes[..])).await {
                Ok(Ok(())) => WriterReport::Flushed,
                Ok(Err(_)) => WriterReport::Closed,
                Err(_) => WriterReport::Stalled,
            };
            let stop = !matches!(report, WriterReport::Flushed);
            if report_tx.send(report).await.is_err() || stop {
                break;
            }
        }
        writer
    });
    (frame_tx, report_rx, task)
}

async fn run_terminal(
    mut reader: russh::ChannelReadHalf,
    writer: ChannelWriteHalf<Msg>,
    handle: Handle,
    context: SessionContext,
    (cols, rows): (u16, u16),
    client: ClientTerminal,
) {
    let started = std::time::Instant::now();
    let limits = context.shared.limits.clone();
    let start = if context.enrolment_pending {
        match context
            .shared
            .portal
            .offer_enrolment(&context.principal)
            .await
        {
            Ok(offer) => StartMode::Enrolment(offer),
            Err(error) => {
                warn!(error = %error, "cannot offer enrolment");
                let language = channel_language(&context, &client).await;
                let message = format!(
                    "{}\r\n",
                    crate::i18n::text_in(language, "ssh-enrolment-unavailable", None)
                );
                let _ = writer.data(message.as_bytes()).await;
                finish(&writer, 1).await;
                return;
            }
        }
    } else {
        StartMode::Dashboard
    };
    let offer = match &start {
        StartMode::Enrolment(offer) => Some(offer.clone()),
        StartMode::Dashboard => None,
    };
    info!(handle = %context.principal.handle, cols, rows, enrolment = offer.is_some(), "session started");

    let line_mode = client.is_dumb();
    let app_rows = if line_mode { LINE_MODE_ROWS } else { rows };
    let (mut app, initial_effects) = App::new(
        context.principal.clone(),
        context.shared.theme.clone(),
        start,
        cols,
        app_rows,
    );
    let leave = if line_mode { &b""[..] } else { LEAVE_SCREEN };
    app.set_display(load_display(&context, client).await);
    let mut display = if line_mode {
        Display::lines(cols)
    } else {
        Display::new(cols, rows, ENTER_SCREEN)
    };

    let (frame_tx, mut reports, writer_task) = spawn_writer(writer, limits.stall_timeout);
    let (results_tx, mut results) = mpsc::channel::<Event>(16);
    let effect_context = Arc::new(EffectContext {
        portal: context.shared.portal.clone(),
        principal: context.principal.clone(),
        offer,
        peer: context.peer.clone(),
        enrolled: std::sync::atomic::AtomicBool::new(!context.enrolment_pending),
        session_id: context.session.as_ref().map(|(id, _)| *id),
        switched: std::sync::Mutex::new(None),
        pending_writes: Default::default(),
    });

    let (session_id, mut end_signal) = match &context.session {
        Some((id, signal)) => (Some(*id), Some(signal.clone())),
        None => (None, None),
    };
    let mut last_touch = Instant::now();
    let mut warned = false;
    let mut ended_reason = String::new();

    let mut decoder = Decoder::new();
    let mut writer_busy = false;
    let mut last_key = Instant::now();
    // The last frame or input; an idle release waits for this to age.
    let mut last_activity = Instant::now();
    let mut esc_deadline: Option<Instant> = None;
    let mut quit = false;
    let mut outcome = "client closed";
    let mut pending_effects = initial_effects;
    let mut live = context.shared.portal.bus().subscribe();

    loop {
        for effect in pending_effects.drain(..) {
            if effects::is_quit(&effect) {
                quit = true;
            } else {
                effects::spawn(
                    Arc::clone(&effect_context),
                    effect,
                    results_tx.clone(),
                    app.language(),
                );
            }
        }
        if quit {
            outcome = "user quit";
            break;
        }

        if app.needs_redraw() && !writer_busy {
            let render_started = Instant::now();
            let Ok(bytes) = display.draw(&mut app) else {
                break;
            };
            crate::ops::metrics::frame_render_time(render_started.elapsed());
            last_activity = Instant::now();
            if !bytes.is_empty() {
                let bytes = if line_mode {
                    bytes
                } else {
                    synchronized(bytes)
                };
                if frame_tx.send(bytes).await.is_err() {
                    break;
                }
                writer_busy = true;
            }
        }

        let idle_deadline = last_key + limits.idle_timeout;
        let warn_at = idle_deadline - idle_warning_lead(&limits);
        let esc_wait = esc_deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600));
        let release_at = last_activity + limits.idle_release;
        tokio::select! {
            message = reader.wait() => {
                match message {
                    Some(ChannelMsg::Data { data }) => {
                        last_activity = Instant::now();
                        let events = decoder.feed(&data);
                        esc_deadline = decoder.is_waiting().then(|| Instant::now() + ESC_TIMEOUT);
                        if !events.is_empty() {
                            last_key = Instant::now();
                            warned = false;
                            if let Some(id) = session_id
                                && last_key >= last_touch + TOUCH_INTERVAL
                            {
                                last_touch = last_key;
                                touch(&context, id);
                            }
                        }
                        for event in events {
                            if let Some(event) = effects::input_event(event) {
                                pending_effects.extend(app.handle(event));
                            }
                        }
                    }
                    Some(ChannelMsg::WindowChange { col_width, row_height, .. }) => {
                        let (cols, rows) = clamp_size(col_width, row_height);
                        if display.resize(cols, rows).is_err() {
                            break;
                        }
                        let rows = if line_mode { LINE_MODE_ROWS } else { rows };
                        pending_effects.extend(app.handle(Event::Resize { cols, rows }));
                    }
                    Some(ChannelMsg::Eof) | Some(ChannelMsg::Close) | None => break,
                    Some(_) => {}
                }
            }
            Some(report) = reports.recv() => {
                match report {
                    WriterReport::Flushed => writer_busy = false,
                    WriterReport::Stalled => {
                        outcome = "client stalled";
                        warn!(handle = %context.principal.handle, timeout_secs = limits.stall_timeout.as_secs(), "client took no output in time; disconnecting");
                        let _ = handle
                            .disconnect(Disconnect::ByApplication, "client stopped reading".to_string(), String::new())
                            .await;
                        break;
                    }
                    WriterReport::Closed => break,
                }
            }
            Some(event) = results.recv() => {
                pending_effects.extend(app.handle(event));
            }
            received = live.recv() => {
                if let Some(event) = effects::live_event(received, &context.principal) {
                    pending_effects.extend(app.handle(event));
                }
            }
            () = sleep_until(esc_wait), if esc_deadline.is_some() => {
                esc_deadline = None;
                for event in decoder.flush() {
                    if let Some(event) = effects::input_event(event) {
                        pending_effects.extend(app.handle(event));
                    }
                }
                last_key = Instant::now();
            }
            reason = registry::ended(&mut end_signal) => {
                outcome = "ended elsewhere";
                ended_reason = reason;
                break;
            }
            () = sleep_until(release_at), if display.is_held() => {
                release_idle(&mut display, &mut decoder, &mut pending_effects);
            }
            () = sleep_until(warn_at), if !warned => {
                warned = true;
                let left = idle_deadline.saturating_duration_since(Instant::now());
                pending_effects.extend(app.handle(Event::IdleWarning { secs: left.as_secs().max(1) }));
            }
            () = sleep_until(idle_deadline) => {
                outcome = "idle timeout";
                info!(handle = %context.principal.handle, idle_secs = limits.idle_timeout.as_secs(), "session idle; closing");
                break;
            }
        }
    }

    drop(frame_tx);
    if outcome != "client stalled"
        && let Ok(Ok(writer)) = timeout(Duration::from_secs(2), writer_task).await
    {
        let mut closing = leave.to_vec();
        let language = app.language();
        if outcome == "idle timeout" {
            let message = crate::i18n::text_in(language, "ssh-idle-closed", None);
            closing.extend_from_slice(format!("{message}\r\n").as_bytes());
        }
        if outcome == "ended elsewhere" {
            let mut args = crate::i18n::FluentArgs::new();
            args.set(
                "reason",
                super::end_reasons::end_reason_in(language, &ended_reason),
            );
            let message = crate::i18n::text_in(language, "ssh-session-ended", Some(&args));
            closing.extend_from_slice(format!("{message}\r\n").as_bytes());
        }
        let _ = timeout(Duration::from_secs(2), writer.data(&closing[..])).await;
        finish(&writer, 0).await;
    }
    info!(
        handle = %context.principal.handle,
        connection = context.connection_id,
        outcome,
        duration_secs = started.elapsed().as_secs(),
        "session ended"
    );
}

/// Returns the language of a channel that runs no full-screen session:
/// the user's choice, else the client's locale, else English, as
/// [`SessionDisplay::language`] decides for the screens.
async fn channel_language(context: &SessionContext, client: &ClientTerminal) -> Language {
    let chosen = match context
        .shared
        .portal
        .chosen_language(context.principal.user_id)
        .await
    {
        Ok(chosen) => chosen,
        Err(error) => {
            warn!(handle = %context.principal.handle, error = %error, "cannot read the chosen language; using the client's");
            None
        }
    };
    chosen.or_else(|| client.language()).unwrap_or_default()
}

/// Builds the session's display from the user's stored preferences and
/// what the client announced, and records the language it runs in. A
/// failed read is logged and the session goes on with the default
/// preferences.
async fn load_display(context: &SessionContext, client: ClientTerminal) -> SessionDisplay {
    let preferences = match context
        .shared
        .portal
        .display_preferences(&context.principal)
        .await
    {
        Ok(preferences) => preferences,
        Err(error) => {
            warn!(handle = %context.principal.handle, error = %error, "cannot read display preferences; using the defaults");
            DisplayPreferences::default()
        }
    };
    info!(
        handle = %context.principal.handle,
        theme = %escape_for_log(&preferences.theme),
        plain = preferences.plain || client.wants_plain(),
        no_color = client.wants_no_color(),
        "display chosen"
    );
    let regional = match context
        .shared
        .portal
        .regional_preferences(&context.principal)
        .await
    {
        Ok(regional) => regional,
        Err(error) => {
            warn!(handle = %context.principal.handle, error = %error, "cannot read regional preferences; using the defaults");
            Regional::default()
        }
    };
    let display = SessionDisplay {
        themes: Arc::clone(&context.shared.themes),
        client,
        preferences,
        regional,
    };
    record_session_language(context, display.language()).await;
    display
}

/// Stores the language the session runs in, so notifications and mails
/// sent while the user is away follow it when their choice is the
/// terminal's language. A failed write is logged and the session goes on.
async fn record_session_language(context: &SessionContext, language: Language) {
    let portal = &context.shared.portal;
    if let Err(error) = portal
        .record_session_language(&context.principal, language)
        .await
    {
        warn!(handle = %context.principal.handle, error = %error, "failed to record the session's language; mails keep the earlier one");
    }
}

/// Frees what an idle session can rebuild when it next draws: the
/// terminal's cell buffers and the spare capacity of its queues.
fn release_idle(
    display: &mut Display,
    decoder: &mut Decoder,
    pending: &mut Vec<crate::tui::Effect>,
) {
    display.release();
    decoder.shrink();
    pending.shrink_to_fit();
    debug!("session idle; screen buffers released");
}

/// Minimum time between two records of a session's activity.
const TOUCH_INTERVAL: Duration = Duration::from_secs(60);

/// Returns how long before the idle timeout the session is warned: the
/// configured lead, or half the timeout when that is shorter.
fn idle_warning_lead(limits: &super::Limits) -> Duration {
    limits.idle_warning.min(limits.idle_timeout / 2)
}

/// Records the session's activity in the background, so a slow database
/// never delays keys.
fn touch(context: &SessionContext, session_id: i64) {
    let portal = context.shared.portal.clone();
    tokio::spawn(async move {
        if let Err(error) = portal.touch_session(session_id).await {
            debug!(session = session_id, error = %error, "cannot record session activity");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_size_means_default() {
        assert_eq!(clamp_size(0, 0), DEFAULT_SIZE);
        assert_eq!(clamp_size(0, 50), DEFAULT_SIZE);
        assert_eq!(clamp_size(120, 0), DEFAULT_SIZE);
    }

    #[test]
    fn huge_size_is_clamped() {
        assert_eq!(clamp_size(u32::MAX, u32::MAX), (MAX_COLS, MAX_ROWS));
        assert_eq!(clamp_size(100_000, 40), (MAX_COLS, 40));
        assert_eq!(clamp_size(132, 43), (132, 43));
    }
}
