#pragma once
/// Every PostgreSQL store over one database, for the tests and the benchmark (`http/main.cpp` builds the
/// server's own and shares them between its actors and its edge).

#include "persistence/database.hpp"
#include "persistence/pg/checkpoint_store.hpp"
#include "persistence/pg/cluster_store.hpp"
#include "persistence/pg/conference_store.hpp"
#include "persistence/pg/dead_letter_store.hpp"
#include "persistence/pg/deadline_store.hpp"
#include "persistence/pg/event_store.hpp"
#include "persistence/pg/message_log.hpp"
#include "persistence/pg/process_store.hpp"
#include "persistence/pg/read_models.hpp"
#include "persistence/pg/snapshot_store.hpp"
#include "persistence/pg/wakeup.hpp"

namespace contoso::testing {

/// The stores on `db`, which must outlive them.
struct pg_stores {
  explicit pg_stores(persistence::database& db)
    : events(db), snapshots(db), messages(db), checkpoints(db), deadlines(db), processes(db), conferences(db),
      dead_letters(db), projections(db), wakeup(db.settings()), members(db), shards(db),
      leases(db.settings(), "00000000-0000-0000-0000-000000000000") {}

  persistence::pg::event_store events;
  persistence::pg::snapshot_store snapshots;
  persistence::pg::message_log messages;
  persistence::pg::checkpoint_store checkpoints;
  persistence::pg::deadline_store deadlines;
  persistence::pg::process_store processes;
  persistence::pg::conference_store conferences;
  persistence::pg::dead_letter_store dead_letters;
  persistence::pg::read_model_projections projections;
  /// One follower's listener: give it to one runtime (or one test) at a time.
  persistence::pg::wakeup wakeup;
  persistence::pg::membership_store members;
  persistence::pg::shard_ownership_store shards;
  persistence::pg::singleton_leases leases;
};

} // namespace contoso::testing
