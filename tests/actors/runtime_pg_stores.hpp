#pragma once
/// The PostgreSQL stores as an actor runtime takes them, for the tests and the benchmark that start a
/// runtime of their own.

#include "actors/runtime.hpp"
#include "tests/support/pg_stores.hpp"

namespace contoso::testing {

/// pg_stores that can be handed to a runtime; keep them beyond any runtime given them.
struct runtime_pg_stores : pg_stores {
  using pg_stores::pg_stores;

  /// What a runtime is started on; one runtime at a time, since the wakeup is one listener's.
  actors::runtime_stores bundle() {
    return {events, snapshots, messages, checkpoints, deadlines, processes, conferences, dead_letters, projections,
            wakeup, members, shards, leases};
  }
};

} // namespace contoso::testing
