# Validation errors of user-entered text. $field is one of the
# texts-field-* names below, or another message's field name.
texts-error-missing = { $field } is missing: type at least one character
texts-error-too-long = { $field } is too long: { $count } characters, at most { $max } allowed
# $handle and $email come quoted, such as "Alice".
texts-error-invalid-handle = invalid handle { $handle }: use 2 to 32 lowercase letters, digits, '.', '-' or '_', starting with a letter
texts-error-invalid-email = invalid email { $email }: expected an address such as name@example.com

# Names of checked values, as they read inside the errors above.
texts-field-name = the name
texts-field-title = the title
texts-field-file-name = the file name
texts-field-key-name = the key name
texts-field-reply = the reply

# A customer without a role in the current organisation.
texts-role-none = none
# $role is the customer's role in the organisation, $member the name of
# the member role.
texts-error-role-cannot-write = your role in this organisation ({ $role }) cannot change requests: ask an owner for the { $member } role

# A script sent an idempotency key (--key) that another write used.
texts-error-idempotency-key-taken = idempotency key { $key } was already used for another write; choose a new random key

# Uploads of files; $size and $max are in bytes, max_document_bytes is
# the setting that sets the limit.
texts-error-file-too-large = the file is too large: { $size } bytes, the limit is { $max } bytes (max_document_bytes)
texts-error-file-empty = the file is empty
texts-error-upload-customers-only = only customers upload documents to their requests
texts-error-upload-closed = this request is closed: open a new request to send documents
texts-upload-message = Sent { $title } ({ $size }) by SFTP; it is attached to this request.

# Setting up two-factor login again after an operator reset.
texts-error-no-pending-reset = this account has no pending reset: change the password in Preferences
texts-error-password-first = set a new password first, then the authenticator app
texts-error-enrolment-code-wrong = that code does not match: type the 6 digits your app shows now
texts-error-already-enrolled = this account already has a second factor

# Why Portico ended a session, shown after "Portico ended this session:".
texts-session-ended-restart = the service is restarting; connect again in a moment
texts-session-ended-reset = account reset by an operator
texts-session-ended-disabled = account disabled by an operator
texts-session-ended-role-changed = organisation role changed
texts-session-ended-access-revoked = organisation access revoked
texts-session-ended-erased = account erased
texts-session-ended-password-changed = password changed
texts-session-ended-app-replaced = authenticator app replaced
texts-session-ended-by-user = ended by the user from another session

# Status messages of the SFTP server, shown by SFTP clients.
texts-sftp-invalid-path = invalid path
texts-sftp-no-such-file = no such file or folder
texts-sftp-too-many-files = too many open files: at most { $max }
texts-sftp-not-a-folder = not a folder
# $max is in bytes.
texts-sftp-file-too-large = the file is too large: the limit is { $max } bytes
texts-sftp-unsupported = not supported by this server
texts-sftp-invalid-handle = invalid handle
texts-sftp-read-only-upload-here = read-only: upload into /uploads/REQUEST/ instead
texts-sftp-upload-failed = the upload already failed
texts-sftp-invalid-offset = invalid offset
texts-sftp-read-only = read-only
texts-sftp-no-delete = documents cannot be deleted over SFTP
texts-sftp-no-mkdir = folders cannot be created
texts-sftp-no-rmdir = folders cannot be removed
texts-sftp-no-rename = files cannot be renamed
texts-sftp-no-links = there are no links
texts-sftp-no-symlink = links cannot be created

# Invalid values of command-line options and dates. $value comes quoted;
# $names lists the accepted values, which stay as typed.
texts-error-invalid-choice = invalid { $what } { $value }: expected one of { $names }
texts-error-invalid-date = invalid { $what } { $value }: expected a date as YYYY-MM-DD, such as 2026-03-01
texts-option-request-state = request state
texts-option-document-kind = document kind
texts-option-since-date = --since date

# Disconnect messages, which SSH clients print after the connection
# closes. $reason is one of the texts-session-ended-* reasons.
texts-disconnect-server-stopping = the server is stopping
texts-disconnect-session-ended = session ended: { $reason }
texts-disconnect-max-length = the session reached its maximum length; log in again
