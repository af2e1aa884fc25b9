# Requests: states, categories, priorities, service levels, the request
# list, the agents' queue, the request form and the thread's actions.

## Request states, categories and priorities as screens show them.

requests-state-received = Received
requests-state-under-review = Under review
requests-state-missing-document = Missing document
requests-state-approved = Approved
requests-state-rejected = Rejected
requests-state-closed = Closed
requests-category-billing = Billing
requests-category-contract-change = Contract change
requests-category-claim = Claim or reimbursement
requests-category-technical = Technical
requests-category-other = Other
requests-priority-low = Low
requests-priority-normal = Normal
requests-priority-high = High
requests-priority-urgent = Urgent
# $from and $to are state names in lower case.
requests-error-customer-change = only support can move a request from { $from } to { $to }; you may reply, supply a missing document, withdraw or reopen
# $allowed lists the allowed next states, or says none.
requests-error-transition = a request that is { $from } cannot become { $to }; allowed next states: { $allowed }

## Service-level clocks. $duration is a requests-sla-duration.

requests-sla-duration = { $hours }h { $minutes }m
requests-sla-met = met
requests-sla-missed = missed by { $duration }
requests-sla-overdue = overdue by { $duration }
requests-sla-paused = paused, { $duration } left
requests-sla-left = { $duration } left
# $clock is one of the clock words above.
requests-sla-reply = reply: { $clock }
requests-sla-resolve = resolve: { $clock }

## The thread's context lines. Each label is followed by its value.

requests-context-service-level = Service level:
requests-context-clocks = first reply { $first_reply } · resolution { $resolution } (business hours)
requests-context-clocks-overdue = OVERDUE · first reply { $first_reply } · resolution { $resolution } (business hours)
# The service level in the plain mode, where a screen reader reads each
# middle dot aloud.
requests-plain-clocks = first reply { $first_reply }, resolution { $resolution }, in business hours
requests-plain-clocks-overdue = overdue, first reply { $first_reply }, resolution { $resolution }, in business hours
requests-context-opened-from = Opened from:
requests-context-attached = Attached:
# One attached document; $kind is its kind and $size its file size.
requests-context-attachment = { $title } ({ $kind }, { $size })
requests-context-participants = Participants:
requests-context-rating = Rating:
requests-context-rating-value = { $rating } of 5
requests-context-rating-comment = { $rating } of 5: "{ $comment }"
requests-context-not-rated = not rated yet; press * to rate
requests-context-reopen-until = Reopen until:
# The customer's context that agents see; $organisation is its name.
requests-context-title = Context: { $organisation }
requests-context-contracts = Contracts:
requests-context-documents = Documents:
requests-context-no-documents = none attached to requests
requests-context-recent-requests = Recent requests:
requests-context-no-recent-requests = none
requests-context-recent-request = Recent request:

## The agents' views of the request list.

requests-view-open = All open
requests-view-unassigned = Unassigned
requests-view-mine = Mine
requests-view-overdue = Overdue
requests-view-waiting = Waiting on customer
requests-view-all = All

## The agents' filter line: each active filter with the key that clears it.

requests-filter-organisation = organisation { $name } (o)
requests-filter-status = status { $state } (S)
requests-filter-category = category { $category } (C)
requests-filter-priority = priority { $priority } (P)
requests-filter-mine = assigned to me (U)
requests-filter-unassigned = unassigned (U)
requests-filter-overdue = overdue only (!)
requests-filter-words = words "{ $words }" (W)
# The keys that set each filter, shown when no filter is active.
requests-filter-none = No filter · o organisation · s status · c category · p priority · u assignee · ! overdue · / words
# $filters lists the active filters.
requests-filter-line = Filters: { $filters } · Esc clears all

## The request list.

