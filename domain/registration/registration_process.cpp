#include "domain/registration/registration_process.hpp"

#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/codec.hpp"

namespace contoso::registration::registration_process {

// ---- JSON

namespace {

constexpr std::pair<completion, std::string_view> completion_names[] = {
  {completion::confirmed, "confirmed"},
  {completion::rejected, "rejected"},
  {completion::attention, "attention"},
};

completion completion_from(const nlohmann::json& j) {
  auto text = j.get<std::string>();
  for (const auto& [how, name] : completion_names)
    if (name == text)
      return how;
  throw nlohmann::json::type_error::create(302, "unknown completion '" + text + "'", &j);
}

/// Each phase's saved name and fields.
nlohmann::json phase_to_json(const phase& current) {
  return std::visit(
    [](const auto& p) -> nlohmann::json {
      using type = std::decay_t<decltype(p)>;
      if constexpr (std::is_same_v<type, not_started>)
        return {{"name", "new"}};
      else if constexpr (std::is_same_v<type, awaiting_reservation>)
        return {{"name", "awaitingReservation"}, {"reservationCommandId", p.reservation_command_id}};
      else if constexpr (std::is_same_v<type, reservation_received>)
        return {{"name", "reservationReceived"},
                {"reservationCommandId", p.reservation_command_id},
                {"reserved", p.reserved}};
      else if constexpr (std::is_same_v<type, payment_received>)
        return {{"name", "paymentReceived"}, {"reserved", p.reserved}};
      else if constexpr (std::is_same_v<type, paid_awaiting_reservation>)
        return {{"name", "paidAwaitingReservation"}, {"reservationCommandId", p.reservation_command_id}};
      else if constexpr (std::is_same_v<type, expired>)
        return {{"name", "expired"}, {"seats", p.seats}};
      else if constexpr (std::is_same_v<type, reacquiring>)
        return {{"name", "reacquiring"}, {"reservationCommandId", p.reservation_command_id}, {"seats", p.seats}};
      else
        return {{"name", "completed"}, {"how", to_string(p.how)}};
    },
    current);
}

phase phase_from_json(const nlohmann::json& j) {
  auto name = j.at("name").get<std::string>();
  if (name == "new")
    return not_started{};
  if (name == "awaitingReservation")
    return awaiting_reservation{j.at("reservationCommandId").get<std::string>()};
  if (name == "reservationReceived")
    return reservation_received{j.at("reservationCommandId").get<std::string>(),
                                j.at("reserved").get<std::vector<seat_quantity>>()};
  if (name == "paymentReceived")
    return payment_received{j.at("reserved").get<std::vector<seat_quantity>>()};
  if (name == "paidAwaitingReservation")
    return paid_awaiting_reservation{j.at("reservationCommandId").get<std::string>()};
  if (name == "expired")
    return expired{j.at("seats").get<std::vector<seat_quantity>>()};
  if (name == "reacquiring")
    return reacquiring{j.at("reservationCommandId").get<std::string>(),
                       j.at("seats").get<std::vector<seat_quantity>>()};
  if (name == "completed")
    return completed{completion_from(j.at("how"))};
  throw nlohmann::json::type_error::create(302, "unknown registration process phase '" + name + "'", &j);
}

template <class Body>
nlohmann::json saved_command(std::string_view target, const command_message<Body>& sent) {
  auto stored = encode(sent.body);
  return {{"target", target},          {"id", sent.id},
          {"sourceId", sent.source_id}, {"metadata", sent.meta},
          {"type", stored.type},        {"schemaVersion", stored.schema_version},
          {"data", stored.data}};
}

template <class Body>
outcome<command> read_command(const nlohmann::json& saved) {
  auto body = decode<Body>(stored_event{saved.at("type").get<std::string>(), saved.at("schemaVersion").get<int>(),
                                        saved.at("data")});
  if (!body.ok())
    return body.error();
  return command{command_message<Body>{saved.at("id").get<std::string>(), saved.at("sourceId").get<std::string>(),
                                       saved.at("metadata").get<metadata>(), std::move(body).value()}};
}

} // namespace

std::string_view to_string(completion how) {
  for (const auto& [candidate, name] : completion_names)
    if (candidate == how)
      return name;
  throw std::logic_error("completion out of range");
}

void to_json(nlohmann::json& j, const deadline& d) { j = {{"id", d.id}, {"due", d.due}}; }
void from_json(const nlohmann::json& j, deadline& d) {
  j.at("id").get_to(d.id);
  j.at("due").get_to(d.due);
}

void to_json(nlohmann::json& j, const expire_registration_process&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, expire_registration_process&) {}

void to_json(nlohmann::json& j, const place_order& c) {
  j = {{"registration", c.registration}, {"promoCode", c.promo_code}};
}
void from_json(const nlohmann::json& j, place_order& c) {
  j.at("registration").get_to(c.registration);
  j.at("promoCode").get_to(c.promo_code);
}

void to_json(nlohmann::json& j, const command_answer& a) {
  j = {{"commandId", a.command_id}, {"refused", nullptr}, {"changed", a.changed}, {"version", a.version},
       {"answer", a.answer}};
  if (a.refused)
    j["refused"] = {{"code", to_string(a.refused->code)}, {"message", a.refused->message}, {"fields", a.refused->fields}};
}
void from_json(const nlohmann::json& j, command_answer& a) {
  j.at("commandId").get_to(a.command_id);
  a.refused.reset();
  if (const auto& refused = j.at("refused"); !refused.is_null()) {
    auto code = error_code_from_string(refused.at("code").get<std::string>());
    if (!code)
      throw nlohmann::json::type_error::create(302, "unknown error code " + refused.at("code").dump(), &j);
    a.refused = rejection{*code, refused.at("message").get<std::string>(), refused.at("fields").get<field_messages>()};
  }
  j.at("changed").get_to(a.changed);
  j.at("version").get_to(a.version);
  j.at("answer").get_to(a.answer);
}

void to_json(nlohmann::json& j, const placement& p) {
  j = {{"request", p.request},
       {"waitingFor", p.waiting_for == placement::step::holding ? "holding" : "registering"},
       {"awaitedCommandId", p.awaited_command_id},
       {"newlyHeld", p.newly_held}};
}
void from_json(const nlohmann::json& j, placement& p) {
  j.at("request").get_to(p.request);
  auto step = j.at("waitingFor").get<std::string>();
  if (step != "holding" && step != "registering")
    throw nlohmann::json::type_error::create(302, "unknown placement step '" + step + "'", &j);
  p.waiting_for = step == "holding" ? placement::step::holding : placement::step::registering;
  j.at("awaitedCommandId").get_to(p.awaited_command_id);
  j.at("newlyHeld").get_to(p.newly_held);
}

void to_json(nlohmann::json& j, const state& s) {
  j = {{"orderId", s.order_id},
       {"conferenceId", s.conference_id},
       {"requested", s.requested},
       {"reservationExpiration", s.reservation_expiration},
       {"orderVersion", s.order_version},
       {"seatRequests", s.seat_requests},
       {"deadline", nullptr},
       {"phase", phase_to_json(s.phase)},
       {"placement", nullptr}};
  if (s.deadline)
    j["deadline"] = *s.deadline;
  if (s.placement)
    j["placement"] = *s.placement;
}
void from_json(const nlohmann::json& j, state& s) {
  j.at("orderId").get_to(s.order_id);
  j.at("conferenceId").get_to(s.conference_id);
  j.at("requested").get_to(s.requested);
  j.at("reservationExpiration").get_to(s.reservation_expiration);
  j.at("orderVersion").get_to(s.order_version);
  j.at("seatRequests").get_to(s.seat_requests);
  s.deadline.reset();
  if (!j.at("deadline").is_null())
    s.deadline = j.at("deadline").get<deadline>();
  s.phase = phase_from_json(j.at("phase"));
  // Saved before placements were the process's: none under way.
  s.placement.reset();
  if (j.contains("placement") && !j.at("placement").is_null())
    s.placement = j.at("placement").get<placement>();
}

nlohmann::json encode_command(const command& sent) {
  return std::visit(
    [](const auto& message) {
      using body_type = std::decay_t<decltype(message.body)>;
      if constexpr (std::is_same_v<body_type, order::command>)
        return saved_command("order", message);
      else if constexpr (std::is_same_v<body_type, seats_availability::command>)
        return saved_command("seatsAvailability", message);
      else
        return saved_command("promoCode", message);
    },
    sent);
}

outcome<command> decode_command(const nlohmann::json& saved) {
  try {
    auto target = saved.at("target").get<std::string>();
    if (target == "order")
      return read_command<order::command>(saved);
    if (target == "seatsAvailability")
      return read_command<seats_availability::command>(saved);
    if (target == "promoCode")
      return read_command<discounts::promo_code::command>(saved);
    return reject(error_code::bad_request, "unknown command target '" + target + "'");
  } catch (const nlohmann::json::exception& error) {
    return reject(error_code::bad_request, std::string{"saved command: "} + error.what());
  }
}

std::string process_id(const input& message) {
  return std::visit(
    [](const auto& m) {
      using body_type = std::decay_t<decltype(m.body)>;
      if constexpr (std::is_same_v<body_type, seats_availability::seats_reserved>)
        return m.body.reservation_id;
      else if constexpr (std::is_same_v<body_type, payments::payment::payment_completed>)
        return m.body.order_id;
      else
        return m.source_id;
    },
    message);
}

// ---- react

namespace {

constexpr std::string_view attention_reason =
  "Paid after its seats were released or changed, and they could not all be reserved again.";

/// The commands one reaction sends, addressed and traced: fresh ids, correlated by the order, caused by
/// the input.
class outbox {
public:
  outbox(const state& process, std::string causation_id, const context& ctx)
    : order_id_(process.order_id), conference_id_(process.conference_id), causation_id_(std::move(causation_id)),
      ctx_(ctx) {}

