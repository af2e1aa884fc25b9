//! One load-generator session over russh: connect, log in with two
//! factors, open a terminal and read its frames.
//!
//! Portico wraps every frame in the synchronized-output markers
//! (`CSI ? 2026 h` ... `CSI ? 2026 l`), so the end of a frame is the end
//! marker. Against another server (OpenSSH's sshd) the first output after
//! the shell starts stands for the first frame.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::client::{AuthResult, Handle, KeyboardInteractiveAuthResponse, Msg};
use russh::keys::PrivateKey;
use russh::keys::PrivateKeyWithHashAlg;
use russh::{Channel, ChannelMsg};

use crate::auth::totp;

/// The bytes that end a frame of Portico.
pub use crate::ssh::session::END_FRAME as FRAME_END;

/// An account the load generator logs in as.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Account {
    pub handle: String,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub totp_secret: Option<String>,
}

/// The login method of a session.
#[derive(Debug, Clone)]
pub enum Method {
    /// A key, then a TOTP code.
    KeyAndCode(Arc<PrivateKey>),
    /// The password, then a TOTP code.
    PasswordAndCode,
    /// A key alone, as a plain OpenSSH server requires.
    KeyOnly(Arc<PrivateKey>),
}

/// Times of one login, measured from the start of the TCP connection.
#[derive(Debug, Clone, Copy)]
pub struct LoginTimes {
    /// Until the server's host key arrived, which ends the key exchange.
    pub handshake: Duration,
    /// Until the server accepted the last factor.
    pub login: Duration,
}

/// Accepts the server's host key and notes when it arrived. The load
/// generator only talks to a server its operator names, on loopback.
struct Client {
    host_key_at: Arc<Mutex<Option<Instant>>>,
}

impl russh::client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        if let Ok(mut at) = self.host_key_at.lock() {
            at.get_or_insert_with(Instant::now);
        }
        Ok(true)
    }
}

/// A logged-in connection.
pub struct Connection {
    handle: Handle<Client>,
    pub started: Instant,
}

/// Connects to `address` and logs in as `account`; `unix_seconds` is the
/// time whose TOTP code is sent.
pub async fn login(
    address: SocketAddr,
    account: &Account,
    method: &Method,
    unix_seconds: u64,
) -> Result<(Connection, LoginTimes), String> {
    let started = Instant::now();
    let host_key_at = Arc::new(Mutex::new(None));
    let config = Arc::new(russh::client::Config {
        inactivity_timeout: None,
        ..Default::default()
    });
    let client = Client {
        host_key_at: Arc::clone(&host_key_at),
    };
    // Without TCP_NODELAY, Nagle's algorithm holds the client's small
    // packets for the server's delayed acknowledgement, about 40 ms a step.
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| format!("connect: {error}"))?;
    stream
        .set_nodelay(true)
        .map_err(|error| format!("connect: {error}"))?;
    let mut handle = russh::client::connect_stream(config, stream, client)
        .await
        .map_err(|error| format!("connect: {error}"))?;

    let handle_name = account.handle.as_str();
    let first = match method {
        Method::KeyAndCode(key) | Method::KeyOnly(key) => handle
            .authenticate_publickey(
                handle_name,
                PrivateKeyWithHashAlg::new(Arc::clone(key), None),
            )
            .await
            .map_err(|error| format!("public key: {error}"))?,
        Method::PasswordAndCode => {
            let password = account
                .password
                .as_deref()
                .ok_or_else(|| format!("account {handle_name} has no password in the file"))?;
            handle
                .authenticate_password(handle_name, password)
                .await
                .map_err(|error| format!("password: {error}"))?
        }
    };

    match (method, first) {
        (Method::KeyOnly(_), AuthResult::Success) => {}
        (Method::KeyOnly(_), AuthResult::Failure { .. }) => {
            return Err(format!("{handle_name}: key refused"));
        }
        (
            _,
            AuthResult::Failure {
                partial_success: true,
                ..
            },
        ) => {
            let secret = account
                .totp_secret
                .as_deref()
                .ok_or_else(|| format!("account {handle_name} has no TOTP secret in the file"))?;
            let code = totp::code_at(secret, unix_seconds)?;
            second_factor(&mut handle, handle_name, &code).await?;
        }
        (_, _) => return Err(format!("{handle_name}: first factor refused")),
    }

    let login = started.elapsed();
    let handshake = host_key_at
        .lock()
        .ok()
        .and_then(|at| *at)
        .map_or(login, |at| at.duration_since(started));
    Ok((
        Connection { handle, started },
        LoginTimes { handshake, login },
    ))
}