# Stored as the next step the customer reads when an agent closes a
# request with "done, next" or in bulk.
requests-done-next-step = Resolved. Reopen this request if you still need help.
requests-none-selected = No request selected or marked.
requests-closed-last = Closed. No more requests in this view.
# The customer's list scope in the title.
requests-scope-open = open only
requests-scope-all = all
requests-marked = { $count } marked
# $views lists the agent's views with their counts; $marked and $filter
# are empty or start with " · ".
requests-title-staff = Requests · { $views }{ $marked }{ $filter }
# $filter is empty or starts with " · ".
requests-title = Requests · { $scope } · { $visible } of { $total }{ $filter }
requests-empty-filter = No request matches the filter.
requests-empty-filters = No request matches the filters. Esc clears them.
requests-empty-customer = No requests yet. Press n to open one.
requests-empty = No requests.
requests-unassigned = unassigned
requests-assigned-to = assigned to { $name }
requests-plain-marked = marked
requests-plain-updated = updated { $time }
requests-plain-unread = { $count } unread
requests-list-loading = The filtered list is loading; press Enter again.
requests-opened = Request { $number } opened.
requests-column-number = Number
requests-column-organisation-subject = Organisation: subject
requests-column-subject = Subject
requests-column-status = Status
requests-column-service-level = Service level
requests-column-assignee = Assignee
requests-column-updated = Updated
requests-column-unread = Unread
# The keys of a prompt that offers numbered choices or yes and no.
requests-key-digit-yes-no = 1-9 y n
requests-key-first-last = first, last request
requests-key-show-staff = show the request, its context and messages
requests-key-view = next, previous view
requests-key-mark = mark or unmark for a bulk action
requests-key-assign = assign the marked or selected requests to me
requests-key-close-many = close the marked or selected requests
requests-key-organisation = only the selected request's organisation, or all again
requests-key-filter-status = filter by the next status, clear it
requests-key-filter-category = filter by the next category, clear it
requests-key-filter-priority = filter by the next priority, clear it
requests-key-filter-assignee = assigned to me, unassigned or anyone; clear it
requests-key-filter-overdue = overdue requests only, or all
requests-key-new = open a new request
requests-key-search = search subject, organisation, customer or number; clear the words
requests-key-clear-filters = clear every filter
requests-key-show = show the request and its messages
requests-key-open-only = show open requests only, or all
requests-key-filter = filter by number, subject or status
requests-key-clear-filter = clear the filter
requests-hint-search = search these words
requests-hint-clear-words = clear the words
requests-hint-keep-filter = keep filter
requests-hint-clear-filter = clear filter

## The thread's action prompts.

# Suggested next steps for each new state, which the agent may edit
# before they are stored and shown to the customer.
requests-next-step-received = An agent will review your request.
requests-next-step-under-review = An agent is reviewing your request.
requests-next-step-missing-document = Send the document we asked for.
requests-next-step-approved = Your request is approved; we are carrying it out.
requests-next-step-rejected = We cannot accept this request; see our message.
requests-next-step-closed = Done. Reopen this request if you still need help.
# Stored as the next step of an erasure request when the operator erases
# the account. $date is the UTC date, YYYY-MM-DD.
requests-next-step-erased = Your personal data was erased on { $date }. Invoices and other records the law requires stay with your organisation.
# Shown as the author of a status change made by the operator's command line.
requests-actor-operator = Operator
# $count is the number of choices.
requests-prompt-pick-state = Press a digit from 1 to { $count } to choose the new state.
requests-prompt-next-step-missing = The next step is missing; tell the customer what happens next.
requests-prompt-handle-missing = Type the handle of a colleague, such as bob.
# The agents that match the handle typed in the assign prompt.
requests-prompt-agents = Agents: { $agents }
requests-prompt-agent = { $handle } ({ $name })
requests-prompt-no-agent = No enabled agent has a handle starting with these letters.
requests-key-complete-handle = complete the handle
requests-prompt-pick-priority = Press a digit from 1 to { $count } to choose the priority.
requests-prompt-pick-document = Press a digit from 1 to { $count } to choose the document.
requests-prompt-pick-reply = Press a digit from 1 to { $count } to choose the reply.
requests-prompt-words-missing = Type words to search the help articles for, such as invoice.
requests-prompt-no-article = No article matches; press Esc and search other words.
requests-prompt-pick-article = Press a digit from 1 to { $count } to quote the article.
requests-prompt-rating = Press 1 (poor) to 5 (excellent).
requests-prompt-confirm-rating = Press y to send the rating or n to cancel.
requests-prompt-confirm-withdraw = Press y to withdraw or n to keep the request.
requests-prompt-title-state = Change the state
requests-prompt-title-next-step = Next step shown to the customer · new state { $state }
requests-prompt-title-assignee = Assign to agent (empty: to me)
requests-prompt-title-participant = Add a colleague as participant
requests-prompt-title-priority = Set the priority
requests-prompt-title-document = Attach a document
requests-prompt-title-canned = Insert a canned reply
requests-prompt-title-article-search = Search the help articles
# $words are the words searched for.
requests-prompt-title-article = Quote a help article · "{ $words }"
requests-prompt-title-rating = Rate the resolution
requests-prompt-title-comment = Rating { $rating } of 5 · optional comment
requests-prompt-title-confirm-rating = Send the rating
requests-prompt-title-withdraw = Withdraw the request
requests-prompt-no-documents = You have no documents to attach.
requests-prompt-no-canned = No canned replies yet.
requests-prompt-no-article-words = No article matches these words.
# y and n are the keys that answer.
requests-prompt-confirm-rating-plain = Send rating { $rating } of 5 with no comment? y/n
requests-prompt-confirm-rating-comment = Send rating { $rating } of 5 with comment "{ $comment }"? y/n
requests-prompt-confirm-withdraw-question = Withdraw and close this request? You can reopen it later. y/n
requests-prompt-esc-cancels = Esc cancels

## The new-request form.

