//! Loopback listeners that stand in for the outside world of delivery: a
//! minimal but real SMTP server and a minimal real HTTP server for the SMS
//! provider. Both speak the protocol over TCP on 127.0.0.1, so Portico's
//! real SMTP client (lettre) and HTTP client (reqwest) talk to them. They
//! only record what they accept, and a test can make them fail.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use portico::notify::delivery::{DeliverySettings, SmsSettings, SmtpSettings, TlsMode};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// The bearer token the SMS listener expects.
pub const SMS_TOKEN: &str = "test-sms-token";

/// One email the SMTP listener accepted.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The DATA section, headers and body, with dot-stuffing undone.
    pub data: String,
}

/// The credentials an [`SmtpListener`] requires, and the SASL mechanisms
/// it advertises in its EHLO reply, such as `"PLAIN LOGIN"`.
#[derive(Debug, Clone)]
pub struct SmtpAuth {
    pub user: String,
    pub password: String,
    pub mechanisms: &'static str,
}

/// A minimal real SMTP listener: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP
/// and QUIT, and AUTH PLAIN and LOGIN (RFC 4954) when started with
/// [`SmtpListener::start_with_auth`]; no TLS. It replies to the end of
/// DATA with 451 (a temporary failure) while `failures_left` is above
/// zero, or always when `always_fail` is set.
pub struct SmtpListener {
    pub address: SocketAddr,
    mails: Arc<Mutex<Vec<Mail>>>,
    failures_left: Arc<Mutex<usize>>,
    always_fail: Arc<Mutex<bool>>,
    logins: Arc<Mutex<Vec<String>>>,
}

/// The state one SMTP connection shares with the listener.
#[derive(Clone)]
struct SmtpShared {
    mails: Arc<Mutex<Vec<Mail>>>,
    failures: Arc<Mutex<usize>>,
    always: Arc<Mutex<bool>>,
    auth: Option<SmtpAuth>,
    /// One entry per AUTH exchange: `"PLAIN ok"`, `"LOGIN failed"`, ...
    logins: Arc<Mutex<Vec<String>>>,
}

impl SmtpListener {
    /// Starts a listener that accepts mail without authentication and
    /// does not advertise AUTH.
    pub async fn start() -> SmtpListener {
        SmtpListener::listen(None).await
    }

    /// Starts a listener that advertises AUTH, accepts only `auth`'s
    /// credentials, replies 535 to others and 530 to MAIL before AUTH.
    pub async fn start_with_auth(auth: SmtpAuth) -> SmtpListener {
        SmtpListener::listen(Some(auth)).await
    }

    async fn listen(auth: Option<SmtpAuth>) -> SmtpListener {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let address = listener.local_addr().expect("smtp address");
        let shared = SmtpShared {
            mails: Arc::new(Mutex::new(Vec::new())),
            failures: Arc::new(Mutex::new(0)),
            always: Arc::new(Mutex::new(false)),
            auth,
            logins: Arc::new(Mutex::new(Vec::new())),
        };
        let task_shared = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = task_shared.clone();
                tokio::spawn(async move {
                    let _ = serve_smtp(stream, shared).await;
                });
            }
        });
        SmtpListener {
            address,
            mails: shared.mails,
            failures_left: shared.failures,
            always_fail: shared.always,
            logins: shared.logins,
        }
    }

    /// Returns the AUTH exchanges so far, as `"MECHANISM ok"` or
    /// `"MECHANISM failed"`.
    pub fn logins(&self) -> Vec<String> {
        self.logins.lock().expect("lock").clone()
    }

    /// Makes the next `count` messages fail with 451.
    pub fn fail_next(&self, count: usize) {
        *self.failures_left.lock().expect("lock") = count;
    }

    pub fn set_always_fail(&self, fail: bool) {
        *self.always_fail.lock().expect("lock") = fail;
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().expect("lock").clone()
    }
}

