-- Events a subscription's handler gave up on, kept whole (the columns of `events`) so that a retry
-- hands the handler exactly what it failed on. recorded_at is the event's; dead_lettered_at is ours.
CREATE TABLE dead_letters (
  id               bigserial   PRIMARY KEY,
  subscription     text        NOT NULL,
  stream_id        text        NOT NULL,
  version          bigint      NOT NULL,
  position         bigint      NOT NULL,
  tx               xid8        NOT NULL,
  event_id         uuid        NOT NULL,
  type             text        NOT NULL,
  schema_version   integer     NOT NULL,
  data             jsonb       NOT NULL,
  metadata         jsonb       NOT NULL,
  command_id       text,
  recorded_at      timestamptz NOT NULL,
  error            text        NOT NULL,
  attempts         integer     NOT NULL,
  status           text        NOT NULL DEFAULT 'dead' CHECK (status IN ('dead', 'retrying')),
  dead_lettered_at timestamptz NOT NULL DEFAULT now()
);
