-- Process managers' durable state: one row per process, saved with its deadline changes in one
-- transaction. revision guards against two writers; handled_tx/handled_position is the cursor of the
-- last event the process handled.
CREATE TABLE processes (
  process_id       text        PRIMARY KEY,
  revision         bigint      NOT NULL CHECK (revision > 0),
  state            jsonb       NOT NULL,
  handled_tx       xid8        NOT NULL,
  handled_position bigint      NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Commands a process decided to send and has not marked sent yet, in delivery order (seq).
CREATE TABLE process_owed_commands (
  process_id text    NOT NULL REFERENCES processes (process_id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  command_id text    NOT NULL,
  command    jsonb   NOT NULL,
  PRIMARY KEY (process_id, seq),
  UNIQUE (process_id, command_id)
);
