#pragma once
/// The contract as an OpenAPI 3 document (API.md §3–§5), served at `GET /api/openapi.json`. It lists
/// every route of the contract with its top-level request and response schemas and the error shape;
/// a test checks that every route the server registers appears in it with the same method.

#include <nlohmann/json.hpp>

#include "http/server.hpp"

namespace contoso::http {

/// The OpenAPI 3.0 document of the whole contract.
const nlohmann::json& openapi_document();

/// `GET /api/openapi.json`.
void register_openapi_routes(server& routes);

} // namespace contoso::http
