# The Activity screen: open sessions, login history and recent actions.

activity-title = Activity
activity-sessions-title = Open sessions: { $count }
# The open sessions' title while that table has the keyboard.
activity-sessions-title-focused = Open sessions: { $count } · e end · ← → switch
activity-no-sessions = No open sessions.
activity-this-session = this session
activity-current-session = This is the current session: press q to quit it.
activity-session-ended = Session ended.
activity-column-started = Started
# The time of a session's last key press.
activity-column-last-key = Last key
activity-column-peer = Peer address
activity-column-time = Time
activity-column-method = Method
activity-column-outcome = Outcome
activity-column-action = Action
activity-column-target = Target
activity-column-detail = Detail
activity-logins-title = Login history: { $count }
activity-logins-title-focused = Login history: { $count } · ← → switch
activity-no-logins = No logins recorded.
activity-actions-title = Recent actions: { $count }
activity-actions-title-focused = Recent actions: { $count } · ← → switch
activity-no-actions = No actions recorded.
# The line under the login table: the SSH key and client of the selected login.
activity-login-detail = Selected: key { $key } · client { $client }
activity-no-client = not recorded

# Login methods as the login history stores them.
activity-method-password = password
activity-method-publickey = publickey
activity-method-totp = totp
activity-method-recovery-code = recovery-code
activity-method-enrolment = enrolment
activity-method-reset-code = reset-code

# Login outcomes as the login history stores them.
activity-outcome-login = login
activity-outcome-success = success
activity-outcome-accepted = accepted
activity-outcome-first-factor-accepted = first factor accepted
activity-outcome-rejected = rejected
activity-outcome-code-already-used = rejected: code already used
activity-outcome-no-first-factor = rejected: no first factor
activity-outcome-answer-count = rejected: answer count
activity-outcome-answer-too-long = rejected: answer too long
activity-outcome-factor-suspended = rejected: factor suspended
activity-outcome-throttled = rejected: throttled

# Recent actions as the audit trail stores them, one description for each
# action the portal writes; the id is activity-action- and the stored name.
activity-action-login = Login
activity-action-login-failed = Login failed
activity-action-unusual-login = Login from a new place
activity-action-session-ended = Session ended
activity-action-sessions-ended = Open sessions ended
activity-action-password-changed = Password changed
activity-action-password-change-refused = Password change refused
activity-action-password-hash-upgraded = Password storage upgraded
activity-action-reset-code-used = Reset code used
activity-action-recovery-code-used = Recovery code used
activity-action-recovery-codes-regenerated = New recovery codes issued
activity-action-totp-enrolled = Authenticator app set up
activity-action-totp-reenrolled = Authenticator app replaced
activity-action-totp-replay-rejected = Reused authenticator code rejected
activity-action-totp-secrets-encrypted = Authenticator secrets encrypted
activity-action-second-factor-check-failed = Second factor check failed
activity-action-factor-suspended = Login factor suspended
activity-action-profile-changed = Profile changed
activity-action-display-preferences-changed = Display settings changed
activity-action-regional-preferences-changed = Language and region settings changed
activity-action-notification-preferences-changed = Notification settings changed
activity-action-email-change-requested = Email address change requested
activity-action-email-changed = Email address changed
activity-action-email-change-refused = Email address change refused
activity-action-phone-change-requested = Phone number change requested
activity-action-phone-changed = Phone number changed
activity-action-phone-change-refused = Phone number change refused
activity-action-consent-given = Consent given
activity-action-consent-withdrawn = Consent withdrawn
activity-action-automation-key-added = Automation key added by an operator
activity-action-automation-key-registered = Automation key registered
activity-action-automation-key-used = Automation key used
activity-action-automation-key-rejected = Automation key rejected
activity-action-automation-key-revoked = Automation key revoked
activity-action-automation-key-expired = Automation key expired
activity-action-automation-key-expiry-notified = Automation key expiry announced
activity-action-organisation-switched = Organisation switched
activity-action-member-invited = Member invited
activity-action-member-role-changed = Member's role changed
activity-action-member-revoked = Member's access revoked
activity-action-request-opened = Request opened
activity-action-request-state-changed = Request status changed
activity-action-request-assigned = Request assigned
activity-action-request-priority-set = Request priority set
activity-action-request-rated = Request rated
activity-action-participant-added = Participant added to a request
activity-action-document-attached = Document attached to a request
activity-action-document-uploaded = Document uploaded
activity-action-document-added = Document added by an operator
activity-action-document-downloaded = Document downloaded
activity-action-document-deleted = Document deleted
activity-action-legal-hold-set = Document put under legal hold
activity-action-legal-hold-released = Legal hold released
activity-action-command-run = Command run over SSH
activity-action-personal-data-exported = Personal data exported
activity-action-export-refused = Export refused
activity-action-erasure-requested = Account erasure requested
activity-action-account-erased = Account erased
activity-action-deadline-warned = Deadline warning sent
activity-action-outbox-retried = Notification delivery retried
activity-action-user-added = Account added
activity-action-user-reset = Account reset by an operator
activity-action-user-disabled = Account disabled
activity-action-user-enabled = Account enabled
activity-action-key-added = SSH key added
activity-action-users-listed = Accounts listed
activity-action-audit-verified = Audit trail verified
activity-action-audit-exported = Audit trail exported
# An action this version does not write, such as one an older version
# recorded; $name is its stored name with spaces for - _ and .
activity-action-unknown = Other action: { $name }
activity-action-unnamed = Other action

# Plain mode lines.
activity-plain-session = Session from { $peer }, started { $started }, last key { $last }
activity-plain-login = Login by { $method } from { $peer }, { $time }

activity-key-switch = switch between sessions, logins and actions
activity-key-end = end the selected session
activity-key-first-last = first, last entry

# The alert sent when an account logs in from a network or with a key it
# has not used in the last 90 days.
activity-new-place-title = Login from a new place
activity-new-place-network = Your account logged in from the network { $network }, which it has not used in the last 90 days (address { $peer }). If this was not you, change your password in Preferences and check the Activity screen.
activity-new-place-key = Your account logged in with the key { $key }, which it has not used in the last 90 days (address { $peer }). If this was not you, change your password in Preferences and check the Activity screen.
activity-new-place-network-key = Your account logged in from the network { $network } and with the key { $key }, which it has not used in the last 90 days (address { $peer }). If this was not you, change your password in Preferences and check the Activity screen.

activity-session-not-found = open session { $id }
