# The privacy view: the data held, why and for how long, the consents with
# their history, the data export and the erasure request.

privacy-held-title = What Portico holds about you
# A purpose's lines under the data it is about; the code indents them.
privacy-why = Why: { $purpose }
privacy-kept = Kept: { $retention }
privacy-controller = Responsible: { $controller }
privacy-consents-title = Consents (Space gives or withdraws)
privacy-history-title = Consent history · x export · E erasure
privacy-column-state = STATE
privacy-column-consent = CONSENT
# The column of the text version each consent answers.
privacy-column-text = TEXT
privacy-state-outdated = text changed, asked again
privacy-state-given = given
privacy-state-not-given = not given
privacy-no-history = No consent given or withdrawn yet.
privacy-history-given = { $time }  { $topic } given (text version { $version })
privacy-history-withdrawn = { $time }  { $topic } withdrawn (text version { $version })
privacy-export-action = Prepare an export of all your data and documents
privacy-erasure-action = File a request to erase your personal data; invoices stay with your organisation

# Plain mode lines.
privacy-plain-purpose = { $data }, why: { $purpose }, kept: { $retention }
privacy-plain-consent = { $title }, text version { $version }: { $text }

privacy-key-choose = choose a consent
privacy-key-toggle = give or withdraw the consent
privacy-key-export = export all your data (fresh code)
privacy-key-erasure = request erasure of your data (fresh code)
privacy-key-back = back to Preferences

privacy-topic-not-found = consent topic { $key }
privacy-staff-erasure = staff accounts are erased by an operator directly

# The built-in privacy notice, shown where the configuration has no
# [privacy] table. Configured texts are shown as configured.
privacy-default-controller = The operator of this Portico server. Write to them through a request of category "Other".
privacy-default-identity-data = Your handle, name and email address
privacy-default-identity-purpose = to log you in, show who wrote a message and tell you about your requests
privacy-default-identity-retention = while your account exists; erased or replaced by "erased user" when it is erased
privacy-default-secrets-data = Your SSH keys, password hash, authenticator secret and recovery codes
privacy-default-secrets-purpose = to check that it is you who logs in
privacy-default-secrets-retention = while your account exists; deleted when it is erased
privacy-default-logins-data = Login history: time, network address, method and SSH client
privacy-default-logins-purpose = to protect your account and show you where it was used
privacy-default-logins-retention = while your account exists; network data removed when it is erased
privacy-default-requests-data = Requests and messages you write
privacy-default-requests-purpose = to handle your requests with your organisation
privacy-default-requests-retention = kept with your organisation's records; your name is replaced when your account is erased
privacy-default-documents-data = Documents such as invoices and pay slips
privacy-default-documents-purpose = to give you and your organisation the documents you are owed
privacy-default-documents-retention = for the legal retention period of each kind (invoices 10 years by default)
privacy-default-audit-data = Audit entries about your actions
privacy-default-audit-purpose = to keep a tamper-evident security record, as the law on record keeping requires
privacy-default-audit-retention = kept unchanged, because the trail is hash-chained
privacy-default-consents-data = Your consents and their history
privacy-default-consents-purpose = to prove what you agreed to and when (GDPR article 7)
privacy-default-consents-retention = while your account exists
privacy-default-news-title = Product news
privacy-default-news-text = Send me occasional emails about new features and services. I can withdraw this consent at any time.
privacy-default-surveys-title = Satisfaction surveys
privacy-default-surveys-text = Ask me by email, at most once a quarter, how satisfied I am with the service. I can withdraw this consent at any time.

# Results of the privacy actions, shown in the view and the status line.
privacy-consent-given = Consent given; the change is in the history.
privacy-consent-withdrawn = Consent withdrawn; the change is in the history.
privacy-export-ready = Your export ({ $documents } documents, { $bytes } bytes) is ready: { $command }
privacy-erasure-filed = Erasure request { $number } filed; an operator carries it out.
privacy-key-scroll = scroll what Portico holds about you
privacy-held-more = { $title } (PgDn for more)
