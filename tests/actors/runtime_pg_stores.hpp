#pragma once
/// The actor runtime's stores in PostgreSQL over one database, for the tests and the benchmark that start
/// a runtime of their own (`http/main.cpp` builds the server's, shared with its edge).

#include "actors/runtime.hpp"
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

/// Every store a runtime needs, on `db`, which must outlive them; keep them beyond any runtime given them.
struct runtime_pg_stores {
  explicit runtime_pg_stores(persistence::database& db)
    : events(db), snapshots(db), messages(db), checkpoints(db), deadlines(db), processes(db), conferences(db),
      dead_letters(db), projections(db), wakeup(db.settings()), members(db) {}

  persistence::pg::event_store events;
  persistence::pg::snapshot_store snapshots;
  persistence::pg::message_log messages;
  persistence::pg::checkpoint_store checkpoints;
  persistence::pg::deadline_store deadlines;
  persistence::pg::process_store processes;
  persistence::pg::conference_store conferences;
  persistence::pg::dead_letter_store dead_letters;
  persistence::pg::read_model_projections projections;
  persistence::pg::wakeup wakeup;
  persistence::pg::membership_store members;

  /// What a runtime is started on; one runtime at a time, since the wakeup is one listener's.
  actors::runtime_stores bundle() {
    return {events, snapshots, messages, checkpoints, deadlines, processes, conferences, dead_letters, projections,
            wakeup, members};
  }
};

} // namespace contoso::testing
