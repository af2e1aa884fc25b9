-- Email and SMS delivery through an outbox, notification preferences and
-- contact changes confirmed by a code.

-- One row per message to send, written in the transaction of the change
-- that caused it. States: pending (due at next_attempt_at), sending
-- (claimed by lease_owner until lease_expires_at), sent, dead (gave up
-- after the configured attempts), held (kept for the next daily digest).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'held')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT,
    lease_expires_at INTEGER,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_user ON outbox (user_id, created_at);

-- Channels per user and notification kind; a missing row means the
-- defaults of src/domain/notification_preferences.rs.
CREATE TABLE notification_channels (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    email INTEGER NOT NULL,
    sms INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Quiet hours in minutes after local midnight, local meaning
-- utc_offset_minutes from UTC; no quiet hours when either end is NULL.
CREATE TABLE notification_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    quiet_start INTEGER,
    quiet_end INTEGER,
    utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
    digest INTEGER NOT NULL DEFAULT 0,
    last_digest_at INTEGER
);

ALTER TABLE users ADD COLUMN phone TEXT;

-- A new email address or phone number waiting for the code sent to it.
CREATE TABLE contact_changes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    new_value TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, channel)
);
