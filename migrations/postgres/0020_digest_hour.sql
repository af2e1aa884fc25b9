-- The local hour, 0 to 23, at which a user's daily digest goes out: the
-- first digest run at or after that hour of each day in the time zone of
-- the user's regional preferences sends it. 8 means 08:00.
ALTER TABLE notification_settings
    ADD COLUMN digest_hour BIGINT NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);
