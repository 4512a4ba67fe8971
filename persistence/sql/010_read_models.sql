-- The read models (projections) that answer the API's queries, and where each projection stands.
-- Every table here is written only by its projection, in the same transaction as the projection's
-- cursor in `projections`. No foreign keys: a rebuild copies each table with LIKE ... INCLUDING ALL
-- into a shadow table and swaps it in, and the projections follow the global order independently.

-- One row per projection. `tx`/`position` is the live tables' cursor in the global order (the
-- cursor() of the last event applied); `rebuild_tx`/`rebuild_position` is the shadow tables' cursor
-- while a rebuild runs (status 'rebuilding'), NULL otherwise.
CREATE TABLE projections (
  name             text        PRIMARY KEY,
  status           text        NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'rebuilding')),
  tx               xid8        NOT NULL DEFAULT '0',
  position         bigint      NOT NULL DEFAULT 0,
  rebuild_tx       xid8,
  rebuild_position bigint,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO projections (name) VALUES ('conferences'), ('orders'), ('payments'), ('promo_codes');

-- Projection 'conferences': the registrant's view of each conference.
CREATE TABLE rm_conferences (
  conference_id  text    PRIMARY KEY,
  slug           text    NOT NULL,
  name           text    NOT NULL,
  description    text    NOT NULL,
  location       text    NOT NULL,
  tagline        text    NOT NULL,
  twitter_search text    NOT NULL,
  start_date     date    NOT NULL,
  end_date       date    NOT NULL,
  owner_name     text    NOT NULL,
  owner_email    text    NOT NULL,
  is_published   boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rm_conferences_slug ON rm_conferences (lower(slug));

-- A published seat type. `quota` is the seats-availability side's absolute quota; `remaining` =
-- quota − held − sold, which goes negative when a quota is cut below what is held (readers see
-- greatest(0, remaining)).
CREATE TABLE rm_seat_types (
  seat_type_id  text    PRIMARY KEY,
  conference_id text    NOT NULL,
  name          text    NOT NULL DEFAULT '',
  description   text    NOT NULL DEFAULT '',
  price_cents   bigint  NOT NULL DEFAULT 0,
  quota         integer NOT NULL DEFAULT 0,
  remaining     integer NOT NULL DEFAULT 0,
  created_order bigint  NOT NULL DEFAULT 0
);
CREATE INDEX rm_seat_types_conference ON rm_seat_types (conference_id);

-- Projection 'orders': orders, their lines, their payment and their seat assignments.
CREATE TABLE rm_orders (
  order_id               text    PRIMARY KEY,
  conference_id          text    NOT NULL,
  status                 text    NOT NULL,
  reservation_answered   boolean NOT NULL DEFAULT false, -- a reservation outcome ever reached the order
  version                bigint  NOT NULL,
  access_code            text    NOT NULL,
  promo_code             text,
  discount_cents         bigint  NOT NULL DEFAULT 0,
  total_cents            bigint  NOT NULL DEFAULT 0,
  is_free_of_charge      boolean NOT NULL DEFAULT false,
  reservation_expires_ms bigint  NOT NULL,
  first_name             text,
  last_name              text,
  email                  text,
  payment_id             text,
  assignments_id         text
);
CREATE INDEX rm_orders_conference ON rm_orders (conference_id);
CREATE INDEX rm_orders_lookup ON rm_orders (lower(email), access_code);

-- One line per seat type requested with quantity > 0; `reserved` is NULL until the reservation's
-- outcome is known.
CREATE TABLE rm_order_lines (
  order_id         text    NOT NULL,
  line             integer NOT NULL,
  seat_type_id     text    NOT NULL,
  seat_type_name   text    NOT NULL DEFAULT '',
  requested        integer NOT NULL,
  reserved         integer,
  unit_price_cents bigint  NOT NULL DEFAULT 0,
  line_total_cents bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, seat_type_id)
);

CREATE TABLE rm_seat_assignments (
  assignments_id text    NOT NULL,
  order_id       text    NOT NULL,
  position       integer NOT NULL,
  seat_type_id   text    NOT NULL,
  first_name     text,
  last_name      text,
  email          text,
  PRIMARY KEY (assignments_id, position)
);
CREATE INDEX rm_seat_assignments_order ON rm_seat_assignments (order_id);

-- Projection 'payments'.
CREATE TABLE rm_payments (
  payment_id    text   PRIMARY KEY,
  order_id      text   NOT NULL,
  conference_id text   NOT NULL,
  amount_cents  bigint NOT NULL,
  description   text   NOT NULL,
  status        text   NOT NULL CHECK (status IN ('initiated', 'completed', 'rejected'))
);

-- Projection 'promo_codes': each code's terms and, per order, whether its use is held or used.
CREATE TABLE rm_promo_codes (
  promo_code_id    text    PRIMARY KEY,
  conference_id    text    NOT NULL,
  code             text    NOT NULL,
  percent_off      integer,
  amount_off_cents bigint,
  seat_type_ids    jsonb   NOT NULL,
  max_uses         integer
);
CREATE INDEX rm_promo_codes_conference ON rm_promo_codes (conference_id);

CREATE TABLE rm_promo_code_uses (
  promo_code_id text NOT NULL,
  order_id      text NOT NULL,
  state         text NOT NULL CHECK (state IN ('held', 'used')),
  PRIMARY KEY (promo_code_id, order_id)
);
