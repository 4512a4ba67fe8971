#include "http/routes/seat_assignments.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <nlohmann/json.hpp>

#include "domain/registration/seat_assignments.hpp"
#include "http/body_reader.hpp"
#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/routes/order_access.hpp"

namespace contoso::http {
namespace {

using actors::aggregate_kind;
using actors::command_reply;
using namespace registrant;
namespace seat_assignments = registration::seat_assignments;

reply assignments_not_found() {
  return error_reply(error_code::not_found, "The order has no seat assignments: it is unknown or not confirmed yet.");
}

/// The `{position}` path parameter: an integer that fits in int32 (a position that does not exist is
/// the seat assignments' rule to report, 422).
std::optional<int> path_position(const request& from) {
  const auto& text = from.path_params.at("position");
  const auto digits = text.substr(!text.empty() && text[0] == '-' ? 1 : 0);
  if (digits.empty() || digits.size() > 10
      || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  auto value = std::stoll(text);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
    return std::nullopt;
  return static_cast<int>(value);
}

/// The order's seat assignments, or the answer to give instead (400, 404, 503).
std::variant<reply, persistence::read_models::seat_assignments_view> find_assignments(api_context& api,
                                                                                      const request& from) {
  auto order_id = path_uuid(from, "orderId");
  if (!order_id)
    return malformed_id("orderId");
  auto found = api.orders_view.seat_assignments(*order_id);
  if (!found.ok())
    return store_failure(found.error());
  if (!found.value())
    return assignments_not_found();
  return *found.value();
}

reply show_assignments(api_context& api, const request& from) {
  auto found = find_assignments(api, from);
  if (auto* refused = std::get_if<reply>(&found))
    return *refused;
  return json_reply(200, seat_assignments_json(std::get<persistence::read_models::seat_assignments_view>(found)));
}

/// 202 with the assignments' id and the version the command gave them; the view follows shortly.
reply accepted(const std::string& assignments_id, const command_reply& answer) {
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  return json_reply(202, {{"assignmentsId", assignments_id}, {"version", answer.version}});
}

reply assign_seat(api_context& api, const request& from) {
  body_reader body{from.json};
  auto first_name = body.text("firstName");
  auto last_name = body.text("lastName");
  auto email = body.text("email");
  if (auto malformed = body.shape_error())
    return *malformed;
  auto position = path_position(from);
  if (!position)
    return error_reply(error_code::bad_request, "The path parameter position must be an integer.");
  auto found = find_assignments(api, from);
  if (auto* refused = std::get_if<reply>(&found))
    return *refused;
  const auto& assignments = std::get<persistence::read_models::seat_assignments_view>(found);
  seat_assignments::assign_seat command{*position,
                                        {first_name.value_or(""), last_name.value_or(""), email.value_or("")}};
  return accepted(assignments.assignments_id, send_command(api, aggregate_kind::seat_assignments,
                                                           assignments.assignments_id, command, from,
                                                           assignments.order_id));
}

reply unassign_seat(api_context& api, const request& from) {
  auto position = path_position(from);
  if (!position)
    return error_reply(error_code::bad_request, "The path parameter position must be an integer.");
  auto found = find_assignments(api, from);
  if (auto* refused = std::get_if<reply>(&found))
    return *refused;
  const auto& assignments = std::get<persistence::read_models::seat_assignments_view>(found);
  return accepted(assignments.assignments_id,
                  send_command(api, aggregate_kind::seat_assignments, assignments.assignments_id,
                               seat_assignments::unassign_seat{*position}, from, assignments.order_id));
}

} // namespace

void register_seat_assignment_routes(server& routes, api_context& api) {
  auto* deps = &api;
  const route table[] = {
    {"GET", "/api/orders/{orderId}/seat-assignments", body_kind::none,
     [deps](const request& from) { return show_assignments(*deps, from); }},
    {"PUT", "/api/orders/{orderId}/seat-assignments/{position}", body_kind::json,
     [deps](const request& from) { return assign_seat(*deps, from); }},
    {"DELETE", "/api/orders/{orderId}/seat-assignments/{position}", body_kind::none,
     [deps](const request& from) { return unassign_seat(*deps, from); }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
