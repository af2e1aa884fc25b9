//! Commands for scripts over `ssh -p PORT HANDLE@HOST COMMAND`, in the
//! style of `ssh git@github.com`: the exec line is split like a shell would
//! split it, parsed with clap and run through the service layer with the
//! session's principal.
//!
//! Output is a plain table, or JSON with `--json` (docs/commands.md). No
//! escape sequences are written. Errors go to stderr as one line, and the
//! exit status is one of the `EXIT_*` codes.

mod account;
pub mod cli;
mod documents;
mod requests;
mod table;
mod usage;

use std::time::Duration;

use clap::FromArgMatches;
use clap::error::ErrorKind;
use russh::server::Msg;
use russh::{ChannelMsg, ChannelReadHalf, ChannelWriteHalf};
use tokio::time::timeout;
use tracing::info;

use self::cli::{Cli, Group};
use super::session::SessionContext;
use crate::domain::Principal;
use crate::domain::organisation::Capability;
use crate::domain::text::{escape_for_log, sanitize, sanitize_line};
use crate::service::export_guard::LoginFactor;
use crate::service::{Portal, ServiceError};

pub const EXIT_SUCCESS: u32 = 0;
pub const EXIT_FAILURE: u32 = 1;
pub const EXIT_USAGE: u32 = 2;
pub const EXIT_NOT_FOUND: u32 = 3;
pub const EXIT_NOT_ALLOWED: u32 = 4;

/// Maximum size of a message read from stdin, in bytes.
const MAX_STDIN_BYTES: usize = 256 * 1024;
/// Time allowed for the client to send stdin and its end.
const STDIN_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a command failed; each maps to one exit code.
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    NotFound(String),
    NotAllowed(String),
    Failed(String),
}

impl Failure {
    fn status(&self) -> u32 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::NotFound(_) => EXIT_NOT_FOUND,
            Failure::NotAllowed(_) => EXIT_NOT_ALLOWED,
            Failure::Failed(_) => EXIT_FAILURE,
        }
    }

    fn message(&self) -> &str {
        match self {
            Failure::Usage(text)
            | Failure::NotFound(text)
            | Failure::NotAllowed(text)
            | Failure::Failed(text) => text,
        }
    }
}

impl From<ServiceError> for Failure {
    fn from(error: ServiceError) -> Failure {
        // In the caller's language; the English `Display` is for logs.
        let text = super::effects::message_of(&error);
        match error {
            ServiceError::NotFound(_) => Failure::NotFound(text),
            ServiceError::Forbidden(_) => Failure::NotAllowed(text),
            _ => Failure::Failed(text),
        }
    }
}

/// The result of one command: bytes for stdout, one line for stderr and
/// the exit status.
#[derive(Debug, Default)]
pub struct Reply {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub status: u32,
}

impl Reply {
    fn failed(failure: &Failure) -> Reply {
        Reply {
            stdout: Vec::new(),
            stderr: format!("portico: {}\n", sanitize_line(failure.message())),
            status: failure.status(),
        }
    }
}

/// The caller of a command and what its credential allows.
pub struct Caller<'a> {
    pub portal: &'a Portal,
    pub principal: &'a Principal,
    /// False for a read-only automation key: commands that write are
    /// rejected with exit code 4.
    pub may_write: bool,
    /// How the connection logged in, which decides whether it may export.
    pub login_factor: LoginFactor,
    /// Maximum time between the login's second factor and an export.
    pub export_factor_max_age: Duration,
}

/// Parses an exec line. `Err` carries the reply for help output and usage
/// errors.
pub fn parse(line: &[u8]) -> Result<Cli, Reply> {
    let usage = |text: String| Reply::failed(&Failure::Usage(text));
    let Ok(line) = std::str::from_utf8(line) else {
        return Err(usage(crate::tr!("ssh-exec-not-utf8")));
    };
    let Some(words) = shlex::split(line) else {
        return Err(usage(crate::tr!("ssh-exec-unterminated-quote")));
    };
    let words = if words.first().map(String::as_str) == Some("help") {
        // `help documents ls` reads as `documents ls --help`, and `help`
        // alone as `--help`.
        let mut rest: Vec<String> = words[1..].to_vec();
        rest.push("--help".to_string());
        rest
    } else {
        words
    };
    let parsed = cli::command()
        .try_get_matches_from(&words)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|error| match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Reply {
            stdout: error.to_string().into_bytes(),
            stderr: String::new(),
            status: EXIT_SUCCESS,
        },
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Reply {
            stdout: error.to_string().into_bytes(),
            stderr: format!("portico: {}\n", crate::tr!("ssh-exec-command-missing")),
            status: EXIT_USAGE,
        },
        _ => usage(usage::usage_error(&error, &words)),
    })
}

