-- Conference Management's rows, written in the same transaction as the conference's stream of events.
-- version is that stream's version. tagline and twitter_search are '' when the owner gave none.
-- Slugs are unique regardless of case; owners log in by email (any case) and access code (exact).
CREATE TABLE conferences (
  id                 text    PRIMARY KEY,
  slug               text    NOT NULL,
  name               text    NOT NULL,
  description        text    NOT NULL,
  location           text    NOT NULL,
  tagline            text    NOT NULL,
  twitter_search     text    NOT NULL,
  start_date         date    NOT NULL,
  end_date           date    NOT NULL,
  owner_name         text    NOT NULL,
  owner_email        text    NOT NULL,
  access_code        text    NOT NULL,
  is_published       boolean NOT NULL,
  was_ever_published boolean NOT NULL,
  version            bigint  NOT NULL CHECK (version > 0)
);

CREATE UNIQUE INDEX conferences_slug ON conferences (lower(slug));
CREATE INDEX conferences_owner ON conferences (lower(owner_email));

-- A conference's seat types in creation order (position); revision is that of the last
-- SeatCreated/SeatUpdated (0 while registration has not seen the seat type).
CREATE TABLE seat_types (
  id            text    PRIMARY KEY,
  conference_id text    NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
  position      integer NOT NULL,
  name          text    NOT NULL,
  description   text    NOT NULL,
  quantity      integer NOT NULL CHECK (quantity >= 0),
  price_cents   bigint  NOT NULL CHECK (price_cents >= 0),
  revision      bigint  NOT NULL,
  UNIQUE (conference_id, position)
);
