#pragma once
/// Events leave the log in their current shape: every subscriber (projections, policies, the message
/// log, the registration processes) sees them upcast once, here, and never meets an old type or schema.

#include <vector>

#include "persistence/event_store.hpp"

namespace contoso::actors {

/// `recorded` with its aggregate's upcasters applied (unchanged for a stream of no known aggregate).
persistence::recorded_event upcast(persistence::recorded_event recorded);

/// Every event of `batch` upcast.
std::vector<persistence::recorded_event> upcast(std::vector<persistence::recorded_event> batch);

} // namespace contoso::actors
