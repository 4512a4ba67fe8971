#pragma once
/// Liveness, readiness and metrics for operators and orchestrators (API.md §5).

#include "http/server.hpp"

namespace contoso::http {

/// What the operations routes read.
struct operations_deps {
  const request_metrics& metrics;
};

/// `GET /healthz`, `GET /metrics`.
void register_operations_routes(server& routes, const operations_deps& deps);

} // namespace contoso::http
