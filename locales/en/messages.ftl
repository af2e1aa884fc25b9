# Threads: a request's facts, status history and messages, internal
# notes, the reply composer, and the messages screen.

# $count is the number of unread messages.
messages-unread-marker = ● { $count } new
messages-searching-articles = Searching the help articles…
messages-conversation-no-state = The general conversation has no state; open a request for something to track.
messages-no-state-change = This request cannot change state.
messages-closed-reopen-first = This request is closed; press o to reopen it first.
messages-rate-when-closed = You can rate a request once it is closed.
messages-already-rated = You have already rated this request.
messages-reply-empty = The reply is empty; type a message first.
messages-reply-sent = Reply sent.
messages-key-move-cursor = move the cursor
messages-key-scroll = scroll
messages-key-scroll-page = scroll by a page
messages-key-top-newest = top, newest message
messages-key-reply = reply
messages-key-note = write an INTERNAL note, never shown to the customer
messages-key-canned = insert a canned reply
messages-key-articles = search the help articles and quote one in a reply
messages-key-assign-me = assign to me
messages-key-assign-other = assign to another agent
messages-key-state = change the state with a next step
messages-key-priority = set the priority
messages-key-done-next = done: close and open the next request of the view
messages-key-attach = attach a document (supplies a missing document)
messages-key-withdraw = withdraw the request
messages-key-reopen = reopen a closed request
messages-key-rate = rate a closed request
messages-key-participant = add a colleague as participant

## The thread's facts and history.

messages-not-assigned = Not assigned yet
messages-facts = Category: { $category } · Priority: { $priority } · Status: { $state }
messages-handled-by = Handled by: { $name }
# $organisation is the customer's organisation, $name who opened the request.
messages-opened-by = { $organisation } · opened by { $name } on { $time }
# A label followed by the next step shown to the customer.
messages-next-step = Next step:
messages-history-title = Status history
# $name is who changed the state.
messages-history-change = { $from } → { $to }, by { $name }
messages-history-opened = opened as { $to }, by { $name }
messages-history-empty = No status change yet.
messages-count = Messages: { $count }
# Marks a message only staff see; followed by messages-internal-staff-only.
messages-internal = INTERNAL
messages-internal-staff-only = note, staff only
messages-empty = No messages yet. Press r to write one.
messages-title = Request { $number }
messages-title-loading = Request
messages-composer-note = INTERNAL note, staff only
messages-composer-reply = Reply

## The thread in the plain mode, read by screen readers.

messages-plain-request = Request { $number }: { $subject }
messages-plain-facts = Category: { $category }, priority: { $priority }, status: { $state }
messages-plain-opened-by = { $organisation }, opened by { $name } on { $time }
messages-plain-next-step = Next step: { $text }
messages-plain-history = Status history: { $count }
messages-plain-history-change = { $from } to { $to }, by { $name }, { $time }
messages-plain-history-opened = opened as { $to }, by { $name }, { $time }
messages-plain-history-next-step = next step: { $text }
messages-plain-internal = internal note, staff only
messages-plain-composer-note = Internal note, staff only
# $kind is the composer's kind, a reply or an internal note.
messages-plain-composer = { $kind }, { $count } of { $max } characters
messages-plain-composer-sending = sending

## The messages screen: the list of threads.

# $filter is empty or starts with " · ".
messages-list-title = Messages · { $threads ->
    [one] { $threads } thread
   *[other] { $threads } threads
}, { $unread } unread{ $filter }
messages-list-empty = No messages yet.
messages-list-no-match = No thread matches the filter.
messages-plain-thread = { $number } { $subject }, updated { $time }
messages-plain-thread-unread = { $count ->
    [one] { $unread } of { $count } message unread
   *[other] { $unread } of { $count } messages unread
}
messages-column-number = Number
messages-column-subject = Subject
messages-column-unread = Unread
messages-column-total = Total
messages-column-updated = Updated
messages-key-first-last = first, last thread
messages-key-open = open the thread and mark it read
messages-key-filter = filter by subject or number
messages-key-conversation = write in the general conversation with support

## The messages command over SSH.

messages-command-empty = No message threads.