async fn second_factor(handle: &mut Handle<Client>, name: &str, code: &str) -> Result<(), String> {
    let mut reply = handle
        .authenticate_keyboard_interactive_start(name, None::<String>)
        .await
        .map_err(|error| format!("keyboard-interactive: {error}"))?;
    for _ in 0..3 {
        match reply {
            KeyboardInteractiveAuthResponse::Success => return Ok(()),
            KeyboardInteractiveAuthResponse::Failure { .. } => {
                return Err(format!("{name}: code refused"));
            }
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let answers = prompts.iter().map(|_| code.to_string()).collect();
                reply = handle
                    .authenticate_keyboard_interactive_respond(answers)
                    .await
                    .map_err(|error| format!("keyboard-interactive: {error}"))?;
            }
        }
    }
    Err(format!("{name}: too many prompts"))
}

/// A terminal on a logged-in connection.
pub struct Terminal {
    channel: Channel<Msg>,
    /// The last bytes seen, so a marker split across packets is found.
    tail: Vec<u8>,
    marked_frames: bool,
    pub bytes_received: u64,
    _connection: Connection,
}

/// The outcome of waiting for a frame.
pub enum Frame {
    /// A frame ended; the bytes received since the wait began.
    Ended {
        bytes: u64,
    },
    TimedOut,
    Closed,
}

impl Connection {
    /// Opens a session channel with a pty of `cols` x `rows` and a shell.
    /// `marked_frames` is true when the server ends frames with
    /// [`FRAME_END`].
    pub async fn open_terminal(
        self,
        cols: u32,
        rows: u32,
        marked_frames: bool,
    ) -> Result<Terminal, String> {
        let channel = self
            .handle
            .channel_open_session()
            .await
            .map_err(|error| format!("open session: {error}"))?;
        channel
            .request_pty(false, "xterm-256color", cols, rows, 0, 0, &[])
            .await
            .map_err(|error| format!("pty: {error}"))?;
        channel
            .request_shell(false)
            .await
            .map_err(|error| format!("shell: {error}"))?;
        Ok(Terminal {
            channel,
            tail: Vec::new(),
            marked_frames,
            bytes_received: 0,
            _connection: self,
        })
    }

    /// Ends the connection politely.
    pub async fn close(self) {
        let _ = self
            .handle
            .disconnect(russh::Disconnect::ByApplication, "", "")
            .await;
    }
}

impl Terminal {
    /// Sends key bytes, as a terminal would on a key press.
    pub async fn press(&self, bytes: &[u8]) -> Result<(), String> {
        self.channel
            .data(bytes)
            .await
            .map_err(|error| format!("send key: {error}"))
    }

    /// Reads output until a frame ends or `within` passes.
    pub async fn next_frame(&mut self, within: Duration) -> Frame {
        let deadline = tokio::time::Instant::now() + within;
        let mut bytes = 0u64;
        loop {
            let message = match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Ok(Some(message)) => message,
                Ok(None) => return Frame::Closed,
                Err(_) => return Frame::TimedOut,
            };
            match message {
                ChannelMsg::Data { data } => {
                    bytes += data.len() as u64;
                    self.bytes_received += data.len() as u64;
                    if !self.marked_frames || self.ends_frame(&data) {
                        return Frame::Ended { bytes };
                    }
                }
                ChannelMsg::Eof | ChannelMsg::Close | ChannelMsg::ExitStatus { .. } => {
                    return Frame::Closed;
                }
                _ => {}
            }
        }
    }

    /// Reads and drops output until nothing arrives for `quiet`.
    pub async fn settle(&mut self, quiet: Duration) -> bool {
        loop {
            match self.next_frame(quiet).await {
                Frame::Ended { .. } => {}
                Frame::TimedOut => return true,
                Frame::Closed => return false,
            }
        }
    }

    fn ends_frame(&mut self, data: &[u8]) -> bool {
        self.tail.extend_from_slice(data);
        let found = self
            .tail
            .windows(FRAME_END.len())
            .any(|window| window == FRAME_END);
        let keep = FRAME_END.len() - 1;
        if self.tail.len() > keep {
            self.tail.drain(..self.tail.len() - keep);
        }
        found
    }
}
