#pragma once
/// The pieces the runtime wires together for aggregates: journal workers (detached, blocking) and a
/// factory per aggregate kind for its directory.

#include <functional>

#include <caf/all.hpp>

#include "actors/aggregate_kind.hpp"
#include "actors/directory_actor.hpp"
#include "actors/journal.hpp"

namespace contoso::actors {

struct aggregate_environment;

/// Does a journal's blocking calls; spawn it `detached`, so they block its own thread only.
caf::behavior journal_worker(caf::event_based_actor* self, journal_stores stores);

/// Spawns the aggregate actors of `kind`, each with a fresh `environment()`.
instance_factory aggregate_factory(aggregate_kind kind, std::function<aggregate_environment()> environment);

} // namespace contoso::actors
