//! End to end with the real OpenSSH client `ssh`, driven through a
//! pseudo-terminal: password or key, then a code, the dashboard, and quit.
//! On SQLite and PostgreSQL. Skipped with a message when `ssh` is missing.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{PASSWORD, TestServer, add_account};
use portico::domain::Role;
use portico::store::Store;

fn ssh_available() -> bool {
    let found = Command::new("ssh").arg("-V").output().is_ok();
    if !found {
        eprintln!("SKIPPED: the OpenSSH client `ssh` is not installed");
    }
    found
}

fn ssh_command(port: u16, handle: &str, extra: &[&str]) -> Command {
    let mut command = Command::new("ssh");
    command
        .args(["-F", "/dev/null", "-tt", "-p", &port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
        ])
        .args(["-o", "ConnectTimeout=10", "-o", "NumberOfPasswordPrompts=1"])
        .args(extra)
        .arg(format!("{handle}@127.0.0.1"))
        .env("TERM", "xterm-256color");
    command
}

/// Starts a server with the enrolled customer alice of Acme.
async fn server_with_alice(store: &Store) -> (TestServer, common::Account) {
    let server = TestServer::start(store).await;
    let alice = add_account(
        &server.portal,
        "alice",
        Some("Acme"),
        Role::Customer,
        true,
        1,
    )
    .await;
    (server, alice)
}

/// Runs [`drive`] on a blocking thread, since expectrl blocks, and fails the
/// test with its error.
async fn drive_in_thread(command: Command, password: Option<&str>, code: String) {
    let password = password.map(str::to_string);
    let result = tokio::task::spawn_blocking(move || drive(command, password, code))
        .await
        .expect("join the ssh driver");
    result.expect("OpenSSH session");
}

/// Starts `command` in a 100x30 pseudo-terminal and answers the password
/// prompt, when `password` is set, and the code prompt.
fn spawn_and_log_in(
    command: Command,
    password: Option<String>,
    code: String,
) -> Result<expectrl::Session, String> {
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn ssh: {error}"))?;
    session
        .get_process_mut()
        .set_window_size(100, 30)
        .map_err(|error| format!("window size: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(15)));

    if let Some(password) = password {
        session
            .expect("password:")
            .map_err(|error| format!("password prompt: {error}"))?;
        session
            .send_line(password)
            .map_err(|error| error.to_string())?;
    }
    session
        .expect("Authenticator code")
        .map_err(|error| format!("code prompt: {error}"))?;
    session.send_line(code).map_err(|error| error.to_string())?;
    Ok(session)
}

/// Drives one login to the dashboard and out; runs on a blocking thread.
fn drive(command: Command, password: Option<String>, code: String) -> Result<(), String> {
    let mut session = spawn_and_log_in(command, password, code)?;
    // The title row, drawn first, names the customer's organisation.
    session
        .expect("Acme")
        .map_err(|error| format!("organisation name: {error}"))?;
    session
        .expect("Open requests")
        .map_err(|error| format!("dashboard: {error}"))?;

    session.send("2").map_err(|error| error.to_string())?;
    session
        .expect("sorted by")
        .map_err(|error| format!("documents screen: {error}"))?;
    session.send("q").map_err(|error| error.to_string())?;
    session
        .expect("Quit")
        .map_err(|error| format!("quit question: {error}"))?;
    session.send("y").map_err(|error| error.to_string())?;
    session
        .expect(expectrl::Eof)
        .map_err(|error| format!("ssh did not exit: {error}"))?;
    Ok(())
}

on_both_backends!(
    openssh_password_login_to_dashboard,
    |store: Store, _url: String| async move {
        if !ssh_available() {
            return;
        }
        let (server, alice) = server_with_alice(&store).await;
        let command = ssh_command(
            server.address.port(),
            "alice",
            // OpenSSH's default order of methods tries keyboard-interactive
            // before password whenever the server offers it.
            &["-o", "PubkeyAuthentication=no"],
        );
        drive_in_thread(command, Some(PASSWORD), alice.code()).await;
    }
);

on_both_backends!(
    openssh_key_login_to_dashboard,
    |store: Store, _url: String| async move {
        if !ssh_available() {
            return;
        }
        let (server, alice) = server_with_alice(&store).await;
        let dir = tempfile::tempdir().expect("folder");
        let key_path = dir.path().join("id_ed25519");
        alice
            .key
            .write_openssh_file(&key_path, russh::keys::ssh_key::LineEnding::LF)
            .expect("write client key");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600))
                .expect("key mode");
        }
        let key_arg = key_path.display().to_string();
        let command = ssh_command(
            server.address.port(),
            "alice",
            &[
                "-i",
                &key_arg,
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "PreferredAuthentications=publickey,keyboard-interactive",
            ],
        );
        drive_in_thread(command, None, alice.code()).await;
    }
);

