#include "http/routes/conferences.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <string_view>
#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/discounts/promo_code.hpp"
#include "domain/ids.hpp"
#include "domain/management/conference.hpp"
#include "domain/validation.hpp"
#include "http/body_reader.hpp"
#include "http/error_mapping.hpp"
#include "http/idempotency.hpp"
#include "http/json_io.hpp"
#include "http/owner_auth.hpp"
#include "http/request_params.hpp"

namespace contoso::http {
namespace {

namespace conference = management::conference;
namespace promo_code = discounts::promo_code;
using persistence::stored_conference;

reply malformed(const std::string& message) { return error_reply(error_code::bad_request, message); }

/// The 400 for a non-empty date field that is not shaped `YYYY-MM-DD` (an impossible day is the domain's 422).
std::optional<reply> date_shape_error(const std::string& field, const std::string& value) {
  if (value.empty() || has_date_shape(value))
    return std::nullopt;
  return malformed("The field " + field + " must be a date YYYY-MM-DD.");
}

nlohmann::json person_json(const std::optional<persistence::read_models::person>& someone) {
  if (!someone)
    return nullptr;
  return {{"firstName", someone->first_name}, {"lastName", someone->last_name}, {"email", someone->email}};
}

/// Seats left per seat type id, as far as the conferences read model knows (nothing before the first
/// publish: registration has not seen the seat types yet).
persistence::result<std::map<std::string, int>> seats_left(api_context& api, const conference::state& state) {
  std::map<std::string, int> left;
  if (!conference::was_ever_published(state.phase))
    return left;
  auto view = api.conferences_view.conference_by_slug(state.slug);
  if (!view.ok())
    return view.error();
  if (view.value())
    for (const auto& seat : view.value()->seat_types)
      left[seat.id] = seat.available;
  return left;
}

nlohmann::json seat_type_json(const conference::seat_type& seat, const std::map<std::string, int>& left) {
  auto known = left.find(seat.id);
  return {{"id", seat.id},
          {"name", seat.name},
          {"description", seat.description},
          {"quantity", seat.quantity},
          {"price", seat.price},
          {"available", known == left.end() ? seat.quantity : known->second}};
}

nlohmann::json conference_json(const stored_conference& stored, const std::map<std::string, int>& left) {
  const auto& state = stored.state;
  auto seat_types = nlohmann::json::array();
  for (const auto& seat : state.seat_types)
    seat_types.push_back(seat_type_json(seat, left));
  return {{"id", state.conference_id},
          {"slug", state.slug},
          {"name", state.details.name},
          {"description", state.details.description},
          {"location", state.details.location},
          {"tagline", state.details.tagline},
          {"twitterSearch", state.details.twitter_search},
          {"startDate", format_date(state.details.start_date)},
          {"endDate", format_date(state.details.end_date)},
          {"owner", {{"name", state.owner.name}, {"email", state.owner.email}}},
          {"accessCode", state.access_code},
          {"isPublished", conference::is_published(state.phase)},
          {"wasEverPublished", conference::was_ever_published(state.phase)},
          {"seatTypes", seat_types},
          {"version", stored.version}};
}

/// The conference with its seats left, or 503.
reply conference_reply(api_context& api, int status, const stored_conference& stored) {
  auto left = seats_left(api, stored.state);
  if (!left.ok())
    return store_failure(left.error());
  return json_reply(status, conference_json(stored, left.value()));
}

/// The conference as the store has it now; nullopt when it cannot be read (the caller answers 503).
std::optional<stored_conference> reread(api_context& api, const std::string& conference_id) {
  auto found = api.conferences.find(conference_id);
  if (!found.ok() || !found.value())
    return std::nullopt;
  return *found.value();
}

/// Reads the editable fields (API.md §3 PUT) into `fields`; absent texts are empty, for the domain to
/// call required or leave empty.
std::optional<reply> read_details(const nlohmann::json& body, conference::update_conference& fields) {
  body_reader reader{body};
  fields.name = reader.text("name").value_or("");
  fields.description = reader.text("description").value_or("");
  fields.location = reader.text("location").value_or("");
  fields.tagline = reader.text("tagline", false).value_or("");
  fields.twitter_search = reader.text("twitterSearch", false).value_or("");
  fields.start_date = reader.text("startDate").value_or("");
  fields.end_date = reader.text("endDate").value_or("");
  if (auto shape = reader.shape_error())
    return shape;
  if (auto shape = date_shape_error("startDate", fields.start_date))
    return shape;
  return date_shape_error("endDate", fields.end_date);
}

/// A seat type's fields as the body gives them.
struct seat_type_input {
  std::string name;
  std::string description;
  std::optional<std::int32_t> quantity;
  std::optional<nlohmann::json> price;
};

/// The seat type fields of a body, or the 400 for a wrong shape.
std::variant<seat_type_input, reply> read_seat_type(const nlohmann::json& body) {
  body_reader reader{body};
  seat_type_input input{reader.text("name").value_or(""), reader.text("description", false).value_or(""),
                        reader.integer("quantity"), reader.number("price")};
  if (auto shape = reader.shape_error())
    return *shape;
  return input;
}

/// Fills a seat type command from `input`, or answers 422 for a missing number or a price with more
/// than two decimals (the other rules are the domain's).
template <class SeatCommand>
std::optional<reply> fill_seat_type(const seat_type_input& input, SeatCommand& fields) {
  validator check;
  check.check(input.quantity.has_value(), "quantity", "The Quantity field is required.");
  check.check(input.price.has_value(), "price", "The Price field is required.");
  auto amount = input.price ? money::from_json_number(*input.price) : std::nullopt;
  check.check(!input.price || amount.has_value(), "price", "The field Price must be between 0 and 50000.");
  if (!check.empty())
    return error_reply(check.to_rejection());
  fields.name = input.name;
  fields.description = input.description;
  fields.quantity = *input.quantity;
  fields.price = *amount;
  return std::nullopt;
}

/// The owner-facing routes, sharing the API context and the owners' authentication.
class management_routes {
public:
  explicit management_routes(api_context& api) : api_(api), auth_(api.conferences, throttle_) {}

