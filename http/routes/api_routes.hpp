#pragma once
/// Every route file of the API, registered in one place: the composition root calls this, and the
/// OpenAPI coverage test calls it too, so that the test sees exactly the routes the binary serves.

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// Adds the routes of API.md §3–§5 that use the API context (the operations routes and the OpenAPI
/// document are registered before the actors start). `api` must outlive the server.
void register_api_routes(server& routes, api_context& api);

} // namespace contoso::http
