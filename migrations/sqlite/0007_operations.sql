-- SQLite has no NOTIFY: nodes poll the events table, which needs nothing new.
SELECT 1;