async fn serve_smtp(stream: tokio::net::TcpStream, shared: SmtpShared) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer.write_all(b"220 test.localhost ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut authenticated = shared.auth.is_none();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => match &shared.auth {
                Some(auth) => {
                    let reply = format!("250-test.localhost\r\n250 AUTH {}\r\n", auth.mechanisms);
                    writer.write_all(reply.as_bytes()).await?;
                }
                None => writer.write_all(b"250 test.localhost\r\n").await?,
            },
            "HELO" => writer.write_all(b"250 test.localhost\r\n").await?,
            "AUTH" => {
                let Some(auth) = &shared.auth else {
                    writer.write_all(b"502 not implemented\r\n").await?;
                    continue;
                };
                let mut words = command.split(' ').skip(1);
                let mechanism = words.next().unwrap_or("").to_ascii_uppercase();
                let initial = words.next().map(str::to_string);
                if !auth.mechanisms.split(' ').any(|name| name == mechanism) {
                    writer
                        .write_all(b"504 5.5.4 unrecognized authentication type\r\n")
                        .await?;
                    continue;
                }
                let Some((user, password)) =
                    read_credentials(&mechanism, initial, &mut reader, &mut writer).await?
                else {
                    return Ok(());
                };
                let accepted = user == auth.user && password == auth.password;
                let outcome = if accepted { "ok" } else { "failed" };
                shared
                    .logins
                    .lock()
                    .expect("lock")
                    .push(format!("{mechanism} {outcome}"));
                if accepted {
                    authenticated = true;
                    writer
                        .write_all(b"235 2.7.0 authentication successful\r\n")
                        .await?;
                } else {
                    writer
                        .write_all(b"535 5.7.8 authentication credentials invalid\r\n")
                        .await?;
                }
            }
            "MAIL" if !authenticated => {
                writer
                    .write_all(b"530 5.7.0 authentication required\r\n")
                    .await?;
            }
            "MAIL" => {
                from = address_in(&command);
                to.clear();
                writer.write_all(b"250 OK\r\n").await?;
            }
            "RCPT" => {
                to.push(address_in(&command));
                writer.write_all(b"250 OK\r\n").await?;
            }
            "DATA" => {
                writer.write_all(b"354 end with .\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let fail = {
                    let mut left = shared.failures.lock().expect("lock");
                    if *shared.always.lock().expect("lock") {
                        true
                    } else if *left > 0 {
                        *left -= 1;
                        true
                    } else {
                        false
                    }
                };
                if fail {
                    writer
                        .write_all(b"451 4.3.0 temporary failure, try later\r\n")
                        .await?;
                } else {
                    shared.mails.lock().expect("lock").push(Mail {
                        from: from.clone(),
                        to: to.clone(),
                        data,
                    });
                    writer.write_all(b"250 queued\r\n").await?;
                }
            }
            "RSET" | "NOOP" => writer.write_all(b"250 OK\r\n").await?,
            "QUIT" => {
                writer.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => writer.write_all(b"502 not implemented\r\n").await?,
        }
    }
}

/// Runs the rest of an AUTH PLAIN or LOGIN exchange and returns the user
/// name and password, or `None` when the client hung up. `initial` is the
/// optional initial response given on the AUTH line.
async fn read_credentials(
    mechanism: &str,
    initial: Option<String>,
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: &mut tokio::net::tcp::OwnedWriteHalf,
) -> std::io::Result<Option<(String, String)>> {
    let mut next_response = async |prompt: &[u8]| -> std::io::Result<Option<String>> {
        writer.write_all(prompt).await?;
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end().to_string()))
    };
    if mechanism == "PLAIN" {
        let response = match initial {
            Some(response) => response,
            None => match next_response(b"334 \r\n").await? {
                Some(response) => response,
                None => return Ok(None),
            },
        };
        // authzid NUL authcid NUL password (RFC 4616).
        let decoded = base64_decode(&response);
        let mut parts = decoded.split('\0').skip(1);
        let user = parts.next().unwrap_or_default().to_string();
        let password = parts.next().unwrap_or_default().to_string();
        return Ok(Some((user, password)));
    }
    let user = match initial {
        Some(response) => response,
        // "Username:" and "Password:" in base64.
        None => match next_response(b"334 VXNlcm5hbWU6\r\n").await? {
            Some(response) => response,
            None => return Ok(None),
        },
    };
    let Some(password) = next_response(b"334 UGFzc3dvcmQ6\r\n").await? else {
        return Ok(None);
    };
    Ok(Some((base64_decode(&user), base64_decode(&password))))
}

/// Decodes standard base64, skipping characters outside its alphabet.
pub fn base64_decode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = Vec::new();
    let mut buffer = 0_u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&letter| letter == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Encodes `text` as standard base64 with padding.
pub fn base64_encode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let buffer = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |buffer, (index, &byte)| {
                buffer | (u32::from(byte) << (16 - 8 * index))
            });
        for index in 0..4 {
            if index <= chunk.len() {
                let value = (buffer >> (18 - 6 * index)) & 63;
                encoded.push(char::from(ALPHABET[value as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(String::new(), |(address, _)| address.to_string())
}

/// One SMS the HTTP listener accepted.
#[derive(Debug, Clone)]
pub struct Sms {
    pub to: String,
    pub message: String,
}

/// A minimal real HTTP/1.1 listener for the SMS provider: it reads one
/// POST per connection, checks the bearer token, records the JSON body and
/// replies 200, or 401 for a wrong token.
pub struct SmsListener {
    pub address: SocketAddr,
    messages: Arc<Mutex<Vec<Sms>>>,
}

impl SmsListener {
    pub async fn start() -> SmsListener {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind http");
        let address = listener.local_addr().expect("http address");
        let messages = Arc::new(Mutex::new(Vec::new()));
        let recorded = messages.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve_http(stream, recorded).await;
                });
            }
        });
        SmsListener { address, messages }
    }

    pub fn url(&self) -> String {
        format!("http://{}/sms", self.address)
    }

    pub fn messages(&self) -> Vec<Sms> {
        self.messages.lock().expect("lock").clone()
    }
}

