#pragma once
/// What a directory of aggregates spawns its instances with.

#include <functional>

#include "actors/aggregate_kind.hpp"
#include "actors/directory_actor.hpp"

namespace contoso::actors {

struct aggregate_environment;

/// Spawns the aggregate actors of `kind`, each with a fresh `environment()`.
instance_factory aggregate_factory(aggregate_kind kind, std::function<aggregate_environment()> environment);

} // namespace contoso::actors