  reply create_conference(const request& incoming) {
    conference::update_conference details;
    if (auto malformed_body = read_details(incoming.json, details))
      return *malformed_body;
    body_reader reader{incoming.json};
    auto slug = reader.text("slug").value_or("");
    auto owner = reader.object("owner").value_or(nlohmann::json::object());
    if (auto shape = reader.shape_error())
      return *shape;
    body_reader owner_reader{owner, "owner."};
    auto owner_name = owner_reader.text("name").value_or("");
    auto owner_email = owner_reader.text("email").value_or("");
    if (auto shape = owner_reader.shape_error())
      return *shape;

    auto conference_id = random_uuid();
    auto answer = send_command(api_, actors::aggregate_kind::conference, conference_id,
                               conference::create_conference{conference_id, details.name, details.description,
                                                             details.location, details.tagline, details.twitter_search,
                                                             slug, details.start_date, details.end_date, owner_name,
                                                             owner_email},
                               incoming, conference_id);
    auto result = answer_with_conference(answer, conference_id, 201);
    if (result.status == 201)
      result.headers.emplace_back("Location", "/api/management/conferences/" + conference_id);
    return result;
  }

  reply login(const request& incoming) {
    body_reader reader{incoming.json};
    auto email = reader.text("email").value_or("");
    auto access_code = reader.text("accessCode").value_or("");
    if (auto shape = reader.shape_error())
      return *shape;
    validator check;
    check.text("email", "Email", email).text("accessCode", "AccessCode", access_code);
    if (!check.empty())
      return error_reply(check.to_rejection());
    auto opened = auth_.login(incoming.remote_address, email, access_code);
    if (auto* refusal = std::get_if<reply>(&opened))
      return *refusal;
    const auto& conference_id = std::get<std::vector<std::string>>(opened).front();
    auto found = reread(api_, conference_id);
    if (!found)
      return unavailable();
    return json_reply(200, {{"conferenceId", conference_id}, {"slug", found->state.slug}});
  }

