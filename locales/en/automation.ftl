# Automation keys of Preferences: keys that log in without a code and may
# only run commands. "read-only" and "read-write" are typed values, the
# same in every language.

automation-title = Preferences · Automation keys
automation-intro = Automation keys log in without a code and may only run commands, such as: ssh HOST documents ls --json
automation-empty = No automation keys. Press n to register one.
automation-name = Name
automation-fingerprint = Fingerprint
automation-scope = Scope
automation-last-used = Last used
automation-expires = Expires
automation-networks = Networks
automation-registered = Registered
automation-any-address = any address
# $date is the day the key expired.
automation-expired = expired { $date }
automation-none-to-revoke = There is no key to revoke.

# One key in the plain mode: its name, then its state.
automation-plain-key = { $name }, fingerprint { $fingerprint }, registered { $registered }
# The selected key in the plain mode, with its allowed networks.
automation-plain-key-networks = { $name }, fingerprint { $fingerprint }, registered { $registered }, networks { $networks }
# $scope is read-only or read-write.
automation-plain-state = { $scope }, last used { $used }, expires { $expires }

automation-action-register = register, after a confirmation
automation-action-select = select a key
automation-action-new = register a new automation key
automation-action-revoke = revoke the selected key
automation-action-reload = reload

automation-form-title = Register an automation key
automation-public-key = Public key
automation-days = Days until expiry
automation-allowed-networks = Allowed networks
automation-code = Authenticator code
automation-form-help = Paste one OpenSSH public key line. Days: 1 to { $max_days }. Networks: CIDR, comma-separated, empty for any. Scope: { $read_only } or { $read_write }. Code: from your authenticator app, or a recovery code.
automation-name-missing = The name is missing; name the job that uses the key, such as nightly invoices.
automation-public-key-missing = The public key is missing; paste one line such as 'ssh-ed25519 AAAA… comment'.
automation-days-invalid = Invalid number of days '{ $value }': type 1 to { $max_days }.
automation-scope-invalid = Invalid scope '{ $value }': type { $read_only } or { $read_write }.

# Service errors.
automation-needs-totp = set up an authenticator app before adding automation keys
automation-code-wrong = the authenticator code is wrong or was already used; enter a new one
automation-already-login-key = the key { $fingerprint } is already a login key of this account; generate a separate key for automation
automation-already-registered = the key { $fingerprint } is already an automation key of this account
# What was not found: "automation key 7 was not found".
automation-key-not-found = automation key { $id }
automation-lifetime-invalid = invalid lifetime { $days } days: an automation key lives 1 to { $max_days } days
# $error comes from the key parser, in English.
automation-public-key-invalid = invalid public key: { $error }; expected one line such as 'ssh-ed25519 AAAA... comment'

# Security alerts to the key's owner.
automation-alert-registered-title = Automation key { $name } registered
# $scope is read-only or read-write.
automation-alert-registered-body = The automation key { $name } ({ $fingerprint }) now logs in to your account without a second factor, { $scope }, for { $days } days. If this was not you, revoke it in Preferences and contact your operator.
automation-alert-revoked-title = Automation key { $name } revoked
automation-alert-revoked-body = The automation key { $name } ({ $fingerprint }) was revoked and no longer logs in.
automation-alert-expired-title = Automation key { $name } expired
automation-alert-expired-body = The automation key { $name } ({ $fingerprint }) expired and no longer logs in. Register a new key in Preferences.
automation-alert-expiring-title = Automation key { $name } expires soon
automation-alert-expiring-body = The automation key { $name } ({ $fingerprint }) stops working at { $date }. Register a new key in Preferences before then.
