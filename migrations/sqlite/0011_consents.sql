-- Consent decisions (GDPR article 7): one row per give or withdraw, with
-- the version of the text the person answered. The latest row of a topic
-- is the person's current decision; older rows are the history.
CREATE TABLE consent_events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    text_version TEXT NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX consent_events_user ON consent_events (user_id, topic, id);

-- Accounts erased on request (GDPR article 17) keep their row, so that
-- invoices, messages and audit entries still point somewhere, but lose
-- their personal fields. erased_at is set once the erasure ran.
ALTER TABLE users ADD COLUMN erased_at INTEGER;
