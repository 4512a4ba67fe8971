-- Idempotency keys (API §2, §7): the first answer to a request that carried `Idempotency-Key`, kept
-- per scope (the route and a hash of the caller's credentials) so that a repeat replays it. A row
-- without a status is a claim whose request is still running; the primary key makes concurrent first
-- requests race for one claim. Rows older than the retention (at least 24 h) are deleted.
CREATE TABLE idempotency_keys (
  scope        text        NOT NULL,
  idempotency_key uuid     NOT NULL,
  request_hash text        NOT NULL,
  status       integer,
  content_type text,
  headers      jsonb,
  body         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
