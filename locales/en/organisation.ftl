# The organisation view: the organisations a person belongs to, and for
# owners the members, invitations, role changes and revocations.

# Roles inside an organisation, as lists and sentences name them.
organisation-role-owner = owner
organisation-role-member = member
organisation-role-billing = billing
organisation-role-viewer = viewer
# Roles with what each may do.
organisation-role-owner-label = Owner
organisation-role-member-label = Member
organisation-role-billing-label = Billing (invoices and payments only)
organisation-role-viewer-label = Viewer (read-only)
# Kinds of account.
organisation-account-customer = customer
organisation-account-agent = agent
organisation-account-operator = operator

organisation-yours = Your organisations
organisation-yours-focused = › Your organisations
organisation-current = (current)
organisation-column-organisation = ORGANISATION
organisation-column-role = ROLE
organisation-column-handle = HANDLE
organisation-column-name = NAME
organisation-column-last-login = LAST LOGIN
organisation-members-of = Members of { $organisation }
organisation-members-of-focused = › Members of { $organisation }
# Shown in sentences when the current organisation has no name.
organisation-unnamed = the organisation
organisation-never = never
organisation-role-disabled = { $role } (disabled)
organisation-already-in = You already work in { $organisation }.
organisation-switching = Switching…
organisation-cancelled = Cancelled.

# Plain mode states of an organisation and of a member.
organisation-plain-role = role { $role }
organisation-plain-role-current = role { $role }, current
organisation-plain-member = role { $role }, last login { $last_login }
organisation-plain-member-disabled = role { $role }, disabled, last login { $last_login }

organisation-invite-title = Invite a colleague
organisation-field-handle = Handle
organisation-field-name = Name
organisation-field-email = Email
organisation-field-role = Role
organisation-change-hint = ← → change
organisation-invite-hint = Tab next field · Enter check and send · Esc cancel
organisation-invite-confirm = Invite { $handle } as { $role }? The onboarding code goes to { $email }. y/n
organisation-invitation-cancelled = Invitation cancelled.
organisation-invitation-sending = Sending the invitation…
organisation-name-missing = The name is missing: type the colleague's full name.

# Actions confirmed with a fresh code; the prompt adds a question mark.
organisation-revoke-action = Revoke the access of { $handle } to { $organisation }
organisation-change-role-action = Make { $handle } { $role } of { $organisation }
organisation-new-role-title = New role of { $handle }
organisation-pick-role-hint = ← → choose · Enter confirm · Esc cancel

organisation-key-change-role = change the role
organisation-key-check-send = check, then y to send
organisation-key-choose-role = choose the role
organisation-key-confirm-code = confirm with a fresh code
organisation-key-work-in = work in the selected organisation
organisation-key-pane = organisations or members
organisation-key-invite = invite a colleague
organisation-key-role = change the selected member's role
organisation-key-revoke = revoke the selected member's access

# Errors of the organisation use cases.
organisation-not-found = organisation { $id }
organisation-member-not-found = member { $handle }
organisation-handle-taken = the handle { $handle } is taken: choose another
organisation-only-owners-invite = only owners of the organisation invite colleagues
organisation-only-owners-manage = only owners of the organisation manage its members
organisation-last-owner = the organisation needs at least one owner: make another member owner first

# Results of the owner's actions, shown in the status line.
organisation-invitation-sent = Invitation sent to { $email } for { $handle }.
organisation-role-changed = { $handle } is now { $role }; their sessions were ended.
organisation-access-revoked = { $handle } no longer has access; their sessions were ended.
