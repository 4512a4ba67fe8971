#include "http/routes/api_routes.hpp"

#include "http/routes/admin.hpp"
#include "http/routes/conferences.hpp"
#include "http/routes/payments.hpp"
#include "http/routes/registration.hpp"
#include "http/routes/seat_assignments.hpp"

namespace contoso::http {

void register_api_routes(server& routes, api_context& api) {
  register_admin_routes(routes, api);
  register_conference_routes(routes, api);
  register_registration_routes(routes, api);
  register_payment_routes(routes, api);
  register_seat_assignment_routes(routes, api);
}

} // namespace contoso::http
