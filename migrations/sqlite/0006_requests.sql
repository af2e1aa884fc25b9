-- Request lifecycle, service levels, participants, ratings, canned
-- replies, the knowledge base and the event log behind live updates.

-- Facts of a request beyond its state. first_response_at is set by the
-- first message of an agent that a customer can see; closed_at by the
-- last change to closed. rating is 1 to 5 and set once, after closing.
-- context records where the customer opened the request from.
ALTER TABLE requests ADD COLUMN first_response_at INTEGER;
ALTER TABLE requests ADD COLUMN closed_at INTEGER;
ALTER TABLE requests ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE requests ADD COLUMN rating_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN rated_at INTEGER;
ALTER TABLE requests ADD COLUMN context TEXT NOT NULL DEFAULT '';

-- The general conversation of an organisation with support is a request
-- row with conversation = 1: it has a thread but no lifecycle, and
-- request lists leave it out. Each organisation has at most one.
ALTER TABLE requests ADD COLUMN conversation INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX requests_conversation ON requests (organisation_id) WHERE conversation = 1;

-- Colleagues of the opener's organisation who follow a request: they are
-- notified of its changes like the opener.
CREATE TABLE request_participants (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

-- Reply templates for agents. Placeholders such as {customer} are filled
-- in when the agent inserts one.
CREATE TABLE canned_replies (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
);

-- Knowledge base articles, Markdown, keyed by slug (the file name on
-- import).
CREATE TABLE kb_articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Articles offered while a customer typed a new request's subject, and
-- whether the customer then opened the request anyway.
CREATE TABLE kb_suggestions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    request_id INTEGER REFERENCES requests (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX kb_suggestions_article ON kb_suggestions (article_id);

-- Every change that open sessions must see, with an increasing id. A node
-- broadcasts each row to its own sessions, and a node that lost contact
-- catches up by reading rows after the last id it saw.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    request_id INTEGER,
    organisation_id INTEGER,
    user_id INTEGER,
    actor_id INTEGER,
    created_at INTEGER NOT NULL
);
