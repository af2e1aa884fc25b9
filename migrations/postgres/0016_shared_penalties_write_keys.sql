-- Penalties of source addresses, shared by every node on this database, so
-- an address refused by one node is refused by all. Times are Unix
-- milliseconds. `source` is an IPv4 address or an IPv6 /64 prefix.
CREATE TABLE source_penalties (
    source TEXT PRIMARY KEY,
    until_ms BIGINT NOT NULL,
    enforced BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX source_penalties_until ON source_penalties (until_ms);

-- Idempotency keys of user writes: a write retried with the same key after
-- a connection fault finds its key here and is not stored a second time.
-- The key row commits in the same transaction as the write it names.
CREATE TABLE write_keys (
    key TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX write_keys_created ON write_keys (created_at);
