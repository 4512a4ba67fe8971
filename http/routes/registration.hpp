#pragma once
/// The registrant API (API.md §4): published conferences, orders, payments and seat assignments.

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// `GET /api/conferences`, `GET /api/conferences/{slug}`, `POST /api/conferences/{slug}/orders`,
/// `GET /api/orders/{orderId}`, `PUT /api/orders/{orderId}/seats`, `PUT /api/orders/{orderId}/registrant`,
/// `POST /api/orders/lookup`, and the payment and seat-assignment routes of `payments.hpp` and
/// `seat_assignments.hpp`.
void register_registration_routes(server& routes, api_context& api);

} // namespace contoso::http
