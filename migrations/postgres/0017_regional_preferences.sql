-- Each user's regional choices, kept with the other display preferences:
-- the IANA time zone that times are shown in, the date format by name
-- (iso, dotted, day-slash, month-slash) and the language of the screens.
-- A user without a row reads UTC, ISO dates and English.
ALTER TABLE display_preferences ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE display_preferences ADD COLUMN date_format TEXT NOT NULL DEFAULT 'iso';
ALTER TABLE display_preferences ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
