#pragma once
/// Both implementations of every store, behind one shape, so that one contract test runs against each:
/// `pg_stores` on a fresh migrated database, `memory_stores` in memory.

#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "persistence/database.hpp"
#include "persistence/memory/checkpoint_store.hpp"
#include "persistence/memory/conference_store.hpp"
#include "persistence/memory/dead_letter_store.hpp"
#include "persistence/memory/deadline_store.hpp"
#include "persistence/memory/event_store.hpp"
#include "persistence/memory/message_log.hpp"
#include "persistence/memory/process_store.hpp"
#include "persistence/memory/snapshot_store.hpp"
#include "persistence/pg/checkpoint_store.hpp"
#include "persistence/pg/conference_store.hpp"
#include "persistence/pg/connection.hpp"
#include "persistence/pg/dead_letter_store.hpp"
#include "persistence/pg/deadline_store.hpp"
#include "persistence/pg/event_store.hpp"
#include "persistence/pg/message_log.hpp"
#include "persistence/pg/process_store.hpp"
#include "persistence/pg/snapshot_store.hpp"
#include "tests/support/scratch_database.hpp"

namespace contoso::testing {

/// The stores on a fresh, migrated PostgreSQL database.
struct pg_stores {
  static constexpr const char* name = "pg";

  scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};
  persistence::pg::event_store events{db};
  persistence::pg::snapshot_store snapshots{db};
  persistence::pg::message_log messages{db};
  persistence::pg::checkpoint_store checkpoints{db};
  persistence::pg::deadline_store deadlines{db};
  persistence::pg::process_store processes{db};
  persistence::pg::conference_store conferences{db};
  persistence::pg::dead_letter_store dead_letters{db};

  pg_stores() {
    auto migrated = db.migrate();
    REQUIRE(migrated.ok());
  }

  /// Rows in the events table, counted by the database itself.
  std::int64_t event_rows() {
    auto conn = persistence::pg::connection::open(scratch.url(), std::chrono::seconds(10));
    return conn->exec("SELECT count(*) FROM events").int64(0, 0);
  }
};

/// The stores in memory.
struct memory_stores {
  static constexpr const char* name = "memory";

  persistence::memory::event_store events;
  persistence::memory::snapshot_store snapshots;
  persistence::memory::message_log messages;
  persistence::memory::checkpoint_store checkpoints;
  persistence::memory::deadline_store deadlines;
  persistence::memory::process_store processes{deadlines};
  persistence::memory::conference_store conferences{events};
  persistence::memory::dead_letter_store dead_letters;

  /// Events held, counted through the global order.
  std::int64_t event_rows() {
    auto all = events.read_all({}, 1000000);
    REQUIRE(all.ok());
    return static_cast<std::int64_t>(all.value().size());
  }
};

} // namespace contoso::testing