requests-form-subject-missing = The subject is missing; type a few words that say what the request is about.
requests-form-message-missing = The message is missing; describe what you need.
requests-form-no-article = No help article matches the subject yet.
requests-form-key-category = change the category
requests-form-key-enter = next field; new line in the message
requests-form-key-send = send the request
requests-form-key-articles = read the help articles that match the subject
requests-form-title = New request
# Field labels, padded to the same width on screen.
requests-form-subject = Subject
requests-form-category = Category
requests-form-message = Message
requests-form-change-category = ← → to change
# Shown when a letter is typed while the category has the focus.
requests-form-category-typed = The category changes only with ← and →. Tab moves to the message.
# Two spaces separate the label from the text, as in the rows above.
requests-form-document-attached = Document  { $title } is attached
requests-form-document-none = Document  none; press n on a document to attach it

## Help articles suggested while a customer writes a request.

requests-suggestions-title = Help articles that may answer this
requests-suggestions-key = (Ctrl-R reads them):
# $title and $category are the article's.
requests-suggestions-reader-title = { $title } · { $category } · Tab next article · Esc back to the request

## Errors of the request use cases. $id is a number.

# Completes "… was not found".
requests-error-request = request { $id }
requests-error-document = document { $id }
requests-error-contract = contract { $id }
# $handle is quoted.
requests-error-agent = agent { $handle }; give the handle of an enabled agent
requests-error-colleague = colleague { $handle } in { $organisation }; give the handle of a customer of the same organisation
# Completes "not allowed: …".
requests-error-customers-only = only customers open requests
requests-error-notes-agents-only = only agents write internal notes
requests-error-assign-agents-only = only agents assign requests
requests-error-priority-agents-only = only agents set the priority
requests-error-attach-customers-only = only customers attach their documents to requests
requests-error-rate-customers-only = only customers rate requests
requests-error-conversation-customers-only = only customers start the general conversation
# Field names that complete "… is missing" and "… is too long".
requests-field-subject = the subject
requests-field-message = the message
requests-field-next-step = the next step
requests-error-closed-reply = this request is closed: reopen it with o, or open a new request
requests-error-conversation-state = the general conversation has no state; open a request for something to track
requests-error-reopen-too-late = this request was closed more than { $days } days ago and cannot be reopened; open a new request instead
requests-error-changed-meanwhile = request { $number } changed meanwhile; look at it again before changing its state
requests-error-closed-attach = this request is closed: reopen it before attaching documents
requests-error-already-follows = { $name } already follows this request
requests-error-rating-invalid = invalid rating { $rating }: give a number from 1 to 5
requests-error-comment-too-long = the comment is too long: at most { $max } characters
requests-error-rate-open = only a closed request can be rated; rate it once support has closed it
requests-error-already-rated = this request has already been rated; a rating is given once
# $key is quoted.
requests-error-idempotency-key = invalid idempotency key { $key }: use 16 to 64 letters, digits, - or _, such as a random UUID
# Next steps stored when a customer withdraws or reopens a request.
requests-next-step-withdrawn = You withdrew this request; reopen it if you still need help.
requests-next-step-review-again = An agent will review your request again.

## Notifications, written in the recipient's language.

requests-notify-message-title = New message in { $number }
# $name wrote in the request whose subject is $subject.
requests-notify-message-body = { $name } wrote in "{ $subject }".
# $state is the new state in lower case.
requests-notify-state-title = { $number } status changed to { $state }
requests-notify-state-body = Next step: { $text }
requests-notify-assigned-title = { $number } was assigned to you
requests-notify-assigned-body = { $name } assigned "{ $subject }" to you.
requests-notify-participant-title = You now follow { $number }
requests-notify-participant-body = { $name } added you to "{ $subject }".

## Outcomes of the thread's actions, shown as notices.

# $state and $priority are in lower case.
requests-done-state = The request status changed to { $state }.
requests-done-assigned = Assigned to { $name }.
requests-done-assigned-many = { $count } requests assigned to { $name }.
requests-done-closed-many = { $count } requests closed.
requests-done-attached = Document attached.
requests-done-priority = Priority set to { $priority }.
requests-done-participant = { $name } now follows this request.
requests-done-rated = Thank you for your rating.

## The requests command over SSH, for people rather than scripts.

requests-command-not-found = request { $number } was not found
# Lines after the number and subject of `requests show`; $state is the
# stored state name, $time an ISO 8601 time.
requests-command-show =
    State: { $state }
    Next step: { $next_step }
    Opened: { $time } by { $name }
requests-role-cannot-read = Your role in this organisation does not include requests.
requests-role-cannot-write = Your role in this organisation can read requests but not open or answer them.

## Warning sent to agents before a service-level target. $clock is one of
## requests-deadline-first-reply and requests-deadline-resolution,
## $duration a requests-sla-duration and $state the clock's words, such as
## "0h 59m left".
requests-deadline-first-reply = first reply
requests-deadline-resolution = resolution
requests-deadline-overdue-title = { $number }: { $clock } overdue by { $duration }
requests-deadline-due-title = { $number }: { $clock } due in { $duration }
requests-deadline-body = "{ $subject }" from { $organisation }: { $clock } { $state } (business hours).

# Where a request was opened from, after "Opened from:".
requests-origin-document = Documents: { $title } (new request from the document)
requests-origin-new = Requests: new request
