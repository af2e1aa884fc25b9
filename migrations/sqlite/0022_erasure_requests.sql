-- Erasure requests (GDPR article 17) carry erasure = 1, so the operator's
-- list finds them whatever their subject. Requests filed before this
-- column are found through their erasure-requested audit entry, whose
-- detail is the request number R-YYYY-NNNNNN.
ALTER TABLE requests ADD COLUMN erasure INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET erasure = 1
WHERE id IN (
    SELECT CAST(substr(a.detail, 8) AS INTEGER) FROM audit_entries a
    WHERE a.action = 'erasure-requested'
      AND a.detail GLOB 'R-[0-9][0-9][0-9][0-9]-[0-9]*'
      AND a.actor_id = requests.opened_by
);
CREATE INDEX requests_erasure ON requests (opened_by) WHERE erasure = 1;

-- A status change made by the operator's command line, such as closing an
-- erasure request once the account is erased, has no account behind it:
-- its actor_id is NULL. SQLite cannot drop a NOT NULL constraint, so the
-- table is rebuilt with the same rows and index.
CREATE TABLE request_events_new (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    actor_id INTEGER REFERENCES users (id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    next_step TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO request_events_new (id, request_id, actor_id, from_state, to_state, next_step, created_at)
    SELECT id, request_id, actor_id, from_state, to_state, next_step, created_at FROM request_events;
DROP TABLE request_events;
ALTER TABLE request_events_new RENAME TO request_events;
CREATE INDEX request_events_request ON request_events (request_id, id);