  reply get_conference(const request& incoming) {
    bool bad_version = false;
    auto wanted = min_version(incoming, bad_version);
    if (bad_version)
      return malformed("minVersion must be a non-negative integer.");
    return with_owner(incoming, [&](const stored_conference& found) {
      if (!wanted || found.version >= *wanted)
        return conference_reply(api_, 200, found);
      return wait_for_version(found, *wanted);
    });
  }

  reply update_conference(const request& incoming) {
    conference::update_conference details;
    if (auto malformed_body = read_details(incoming.json, details))
      return *malformed_body;
    return with_owner(incoming, [&](const stored_conference& found) {
      auto answer = send_command(api_, actors::aggregate_kind::conference, found.state.conference_id, details, incoming,
                                 found.state.conference_id);
      return answer_with_conference(answer, found.state.conference_id, 200);
    });
  }

  reply publish(const request& incoming) { return change_publication(incoming, conference::publish_conference{}); }
  reply unpublish(const request& incoming) {
    return change_publication(incoming, conference::unpublish_conference{});
  }

  reply create_seat_type(const request& incoming) {
    return change_seat_type(incoming, conference::create_seat_type{}, 201);
  }

  reply update_seat_type(const request& incoming) {
    auto seat_type_id = path_uuid(incoming, "seatTypeId");
    if (!seat_type_id)
      return malformed("The seat type id must be a UUID.");
    conference::update_seat_type fields;
    fields.seat_type_id = *seat_type_id;
    return change_seat_type(incoming, std::move(fields), 200);
  }

  reply delete_seat_type(const request& incoming) {
    auto seat_type_id = path_uuid(incoming, "seatTypeId");
    if (!seat_type_id)
      return malformed("The seat type id must be a UUID.");
    return with_owner(incoming, [&](const stored_conference& found) {
      auto answer = send_command(api_, actors::aggregate_kind::conference, found.state.conference_id,
                                 conference::delete_seat_type{*seat_type_id}, incoming, found.state.conference_id);
      if (answer.status != actors::command_reply::accepted)
        return failure_reply(answer);
      return reply{204, "", "application/json", {}};
    });
  }

  reply list_orders(const request& incoming) {
    return with_owner(incoming, [&](const stored_conference& found) {
      auto orders = api_.orders_view.owner_orders(found.state.conference_id);
      if (!orders.ok())
        return store_failure(orders.error());
      auto listed = nlohmann::json::array();
      for (const auto& order : orders.value()) {
        auto seats = nlohmann::json::array();
        for (const auto& seat : order.seats)
          seats.push_back({{"position", seat.position},
                           {"seatTypeId", seat.seat_type_id},
                           {"seatTypeName", seat.seat_type_name},
                           {"attendee", person_json(seat.attendee)}});
        listed.push_back({{"orderId", order.order_id},
                          {"accessCode", order.access_code},
                          {"status", order.status},
                          {"total", order.total},
                          {"registrant", person_json(order.registrant)},
                          {"seats", seats}});
      }
      return json_reply(200, listed);
    });
  }

  reply create_promo_code(const request& incoming) {
    body_reader reader{incoming.json};
    auto code = reader.text("code").value_or("");
    auto percent_off = reader.integer("percentOff", false);
    auto amount_off = reader.number("amountOff", false);
    auto seat_type_ids = reader.array("seatTypeIds", false).value_or(nlohmann::json::array());
    auto max_uses = reader.integer("maxUses", false);
    if (auto shape = reader.shape_error())
      return *shape;
    for (const auto& id : seat_type_ids)
      if (!id.is_string() || !is_uuid(id.get<std::string>()))
        return malformed("The field seatTypeIds must be an array of UUIDs.");

    return with_owner(incoming, [&](const stored_conference& found) {
      validator check;
      std::vector<std::string> known_ids;
      for (const auto& id : seat_type_ids) {
        auto wanted = canonical_id(id.get<std::string>());
        const auto& seats = found.state.seat_types;
        bool known = std::any_of(seats.begin(), seats.end(), [&](const auto& seat) { return seat.id == wanted; });
        check.check(known, "seatTypeIds", "The seat type " + wanted + " does not exist in this conference.");
        known_ids.push_back(wanted);
      }
      auto amount = amount_off ? money::from_json_number(*amount_off) : std::nullopt;
      check.check(!amount_off || amount.has_value(), "amountOff",
                  "The field AmountOff must be between 0.01 and 50000.");
      if (!check.empty())
        return error_reply(check.to_rejection());

      const auto& conference_id = found.state.conference_id;
      auto answer =
        send_command(api_, actors::aggregate_kind::promo_code, promo_code::stream_id(conference_id, code),
                     promo_code::create_promo_code{conference_id, code, percent_off, amount, known_ids, max_uses},
                     incoming, conference_id);
      if (answer.status != actors::command_reply::accepted)
        return failure_reply(answer);
      registration::promo_terms terms{promo_code::canonical_code(code), registration::percent_off{}, known_ids};
      if (amount)
        terms.reduction = registration::amount_off{*amount};
      else
        terms.reduction = registration::percent_off{*percent_off};
      auto created = promo_code_json(terms, max_uses, 0);
      created["version"] = found.version;
      return json_reply(201, created);
    });
  }