/// Reads the session's output into `screen` until the screen shows
/// `needle`, and returns the screen's text. Frames send only the changed
/// cells, so the text is checked on the terminal emulator's screen rather
/// than in the raw bytes, which are kept in `raw`.
fn read_until(
    session: &mut expectrl::Session,
    screen: &mut vt100::Parser,
    raw: &mut Vec<u8>,
    needle: &str,
) -> Result<String, String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut buffer = [0u8; 4096];
    loop {
        let text = screen.screen().contents();
        if text.contains(needle) {
            return Ok(text);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{needle:?} never shown; the screen was:\n{text}"));
        }
        match session.try_read(&mut buffer) {
            Ok(0) => return Err(format!("ssh closed before {needle:?}; screen:\n{text}")),
            Ok(read) => {
                let bytes = buffer.get(..read).unwrap_or_default();
                raw.extend_from_slice(bytes);
                screen.process(bytes);
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(error) => return Err(format!("read ssh output: {error}")),
        }
    }
}

fn has_box_drawing(text: &str) -> bool {
    text.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c))
}

/// The escape sequences that switch to the alternate screen or turn on
/// mouse reporting; a terminal that announced TERM=dumb gets none of them.
/// Mouse clicks are reported in the normal mode (1000).
const SCREEN_MODES: [&[u8]; 4] = [
    b"\x1b[?1049h",
    b"\x1b[?1000h",
    b"\x1b[?1002h",
    b"\x1b[?1006h",
];

/// Logs in with a password and a code, then checks that the session draws
/// the plain linear mode: its heading, no box-drawing characters, and the
/// Documents screen reached by its digit, and the new-request form's focus
/// line and cursor. With `dumb`, also checks that no
/// alternate-screen or mouse-mode sequence reached the client; without it,
/// that the capable terminal still gets mouse reporting. Runs on a blocking
/// thread.
fn drive_plain(command: Command, code: String, dumb: bool) -> Result<(), String> {
    let mut session = spawn_and_log_in(command, Some(PASSWORD.to_string()), code)?;

    // A dumb terminal gets whole views as lines, longer than a window, so
    // the emulator keeps them all in view.
    let rows = if dumb { 250 } else { 30 };
    let mut screen = vt100::Parser::new(rows, 100, 0);
    let mut raw = Vec::new();
    let dashboard = read_until(
        &mut session,
        &mut screen,
        &mut raw,
        "Dashboard, screen 1\u{a0}of\u{a0}6",
    )?;
    if has_box_drawing(&dashboard) {
        return Err(format!("plain dashboard drew boxes:\n{dashboard}"));
    }

    session.send("2").map_err(|error| error.to_string())?;
    let documents = read_until(
        &mut session,
        &mut screen,
        &mut raw,
        "Documents, screen 2\u{a0}of\u{a0}6",
    )?;
    if has_box_drawing(&documents) {
        return Err(format!("plain documents screen drew boxes:\n{documents}"));
    }
    if !documents.contains("sorted by date") {
        return Err(format!(
            "plain documents screen lacks its panel title:\n{documents}"
        ));
    }

    check_plain_form(&mut session, &mut screen, &mut raw, dumb)?;

    session.send("q").map_err(|error| error.to_string())?;
    read_until(&mut session, &mut screen, &mut raw, "Quit Portico? y/n")?;
    session.send("y").map_err(|error| error.to_string())?;
    let closing = session
        .expect(expectrl::Eof)
        .map_err(|error| format!("ssh did not exit: {error}"))?;
    raw.extend_from_slice(closing.before());
    let sent = |mode: &[u8]| raw.windows(mode.len()).any(|window| window == mode);
    if dumb {
        if let Some(at) = raw.iter().position(|&byte| byte == 0x1b) {
            let end = raw.len().min(at + 12);
            return Err(format!(
                "TERM=dumb received an escape sequence: {:?}",
                String::from_utf8_lossy(&raw[at..end])
            ));
        }
        if let Some(mode) = SCREEN_MODES.iter().find(|mode| sent(mode)) {
            return Err(format!(
                "TERM=dumb received the screen mode {:?}",
                String::from_utf8_lossy(mode)
            ));
        }
    } else if !sent(b"\x1b[?1000h") {
        return Err("a capable terminal in plain mode lost mouse reporting".to_string());
    }
    Ok(())
}

