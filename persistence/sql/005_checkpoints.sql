-- How far each subscription has read the global order: the (tx, position) of its last handled event.
CREATE TABLE checkpoints (
  subscription text        PRIMARY KEY,
  tx           xid8        NOT NULL,
  position     bigint      NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
