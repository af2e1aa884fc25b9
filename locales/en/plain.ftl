# The plain linear mode's descriptions of forms, factor flows and prompts,
# for screen readers. A field reads "Label: value"; the focused field is
# written last, with the cursor after its value.
plain-field = { $label }: { $value }
plain-field-empty = { $label }: empty
# The focused field while it is empty: the cursor follows the colon.
plain-field-blank = { $label } (empty):
# A masked field (password, code): only how many characters were typed.
plain-secret = { $label }: { $count ->
        [0] nothing typed
        [one] 1 character typed
       *[other] { $count } characters typed
    }
plain-text-lines = { $label }, { $count ->
        [one] { $count } line
       *[other] { $count } lines
    }:
plain-text-last-line = { $label }, last line: { $value }
plain-choice = { $label }: { $value }, ← → to change
# One key of a form, such as "Enter to send".
plain-key = { $key } to { $action }
plain-keys = Keys: { $keys }

## The new-request form.
plain-request-form-sending = New request, sending…
plain-request-form-document = Attached document: { $title }
plain-request-form-no-document = Attached document: none; press n on a document to attach it
plain-suggestions = Help articles that may answer this, Ctrl-R reads them:
plain-suggestion = { $title }, { $category }

## Passwords and second factors.
plain-qr-unreadable = The QR code cannot be read aloud. Type this secret into the app instead, or open the otpauth link on a device with the app.
# The base32 secret in groups of four characters, such as "JBSW Y3DP".
plain-secret-groups = Secret, in groups of four: { $secret }
plain-otpauth-uri = Link: { $uri }
plain-new-app-add = Add this account to the new authenticator app.
plain-recovery-code = { $number }. { $code }

## Preferences forms.
# A form's title while it is being saved.
plain-form-saving = { $title }, saving…

## Action prompts of a request's thread.
# A choice picked by its digit, such as "1: Under review".
plain-numbered-choice = { $number }: { $label }
plain-prompt-document = { $title }, issued { $date }
plain-prompt-next-step = Next step
plain-prompt-words = Words
plain-prompt-comment = Comment

## Lists.
# The text field that filters or searches a list.
plain-filter = Filter

## The agent's request filters, all in one line.
plain-filters = Filters: organisation { $organisation }, status { $state }, category { $category }, priority { $priority }, assignee { $assignee }, overdue only { $overdue }, words { $words }. Keys o s c p u ! / change them, Esc clears all
plain-filters-none = No filter. Keys o s c p u ! / set one
plain-filter-any = any
plain-filter-anyone = anyone
plain-filter-me = me
plain-filter-unassigned = unassigned
