-- The event store: every stream's events, the book of record.
-- UNIQUE (stream_id, version) is the final guard against two writers on one stream.
-- tx is the writing transaction: readers of the global order go by (tx, position) and only below the
-- oldest running transaction, so an event committed late is never skipped.
CREATE TABLE events (
  stream_id      text        NOT NULL,
  stream_type    text        NOT NULL,
  version        bigint      NOT NULL CHECK (version > 0),
  event_id       uuid        NOT NULL UNIQUE,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL DEFAULT '{}',
  command_id     text,
  tx             xid8        NOT NULL DEFAULT pg_current_xact_id(),
  position       bigserial   NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (position),
  UNIQUE (stream_id, version)
);

CREATE INDEX events_global_order ON events (tx, position);
CREATE INDEX events_command ON events (command_id, stream_id) WHERE command_id IS NOT NULL;
