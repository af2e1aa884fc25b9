-- The time the daily expiry job disabled an expired automation key; a
-- disabled key never logs in again and stays listed until its owner
-- removes it.
ALTER TABLE automation_keys ADD COLUMN disabled_at INTEGER;
