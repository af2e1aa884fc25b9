-- Notifications and the documents attached to requests.

-- In-app notifications. A row is written in the same transaction as the
-- change that caused it; read_at is set when the user marks it read.
-- link names what the notification is about, such as "request:42".

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Documents attached to a request: by the customer who opened it from a
-- document, by a reply, or by an upload. Whoever sees the request sees
-- its attached documents.
CREATE TABLE request_documents (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    attached_by INTEGER NOT NULL REFERENCES users (id),
    attached_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, document_id)
);
CREATE INDEX request_documents_document ON request_documents (document_id);

INSERT INTO request_documents (request_id, document_id, attached_by, attached_at)
SELECT id, document_id, opened_by, created_at FROM requests WHERE document_id IS NOT NULL;