  reply list_promo_codes(const request& incoming) {
    return with_owner(incoming, [&](const stored_conference& found) {
      auto codes = api_.conferences_view.promo_codes(found.state.conference_id);
      if (!codes.ok())
        return store_failure(codes.error());
      auto listed = nlohmann::json::array();
      for (const auto& code : codes.value())
        listed.push_back(promo_code_json(code.terms, code.max_uses, code.used));
      return json_reply(200, listed);
    });
  }

private:
  /// Runs `handle` with the conference of the path's `{id}` when the request is its owner's; otherwise
  /// answers 400 (malformed id), 401, 404 or 429, in the contract's order.
  template <class Handle>
  reply with_owner(const request& incoming, Handle&& handle) {
    auto conference_id = path_uuid(incoming, "id");
    if (!conference_id)
      return malformed("The conference id must be a UUID.");
    auto allowed = auth_.authorize(incoming, *conference_id);
    if (auto* refusal = std::get_if<reply>(&allowed))
      return *refusal;
    return handle(std::get<stored_conference>(allowed));
  }

  /// The conference as the store has it after `answer`; the answer to give instead when the command was
  /// refused (its code) or the store cannot be read (503).
  std::variant<reply, stored_conference> after_command(const actors::command_reply& answer,
                                                       const std::string& conference_id) {
    if (answer.status != actors::command_reply::accepted)
      return failure_reply(answer);
    auto changed = reread(api_, conference_id);
    if (!changed)
      return unavailable();
    return std::move(*changed);
  }

  /// Answers a conference command with the whole conference as it is now.
  reply answer_with_conference(const actors::command_reply& answer, const std::string& conference_id, int status) {
    auto changed = after_command(answer, conference_id);
    if (auto* refused = std::get_if<reply>(&changed))
      return *refused;
    return conference_reply(api_, status, std::get<stored_conference>(changed));
  }

  template <class Command>
  reply change_publication(const request& incoming, Command command) {
    return with_owner(incoming, [&](const stored_conference& found) {
      auto answer = send_command(api_, actors::aggregate_kind::conference, found.state.conference_id, command, incoming,
                                 found.state.conference_id);
      auto changed = after_command(answer, found.state.conference_id);
      if (auto* refused = std::get_if<reply>(&changed))
        return *refused;
      const auto& now = std::get<stored_conference>(changed);
      return json_reply(200, {{"isPublished", conference::is_published(now.state.phase)}, {"version", now.version}});
    });
  }

