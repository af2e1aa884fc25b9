-- Deadline warnings sent, one row per user, subject and deadline, so the
-- periodic check warns each user once even when it runs again after a
-- restart or on several nodes at once. subject names what the deadline
-- belongs to ("contract:12", "request:34"); deadline names which deadline
-- ("2026-05-01" for a contract date, "first-response" or "resolution" for
-- a request's service-level targets).
CREATE TABLE deadline_notices (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    deadline TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, subject, deadline)
);

-- Knowledge base articles: draft articles (published = 0) are never shown,
-- audience 'staff' keeps an article from customers, and an organisation_id
-- shows the article to that organisation's customers only.
ALTER TABLE kb_articles ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
ALTER TABLE kb_articles ADD COLUMN audience TEXT NOT NULL DEFAULT 'everyone'
    CHECK (audience IN ('everyone', 'staff'));
ALTER TABLE kb_articles ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);

-- Full-text index of the articles, kept in step by triggers as for
-- documents_fts.
CREATE VIRTUAL TABLE kb_articles_fts USING fts5 (
    title,
    category,
    body,
    content = 'kb_articles',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (rowid, title, category, body)
    VALUES (new.id, new.title, new.category, new.body);
END;
CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, category, body)
    VALUES ('delete', old.id, old.title, old.category, old.body);
END;
CREATE TRIGGER kb_articles_fts_update AFTER UPDATE OF title, category, body ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, category, body)
    VALUES ('delete', old.id, old.title, old.category, old.body);
    INSERT INTO kb_articles_fts (rowid, title, category, body)
    VALUES (new.id, new.title, new.category, new.body);
END;

INSERT INTO kb_articles_fts (rowid, title, category, body)
SELECT id, title, category, body FROM kb_articles;
