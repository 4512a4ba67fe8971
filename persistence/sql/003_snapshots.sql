-- The latest snapshot of each stream's state; a stream is rebuilt from it plus the later events.
CREATE TABLE snapshots (
  stream_id      text        PRIMARY KEY,
  version        bigint      NOT NULL,
  schema_version integer     NOT NULL,
  state          jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
