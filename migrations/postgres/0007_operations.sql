-- Announce every stored event to the nodes that LISTEN on portico_events.
-- NOTIFY inside a transaction is sent when it commits, so a node never
-- loads an announced row before it is visible.
CREATE FUNCTION portico_announce_event() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('portico_events', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_announce AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION portico_announce_event();
