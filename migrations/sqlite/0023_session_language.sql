-- The language each user's latest terminal session ran in, 'en' or 'fr':
-- the language they chose, else that of the locale the client sent
-- (LC_ALL, LC_MESSAGES, LANG), else English. Notifications, mails and
-- text messages use it when the user left the language on 'auto', so they
-- match the screens. NULL until the user's first session after this
-- version; such users get English.
ALTER TABLE users ADD COLUMN session_language TEXT;
