-- Wakes subscribers when events commit. The notification carries no data: readers go back to the
-- table, in (tx, position) order. NOTIFY is delivered at commit, and repeats within one transaction
-- fold into one. An insert of no rows (an append that found a conflict) wakes nobody.
CREATE FUNCTION notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted) THEN
    PERFORM pg_notify('events', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION notify_events();
