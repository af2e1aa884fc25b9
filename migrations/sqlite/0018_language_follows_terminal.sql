-- A user's language may follow the terminal: 'auto' reads the locale the
-- client sends (LANG, LC_MESSAGES, LC_ALL) and falls back to English.
-- English was the only language shown before this version, so a stored
-- 'en' was the column's default rather than a choice between languages;
-- those rows now follow the terminal too.
UPDATE display_preferences SET language = 'auto' WHERE language = 'en';
