#pragma once
/// The registrant's payment routes (API.md §4).

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// `POST /api/orders/{orderId}/payment`, `GET /api/payments/{paymentId}`,
/// `POST /api/payments/{paymentId}/accept` and `/reject` (the simulated third-party processor).
void register_payment_routes(server& routes, api_context& api);

} // namespace contoso::http
