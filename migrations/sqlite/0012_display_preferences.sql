-- How each user wants the terminal interface drawn: the theme by name
-- (a file of the server's themes folder) and the plain linear mode for
-- screen readers. A user without a row gets the default theme, not plain.
CREATE TABLE display_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    plain_mode INTEGER NOT NULL DEFAULT 0 CHECK (plain_mode IN (0, 1)),
    updated_at INTEGER NOT NULL
);
