#pragma once
/// The administration API (API.md §5): live actors, streams, the message log, projections, dead
/// letters and the cluster, behind `Authorization: Bearer <admin token>`. The token is checked before
/// routing, so without it every `/api/admin` path answers 401, known or not; with no token configured
/// the admin API is off and every call answers 401.

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// Guards `/api/admin`, adds its routes, and adds the actor, subscription and dead letter gauges to
/// `/metrics`. `api` must outlive the server.
void register_admin_routes(server& routes, api_context& api);

} // namespace contoso::http
