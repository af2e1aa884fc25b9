-- Initial schema. Times are Unix seconds (UTC); calendar dates are TEXT
-- in the form YYYY-MM-DD; flags are INTEGER 0 or 1, as in the PostgreSQL
-- schema, so both backends decode to the same Rust types.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'operator')),
    organisation_id INTEGER REFERENCES organisations (id),
    password_hash TEXT,
    totp_secret TEXT,
    totp_last_step INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_login_at INTEGER
);

CREATE TABLE ssh_keys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    algorithm TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, fingerprint)
);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE login_history (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    handle TEXT NOT NULL,
    peer TEXT NOT NULL,
    method TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_history_user ON login_history (user_id, created_at);

CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER,
    actor_handle TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entries_actor ON audit_entries (actor_id, created_at);

-- One row holding the hash of the newest audit entry. Appending updates it
-- first, which serializes appends on both backends.
CREATE TABLE audit_head (
    id INTEGER NOT NULL PRIMARY KEY,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_hash)
VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    number TEXT NOT NULL UNIQUE,
    product TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    start_date TEXT NOT NULL,
    end_date TEXT,
    notice_days INTEGER NOT NULL,
    next_deadline TEXT,
    deadline_label TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX contracts_organisation ON contracts (organisation_id, status);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    owner_user_id INTEGER REFERENCES users (id),
    contract_id INTEGER REFERENCES contracts (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    amount_cents INTEGER,
    currency TEXT,
    status TEXT NOT NULL CHECK (status IN ('new', 'read', 'archived')),
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    created_at INTEGER NOT NULL
);
CREATE INDEX documents_organisation_date ON documents (organisation_id, issue_date);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    opened_by INTEGER NOT NULL REFERENCES users (id),
    assignee_id INTEGER REFERENCES users (id),
    document_id INTEGER REFERENCES documents (id),
    contract_id INTEGER REFERENCES contracts (id),
    subject TEXT NOT NULL,
    category TEXT NOT NULL,
    priority TEXT NOT NULL,
    state TEXT NOT NULL,
    next_step TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX requests_organisation_state ON requests (organisation_id, state, updated_at);
CREATE INDEX requests_state ON requests (state, updated_at);

CREATE TABLE request_events (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    actor_id INTEGER NOT NULL REFERENCES users (id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    next_step TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    internal INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_request ON messages (request_id, id);

CREATE TABLE thread_reads (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    last_read_message_id INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
