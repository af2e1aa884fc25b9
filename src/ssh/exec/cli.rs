//! The command line of `ssh HANDLE@HOST COMMAND`, parsed with clap.

use clap::{Parser, Subcommand};

/// Portico commands for scripts: run one with `ssh -p PORT HANDLE@HOST COMMAND`.
#[derive(Debug, Parser)]
#[command(
    name = "portico",
    no_binary_name = true,
    disable_version_flag = true,
    color = clap::ColorChoice::Never,
    after_help = "Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 4 not allowed."
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

    /// Returns whether the command reads a message from stdin.
    pub fn reads_stdin(&self) -> bool {
        self.writes()
    }
}
