-- Wakes subscribers when events commit. The notification carries no data: readers go back to the
-- table, in (tx, position) order. NOTIFY is delivered at commit, and repeats within one transaction fold.
CREATE FUNCTION notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('events', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_events();
