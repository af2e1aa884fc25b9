-- Login throttling per account and the sessions of every node.

-- Consecutive failed login steps of an account, shared by every node.
-- blocked_until is the Unix second before which a further attempt is
-- refused unchecked. A factor whose own failures reach the suspension
-- threshold stays suspended (flag 1) until the user recovers it.
CREATE TABLE login_throttle (
    user_id INTEGER NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    blocked_until INTEGER NOT NULL DEFAULT 0,
    password_failures INTEGER NOT NULL DEFAULT 0,
    totp_failures INTEGER NOT NULL DEFAULT 0,
    password_suspended INTEGER NOT NULL DEFAULT 0,
    totp_suspended INTEGER NOT NULL DEFAULT 0
);

-- One row per logged-in SSH connection. node names the server process
-- that holds it; ended_at is set by whoever ends it, and that node's
-- watcher closes the connection.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    node TEXT NOT NULL,
    peer TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, ended_at);
CREATE INDEX sessions_node ON sessions (node, ended_at);
