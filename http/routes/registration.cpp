#include "http/routes/registration.hpp"

#include <algorithm>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/discounts/promo_code.hpp"
#include "domain/registration/registration_process.hpp"
#include "domain/validation.hpp"
#include "http/body_reader.hpp"
#include "http/error_mapping.hpp"
#include "http/idempotency.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/routes/order_access.hpp"

namespace contoso::http {
namespace {

using actors::aggregate_kind;
using actors::command_reply;
using registration::seat_quantity;
using registration::order::order_status;
using namespace registrant;
namespace promo_code = discounts::promo_code;

reply conference_not_found() { return error_reply(error_code::not_found, "No published conference has this slug."); }
reply order_not_found() { return error_reply(error_code::not_found, "No order has this id."); }

/// The seats of a request body: a malformed one is its 400 answer; a line without a seat type or a
/// quantity is a rule broken (422), reported after the order or conference is known to exist.
struct seats_request {
  std::optional<reply> malformed;
  std::vector<seat_quantity> seats;
  validator missing;
};

/// Reads `seats: [{seatTypeId, quantity}]`; no `seats` at all is no seats (the domain says one or more
/// items are required).
seats_request read_seats(body_reader& body) {
  seats_request read;
  auto lines = body.array("seats");
  if ((read.malformed = body.shape_error()) || !lines)
    return read;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const auto at = "seats[" + std::to_string(i) + "].";
    body_reader line{(*lines)[i], at};
    auto seat_type = line.uuid("seatTypeId");
    auto quantity = line.integer("quantity");
    if ((read.malformed = line.shape_error()))
      return read;
    read.missing.check(seat_type.has_value(), at + "seatTypeId", "The SeatTypeId field is required.");
    read.missing.check(quantity.has_value(), at + "quantity", "The Quantity field is required.");
    if (seat_type && quantity)
      read.seats.push_back({canonical_id(*seat_type), *quantity});
  }
  return read;
}

nlohmann::json conference_summary_json(const persistence::read_models::conference_summary& conference) {
  return {{"id", conference.id},
          {"slug", conference.slug},
          {"name", conference.name},
          {"tagline", conference.tagline},
          {"location", conference.location},
          {"startDate", conference.start_date},
          {"endDate", conference.end_date}};
}

nlohmann::json conference_json(const persistence::read_models::conference_view& conference) {
  auto seat_types = nlohmann::json::array();
  for (const auto& seat_type : conference.seat_types)
    seat_types.push_back({{"id", seat_type.id},
                          {"name", seat_type.name},
                          {"description", seat_type.description},
                          {"price", seat_type.price},
                          {"available", std::max(0, seat_type.available)}});
  return {{"id", conference.id},
          {"slug", conference.slug},
          {"name", conference.name},
          {"description", conference.description},
          {"location", conference.location},
          {"tagline", conference.tagline},
          {"twitterSearch", conference.twitter_search},
          {"startDate", conference.start_date},
          {"endDate", conference.end_date},
          {"seatTypes", seat_types}};
}

reply list_conferences(api_context& api) {
  auto published = api.conferences_view.published_conferences();
  if (!published.ok())
    return store_failure(published.error());
  auto listed = nlohmann::json::array();
  for (const auto& conference : published.value())
    listed.push_back(conference_summary_json(conference));
  return json_reply(200, listed);
}

/// `?minVersion=N` compares with the conference's management version, which its store row carries
/// as soon as the command is answered.
reply show_conference(api_context& api, const request& from) {
  bool malformed = false;
  auto wanted = min_version(from, malformed);
  if (malformed)
    return error_reply(error_code::bad_request, "minVersion must be a non-negative integer.");
  auto conference = api.conferences_view.conference_by_slug(from.path_params.at("slug"));
  if (!conference.ok())
    return store_failure(conference.error());
  if (!conference.value() || !conference.value()->is_published)
    return conference_not_found();
  auto body = conference_json(*conference.value());
  auto stored = poll_until([&] { return api.conferences.find(conference.value()->id); },
                           [&](const auto& row) { return !wanted || (row && row->version >= *wanted); },
                           wanted ? std::chrono::milliseconds(view_wait) : std::chrono::milliseconds(0));
  if (!stored.ok() || !stored.value())
    return unavailable();
  body["version"] = stored.value()->version;
  body["maxSeatsPerLine"] = api.policy.max_seats_per_line;
  return json_reply(wanted && stored.value()->version < *wanted ? 202 : 200, body);
}

/// The answer to a placement: the order as the view shows it once it caught up with `version`.
reply placed(api_context& api, const std::string& order_id, std::int64_t version) {
  auto answer = order_answer(api, 202, order_id, version);
  answer.headers.emplace_back("Location", "/api/orders/" + order_id);
  return answer;
}

reply place_order(api_context& api, const request& from) {
  body_reader body{from.json};
  auto given_id = body.uuid("orderId", false);
  auto code_text = body.text("promoCode", false);
  auto wanted = read_seats(body);
  if (wanted.malformed)
    return *wanted.malformed;
  if (auto malformed = body.shape_error())
    return *malformed;

  auto conference = api.conferences_view.conference_by_slug(from.path_params.at("slug"));
  if (!conference.ok())
    return store_failure(conference.error());
  if (!conference.value() || !conference.value()->is_published)
    return conference_not_found();
  if (!wanted.missing.empty())
    return error_reply(wanted.missing.to_rejection());
  const auto conference_id = conference.value()->id;
  const auto order_id = given_id ? canonical_id(*given_id) : random_uuid();
  std::optional<std::string> code;
  if (code_text && !code_text->empty()) {
    code = promo_code::canonical_code(*code_text);
    if (!promo_code::is_valid_code(*code))
      return error_reply(error_code::promo_code_invalid, "The promo code does not exist or has no uses left.");
  }
  auto prices = api.conferences_view.seat_type_prices(conference_id);
  if (!prices.ok())
    return store_failure(prices.error());
  registration::order::register_to_conference registering{order_id, conference_id, wanted.seats, prices.value(),
                                                           std::nullopt};
  // The same placement racing itself gets one command id, so its receiver answers both alike.
  const auto command_id = derived_uuid(
    "RegisterToConference", order_id + "/" + nlohmann::json(tally(wanted.seats)).dump() + "/" + code.value_or(""));
  // A code's use is held, priced in and given back if unused by the order's registration process.
  auto answer = code ? send_to_process(api, order_id,
                                       registration::registration_process::place_order{std::move(registering), *code},
                                       from, command_id)
                     : send_command(api, aggregate_kind::order, order_id, std::move(registering), from, order_id,
                                    command_id);
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  return placed(api, order_id, answer.version);
}

reply show_order(api_context& api, const request& from) {
  auto order_id = path_uuid(from, "orderId");
  if (!order_id)
    return malformed_id("orderId");
  bool malformed = false;
  auto wanted = min_version(from, malformed);
  if (malformed)
    return error_reply(error_code::bad_request, "minVersion must be a non-negative integer.");
  if (!wanted) {
    auto order = api.orders_view.order(*order_id);
    if (!order.ok())
      return store_failure(order.error());
    if (!order.value())
      return order_not_found();
    return json_reply(200, order_json(*order.value()));
  }
  auto order = order_at_version(api, *order_id, *wanted);
  if (!order.ok())
    return store_failure(order.error());
  if (!order.value())
    return order_not_found();
  return json_reply(order.value()->version >= *wanted ? 200 : 202, order_json(*order.value()));
}

reply change_seats(api_context& api, const request& from) {
  auto order_id = path_uuid(from, "orderId");
  if (!order_id)
    return malformed_id("orderId");
  body_reader body{from.json};
  auto wanted = read_seats(body);
  if (wanted.malformed)
    return *wanted.malformed;
  auto known = api.orders_view.order(*order_id);
  if (!known.ok())
    return store_failure(known.error());
  if (!known.value())
    return order_not_found();
  if (!wanted.missing.empty())
    return error_reply(wanted.missing.to_rejection());
  auto prices = api.conferences_view.seat_type_prices(known.value()->conference_id);
  if (!prices.ok())
    return store_failure(prices.error());
  auto answer = send_command(api, aggregate_kind::order, *order_id,
                             registration::order::update_seats{wanted.seats, prices.value()}, from, *order_id);
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  return order_answer(api, 202, *order_id, answer.version);
}

reply assign_registrant(api_context& api, const request& from) {
  auto order_id = path_uuid(from, "orderId");
  if (!order_id)
    return malformed_id("orderId");
  body_reader body{from.json};
  auto first_name = body.text("firstName");
  auto last_name = body.text("lastName");
  auto email = body.text("email");
  if (auto malformed = body.shape_error())
    return *malformed;
  auto known = api.orders_view.order(*order_id);
  if (!known.ok())
    return store_failure(known.error());
  if (!known.value())
    return order_not_found();
  // Absent fields go on empty: the order says which are required, in the contract's words.
  auto answer = send_command(api, aggregate_kind::order, *order_id,
                             registration::order::assign_registrant_details{first_name.value_or(""),
                                                                            last_name.value_or(""), email.value_or("")},
                             from, *order_id);
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  return order_answer(api, 200, *order_id, answer.version);
}

reply look_up_order(api_context& api, const request& from) {
  body_reader body{from.json};
  auto email = body.text("email");
  auto access_code = body.text("accessCode");
  if (auto malformed = body.shape_error())
    return *malformed;
  validator check;
  check.required("email", "Email", email.value_or("")).required("accessCode", "AccessCode", access_code.value_or(""));
  if (!check.empty())
    return error_reply(check.to_rejection());
  auto found = api.orders_view.find_order(*email, *access_code);
  if (!found.ok())
    return store_failure(found.error());
  if (!found.value())
    return error_reply(error_code::not_found, "No order has this email and access code.");
  return json_reply(200, {{"orderId", found.value()->order_id}, {"conferenceSlug", found.value()->conference_slug}});
}

} // namespace

void register_registration_routes(server& routes, api_context& api) {
  auto* deps = &api;
  const route table[] = {
    {"GET", "/api/conferences", body_kind::none, [deps](const request&) { return list_conferences(*deps); }},
    {"GET", "/api/conferences/{slug}", body_kind::none,
     [deps](const request& from) { return show_conference(*deps, from); }},
    {"POST", "/api/conferences/{slug}/orders", body_kind::json,
     idempotent(api, "POST /api/conferences/{slug}/orders",
                [deps](const request& from) { return place_order(*deps, from); })},
    {"POST", "/api/orders/lookup", body_kind::json, [deps](const request& from) { return look_up_order(*deps, from); }},
    {"GET", "/api/orders/{orderId}", body_kind::none, [deps](const request& from) { return show_order(*deps, from); }},
    {"PUT", "/api/orders/{orderId}/seats", body_kind::json,
     [deps](const request& from) { return change_seats(*deps, from); }},
    {"PUT", "/api/orders/{orderId}/registrant", body_kind::json,
     [deps](const request& from) { return assign_registrant(*deps, from); }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
