#pragma once
/// Liveness, readiness and metrics for operators and orchestrators (API.md §5).

#include <atomic>

#include "http/server.hpp"
#include "persistence/database.hpp"

namespace contoso::http {

/// What the operations routes read.
struct operations_deps {
  const request_metrics& metrics;
  persistence::database& database;
  /// Set once the node is leaving (SIGTERM): it is not ready for new requests any more.
  const std::atomic<bool>& leaving;
};

/// `GET /healthz` (the process runs), `GET /readyz` (database reachable, schema up to date, not leaving),
/// `GET /metrics` (requests and the database pool, Prometheus text format).
void register_operations_routes(server& routes, const operations_deps& deps);

} // namespace contoso::http
