# Preferences: the profile, its forms, the display and notification
# settings, the password rules and the account commands over SSH.

preferences-title = Preferences
preferences-still-loading = The profile is still loading.
preferences-handle = Handle
preferences-name = Name
preferences-email = Email
preferences-role = Role
preferences-organisation = Organisation
preferences-organisation-none = none
preferences-totp = TOTP (two-factor)
preferences-totp-enrolled = enrolled
preferences-totp-not-enrolled = not enrolled
preferences-recovery-codes = Recovery codes
# The number of unused recovery codes.
preferences-codes-left = { $count } left
preferences-last-login = Last login
preferences-never = never
# One profile fact in the plain mode, such as "Role: customer".
preferences-fact = { $label }: { $value }
preferences-plain-keys = Keys: e edit name and email, p change password, r new recovery codes, a new authenticator app, k automation keys

preferences-key-edit = edit name and email
preferences-key-password = change password
preferences-key-recovery = new recovery codes
preferences-key-app = new authenticator app
preferences-key-automation = automation keys
preferences-key-privacy = your data and privacy: consents, export, erasure
preferences-key-notifications = notification settings
preferences-key-display = display: theme and plain mode
preferences-key-regional = time zone, date format and language
preferences-key-automation-scripts = automation keys for scripts
# The key a under the profile, where a line has little room.
preferences-hint-app = new authenticator app

preferences-edit-title = Edit name and email
preferences-password-title = Change password
preferences-current-password = Current password
preferences-new-password = New password
preferences-new-password-again = New password again
preferences-code = Authenticator or recovery code
preferences-name-missing = The name is missing; type the name others should see.
preferences-current-password-missing = Type your current password first.
preferences-new-password-missing = The new password is missing.
preferences-passwords-differ = The two new passwords differ; type the same new password twice.
preferences-code-missing = The code is missing; type the code your authenticator app shows now, or an unused recovery code.
preferences-profile-saved = Profile saved.
preferences-password-changed = Password changed.

# Service errors and alerts of the account.
# What was not found: "account alice was not found".
preferences-account = account { $handle }
preferences-email-needs-code = a new email address must be confirmed with a code sent to it: press n then m in Preferences to change it
preferences-current-password-wrong = the current password is wrong
preferences-alert-password-title = Password changed
preferences-alert-password-body = Your password was changed. If this was not you, contact your operator.

# Rejections of a new password.
preferences-password-too-short = the password is too short: { $count ->
        [one] { $count } character
       *[other] { $count } characters
    }, at least { $min } needed
preferences-password-too-long = the password is too long: at most { $bytes } bytes of UTF-8, which is at least { $chars } characters
preferences-password-control = the password contains a control character such as a tab or a line break: use printable characters and spaces only
preferences-password-service-name = the password must not contain the name of this service, { $service }
preferences-password-handle = the password must not contain your account's handle
preferences-password-email = the password must not contain your email address
# $reason is one of the preferences-password-warning-* clauses.
preferences-password-too-common = the password is too common or too easy to guess ({ $reason }): try a few unrelated words
preferences-password-guessable = it is too easy to guess
preferences-password-warning-rows = straight rows of keys are easy to guess
preferences-password-warning-keyboard = short keyboard patterns are easy to guess
preferences-password-warning-repeats = repeats like "aaa" are easy to guess
preferences-password-warning-repeated-groups = repeats like "abcabcabc" are only slightly harder to guess than "abc"
preferences-password-warning-top10 = this is a top-10 common password
preferences-password-warning-top100 = this is a top-100 common password
preferences-password-warning-common = this is a very common password
preferences-password-warning-similar = this is similar to a commonly used password
preferences-password-warning-sequences = sequences like abc or 6543 are easy to guess
preferences-password-warning-years = recent years are easy to guess
preferences-password-warning-word = a word by itself is easy to guess
preferences-password-warning-dates = dates are often easy to guess
preferences-password-warning-names = names and surnames by themselves are easy to guess
preferences-password-warning-common-names = common names and surnames are easy to guess

# Display: theme and plain mode.
preferences-display-title = Display
preferences-display-theme = Theme { $name }
preferences-display-plain = Plain mode for screen readers
preferences-display-saved = Display settings saved.
preferences-display-key-first-last = first, last row
preferences-display-key-choose = choose the theme, or turn plain mode on or off
preferences-display-theme-invalid = invalid theme name "{ $name }": use letters, digits and dashes, at most { $max } characters

