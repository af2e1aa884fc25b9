-- Account security: operator resets, and the details of each login that
-- unusual-login alerts compare.

-- SHA-256 of the one-time reset code an operator issued, and when it
-- expires. Both are NULL when no reset is pending.
ALTER TABLE users ADD COLUMN reset_code_hash TEXT;
ALTER TABLE users ADD COLUMN reset_expires_at BIGINT;
-- 1 after a reset: the next session must set a password and enrol TOTP
-- before anything else.
ALTER TABLE users ADD COLUMN must_renew_factors BIGINT NOT NULL DEFAULT 0;

-- Filled for successful logins: the SHA256 fingerprint of the key used,
-- the client's version string, and the network of the address (an IPv4
-- /24 or an IPv6 /64), which unusual-login alerts compare.
ALTER TABLE login_history ADD COLUMN key_fingerprint TEXT;
ALTER TABLE login_history ADD COLUMN client_version TEXT;
ALTER TABLE login_history ADD COLUMN network TEXT;
CREATE INDEX login_history_user_outcome ON login_history (user_id, outcome, created_at);
