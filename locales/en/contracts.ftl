# Contracts: the contracts tab of the Documents screen, the plain-language
# summaries of their terms, the requests a customer opens about one and
# the `contracts ls` command.

# Plain-language summaries of a contract's term. Dates are written in the
# user's date format where the screen knows it.
contracts-summary-ended-on = ended on { $end }
contracts-summary-ended = ended
contracts-summary-open-ended = { $days ->
    [one] open-ended; { $days } day's notice to end it
   *[other] open-ended; { $days } days' notice to end it
}
contracts-summary-ends-on = ends on { $end }
contracts-summary-renews = renews on { $end }; notice needed by { $notice }
contracts-summary-ends = ends on { $end }; renewal must be requested by { $notice }

# The status of a contract, as a word.
contracts-status-active = active
contracts-status-ended = ended

# The contracts tab.
contracts-title = Contracts · t, r or x opens a request about the chosen one
contracts-empty = No contracts.
contracts-role-cannot-read = Your role in this organisation does not include contracts.
contracts-column-number = Number
contracts-column-offer = Offer
contracts-column-term = Term
contracts-column-options = Options and next deadline
# Labels of the chosen contract's lines below the table.
contracts-chosen-term = Term
contracts-chosen-options = Options
# The offer column: product and start date.
contracts-offer-since = { $product } (since { $start })
# One contract in the plain mode.
contracts-plain-item = Contract { $number }, { $product } since { $start }, { $details }
contracts-no-options = no options
contracts-no-deadline = no deadline
# The next deadline: its label, as the contract data names it, and date.
contracts-deadline-by = { $label } by { $date }
contracts-details = { $options }; next: { $deadline }

# The requests a customer opens about a contract: the action's name, the
# subject of the new request and its text when the customer wrote none.
contracts-action-terminate = Request termination
contracts-action-renew = Request renewal
contracts-action-change = Report a change of circumstances
contracts-subject-terminate = Termination of contract { $number }
contracts-subject-renew = Renewal of contract { $number }
contracts-subject-change = Change of circumstances for contract { $number }
contracts-default-body = { $action } ({ $product }): { $summary }.
contracts-request-opened = Request { $number } opened with the contract attached; see Requests.

# Key descriptions of the contracts tab.
contracts-key-first-last = first, last contract
contracts-key-terminate = request termination of the contract
contracts-key-renew = request renewal of the contract
contracts-key-change = report a change of circumstances
contracts-key-back = back to the documents

# A "not found" error reads "{ $thing } was not found".
contracts-error-contract = contract { $id }

# The table of `contracts ls`; headers stay upper case.
contracts-table-number = NUMBER
contracts-table-status = STATUS
contracts-table-start = START
contracts-table-deadline = DEADLINE
contracts-table-product = PRODUCT

## Warning sent before a contract's next deadline. $days is the number of
## days until $date, an ISO date; $label names the deadline, such as
## "Last day to give notice".
contracts-deadline-label = Deadline
contracts-deadline-title = Contract { $number }: { $label } { $days ->
        [0] today
        [1] tomorrow
       *[other] in { $days } days
    }
contracts-deadline-body = { $label } for { $product } ({ $number }) is on { $date }.
