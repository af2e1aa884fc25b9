# The Documents screen: the list of current or archived documents, the
# detail view of one document, its errors and the `documents ls` command.

# List titles: "Documents · sorted by date · 2 of 3". $sort is one of the
# documents-sort-* words.
documents-list-title = Documents · sorted by { $sort } · { $shown } of { $total }
documents-archive-list-title = Archive · sorted by { $sort } · { $shown } of { $total }
# Added after the list title when the list holds a whole page.
documents-first-page = (first page: search to narrow)
documents-sort-date = date
documents-sort-kind = kind
documents-sort-title = title
documents-sort-size = size
documents-empty = No documents yet.
documents-empty-archive = No archived documents.
documents-no-match = No document matches the search.

# Column headers of the list.
documents-column-kind = Kind
documents-column-title = Title
documents-column-date = Date
documents-column-size = Size
documents-column-status = Status

# Names of the kinds of documents.
documents-kind-invoice = Invoice
documents-kind-contract = Contract
documents-kind-certificate = Certificate
documents-kind-statement = Statement
documents-kind-pay-slip = Pay slip
documents-kind-letter = Letter
documents-kind-supporting-document = Supporting document
documents-kind-other = Other

# Whether the customer has opened a document yet, or put it away.
documents-status-new = new
documents-status-read = read
documents-status-archived = archived

# The detail view of one document.
documents-document = Document
documents-detail-title = Document: { $title }
documents-field-kind = Kind
documents-field-title = Title
documents-field-issue-date = Issue date
documents-field-period = Period
documents-field-amount = Amount
documents-field-status = Status
documents-field-size = Size
documents-field-content-type = Content type
documents-field-sha256 = SHA-256
documents-field-added = Added
documents-field-retention = Retention
documents-field-contract = Contract
documents-field-requests = Requests
documents-field-download = Download
# Labels the second download command, after the `sftp` one.
documents-field-download-or = or
# One field of the detail view in the plain mode.
documents-plain-field = { $label }: { $value }
documents-no-period = none
documents-no-amount = none
documents-no-contract = none
documents-no-requests = none
# A related request: number, subject and state.
documents-related-request = { $number } { $subject } ({ $state })
# The contract of a document: number, product and plain-language term.
documents-related-contract = { $number } { $product }: { $summary }
documents-kept-legal-hold = kept: under legal hold
documents-kept-until = kept until { $date }
documents-kept-until-deleted = kept until deleted by an operator
documents-preview = Text preview
documents-no-preview = No text could be read from this document.
documents-hint-new-request = new request about this document
documents-hint-archive = archive
documents-hint-unarchive = unarchive

# Notices.
documents-staff-request-notice = Only customers open requests; staff answer them from the Requests screen.
documents-archived = Document archived; a to bring it back, or find it with a on the list.
documents-unarchived = Document back among the current documents.

# Key descriptions of the list and the detail view.
documents-key-first-last = first, last document
documents-key-details = show the document's details
documents-key-sort = sort by date, kind, title or size
# The words after "kind:" and the others are typed as they are.
documents-key-search = search titles and text; kind:, status:, year:, from:, to: filter
documents-key-clear-search = clear the search
documents-key-archive-view = show the archive or the current documents
documents-key-contracts = show the contracts
documents-key-new-request = new request about the document
documents-key-scroll = scroll the details by a line
documents-key-top-bottom = first, last line
documents-key-new-request-this = new request about this document
documents-key-archive-toggle = archive or unarchive the document
documents-hint-search = search
documents-hint-clear-search = clear search

# Errors. A "not found" error reads "{ $thing } was not found", so these
# name the thing without an article.
documents-error-document = document { $id }
documents-error-request = request { $number }
documents-error-article = article { $id }
documents-error-archive-staff = only customers archive their documents
documents-error-archive-read-only = your role in this organisation is read-only: ask an owner for the member role

# The table of `documents ls`; headers stay upper case.
documents-table-id = ID
documents-table-date = DATE
documents-table-kind = KIND
documents-table-status = STATUS
documents-table-bytes = BYTES
documents-table-title = TITLE
documents-table-empty = No documents match.
