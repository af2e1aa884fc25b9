# Texts of the SSH layer outside the screens: the login prompts, the
# lines written to a channel before or after the full-screen session, and
# the exec commands' messages.

# The keyboard-interactive login; the code puts a space after each prompt.
ssh-login-name = Portico two-factor login
ssh-login-second-factor = Authenticator code (6 digits) or recovery code:
ssh-login-enrol = This account has no authenticator app yet. Press Enter to set one up:

ssh-needs-terminal = Portico is a full-screen application and needs a terminal: connect with ssh -t { $handle }@HOST
ssh-automation-shell = automation keys may only run commands, such as: ssh HOST documents ls
ssh-enrolment-unavailable = Portico cannot start enrolment right now; try again later.
ssh-idle-closed = Portico closed this session after a period without keys.
# $reason is stored in English, such as "ended by the user from another session".
ssh-session-ended = Portico ended this session: { $reason }.

# Exec commands, `ssh HOST COMMAND`. Errors are printed after "portico: ".
ssh-exec-not-utf8 = the command is not valid UTF-8
ssh-exec-unterminated-quote = the command has an unterminated quote or escape
ssh-exec-command-missing = a command is missing; see the list above
# $error says what is wrong in the command line.
ssh-exec-usage = { $error }; run help for the list of commands
ssh-exec-invalid-command = invalid command
ssh-exec-usage-line = { $error }; usage: { $usage }
ssh-exec-unknown-argument = unexpected argument "{ $argument }"
ssh-exec-unknown-argument-suggested = unexpected argument "{ $argument }" (did you mean { $suggested }?)
ssh-exec-unknown-command = unknown command "{ $command }"
ssh-exec-unknown-command-suggested = unknown command "{ $command }" (did you mean { $suggested }?)
ssh-exec-missing-value = { $option } needs a value
ssh-exec-invalid-value = invalid value "{ $value }" for { $option }
ssh-exec-invalid-value-choices = invalid value "{ $value }" for { $option }: expected one of { $choices }
ssh-exec-missing-argument = missing required argument { $arguments }
ssh-exec-missing-command = { $command } needs a command: { $commands }
ssh-exec-argument-conflict = { $argument } cannot be used with { $other }
ssh-exec-read-only = this key is read-only and cannot run commands that change data
ssh-exec-enrol-first = set up your second factor first: connect with ssh -t { $handle }@HOST
ssh-exec-stdin-timeout = no end of input within { $seconds } seconds; pipe the message in, such as: command < file
ssh-exec-stdin-too-large = the input is larger than { $bytes } bytes
ssh-exec-stdin-not-utf8 = the input is not valid UTF-8 text
ssh-exec-json-failed = cannot write JSON: { $error }
# The last line of `ssh HOST help`.
ssh-exec-exit-codes = Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 4 not allowed.

# Help of the exec commands, `ssh HOST help`: one text per command, as
# ssh-help-COMMAND-SUBCOMMAND, and per option, as ssh-help-COMMAND-OPTION.
ssh-help-heading-usage = Usage:
ssh-help-heading-commands = Commands
ssh-help-flag = Print help
ssh-help = Portico commands for scripts: run one with `ssh -p PORT HANDLE@HOST COMMAND`
ssh-help-json = Prints JSON instead of a table; the shape is documented in docs/commands.md
ssh-help-whoami = Shows who you are logged in as
ssh-help-documents = Lists and downloads documents
ssh-help-documents-ls = Lists documents, newest first
ssh-help-documents-ls-kind = Only documents of this kind, such as invoice or contract
ssh-help-documents-ls-since = Only documents issued on or after this date (YYYY-MM-DD)
ssh-help-documents-ls-search = Words that must all occur in the title or the text
ssh-help-documents-get = Writes a document's content, byte for byte, to stdout
ssh-help-documents-get-id = The document id from `documents ls`
ssh-help-contracts = Lists contracts
ssh-help-contracts-ls = Lists contracts
ssh-help-requests = Lists, shows, opens and answers requests
ssh-help-requests-ls = Lists requests
ssh-help-requests-ls-state = Only requests in this state, such as new or waiting-for-customer
ssh-help-requests-ls-open = Only requests that are still open
ssh-help-requests-show = Shows one request with its messages
ssh-help-requests-show-number = The request number, such as R-2026-000123
ssh-help-requests-new = Opens a request; the message body is read from stdin
ssh-help-requests-new-subject = The subject line
ssh-help-requests-new-category = The category, such as billing or technical; other when absent
ssh-help-requests-reply = Replies to a request; the message is read from stdin
ssh-help-requests-reply-number = The request number, such as R-2026-000123
ssh-help-requests-reply-idempotency-key = A random key, 16 to 64 letters, digits, - or _, that stores the reply at most once however often the command is repeated with it
ssh-help-messages = Lists message threads, requests and general conversations
ssh-help-messages-ls = Lists message threads
ssh-help-messages-ls-unread = Only threads with messages you have not read
ssh-help-notifications = Lists your notifications
ssh-help-notifications-ls = Lists notifications, newest first
ssh-help-export = Writes a tar archive of all your data and documents to stdout, as `ssh HOST export > portico-export.tar`; with --json, only the data as JSON
