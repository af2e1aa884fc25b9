# Emails and SMS. $product is the product name, "Portico". Subjects get
# the prefix "[Portico] " in the code. Each message is one line or
# paragraph of a mail; the code joins them with line breaks.

# The last paragraph of a notification mail: a request changed, a new
# message, a new document, a deadline.
mail-notice-footer = Log in to { $product } to see the details.

mail-security-subject = Security alert: { $title }
mail-security-footer = If this was not you, change your password and contact your operator.
mail-sms-security = { $product } security alert: { $title }

# An owner invited a colleague, who has no account yet.
mail-invitation-subject = You are invited to { $organisation }
mail-invitation-intro = You have been invited to { $organisation } on { $product }.
mail-invitation-login = Log in with: { $command }
mail-invitation-code = When asked for a password, type this one-time code: { $code }
mail-invitation-validity = The code is valid for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }. You then set a password and an authenticator app.

mail-email-code-subject = Confirm your new email address
mail-email-code-line = Type this code in { $product } to confirm your new email address: { $code }
mail-email-code-validity = The code is valid for { $minutes } minutes. If you did not ask for this change, ignore this message.

mail-phone-code-subject = Confirm your phone number
mail-sms-phone-code = { $product } code { $code } confirms your phone number; valid { $minutes } minutes.

# The daily digest lists the subjects of the held mails and SMS.
mail-digest-subject = Your daily digest
mail-digest-intro = Your { $product } digest: { $count } notification(s) held since the last one.