# Notification settings: the kinds of notification and their channels.
preferences-kind-status-change = Status change
preferences-kind-new-message = New message
preferences-kind-new-document = New document
preferences-kind-deadline = Deadline
preferences-kind-security-alert = Security alert
preferences-notify-title = Notification settings
preferences-notify-kind = Kind
preferences-notify-in-app = In-app
preferences-notify-email = Email
preferences-notify-sms = SMS
# Security alerts always go by email.
preferences-notify-always = always
# The channels of one kind in the plain mode; $email and $sms are on, off
# or always.
preferences-notify-state = in-app on, email { $email }, SMS { $sms }
# A label of the settings summary, followed by its value.
preferences-notify-label = { $label }:
preferences-quiet-hours = Quiet hours
preferences-notify-digest = Daily digest
preferences-notify-phone = Phone
preferences-notify-quiet-none = none
preferences-notify-phone-none = none
preferences-notify-quiet-range = { $start } to { $end }
preferences-notify-quiet-note = Email and SMS wait for the end of quiet hours, except security alerts.
preferences-notify-loading = The settings are still loading.
preferences-notify-security-email = Security alerts always go by email; only SMS can be switched for them.
preferences-notify-saved = Notification settings saved.
preferences-notify-code-sms = A code was sent by SMS to the new number.
preferences-notify-code-emailed = A code was emailed to the new address.
preferences-notify-contact-saved = Saved: { $value }
preferences-notify-email-title = Change email address
preferences-notify-email-code-title = Confirm the new email address
preferences-notify-phone-title = Add or change phone number
preferences-notify-phone-code-title = Confirm the phone number
preferences-notify-start = Start (HH:MM)
preferences-notify-end = End (HH:MM)
preferences-notify-offset = UTC offset (minutes)
preferences-notify-new-email = New email
preferences-notify-new-phone = New phone (+…)
preferences-notify-totp = Authenticator code
preferences-notify-code = Code
# $value is the typed text in quotes.
preferences-notify-offset-invalid = invalid UTC offset { $value }: type minutes such as 60 or -300
preferences-notify-fill-both = Fill in both fields: the new value and your authenticator code.
preferences-notify-code-missing = Type the code you received.
preferences-notify-key-kind = choose a kind
preferences-notify-key-email = email on or off
preferences-notify-key-sms = SMS on or off
preferences-notify-key-quiet = quiet hours
preferences-notify-key-digest = daily digest on or off
preferences-notify-key-change-email = change email address
preferences-notify-key-phone = add or change phone
# $value is the typed text in quotes.
preferences-notify-time-invalid = invalid time { $value }: expected HH:MM such as 22:00
preferences-notify-phone-invalid = invalid phone number { $value }: expected the international form, such as +41 79 123 45 67
preferences-notify-quiet-invalid = invalid quiet hours { $start }-{ $end }: give minutes after midnight from 0 to 1439
preferences-notify-offset-out-of-range = invalid UTC offset { $minutes } minutes: give a value from -840 to 840
# Actions that need a fresh second factor: "a fresh code is needed to ...".
preferences-action-change-email = change the email address
preferences-action-change-phone = change the phone number

# A change of email address or phone number: $channel is email or phone.
# What was not found: "... was not found".
preferences-contact-pending = a pending change of your { $channel ->
    [email] email address
   *[phone] phone number
}; start the change again
preferences-contact-code-expired = the code is expired: start the change of your { $channel ->
    [email] email address
   *[phone] phone number
} again
preferences-contact-code-exhausted = the code is too many wrong codes: start the change of your { $channel ->
    [email] email address
   *[phone] phone number
} again
preferences-contact-code-wrong = that code is wrong: type the code sent to your new { $channel ->
    [email] email address
   *[phone] phone number
} ({ $count } tries left)
preferences-alert-contact-title = Your { $channel ->
    [email] email address
   *[phone] phone number
} was changed
preferences-alert-contact-body = Your { $channel ->
    [email] email address
   *[phone] phone number
} is now { $value }. If this was not you, contact your operator.
# Sent to the old address once the change is confirmed.
preferences-alert-old-email-body = Mail for your account now goes to { $address }. If this was not you, contact your operator.

# The whoami and notifications ls commands over SSH.
preferences-column-handle = HANDLE
preferences-column-name = NAME
preferences-column-role = ROLE
preferences-column-organisation = ORGANISATION
preferences-column-created = CREATED
preferences-column-status = STATUS
preferences-column-kind = KIND
preferences-column-title = TITLE
preferences-notification-read = read
preferences-notification-unread = unread
preferences-notifications-none = No notifications.