async fn serve_http(
    mut stream: tokio::net::TcpStream,
    messages: Arc<Mutex<Vec<Sms>>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let head_end = loop {
        let mut chunk = [0_u8; 1024];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_string())
            })
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    while buffer.len() < head_end + length {
        let mut chunk = [0_u8; 1024];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = &buffer[head_end..(head_end + length).min(buffer.len())];
    let authorized = header("authorization") == format!("Bearer {SMS_TOKEN}");
    let status = if authorized && head.starts_with("POST ") {
        let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        messages.lock().expect("lock").push(Sms {
            to: json["to"].as_str().unwrap_or_default().to_string(),
            message: json["message"].as_str().unwrap_or_default().to_string(),
        });
        "200 OK"
    } else {
        "401 Unauthorized"
    };
    let response = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// Returns delivery settings aimed at the listeners, with immediate
/// retries so tests need not wait for backoff.
pub fn delivery_settings(smtp: &SmtpListener, sms: Option<&SmsListener>) -> DeliverySettings {
    DeliverySettings {
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".to_string(),
            port: smtp.address.port(),
            from: "portal@example.com".to_string(),
            tls: TlsMode::None,
            credentials: None,
        }),
        sms: sms.map(|sms| SmsSettings {
            url: sms.url(),
            token: SMS_TOKEN.to_string(),
        }),
        backoff_base_secs: 0,
        backoff_max_secs: 0,
        max_attempts: 3,
        poll_interval: Duration::from_millis(50),
        ..DeliverySettings::default()
    }
}

/// Returns the first `XXXX-XXXX-XXXX-XXXX` code in `text`, after undoing
/// quoted-printable soft line breaks.
pub fn code_in(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len().saturating_sub(18) {
        let candidate: String = chars[start..start + 19].iter().collect();
        let shape = candidate.char_indices().all(|(i, c)| {
            if i == 4 || i == 9 || i == 14 {
                c == '-'
            } else {
                c.is_ascii_alphanumeric()
            }
        });
        if shape {
            return candidate;
        }
    }
    panic!("no code in {text:?}")
}

impl Mail {
    /// Returns the decoded Subject header: RFC 2047 encoded words, as
    /// lettre writes non-ASCII subjects, become text.
    pub fn subject(&self) -> String {
        let (headers, _) = self.data.split_once("\r\n\r\n").unwrap_or((&self.data, ""));
        // Folded header lines continue with white space (RFC 5322 2.2.3).
        let unfolded = headers.replace("\r\n ", " ").replace("\r\n\t", " ");
        let value = unfolded
            .lines()
            .find_map(|line| line.strip_prefix("Subject: "))
            .unwrap_or_default();
        value
            .split(' ')
            .map(decode_encoded_word)
            .collect::<Vec<_>>()
            .join(" ")
            // RFC 2047 6.2: white space between adjacent encoded words is
            // dropped, and an encoder may split a long subject into several.
            .replace("\u{0} \u{0}", "")
            .replace('\u{0}', "")
    }

    /// Returns the decoded body, by its Content-Transfer-Encoding:
    /// quoted-printable, base64 or plain 7bit.
    pub fn body(&self) -> String {
        let (headers, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", &self.data));
        let encoding = headers
            .lines()
            .find_map(|line| line.strip_prefix("Content-Transfer-Encoding: "))
            .unwrap_or("7bit")
            .trim()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => decode_quoted_printable(body),
            "base64" => decode_base64(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8(bytes)
            .expect("UTF-8 body")
            .replace("\r\n", "\n")
    }
}

/// Decodes one `=?charset?B|Q?text?=` word, framed by NUL marks so that
/// [`Mail::subject`] can drop the space between adjacent words; other
/// words come back as they are.
fn decode_encoded_word(word: &str) -> String {
    let Some(inner) = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")) else {
        return word.to_string();
    };
    let mut parts = inner.splitn(3, '?');
    let (Some(_charset), Some(kind), Some(text)) = (parts.next(), parts.next(), parts.next())
    else {
        return word.to_string();
    };
    let bytes = if kind.eq_ignore_ascii_case("b") {
        decode_base64(text)
    } else {
        decode_quoted_printable(&text.replace('_', " "))
    };
    format!(
        "\u{0}{}\u{0}",
        String::from_utf8(bytes).expect("UTF-8 word")
    )
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'='
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            decoded.push(byte);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    decoded
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut decoded = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            decoded.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    decoded
}
