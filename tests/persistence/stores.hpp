#pragma once
/// The PostgreSQL stores on a fresh, migrated database, as the store tests use them.

#include <chrono>
#include <cstdint>

#include <catch2/catch.hpp>

#include "persistence/database.hpp"
#include "persistence/pg/connection.hpp"
#include "tests/support/pg_stores.hpp"
#include "tests/support/scratch_database.hpp"

namespace contoso::testing {

/// A fresh database with the schema applied; a base of scratch_stores, so that it is there before them.
struct migrated_database {
  scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};

  migrated_database() {
    auto migrated = db.migrate();
    REQUIRE(migrated.ok());
  }
};

/// The stores on a fresh, migrated database.
struct scratch_stores : migrated_database, pg_stores {
  scratch_stores() : pg_stores(db) {}

  /// Rows in the events table, counted by the database itself.
  std::int64_t event_rows() {
    auto conn = persistence::pg::connection::open(scratch.url(), std::chrono::seconds(10));
    return conn->exec("SELECT count(*) FROM events").int64(0, 0);
  }
};

} // namespace contoso::testing
