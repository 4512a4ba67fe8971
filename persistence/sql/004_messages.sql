-- The message log: every command and event the system handled, for the admin console.
-- A message is logged once per (kind, message id): a redelivered command is not logged again.
CREATE TABLE messages (
  position       bigserial   PRIMARY KEY,
  kind           text        NOT NULL CHECK (kind IN ('command', 'event')),
  message_id     text        NOT NULL,
  type           text        NOT NULL,
  source_id      text        NOT NULL,
  correlation_id text,
  causation_id   text,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL DEFAULT '{}',
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, message_id)
);

CREATE INDEX messages_type ON messages (type, position);
CREATE INDEX messages_source ON messages (source_id, position);
