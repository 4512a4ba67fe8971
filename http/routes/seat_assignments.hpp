#pragma once
/// Who sits in the seats of a confirmed order (API.md §4).

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// `GET /api/orders/{orderId}/seat-assignments`, `PUT` and `DELETE`
/// `/api/orders/{orderId}/seat-assignments/{position}`.
void register_seat_assignment_routes(server& routes, api_context& api);

} // namespace contoso::http