  template <class SeatCommand>
  reply change_seat_type(const request& incoming, SeatCommand fields, int status) {
    constexpr bool creates = std::is_same_v<SeatCommand, conference::create_seat_type>;
    auto input = read_seat_type(incoming.json);
    if (auto* malformed_body = std::get_if<reply>(&input))
      return *malformed_body;
    return with_owner(incoming, [&](const stored_conference& found) {
      const auto& seats = found.state.seat_types;
      // 404 comes before 422: an edit of a seat type the conference does not have is not found.
      if (!creates
          && std::none_of(seats.begin(), seats.end(), [&](const auto& s) { return s.id == fields.seat_type_id; }))
        return error_reply(error_code::not_found, "The seat type does not exist.");
      if (auto invalid = fill_seat_type(std::get<seat_type_input>(input), fields))
        return *invalid;
      if constexpr (creates)
        fields.seat_type_id = random_uuid();
      auto answer = send_command(api_, actors::aggregate_kind::conference, found.state.conference_id, fields, incoming,
                                 found.state.conference_id);
      auto after = after_command(answer, found.state.conference_id);
      if (auto* refused = std::get_if<reply>(&after))
        return *refused;
      const auto& changed = std::get<stored_conference>(after);
      const auto& saved = changed.state.seat_types;
      auto seat = std::find_if(saved.begin(), saved.end(), [&](const auto& s) { return s.id == fields.seat_type_id; });
      if (seat == saved.end())
        return unavailable();
      auto left = seats_left(api_, changed.state);
      if (!left.ok())
        return store_failure(left.error());
      auto body = seat_type_json(*seat, left.value());
      body["version"] = changed.version;
      return json_reply(status, body);
    });
  }

  /// Polls the store until the conference reaches `min_version`: 200 then, else 202 with what it is now.
  reply wait_for_version(const stored_conference& current, std::int64_t min_version) {
    auto stored = poll_until([&] { return api_.conferences.find(current.state.conference_id); },
                             [&](const auto& row) { return row && row->version >= min_version; }, view_wait);
    if (!stored.ok() || !stored.value())
      return unavailable();
    return conference_reply(api_, stored.value()->version >= min_version ? 200 : 202, *stored.value());
  }

  static nlohmann::json promo_code_json(const registration::promo_terms& terms, const std::optional<int>& max_uses,
                                        int used) {
    nlohmann::json listed = terms;
    listed["maxUses"] = max_uses ? nlohmann::json(*max_uses) : nlohmann::json(nullptr);
    listed["used"] = used;
    return listed;
  }

  api_context& api_;
  failure_throttle throttle_;
  owner_auth auth_;
};

} // namespace

void register_conference_routes(server& routes, api_context& api) {
  auto shared = std::make_shared<management_routes>(api);
  using method = reply (management_routes::*)(const request&);
  struct row {
    const char* verb;
    const char* pattern;
    body_kind body;
    method handle;
    bool creates = false; ///< honours Idempotency-Key
  };
  const row table[] = {
    {"POST", "/api/conferences", body_kind::json, &management_routes::create_conference, true},
    {"POST", "/api/management/login", body_kind::json, &management_routes::login},
    {"GET", "/api/management/conferences/{id}", body_kind::none, &management_routes::get_conference},
    {"PUT", "/api/management/conferences/{id}", body_kind::json, &management_routes::update_conference},
    {"POST", "/api/management/conferences/{id}/publish", body_kind::none, &management_routes::publish},
    {"POST", "/api/management/conferences/{id}/unpublish", body_kind::none, &management_routes::unpublish},
    {"POST", "/api/management/conferences/{id}/seat-types", body_kind::json, &management_routes::create_seat_type,
     true},
    {"PUT", "/api/management/conferences/{id}/seat-types/{seatTypeId}", body_kind::json,
     &management_routes::update_seat_type},
    {"DELETE", "/api/management/conferences/{id}/seat-types/{seatTypeId}", body_kind::none,
     &management_routes::delete_seat_type},
    {"GET", "/api/management/conferences/{id}/orders", body_kind::none, &management_routes::list_orders},
    {"POST", "/api/management/conferences/{id}/promo-codes", body_kind::json,
     &management_routes::create_promo_code, true},
    {"GET", "/api/management/conferences/{id}/promo-codes", body_kind::none, &management_routes::list_promo_codes},
  };
  for (const auto& entry : table) {
    handler handle = [shared, handle = entry.handle](const request& incoming) { return ((*shared).*handle)(incoming); };
    if (entry.creates)
      handle = idempotent(api, std::string(entry.verb) + " " + entry.pattern, std::move(handle));
    routes.add({entry.verb, entry.pattern, entry.body, std::move(handle)});
  }
}

} // namespace contoso::http