/// Runs a parsed command with `stdin` as its input.
pub async fn execute(caller: &Caller<'_>, cli: Cli, stdin: &[u8]) -> Reply {
    if cli.command.writes() && !caller.may_write {
        return Reply::failed(&Failure::NotAllowed(crate::tr!("ssh-exec-read-only")));
    }
    if let Some(refusal) = role_refusal(caller.principal, &cli.command) {
        return Reply::failed(&refusal);
    }
    let name = cli.command.name();
    if let Err(error) = caller.portal.audit_command(caller.principal, name).await {
        return Reply::failed(&Failure::from(error));
    }
    let json = cli.json;
    let result = match cli.command {
        Group::Whoami => account::whoami(caller, json).await,
        Group::Documents(command) => documents::run(caller, command, json).await,
        Group::Contracts(_) => documents::contracts(caller, json).await,
        Group::Requests(command) => requests::run(caller, command, json, stdin).await,
        Group::Messages(cli::MessageCommand::Ls { unread }) => {
            requests::threads(caller, unread, json).await
        }
        Group::Notifications(_) => account::notifications(caller, json).await,
        Group::Export => account::export(caller, json).await,
    };
    match result {
        Ok(stdout) => Reply {
            stdout,
            stderr: String::new(),
            status: EXIT_SUCCESS,
        },
        Err(failure) => Reply::failed(&failure),
    }
}

/// Refuses a command that the caller's role in the organisation does not
/// include, naming what the role lacks. Staff hold no organisation role and
/// are scoped by the store instead.
fn role_refusal(principal: &Principal, command: &Group) -> Option<Failure> {
    let capability = command.capability()?;
    if principal.role_allows(capability) {
        return None;
    }
    let text = match capability {
        Capability::ReadContracts => crate::tr!("contracts-role-cannot-read"),
        _ => crate::tr!("requests-role-cannot-read"),
    };
    Some(Failure::NotAllowed(text))
}

/// Serves one exec channel: parses, reads stdin when the command takes
/// it, runs the command and sends the reply and exit status.
pub async fn serve(
    mut reader: ChannelReadHalf,
    writer: &ChannelWriteHalf<Msg>,
    context: &SessionContext,
    line: &[u8],
    may_write: bool,
) {
    let shown = escape_for_log(&String::from_utf8_lossy(line));
    let reply = if context.enrolment_pending {
        Reply::failed(&Failure::NotAllowed(crate::tr!(
            "ssh-exec-enrol-first",
            handle = &context.principal.handle
        )))
    } else {
        match parse(line) {
            Err(reply) => reply,
            Ok(cli) => {
                let stdin = if cli.command.reads_stdin() {
                    read_stdin(&mut reader).await
                } else {
                    Ok(Vec::new())
                };
                match stdin {
                    Ok(stdin) => {
                        let caller = Caller {
                            portal: &context.shared.portal,
                            principal: &context.principal,
                            may_write,
                            login_factor: context.login_factor,
                            export_factor_max_age: context.shared.limits.export_factor_max_age,
                        };
                        execute(&caller, cli, &stdin).await
                    }
                    Err(failure) => Reply::failed(&failure),
                }
            }
        }
    };
    info!(handle = %context.principal.handle, command = %shown, status = reply.status, "command run");
    if !reply.stdout.is_empty() {
        let _ = writer.data(&reply.stdout[..]).await;
    }
    if !reply.stderr.is_empty() {
        let _ = writer.extended_data(1, reply.stderr.as_bytes()).await;
    }
    let _ = writer.exit_status(reply.status).await;
    let _ = writer.eof().await;
    let _ = writer.close().await;
}