  /// Returns the sent command's id.
  std::string to_order(order::command body) {
    return add(order_id_, std::move(body));
  }
  std::string to_seats(seats_availability::command body) {
    return add(conference_id_, std::move(body));
  }
  std::string to_promo_code(const std::string& code, discounts::promo_code::command body) {
    return add(discounts::promo_code::stream_id(conference_id_, code), std::move(body));
  }
  std::string reserve(const std::vector<seat_quantity>& seats) {
    return to_seats(seats_availability::make_seat_reservation{order_id_, seats});
  }
  void release() { to_seats(seats_availability::cancel_seat_reservation{order_id_}); }
  void commit() { to_seats(seats_availability::commit_seat_reservation{order_id_}); }
  void flag() { to_order(order::flag_order_for_attention{std::string{attention_reason}}); }

  std::vector<command> sent;

private:
  template <class Body>
  std::string add(const std::string& source_id, Body body) {
    auto id = ctx_.new_id();
    sent.push_back(command_message<Body>{id, source_id, metadata{order_id_, causation_id_, {}}, std::move(body)});
    return id;
  }

  std::string order_id_;
  std::string conference_id_;
  std::string causation_id_;
  const context& ctx_;
};

reaction unchanged(const state& current) { return {current, {}, std::nullopt}; }

bool holds_all(const std::vector<seat_quantity>& got, const std::vector<seat_quantity>& wanted) {
  return tally(got) == tally(wanted);
}

/// The reservation's answer came back with fewer seats than a paid order needs: release them and leave
/// the order to its owner.
reaction release_and_flag(state next, outbox& out) {
  out.release();
  out.flag();
  next.deadline.reset();
  next.phase = completed{completion::attention};
  return {std::move(next), std::move(out.sent), std::nullopt};
}

reaction react_to(const state& current, const event_message<order::order_placed>& placed, const context& ctx) {
  if (!std::holds_alternative<not_started>(current.phase))
    return unchanged(current);
  state next = current;
  next.order_id = placed.source_id;
  next.conference_id = placed.body.conference_id;
  next.requested = placed.body.seats;
  next.reservation_expiration = placed.body.reservation_auto_expiration;
  next.order_version = placed.version;
  next.seat_requests = 1;
  outbox out(next, placed.id, ctx);
  if (ctx.now >= placed.body.reservation_auto_expiration) {
    out.to_order(order::reject_order{});
    next.phase = completed{completion::rejected};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  next.deadline = deadline{ctx.new_id(), next.reservation_expiration + ctx.policy.release_buffer};
  next.phase = awaiting_reservation{out.reserve(next.requested)};
  return {std::move(next), std::move(out.sent), std::nullopt};
}

reaction react_to(const state& current, const event_message<order::order_updated>& updated, const context& ctx) {
  if (updated.version <= current.order_version)
    return unchanged(current);
  state next = current;
  next.order_version = updated.version;
  ++next.seat_requests;
  bool reserving = std::holds_alternative<awaiting_reservation>(current.phase)
                   || std::holds_alternative<reservation_received>(current.phase);
  bool paid = std::holds_alternative<payment_received>(current.phase)
              || std::holds_alternative<paid_awaiting_reservation>(current.phase);
  if (!reserving && !paid)
    return {std::move(next), {}, std::nullopt};
  next.requested = updated.body.seats;
  outbox out(next, updated.id, ctx);
  auto reservation = out.reserve(next.requested);
  if (paid)
    next.phase = paid_awaiting_reservation{reservation};
  else
    next.phase = awaiting_reservation{reservation};
  return {std::move(next), std::move(out.sent), std::nullopt};
}

reaction react_to(const state& current, const event_message<seats_availability::seats_reserved>& reserved,
                  const context& ctx) {
  if (std::holds_alternative<not_started>(current.phase))
    return {current, react_to_orphan(reserved, ctx), std::nullopt};
  const auto& caused_by = reserved.meta.command_id;
  const auto& details = reserved.body.reservation_details;
  state next = current;
  outbox out(next, reserved.id, ctx);

  if (const auto* awaiting = std::get_if<awaiting_reservation>(&current.phase);
      awaiting && awaiting->reservation_command_id == caused_by) {
    out.to_order(order::mark_seats_as_reserved{current.reservation_expiration, details, current.seat_requests});
    next.phase = reservation_received{caused_by, details};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  if (const auto* paid = std::get_if<paid_awaiting_reservation>(&current.phase);
      paid && paid->reservation_command_id == caused_by) {
    if (!holds_all(details, current.requested))
      return release_and_flag(std::move(next), out);
    out.to_order(order::mark_seats_as_reserved{current.reservation_expiration, details, current.seat_requests});
    out.to_order(order::confirm_order{});
    next.phase = payment_received{details};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  if (const auto* again = std::get_if<reacquiring>(&current.phase);
      again && again->reservation_command_id == caused_by) {
    if (!holds_all(details, again->seats))
      return release_and_flag(std::move(next), out);
    out.to_order(order::confirm_order{true});
    out.commit();
    next.phase = completed{completion::confirmed};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  // An answer to an older command, a repeat, or one that arrives after the process moved on.
  return unchanged(current);
}

reaction react_to(const state& current, const event_message<payments::payment::payment_completed>& paid,
                  const context& ctx) {
  state next = current;
  outbox out(next, paid.id, ctx);
  if (const auto* awaiting = std::get_if<awaiting_reservation>(&current.phase)) {
    next.phase = paid_awaiting_reservation{awaiting->reservation_command_id};
    return {std::move(next), {}, std::nullopt};
  }
  if (const auto* received = std::get_if<reservation_received>(&current.phase)) {
    if (!holds_all(received->reserved, current.requested))
      return release_and_flag(std::move(next), out);
    out.to_order(order::confirm_order{});
    next.phase = payment_received{received->reserved};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  if (const auto* released = std::get_if<expired>(&current.phase)) {
    auto seats = released->seats;
    next.phase = reacquiring{out.reserve(seats), seats};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  // Not started (cannot be paid), already paid (a duplicate), re-acquiring or completed.
  return unchanged(current);
}

reaction react_to(const state& current, const event_message<order::order_confirmed>& confirmed,
                  const context& ctx) {
  if (confirmed.version <= current.order_version)
    return unchanged(current);
  state next = current;
  next.order_version = confirmed.version;
  outbox out(next, confirmed.id, ctx);
  if (std::holds_alternative<awaiting_reservation>(current.phase)
      || std::holds_alternative<reservation_received>(current.phase)
      || std::holds_alternative<payment_received>(current.phase)
      || std::holds_alternative<paid_awaiting_reservation>(current.phase)) {
    out.commit();
    next.deadline.reset();
    next.phase = completed{completion::confirmed};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  if (const auto* released = std::get_if<expired>(&current.phase)) {
    // Confirmed (a free order) before our RejectOrder reached it, while its seats were being
    // released: hold them again, as for a payment after expiry.
    auto seats = released->seats;
    next.phase = reacquiring{out.reserve(seats), seats};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  return {std::move(next), {}, std::nullopt};
}

reaction react_to(const state& current, const command_message<expire_registration_process>& fired,
                  const context& ctx) {
  if (!current.deadline || current.deadline->id != fired.id)
    return unchanged(current);
  state next = current;
  next.deadline.reset();
  outbox out(next, fired.id, ctx);
  auto release_unpaid = [&](std::vector<seat_quantity> seats) {
    out.to_order(order::reject_order{});
    out.release();
    next.phase = expired{std::move(seats)};
    return reaction{std::move(next), std::move(out.sent), std::nullopt};
  };
  if (std::holds_alternative<awaiting_reservation>(current.phase))
    return release_unpaid(current.requested);
  if (const auto* received = std::get_if<reservation_received>(&current.phase))
    return release_unpaid(received->reserved);
  // Paid: the money is taken, so confirmation proceeds and the seats stay held.
  return {std::move(next), {}, std::nullopt};
}

/// Step one of a placement with a promo code: hold a use of the code for the order.
reaction react_to(const state& current, const command_message<place_order>& placing, const context& ctx) {
  state next = current;
  const auto& registration = placing.body.registration;
  if (std::holds_alternative<not_started>(current.phase)) {
    next.order_id = registration.order_id;
    next.conference_id = registration.conference_id;
  }
  // The code is the conference's that this placement names, also when the order was placed elsewhere.
  state addressed = next;
  addressed.conference_id = registration.conference_id;
  outbox out(addressed, placing.id, ctx);
  auto hold = out.to_promo_code(placing.body.promo_code, discounts::promo_code::hold_promo_code_use{registration.order_id});
  next.placement = placement{placing.body, placement::step::holding, hold, false};
  return {std::move(next), std::move(out.sent), std::nullopt};
}

/// The placement ends with `answered`: given to the one who asked, after `out`'s commands are sent.
reaction placement_over(state next, outbox& out, command_answer answered) {
  next.placement.reset();
  return {std::move(next), std::move(out.sent), std::move(answered)};
}

} // namespace

state initial_state() { return state{}; }

reaction react(const state& current, const input& message, const context& ctx) {
  if (const auto* placing = std::get_if<command_message<place_order>>(&message))
    return react_to(current, *placing, ctx); // a placement may repeat one of an order long completed
  if (std::holds_alternative<completed>(current.phase))
    return unchanged(current);
  return std::visit([&](const auto& m) { return react_to(current, m, ctx); }, message);
}

bool awaits(const state& current, const std::string& command_id) {
  return current.placement && current.placement->awaited_command_id == command_id;
}

reaction react(const state& current, const command_answer& answered, const context& ctx) {
  if (!awaits(current, answered.command_id))
    return unchanged(current);
  const auto& underway = *current.placement;
  const auto& registration = underway.request.registration;
  state next = current;
  state addressed = current;
  addressed.conference_id = registration.conference_id;
  outbox out(addressed, answered.command_id, ctx);
  if (underway.waiting_for == placement::step::holding) {
    if (answered.refused)
      return placement_over(std::move(next), out, answered);
    auto terms = nlohmann::json::parse(answered.answer, nullptr, false);
    if (terms.is_discarded() || terms.is_null())
      throw std::logic_error("a promo code accepted a hold without terms: " + answered.answer);
    auto priced = registration;
    priced.promo = terms.get<promo_terms>();
    auto registering = out.to_order(std::move(priced));
    next.placement = placement{underway.request, placement::step::registering, registering, answered.changed};
    return {std::move(next), std::move(out.sent), std::nullopt};
  }
  // The order did not take the use held for this placement (refused, or a replay of an order placed
  // before, which keeps whatever use it holds): give it back.
  if (underway.newly_held && (answered.refused || !answered.changed))
    out.to_promo_code(underway.request.promo_code, discounts::promo_code::release_promo_code_use{registration.order_id});
  return placement_over(std::move(next), out, answered);
}

std::vector<command> react_to_orphan(const event_message<seats_availability::seats_reserved>& reserved,
                                     const context& ctx) {
  return {command_message<seats_availability::command>{
    ctx.new_id(), reserved.source_id, metadata{reserved.body.reservation_id, reserved.id, {}},
    seats_availability::cancel_seat_reservation{reserved.body.reservation_id}}};
}

} // namespace contoso::registration::registration_process
