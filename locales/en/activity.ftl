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
