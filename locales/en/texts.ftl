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
