# The dashboard and the notification centre.

dashboard-key-notifications = open the notification centre
dashboard-key-new-request = open a new request
dashboard-key-documents = documents: read and filter them
dashboard-key-requests = requests: follow or open one
dashboard-key-messages = messages: read and reply

# How far off a contract deadline is.
dashboard-today = today
dashboard-in-days = { $count ->
    [one] in { $count } day
   *[other] in { $count } days
}
# Starts a deadline line; $when is one of the two texts above.
dashboard-deadline-when = { $when }:
# A deadline: its label and its contract's number.
dashboard-deadline = { $label }, contract { $number }
dashboard-plain-deadline = { $label }, contract { $number }, { $date }
dashboard-plain-contract = Contract { $number }, { $product }
dashboard-contract-active = active
# The notification centre's name in the plain mode's heading.
dashboard-centre-name = Notifications

dashboard-security-alert = Security alert: { $title }
dashboard-security-alert-more = Security alert: { $title } (and { $more } more)
dashboard-security-alert-hint = press 6 for your login history
dashboard-plain-security-alert = Security alert: { $title }, { $count } in all; press 6 for your login history

dashboard-active-contracts = Active contracts: { $count }
dashboard-no-contract = No active contract.
dashboard-deadlines = Upcoming deadlines: { $count }
dashboard-no-deadline = No deadline in the coming months.
dashboard-documents = Documents: { $count }, { $new } new
# The documents panel title where the one above does not fit.
dashboard-documents-short = Documents: { $count } (+{ $new })
# Marks a new document in the list of recent documents.
dashboard-document-new = new
dashboard-no-document = No document yet.
dashboard-open-requests = Open requests: { $count }
# Agents see the open requests of every organisation.
dashboard-open-requests-all = Open requests of all organisations: { $count }
dashboard-no-request = No open request.
# Agents see the organisation before each open request's subject.
dashboard-request-organisation = { $organisation }:

dashboard-unread-messages = { $count ->
    [one] { $count } unread message
   *[other] { $count } unread messages
}
dashboard-unread-notifications = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
# $messages and $notifications are the two counts above.
# Under a plain dashboard list that shows only its first items; $key is the
# number key of the screen that lists them all.
dashboard-plain-partial = Partial list: { $shown } of { $count } shown; press { $key } for all.
dashboard-plain-unread = Messages: { $messages }; notifications: { $notifications }
dashboard-messages-hint = press 4 to read them
dashboard-no-unread-messages = Messages: none unread
dashboard-notifications-hint = press N
dashboard-no-unread-notifications = Notifications: none unread (N)

# Document states.
dashboard-document-status-new = new
dashboard-document-status-read = read
dashboard-document-status-archived = archived

# The notification centre.
dashboard-centre-title = Notifications · { $unread } unread of { $count }
dashboard-no-notifications = No notifications yet.
dashboard-notification-text = { $title }: { $body }
dashboard-notification-new = new
dashboard-notification-read = read
dashboard-column-time = Time
dashboard-column-kind = Kind
dashboard-column-notification = Notification
dashboard-already-read = Already read.
dashboard-marked-read = Marked read.
dashboard-all-marked-read = { $count } notifications marked read.
dashboard-unread-notification = unread notification { $id }
dashboard-key-first-last = first, last notification
dashboard-key-mark-read = mark the notification read
dashboard-key-mark-all-read = mark all read
dashboard-key-back = back to the dashboard

# Notification kinds.
dashboard-kind-status-change = Status change
dashboard-kind-new-message = New message
dashboard-kind-new-document = New document
dashboard-kind-deadline = Deadline
dashboard-kind-security-alert = Security alert

# The agent's dashboard: the queue by view and its most urgent requests.
dashboard-queue-title = Your queue · 3 to work it
dashboard-queue-count = { $view }: { $count }
dashboard-urgent-title = Most urgent: { $count }
dashboard-urgent-none = No open request.
dashboard-urgent-request = { $number } { $organisation }: { $subject }

# The last row of a dashboard panel whose list does not fit or is longer
# than the panel shows; $key is the key that lists every item.
dashboard-more = ▼ { $count } more · { $key } for all
