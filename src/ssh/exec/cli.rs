//! The command line of `ssh HANDLE@HOST COMMAND`, parsed with clap.

use std::sync::LazyLock;

use clap::{Arg, ArgAction, Command, CommandFactory, Parser, Subcommand};

use crate::domain::organisation::Capability;
use crate::i18n::Language;

/// Portico commands for scripts: run one with `ssh -p PORT HANDLE@HOST COMMAND`.
#[derive(Debug, Parser)]
#[command(
    name = "portico",
    no_binary_name = true,
    disable_version_flag = true,
    color = clap::ColorChoice::Never
)]
pub struct Cli {
    /// Prints JSON instead of a table; the shape is documented in docs/commands.md.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Group,
}

#[derive(Debug, Subcommand)]
pub enum Group {
    /// Shows who you are logged in as.
    Whoami,
    /// Lists and downloads documents.
    #[command(subcommand)]
    Documents(DocumentCommand),
    /// Lists contracts.
    #[command(subcommand)]
    Contracts(ContractCommand),
    /// Lists, shows, opens and answers requests.
    #[command(subcommand)]
    Requests(RequestCommand),
    /// Lists message threads, requests and general conversations.
    #[command(subcommand)]
    Messages(MessageCommand),
    /// Lists your notifications.
    #[command(subcommand)]
    Notifications(NotificationCommand),
    /// Writes a tar archive of all your data and documents to stdout, as
    /// `ssh HOST export > portico-export.tar`; with --json, only the data
    /// as JSON.
    Export,
}