/// Opens the new-request form in the plain mode, types a subject and
/// checks that the focused field is the last line with the cursor after
/// its value, then discards the form.
fn check_plain_form(
    session: &mut expectrl::Session,
    screen: &mut vt100::Parser,
    raw: &mut Vec<u8>,
    dumb: bool,
) -> Result<(), String> {
    session.send("3").map_err(|error| error.to_string())?;
    read_until(session, screen, raw, "Requests, screen 3\u{a0}of\u{a0}6")?;
    session.send("n").map_err(|error| error.to_string())?;
    read_until(session, screen, raw, "Category: ")?;
    session.send("Printer").map_err(|error| error.to_string())?;
    if dumb {
        // Lines only: the view ends with the focused field and its mark, and
        // no line break follows it, so the cursor stays at its end.
        let focus = "› Subject: Printer";
        let form = read_until(session, screen, raw, focus)?;
        let last = form.lines().rev().find(|line| !line.trim().is_empty());
        if last.map(str::trim_end) != Some(focus) {
            return Err(format!("the focused field is not the last line:\n{form}"));
        }
        if !raw.ends_with(focus.as_bytes()) {
            return Err(format!("a line break follows the focused field:\n{form}"));
        }
    } else {
        check_focus_cursor(session, screen, raw)?;
    }

    session.send("\x1b").map_err(|error| error.to_string())?;
    read_until(session, screen, raw, "Discard this request? y/n")?;
    session.send("y").map_err(|error| error.to_string())?;
    read_until(session, screen, raw, "Requests, screen 3\u{a0}of\u{a0}6")?;
    Ok(())
}

/// Checks that the form's focused subject field is drawn with its marker
/// and that the terminal cursor sits right after its value.
fn check_focus_cursor(
    session: &mut expectrl::Session,
    screen: &mut vt100::Parser,
    raw: &mut Vec<u8>,
) -> Result<(), String> {
    let focus = "› Subject: Printer";
    let form = read_until(session, screen, raw, focus)?;
    if has_box_drawing(&form) {
        return Err(format!("plain form drew boxes:\n{form}"));
    }
    let (cursor_row, cursor_column) = screen.screen().cursor_position();
    let row = form
        .lines()
        .nth(usize::from(cursor_row))
        .unwrap_or_default();
    let end = u16::try_from(focus.chars().count()).unwrap_or(u16::MAX);
    if row.trim_end() != focus || cursor_column != end {
        return Err(format!(
            "the cursor is at row {cursor_row}, column {cursor_column}, not after {focus:?}:\n{form}"
        ));
    }
    Ok(())
}

/// Starts a server with a customer, connects with `command_for(port)` and
/// checks the plain mode with [`drive_plain`].
async fn check_plain_mode(store: Store, command_for: fn(u16) -> Command, dumb: bool) {
    if !ssh_available() {
        return;
    }
    let (server, alice) = server_with_alice(&store).await;
    let command = command_for(server.address.port());
    let code = alice.code();
    let result = tokio::task::spawn_blocking(move || drive_plain(command, code, dumb))
        .await
        .expect("join the ssh driver");
    result.expect("plain OpenSSH session");
}

on_both_backends!(
    openssh_dumb_terminal_gets_plain_mode,
    |store: Store, _url: String| async move {
        check_plain_mode(
            store,
            |port| {
                let mut command = ssh_command(port, "alice", &["-o", "PubkeyAuthentication=no"]);
                command.env("TERM", "dumb");
                command
            },
            true,
        )
        .await;
    }
);

on_both_backends!(
    openssh_set_env_gets_plain_mode,
    |store: Store, _url: String| async move {
        check_plain_mode(
            store,
            |port| {
                ssh_command(
                    port,
                    "alice",
                    &[
                        "-o",
                        "PubkeyAuthentication=no",
                        "-o",
                        "SetEnv=PORTICO_MODE=plain",
                    ],
                )
            },
            false,
        )
        .await;
    }
);
