# Second factors: the TOTP enrolment, the new password after a reset, new
# recovery codes, a new authenticator app and the fresh-code prompt.

factors-cancelled = Cancelled.
factors-checking = Checking the code…
factors-code-label = Code:
factors-code-missing = Type the code your authenticator app shows, or a recovery code.
factors-codes-issued = New recovery codes issued; the old ones no longer work.
factors-key-back = back to Preferences
factors-key-confirm = confirm the code
factors-key-confirm-with-code = confirm with the code
factors-new-codes-title = New recovery codes
factors-new-app-title = New authenticator app
factors-your-codes-title = Your new recovery codes
factors-confirm-intro = Confirm it is you: type the 6-digit code your authenticator app shows now, or an unused recovery code, then press Enter.
# $note is one of the factors-qr-* sentences.
factors-new-app-add = Add this account to the new authenticator app. { $note }
factors-new-app-then = Then type the 6-digit code the new app shows and press Enter. Your old app stops working then.
factors-write-codes = Write these recovery codes down; each works once, and they are shown only now:

# The sentence before the secret of an authenticator app.
factors-qr-failed = The QR code could not be drawn; type this secret into the app:
# $width and $height are the terminal size the QR code needs.
factors-qr-too-small = This window is too small for the QR code ({ $width }x{ $height } needed); type this secret into the app:
factors-qr-scan = Scan the QR code, or type this secret into the app:

# The enrolment at the first login.
factors-enrol-title = Set up two-factor login
factors-enrol-intro = Your account needs a second factor before it shows any data.
# Steps 1 and 3 of the enrolment; step 2 is a factors-qr-* sentence.
factors-enrol-step-open = Open an authenticator app on your phone.
factors-enrol-step-type = Type the 6-digit code the app shows, then press Enter.
factors-enrol-code-missing = Type the 6-digit code your authenticator app shows.
factors-enrol-key-continue = continue to the portal
factors-enrol-key-type = type the code
factors-enrol-key-delete = delete a digit
factors-enrolled-title = Two-factor login is set up
factors-enrolled-write = Write these recovery codes down now; each works once in place of an app code. Press Enter to continue.

# The new password after an operator reset.
factors-renewal-title = Set a new password
factors-renewal-intro = An operator reset this account. Choose a new password, then set up your authenticator app again.
factors-onboarding-intro = Welcome. Choose a password for this account, then set up your authenticator app.
factors-renewal-advice = A few unrelated words make a good password.
factors-renewal-password = New password:
factors-renewal-password-again = New password again:
factors-renewal-missing = Type a new password first.
factors-renewal-differ = The two passwords differ; type the same new password twice.
factors-renewal-saving = Saving the password…
factors-renewal-key-save = save the password

# The prompt for a fresh code before a sensitive action.
factors-fresh-title = Confirm with a fresh code
# $action is the action in words, such as "Revoke the access of bob".
factors-fresh-question = { $action }?
factors-fresh-intro = Type the code your authenticator app shows now, or an unused recovery code, then Enter. Esc cancels.

# Service errors of a fresh second factor. $action is one of the
# factors-action-* or preferences-action-* texts.
factors-fresh-code-needed = a fresh code is needed to { $action }: type the code your authenticator app shows now, or an unused recovery code
factors-too-many-codes = too many wrong codes: wait a few minutes, then try again
factors-code-wrong = that code is wrong or already used: type the code your authenticator app shows now, or an unused recovery code
factors-new-secret-mismatch = that code does not match the new secret: type the 6 digits the new app shows now
factors-action-change-password = change the password
factors-action-second-factors = change second factors in preferences
# Actions of other parts of the product that need a fresh second factor.
factors-action-change-role = change a member's role
factors-action-revoke-access = revoke a member's access
factors-action-erasure = request erasure of your data
factors-action-export = export your data

# Security alerts about second factors.
factors-alert-replay-title = An already used code was entered
factors-alert-replay-body = Someone who knows your first factor entered an authenticator code that had already been used, from { $peer }. If this was not you, change your password in Preferences.
factors-alert-codes-title = New recovery codes
factors-alert-codes-body = Your account has new recovery codes, and the old ones no longer work. If this was not you, contact your operator.
factors-alert-app-title = New authenticator app
factors-alert-app-body = Your account now uses a new authenticator app, and your old recovery codes no longer work. If this was not you, contact your operator.
factors-alert-reset-title = Your account was reset
factors-alert-reset-body = An operator reset your password and authenticator app. You set new ones at this login. If you did not ask for this, contact your operator.
