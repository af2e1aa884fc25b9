-- Deadline warnings sent, one row per user, subject and deadline, so the
-- periodic check warns each user once even when it runs again after a
-- restart or on several nodes at once. subject names what the deadline
-- belongs to ("contract:12", "request:34"); deadline names which deadline
-- ("2026-05-01" for a contract date, "first-response" or "resolution" for
-- a request's service-level targets).
CREATE TABLE deadline_notices (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    deadline TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, subject, deadline)
);

-- Knowledge base articles: draft articles (published = 0) are never shown,
-- audience 'staff' keeps an article from customers, and an organisation_id
-- shows the article to that organisation's customers only.
ALTER TABLE kb_articles ADD COLUMN published BIGINT NOT NULL DEFAULT 1;
ALTER TABLE kb_articles ADD COLUMN audience TEXT NOT NULL DEFAULT 'everyone'
    CHECK (audience IN ('everyone', 'staff'));
ALTER TABLE kb_articles ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);

-- Full-text index of the articles with the 'simple' configuration, as for
-- documents. Title words weigh most (A), then the category (B), then the
-- body (C), which ts_rank uses to order matches.
ALTER TABLE kb_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title), 'A')
    || setweight(to_tsvector('simple'::regconfig, category), 'B')
    || setweight(to_tsvector('simple'::regconfig, body), 'C')
) STORED;
CREATE INDEX kb_articles_search ON kb_articles USING GIN (search);
