-- The cluster (shared/CLUSTER.md): its members, each refreshing its heartbeat, and which member owns
-- each shard of actor ids. A member whose heartbeat is older than the member timeout counts as down
-- for everyone, whatever its status says. A shard moves only by raising its epoch (compare-and-set), so
-- two nodes can never both take it; a shard whose owner handed it over has no owner until taken.
CREATE TABLE cluster_members (
  node_id      uuid        PRIMARY KEY,
  http_address text        NOT NULL,
  node_address text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('joining', 'up', 'leaving', 'down')),
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shard_owners (
  shard   integer PRIMARY KEY CHECK (shard >= 0),
  node_id uuid,
  epoch   bigint  NOT NULL DEFAULT 0
);
