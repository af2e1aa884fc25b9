-- Erasure requests (GDPR article 17) carry erasure = 1, so the operator's
-- list finds them whatever their subject. Requests filed before this
-- column are found through their erasure-requested audit entry, whose
-- detail is the request number R-YYYY-NNNNNN.
ALTER TABLE requests ADD COLUMN erasure BIGINT NOT NULL DEFAULT 0;
UPDATE requests SET erasure = 1
WHERE id IN (
    SELECT CAST(substr(a.detail, 8) AS BIGINT) FROM audit_entries a
    WHERE a.action = 'erasure-requested'
      AND a.detail ~ '^R-[0-9]{4}-[0-9]+$'
      AND a.actor_id = requests.opened_by
);
CREATE INDEX requests_erasure ON requests (opened_by) WHERE erasure = 1;

-- A status change made by the operator's command line, such as closing an
-- erasure request once the account is erased, has no account behind it:
-- its actor_id is NULL.
ALTER TABLE request_events ALTER COLUMN actor_id DROP NOT NULL;
