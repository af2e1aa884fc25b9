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
# $error is the command-line parser's message, in English.
ssh-exec-usage = { $error }; run help for the list of commands
ssh-exec-invalid-command = invalid command
ssh-exec-read-only = this key is read-only and cannot run commands that change data
ssh-exec-enrol-first = set up your second factor first: connect with ssh -t { $handle }@HOST
ssh-exec-stdin-timeout = no end of input within { $seconds } seconds; pipe the message in, such as: command < file
ssh-exec-stdin-too-large = the input is larger than { $bytes } bytes
ssh-exec-stdin-not-utf8 = the input is not valid UTF-8 text
ssh-exec-json-failed = cannot write JSON: { $error }
# The last line of `ssh HOST help`.
ssh-exec-exit-codes = Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 4 not allowed.
