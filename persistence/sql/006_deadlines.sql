-- Timeouts that must survive restarts (order expiry): rows with a due time, not in-memory timers.
CREATE TABLE deadlines (
  id       text        PRIMARY KEY,
  owner    text        NOT NULL,
  kind     text        NOT NULL,
  due_at   timestamptz NOT NULL,
  payload  jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX deadlines_due ON deadlines (due_at, id);
CREATE INDEX deadlines_owner ON deadlines (owner);
