# The frame around every screen: tab bar, status line, help overlay,
# command palette, plain mode, yes/no questions and the messages of
# commands and loads.

app-screen-dashboard = Dashboard
app-screen-documents = Documents
app-screen-requests = Requests
app-screen-messages = Messages
app-screen-preferences = Preferences
app-screen-activity = Activity
app-overlay-organisations = Organisations
app-overlay-privacy = Your data and privacy
app-enrolment-title = Set up two-factor login

# Keys that work on every screen.
app-key-next-screen = next, previous screen
app-key-screen-number = go to a screen by number
app-key-organisations = organisations: switch, members
app-key-help = show or hide this list
app-key-palette = find and run an action by name
app-key-plain-page = previous, next page of lines
app-key-plain-page-typing = the same, also in a text field
# Status line hints.
app-hint-run = run
app-hint-keys = keys

# Yes/no questions in the status line: y (or o in French) accepts.
app-question-quit = Quit Portico? y/n
app-question-discard-reply = Discard this reply? y/n
app-question-discard-request = Discard this request? y/n
app-question-end-session = End the selected session? It is closed at once. y/n
app-question-register-automation-key = Register this key? It runs commands without a code until it expires. y/n
app-question-revoke-automation-key = Revoke the selected automation key? Jobs using it stop at once. y/n

# The help overlay and the window size check.
app-help-title = Keys: { $screen }
app-help-footer = Esc or ? closes this list
# The count under a key list taller than the window, before app-help-scroll.
app-help-more-below = { $count ->
    [one] ▼ { $count } more key below.
   *[other] ▼ { $count } more keys below.
}
app-help-more-above = { $count ->
    [one] ▲ { $count } key above.
   *[other] ▲ { $count } keys above.
}
app-help-more = ▲ { $above } above, ▼ { $below } below.
# The scroll keys, after the count of keys above and below or on a row of
# their own.
app-help-scroll = ↑ ↓ PgUp PgDn to scroll.
app-too-small = Window too small: { $min_cols }x{ $min_rows } needed, this one is { $cols }x{ $rows }. Enlarge it to go on.
# The prefix of errors in the status line.
app-error = Error: { $text }

# The command palette.
app-palette-title = Run an action
app-palette-find = Find:
app-palette-no-match = No action matches.
app-palette-plain = Run an action. Find: { $query }
app-palette-go-to = go to { $screen }
app-palette-key-move = move between matches
app-palette-key-run = run the action

# The plain linear mode for screen readers.
# The heading while a view is open inside a screen, such as
# "Notifications, in Dashboard, screen 1 of 6".
app-plain-heading-view = { $view }, in { $screen }, screen { $number } of { $count }. ? keys, : actions
app-plain-heading = { $screen }, screen { $number } of { $count }. ? keys, : actions
app-plain-keys = Keys
app-plain-key = { $key }: { $action }
# The position of the focused item, such as "3 of 12".
app-plain-position = { $number } of { $count }
# Paging a plain view taller than the window. $back and $forward name the
# paging keys, such as [ and ].
app-plain-hidden = { $count ->
    [one] { $count } earlier line hidden. Press { $back } and { $forward } to read it.
   *[other] { $count } earlier lines hidden. Press { $back } and { $forward } to read them.
}
app-plain-page = Page { $page } of { $pages }. { $back } earlier, { $forward } later, Esc to the focus.

# Lists.
app-list-filter = filter "{ $text }"
app-list-filter-field = Filter:

# Screens waiting for their data.
app-could-not-load-screen = Could not load this screen; see the error below.
# A failed load: $what is one of the app-load-... names below.
app-load-failed = could not load { $what }: { $message }
app-load-dashboard = the dashboard
app-load-documents = the documents
app-load-contracts = the contracts
app-load-document = the document
app-load-requests = the requests
app-load-request = the request
app-load-messages = the messages
app-load-profile = the profile
app-load-recovery-codes = the recovery codes
app-load-activity = the activity
app-load-notifications = the notifications
app-load-help-articles = the help articles
app-load-organisations = your organisations
app-load-members = the members
app-load-privacy = the privacy information
app-load-notification-settings = the notification settings
app-load-automation-keys = the automation keys

# The database connection and the idle timeout.
app-database-lost = Connection to the database lost; retrying…
app-database-restored = Connection to the database restored.
app-idle-warning = No key pressed for a while: this session closes in { $secs } seconds unless you press a key.

# Another agent works in the request an agent has open.
app-another-agent = Another agent
app-agent-typing = { $name } is writing in this request.
app-agent-answered = { $name } has just answered this request.

# Errors of commands and loads.
app-error-not-found = { $what } was not found
app-error-forbidden = not allowed: { $reason }
app-error-database = the database is not available, try again in a moment
app-error-internal = an internal error occurred: { $detail }
app-error-enrol-first = set up your authenticator app first
app-error-already-enrolled = this account already has an authenticator app
app-note-saved = Internal note saved.
app-automation-key-registered = Automation key { $fingerprint } registered.
app-automation-key-revoked = Automation key { $fingerprint } revoked; it no longer logs in.

# Request states, request categories and document kinds.
