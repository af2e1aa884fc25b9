-- Documents: ingestion fields, retention, legal hold, full-text search and
-- the indexes that keep large organisations fast; contract options.

-- period: the billing or pay period a document covers, free text such as
-- "2026-03". retention_until: the date after which the retention job
-- deletes the document, unless legal_hold is 1. body_text: text extracted
-- from PDF and plain-text content at ingestion, for search and preview.
-- file_name: the readable name shown over SFTP, unique per organisation
-- and kind.
ALTER TABLE documents ADD COLUMN period TEXT;
ALTER TABLE documents ADD COLUMN retention_until TEXT;
ALTER TABLE documents ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN file_name TEXT NOT NULL DEFAULT '';

UPDATE documents SET file_name = issue_date || '_document-' || id WHERE file_name = '';

CREATE UNIQUE INDEX documents_file_name ON documents (organisation_id, kind, file_name);
CREATE INDEX documents_organisation_kind ON documents (organisation_id, kind, issue_date DESC, id DESC);
CREATE INDEX documents_organisation_title ON documents (organisation_id, LOWER(title), id);
CREATE INDEX documents_organisation_size ON documents (organisation_id, size DESC, id DESC);
CREATE INDEX documents_organisation_status ON documents (organisation_id, status, issue_date);
CREATE INDEX documents_retention ON documents (retention_until) WHERE legal_hold = 0;
CREATE INDEX documents_sha256 ON documents (sha256);

-- Full-text index over title and extracted text; triggers keep it in step
-- with the table. The unicode61 tokenizer folds case like PostgreSQL's
-- 'simple' configuration and, unlike it, also folds diacritics.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    body_text,
    content = 'documents',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body_text)
    VALUES ('delete', old.id, old.title, old.body_text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body_text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body_text)
    VALUES ('delete', old.id, old.title, old.body_text);
    INSERT INTO documents_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;

INSERT INTO documents_fts (rowid, title, body_text) SELECT id, title, body_text FROM documents;

-- Contracts: whether the contract renews by itself at end_date, and its
-- active options as a comma-separated list.
ALTER TABLE contracts ADD COLUMN auto_renew INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contracts ADD COLUMN options TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_contract ON requests (contract_id);