#[derive(Debug, Subcommand)]
pub enum DocumentCommand {
    /// Lists documents, newest first.
    Ls {
        /// Only documents of this kind, such as invoice or contract.
        #[arg(long)]
        kind: Option<String>,
        /// Only documents issued on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Words that must all occur in the title or the text.
        #[arg(long)]
        search: Option<String>,
    },
    /// Writes a document's content, byte for byte, to stdout.
    Get {
        /// The document id from `documents ls`.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Lists contracts.
    Ls,
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Lists requests.
    Ls {
        /// Only requests in this state, such as new or waiting-for-customer.
        #[arg(long)]
        state: Option<String>,
        /// Only requests that are still open.
        #[arg(long)]
        open: bool,
    },
    /// Shows one request with its messages.
    Show {
        /// The request number, such as R-2026-000123.
        number: String,
    },
    /// Opens a request; the message body is read from stdin.
    New {
        /// The subject line.
        #[arg(long)]
        subject: String,
        /// The category, such as billing or technical; other when absent.
        #[arg(long)]
        category: Option<String>,
        /// A random key, 16 to 64 letters, digits, - or _, that opens the
        /// request at most once however often the command is repeated with it.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
    /// Replies to a request; the message is read from stdin.
    Reply {
        /// The request number, such as R-2026-000123.
        number: String,
        /// A random key, 16 to 64 letters, digits, - or _, that stores the
        /// reply at most once however often the command is repeated with it.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MessageCommand {
    /// Lists message threads.
    Ls {
        /// Only threads with messages you have not read.
        #[arg(long)]
        unread: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotificationCommand {
    /// Lists notifications, newest first.
    Ls,
}

impl Group {
    /// Returns whether the command changes data, so that a read-only
    /// credential must not run it.
    /// Returns the command's words without its arguments, such as
    /// "documents ls", for the audit trail.
    pub fn name(&self) -> &'static str {
        match self {
            Group::Whoami => "whoami",
            Group::Documents(DocumentCommand::Ls { .. }) => "documents ls",
            Group::Documents(DocumentCommand::Get { .. }) => "documents get",
            Group::Contracts(ContractCommand::Ls) => "contracts ls",
            Group::Requests(RequestCommand::Ls { .. }) => "requests ls",
            Group::Requests(RequestCommand::Show { .. }) => "requests show",
            Group::Requests(RequestCommand::New { .. }) => "requests new",
            Group::Requests(RequestCommand::Reply { .. }) => "requests reply",
            Group::Messages(MessageCommand::Ls { .. }) => "messages ls",
            Group::Notifications(NotificationCommand::Ls) => "notifications ls",
            Group::Export => "export",
        }
    }

    pub fn writes(&self) -> bool {
        matches!(
            self,
            Group::Requests(RequestCommand::New { .. } | RequestCommand::Reply { .. })
        )
    }

    /// Returns what a customer's organisation role must grant for the
    /// command, so that a role without it gets an error instead of an empty
    /// list.
    pub fn capability(&self) -> Option<Capability> {
        match self {
            Group::Requests(_) | Group::Messages(_) => Some(Capability::ReadRequests),
            Group::Contracts(_) => Some(Capability::ReadContracts),
            Group::Whoami | Group::Documents(_) | Group::Notifications(_) | Group::Export => None,
        }
    }

    /// Returns whether the command reads a message from stdin.
    pub fn reads_stdin(&self) -> bool {
        self.writes()
    }
}

/// Clap's help layout (its default template) with the usage heading as
/// a word to translate.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}";

/// Returns the command line with its help in the current language. The
/// English help comes from the doc comments of [`Cli`]; other languages
/// replace each text by the `ssh-help-*` message of the command or
/// option.
pub fn command() -> Command {
    let command = Cli::command().after_help(crate::tr!("ssh-exec-exit-codes"));
    match crate::i18n::current() {
        Language::English => command,
        language => translate(command, language, "ssh-help"),
    }
}

/// The heading of the subcommand list in each language. Clap takes it
/// only as a `&'static str`, so each is looked up once.
static COMMANDS_HEADINGS: LazyLock<Vec<(Language, String)>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .map(|language| {
            let heading = crate::i18n::text_in(language, "ssh-help-heading-commands", None);
            (language, heading)
        })
        .collect()
});

fn commands_heading(language: Language) -> &'static str {
    COMMANDS_HEADINGS
        .iter()
        .find(|(known, _)| *known == language)
        .map_or("Commands", |(_, heading)| heading.as_str())
}

/// Returns the text of help message `id` in `language`, or `None` when
/// the Fluent files have no such message.
fn help_text(language: Language, id: &str) -> Option<String> {
    let text = crate::i18n::text_in(language, id, None);
    (text != id).then_some(text)
}

/// Replaces the help texts of `command` and of its options and
/// subcommands, recursively, by the messages of `language` under `id`.
/// Clap's own words, its help flag and the "help" subcommand, are
/// replaced too; the parse errors stay in clap's English.
fn translate(command: Command, language: Language, id: &str) -> Command {
    let text = |id: &str| help_text(language, id).unwrap_or_default();
    let usage = text("ssh-help-heading-usage");
    let mut command = command
        .help_template(HELP_TEMPLATE.replace("{usage-heading}", &usage))
        .subcommand_help_heading(commands_heading(language))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("ssh-help-flag")),
        );
    if let Some(about) = help_text(language, id) {
        command = command.about(about).long_about(None::<&str>);
    }

    let options: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .filter(|name| name != "help")
        .collect();
    for name in options {
        let option_id = format!("{id}-{}", name.replace('_', "-"));
        if let Some(help) = help_text(language, &option_id) {
            command = command.mut_arg(&name, |arg| arg.help(help).long_help(None::<&str>));
        }
    }

    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|subcommand| subcommand.get_name().to_string())
        .collect();
    for name in subcommands {
        let subcommand_id = format!("{id}-{name}");
        command = command.mut_subcommand(&name, |subcommand| {
            translate(subcommand, language, &subcommand_id)
        });
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the help output of `words` with `command`.
    fn help_of(command: Command, words: &[&str]) -> String {
        match command.try_get_matches_from(words) {
            Ok(_) => panic!("{words:?} printed no help"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn english_messages_match_doc_comments() {
        // The English messages exist for completeness; the help itself
        // comes from the doc comments, and both must contain the same text.
        for words in [
            &["--help"][..],
            &["documents", "ls", "--help"],
            &["documents", "get", "--help"],
            &["requests", "reply", "--help"],
            &["requests", "new", "--help"],
            &["messages", "ls", "--help"],
            &["export", "--help"],
        ] {
            let translated = translate(Cli::command(), Language::English, "ssh-help");
            let translated = help_of(translated, words);
            let original = help_of(Cli::command(), words);
            let without_help_line = |text: &str| {
                text.lines()
                    .filter(|line| !line.contains("help"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(
                without_help_line(&translated),
                without_help_line(&original),
                "{words:?}"
            );
        }
    }

    #[test]
    fn french_help_is_french() {
        let help = crate::i18n::sync_scope(Language::French, || {
            help_of(command(), &["documents", "ls", "--help"])
        });
        assert!(help.contains("Utilisation\u{a0}: documents ls"), "{help}");
        assert!(help.contains("Liste les documents"), "{help}");
        assert!(
            help.contains("Seulement les documents de ce type"),
            "{help}"
        );
        assert!(help.contains("Affiche l’aide"), "{help}");
        assert!(!help.contains("Usage:"), "{help}");
        assert!(!help.contains("Print help"), "{help}");

        let top = crate::i18n::sync_scope(Language::French, || help_of(command(), &["--help"]));
        assert!(top.contains("Commandes:"), "{top}");
        assert!(top.contains("Liste et télécharge les documents"), "{top}");
        assert!(top.contains("Codes de sortie"), "{top}");
    }
}
