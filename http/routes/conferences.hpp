#pragma once
/// Conference management for business customers (API.md §3): creating a conference, the owner's login,
/// and, for the owner (HTTP Basic, `owner_auth.hpp`), editing, publishing, seat types, promo codes and
/// the orders list.
///
/// Commands go to the `conference` and `promo_code` aggregate actors. The management GETs read the
/// conference's rows from the conference store, which the conference actor writes with its events in
/// one transaction, so they show a command's effect at once; seats left and promo-code uses come from
/// the read models and follow shortly after.

#include "http/api.hpp"
#include "http/server.hpp"

namespace contoso::http {

/// Adds the management routes to `routes`; `api` must outlive the server.
void register_conference_routes(server& routes, api_context& api);

} // namespace contoso::http