/// Reads the channel's data until the client's end of input.
async fn read_stdin(reader: &mut ChannelReadHalf) -> Result<Vec<u8>, Failure> {
    let mut input = Vec::new();
    loop {
        let message = match timeout(STDIN_TIMEOUT, reader.wait()).await {
            Ok(message) => message,
            Err(_) => {
                return Err(Failure::Failed(crate::tr!(
                    "ssh-exec-stdin-timeout",
                    seconds = STDIN_TIMEOUT.as_secs()
                )));
            }
        };
        match message {
            Some(ChannelMsg::Data { data }) => {
                if input.len() + data.len() > MAX_STDIN_BYTES {
                    return Err(Failure::Usage(crate::tr!(
                        "ssh-exec-stdin-too-large",
                        bytes = MAX_STDIN_BYTES
                    )));
                }
                input.extend_from_slice(&data);
            }
            Some(ChannelMsg::Eof) | Some(ChannelMsg::Close) | None => return Ok(input),
            Some(_) => {}
        }
    }
}

/// Returns stdin as text, or a usage failure when it is not UTF-8.
/// Builds the usage error for an option value that is not one of
/// `names`. `what` is the message id of the option's name.
fn invalid_choice(what: &str, value: &str, names: &[&str]) -> Failure {
    Failure::Usage(tr!(
        "texts-error-invalid-choice",
        what = crate::i18n::text(what),
        value = format!("{:?}", sanitize_line(value)),
        names = names.join(", ")
    ))
}

fn stdin_text(stdin: &[u8]) -> Result<String, Failure> {
    String::from_utf8(stdin.to_vec())
        .map_err(|_| Failure::Usage(crate::tr!("ssh-exec-stdin-not-utf8")))
}

/// Serializes `value` as pretty JSON with a final newline, every string
/// sanitized first. serde_json escapes only the C0 control characters, so
/// C1 controls and bidi overrides in stored text would reach the terminal.
fn to_json(value: &serde_json::Value) -> Result<Vec<u8>, Failure> {
    let mut bytes = serde_json::to_vec_pretty(&sanitized(value)).map_err(|error| {
        Failure::Failed(crate::tr!(
            "ssh-exec-json-failed",
            error = error.to_string()
        ))
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Returns `value` with [`sanitize`] applied to every string and key,
/// keeping line breaks.
fn sanitized(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(sanitize(text, true)),
        Value::Array(items) => Value::Array(items.iter().map(sanitized).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, field)| (sanitize_line(key), sanitized(field)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_language() {
        use crate::i18n::{Language, sync_scope};

        let Err(english) = parse(b"nosuch") else {
            panic!("nosuch parsed");
        };
        assert!(
            english
                .stderr
                .ends_with("; run help for the list of commands\n"),
            "{}",
            english.stderr
        );
        let Err(french) = sync_scope(Language::French, || parse(b"nosuch")) else {
            panic!("nosuch parsed");
        };
        assert!(
            french
                .stderr
                .contains("lancez help pour la liste des commandes"),
            "{}",
            french.stderr
        );
        assert_eq!(french.status, EXIT_USAGE);

        let Err(help) = sync_scope(Language::French, || parse(b"help")) else {
            panic!("help parsed");
        };
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        assert!(help.contains("Codes de sortie\u{a0}: 0 succès"), "{help}");
        let Err(help) = parse(b"--help") else {
            panic!("--help parsed");
        };
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        assert!(help.contains("Exit codes: 0 success"), "{help}");
    }

    #[test]
    fn command_names_omit_arguments() {
        for (line, name) in [
            ("whoami", "whoami"),
            ("documents ls --kind invoice", "documents ls"),
            ("documents get 7", "documents get"),
            ("contracts ls", "contracts ls"),
            ("messages ls --unread", "messages ls"),
            ("notifications ls", "notifications ls"),
        ] {
            let Ok(cli) = parse(line.as_bytes()) else {
                panic!("{line} does not parse");
            };
            assert_eq!(cli.command.name(), name, "{line}");
        }
    }

    #[test]
    fn json_output_has_no_terminal_controls() {
        let value = serde_json::json!({
            "title": "Invoice\u{9b}6n\u{202e}gpj.exe",
            "lines": ["one\ntwo", "\u{1b}[2J"],
            "amount": 1250,
        });
        let text = String::from_utf8(to_json(&value).expect("JSON")).expect("UTF-8");
        assert!(!text.contains('\u{9b}'), "{text}");
        assert!(!text.contains('\u{202e}'), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed["title"], "Invoice6ngpj.exe");
        assert_eq!(parsed["lines"][0], "one\ntwo");
        assert_eq!(parsed["amount"], 1250);
    }
}
