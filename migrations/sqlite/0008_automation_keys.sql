-- Automation keys: public keys that log in without a second factor but
-- may only run exec commands within their scope, until they expire.
CREATE TABLE automation_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    -- 1 when the key may run commands that change data.
    read_write INTEGER NOT NULL DEFAULT 0,
    -- Allowed source networks in CIDR notation, comma-separated; empty
    -- allows every address.
    networks TEXT NOT NULL DEFAULT '',
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    -- 1 once the owner was notified that the key expires soon.
    expiry_notified INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, fingerprint)
);
