#include "domain/registration/order.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "domain/validation.hpp"

namespace contoso::registration::order {

// ---- JSON

namespace {

constexpr std::pair<order_status, std::string_view> status_names[] = {
  {order_status::none, "none"},         {order_status::pending, "pending"},
  {order_status::reserved, "reserved"}, {order_status::partially_reserved, "partiallyReserved"},
  {order_status::confirmed, "confirmed"}, {order_status::expired, "expired"},
  {order_status::attention, "attention"},
};

order_status status_from(const std::string& text) {
  for (const auto& [status, name] : status_names)
    if (name == text)
      return status;
  throw nlohmann::json::type_error::create(302, "unknown order status '" + text + "'", nullptr);
}

void put_promo(nlohmann::json& j, const std::optional<promo_terms>& promo) {
  if (promo)
    j["promoCode"] = *promo;
}

std::optional<promo_terms> get_promo(const nlohmann::json& j) {
  if (!j.contains("promoCode") || j.at("promoCode").is_null())
    return std::nullopt;
  return j.at("promoCode").get<promo_terms>();
}

} // namespace

std::string_view to_string(order_status status) {
  for (const auto& [candidate, name] : status_names)
    if (candidate == status)
      return name;
  return "unknown";
}

void to_json(nlohmann::json& j, const registrant_details& r) {
  j = {{"firstName", r.first_name}, {"lastName", r.last_name}, {"email", r.email}};
}
void from_json(const nlohmann::json& j, registrant_details& r) {
  j.at("firstName").get_to(r.first_name);
  j.at("lastName").get_to(r.last_name);
  j.at("email").get_to(r.email);
}

void to_json(nlohmann::json& j, const state& s) {
  j = {{"status", to_string(s.status)},
       {"conferenceId", s.conference_id},
       {"accessCode", s.access_code},
       {"reservationExpiresAt", s.reservation_expires_at},
       {"requested", s.requested},
       {"seatRequests", s.seat_requests},
       {"seats", s.seats},
       {"prices", s.prices},
       {"lines", s.totals.lines},
       {"discount", s.totals.discount},
       {"total", s.totals.total},
       {"registrant", nullptr},
       {"payment", nullptr}};
  put_promo(j, s.promo);
  if (s.registrant)
    j["registrant"] = *s.registrant;
  if (s.payment)
    j["payment"] = *s.payment;
}
void from_json(const nlohmann::json& j, state& s) {
  s.status = status_from(j.at("status").get<std::string>());
  j.at("conferenceId").get_to(s.conference_id);
  j.at("accessCode").get_to(s.access_code);
  j.at("reservationExpiresAt").get_to(s.reservation_expires_at);
  j.at("requested").get_to(s.requested);
  j.at("seatRequests").get_to(s.seat_requests);
  j.at("seats").get_to(s.seats);
  j.at("prices").get_to(s.prices);
  j.at("lines").get_to(s.totals.lines);
  j.at("discount").get_to(s.totals.discount);
  j.at("total").get_to(s.totals.total);
  s.promo = get_promo(j);
  s.registrant.reset();
  if (!j.at("registrant").is_null())
    s.registrant = j.at("registrant").get<registrant_details>();
  s.payment.reset();
  if (!j.at("payment").is_null())
    s.payment = j.at("payment").get<payment_started>();
}

void to_json(nlohmann::json& j, const payment_started& p) { j = {{"paymentId", p.payment_id}, {"amount", p.amount}}; }
void from_json(const nlohmann::json& j, payment_started& p) {
  j.at("paymentId").get_to(p.payment_id);
  j.at("amount").get_to(p.amount);
}

void to_json(nlohmann::json& j, const register_to_conference& c) {
  j = {{"orderId", c.order_id}, {"conferenceId", c.conference_id}, {"seats", c.seats}, {"seatTypes", c.seat_types}};
  put_promo(j, c.promo);
}
void from_json(const nlohmann::json& j, register_to_conference& c) {
  j.at("orderId").get_to(c.order_id);
  j.at("conferenceId").get_to(c.conference_id);
  j.at("seats").get_to(c.seats);
  j.at("seatTypes").get_to(c.seat_types);
  c.promo = get_promo(j);
}

void to_json(nlohmann::json& j, const update_seats& c) { j = {{"seats", c.seats}, {"seatTypes", c.seat_types}}; }
void from_json(const nlohmann::json& j, update_seats& c) {
  j.at("seats").get_to(c.seats);
  j.at("seatTypes").get_to(c.seat_types);
}

void to_json(nlohmann::json& j, const mark_seats_as_reserved& c) {
  j = {{"reservationExpiration", c.reservation_expiration}, {"seats", c.seats}, {"seatRequest", c.seat_request}};
}
void from_json(const nlohmann::json& j, mark_seats_as_reserved& c) {
  j.at("reservationExpiration").get_to(c.reservation_expiration);
  j.at("seats").get_to(c.seats);
  j.at("seatRequest").get_to(c.seat_request);
}

void to_json(nlohmann::json& j, const reject_order&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, reject_order&) {}

void to_json(nlohmann::json& j, const assign_registrant_details& c) {
  j = {{"firstName", c.first_name}, {"lastName", c.last_name}, {"email", c.email}};
}
void from_json(const nlohmann::json& j, assign_registrant_details& c) {
  j.at("firstName").get_to(c.first_name);
  j.at("lastName").get_to(c.last_name);
  j.at("email").get_to(c.email);
}

void to_json(nlohmann::json& j, const confirm_order& c) { j = {{"seatsReacquired", c.seats_reacquired}}; }
void from_json(const nlohmann::json& j, confirm_order& c) { c.seats_reacquired = j.value("seatsReacquired", false); }

void to_json(nlohmann::json& j, const flag_order_for_attention& c) { j = {{"reason", c.reason}}; }
void from_json(const nlohmann::json& j, flag_order_for_attention& c) { j.at("reason").get_to(c.reason); }

void to_json(nlohmann::json& j, const start_payment& c) {
  j = {{"description", c.description}, {"rejectedPayments", c.rejected_payments}};
}
void from_json(const nlohmann::json& j, start_payment& c) {
  j.at("description").get_to(c.description);
  j.at("rejectedPayments").get_to(c.rejected_payments);
}

void to_json(nlohmann::json& j, const order_placed& e) {
  j = {{"conferenceId", e.conference_id},
       {"seats", e.seats},
       {"reservationAutoExpiration", e.reservation_auto_expiration},
       {"accessCode", e.access_code}};
  put_promo(j, e.promo);
}
void from_json(const nlohmann::json& j, order_placed& e) {
  j.at("conferenceId").get_to(e.conference_id);
  j.at("seats").get_to(e.seats);
  j.at("reservationAutoExpiration").get_to(e.reservation_auto_expiration);
  j.at("accessCode").get_to(e.access_code);
  e.promo = get_promo(j);
}

void to_json(nlohmann::json& j, const order_updated& e) { j = {{"seats", e.seats}}; }
void from_json(const nlohmann::json& j, order_updated& e) { j.at("seats").get_to(e.seats); }

void to_json(nlohmann::json& j, const order_partially_reserved& e) {
  j = {{"reservationExpiration", e.reservation_expiration}, {"seats", e.seats}};
}
void from_json(const nlohmann::json& j, order_partially_reserved& e) {
  j.at("reservationExpiration").get_to(e.reservation_expiration);
  j.at("seats").get_to(e.seats);
}

void to_json(nlohmann::json& j, const order_reservation_completed& e) {
  j = {{"reservationExpiration", e.reservation_expiration}, {"seats", e.seats}};
}
void from_json(const nlohmann::json& j, order_reservation_completed& e) {
  j.at("reservationExpiration").get_to(e.reservation_expiration);
  j.at("seats").get_to(e.seats);
}

void to_json(nlohmann::json& j, const order_totals_calculated& e) {
  j = {{"lines", e.lines}, {"discount", e.discount}, {"total", e.total}, {"isFreeOfCharge", e.is_free_of_charge}};
}
void from_json(const nlohmann::json& j, order_totals_calculated& e) {
  j.at("lines").get_to(e.lines);
  j.at("discount").get_to(e.discount);
  j.at("total").get_to(e.total);
  j.at("isFreeOfCharge").get_to(e.is_free_of_charge);
}

void to_json(nlohmann::json& j, const order_registrant_assigned& e) {
  j = {{"firstName", e.first_name}, {"lastName", e.last_name}, {"email", e.email}};
}
void from_json(const nlohmann::json& j, order_registrant_assigned& e) {
  j.at("firstName").get_to(e.first_name);
  j.at("lastName").get_to(e.last_name);
  j.at("email").get_to(e.email);
}

void to_json(nlohmann::json& j, const order_confirmed&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, order_confirmed&) {}

void to_json(nlohmann::json& j, const order_expired&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, order_expired&) {}

void to_json(nlohmann::json& j, const order_flagged_for_attention& e) { j = {{"reason", e.reason}}; }
void from_json(const nlohmann::json& j, order_flagged_for_attention& e) { j.at("reason").get_to(e.reason); }

void to_json(nlohmann::json& j, const order_payment_started& e) {
  j = {{"paymentId", e.payment_id}, {"conferenceId", e.conference_id}, {"amount", e.amount},
       {"description", e.description}};
}
void from_json(const nlohmann::json& j, order_payment_started& e) {
  j.at("paymentId").get_to(e.payment_id);
  j.at("conferenceId").get_to(e.conference_id);
  j.at("amount").get_to(e.amount);
  j.at("description").get_to(e.description);
}

const contoso::upcasters& upcasters() {
  static const contoso::upcasters all = [] {
    contoso::upcasters v1;
    v1.add("OrderPaymentConfirmed", 1, [](const stored_event&) {
      return stored_event{"OrderConfirmed", 1, nlohmann::json::object()};
    });
    v1.add("OrderTotalsCalculated", 1, [](stored_event old) {
      old.data["isFreeOfCharge"] = old.data.at("total").get<money>() == money{};
      return stored_event{"OrderTotalsCalculated", 2, std::move(old.data)};
    });
    return v1;
  }();
  return all;
}

// ---- decide

namespace {

std::vector<seat_quantity> without_zeros(const std::vector<seat_quantity>& seats) {
  std::vector<seat_quantity> kept;
  std::copy_if(seats.begin(), seats.end(), std::back_inserter(kept),
               [](const seat_quantity& s) { return s.quantity != 0; });
  return kept;
}

const seat_type_price* find_price(const std::vector<seat_type_price>& prices, const std::string& seat_type_id) {
  auto found = std::find_if(prices.begin(), prices.end(),
                            [&](const seat_type_price& p) { return p.seat_type_id == seat_type_id; });
  return found == prices.end() ? nullptr : &*found;
}

/// `seats` in the conference's seat-type order (the order `seat_types` lists them in, then the order's own
/// prices for any it no longer lists), so that lines and seat positions follow that order (API §7).
std::vector<seat_quantity> in_seat_type_order(std::vector<seat_quantity> seats,
                                              const std::vector<seat_type_price>& seat_types,
                                              const std::vector<seat_type_price>& known) {
  auto rank = [&](const std::string& seat_type_id) {
    auto listed = std::find_if(seat_types.begin(), seat_types.end(),
                               [&](const seat_type_price& p) { return p.seat_type_id == seat_type_id; });
    if (listed != seat_types.end())
      return listed - seat_types.begin();
    auto priced = std::find_if(known.begin(), known.end(),
                               [&](const seat_type_price& p) { return p.seat_type_id == seat_type_id; });
    return static_cast<std::ptrdiff_t>(seat_types.size()) + (priced - known.begin());
  };
  std::stable_sort(seats.begin(), seats.end(), [&](const seat_quantity& a, const seat_quantity& b) {
    return rank(a.seat_type_id) < rank(b.seat_type_id);
  });
  return seats;
}

/// The reserved seats in the order the order requested them (which is seat-type order).
std::vector<seat_quantity> in_requested_order(std::vector<seat_quantity> reserved,
                                              const std::vector<seat_quantity>& requested) {
  auto rank = [&](const std::string& seat_type_id) {
    return std::find_if(requested.begin(), requested.end(),
                        [&](const seat_quantity& s) { return s.seat_type_id == seat_type_id; })
           - requested.begin();
  };
  std::stable_sort(reserved.begin(), reserved.end(), [&](const seat_quantity& a, const seat_quantity& b) {
    return rank(a.seat_type_id) < rank(b.seat_type_id);
  });
  return reserved;
}

/// Prices known to the order come first: a later price change never reaches an existing order.
std::vector<seat_type_price> prices_for(const std::vector<seat_quantity>& seats, const state& current,
                                        const std::vector<seat_type_price>& offered) {
  std::vector<seat_type_price> chosen;
  for (const auto& seat : seats) {
    const auto* price = find_price(current.prices, seat.seat_type_id);
    chosen.push_back(price ? *price : *find_price(offered, seat.seat_type_id));
  }
  return chosen;
}

order_totals_calculated totals_event(const order_totals& totals) {
  return {totals.lines, totals.discount, totals.total, totals.total == money{}};
}

rejection not_found() { return reject(error_code::not_found, "The order does not exist."); }
rejection already_confirmed() { return reject(error_code::order_confirmed, "The order is already confirmed."); }
rejection already_expired() { return reject(error_code::order_expired, "The order has expired."); }
rejection reservation_pending() {
  return reject(error_code::reservation_pending, "The order's seats are still being reserved.");
}
rejection partially_reserved() {
  return reject(error_code::partially_reserved, "Not all of the order's seats could be reserved.");
}

std::optional<rejection> invalid_seats(const std::vector<seat_quantity>& seats,
                                      const std::vector<seat_type_price>& seat_types, const state& current,
                                      const context& ctx) {
  validator check;
  std::set<std::string> seen;
  bool any_seat = false;
  for (std::size_t i = 0; i < seats.size(); ++i) {
    const auto& line = seats[i];
    auto at = "seats[" + std::to_string(i) + "]";
    check.in_range(at + ".quantity", "Quantity", line.quantity, 0, ctx.policy.max_seats_per_line);
    bool offered = find_price(seat_types, line.seat_type_id) || find_price(current.prices, line.seat_type_id);
    check.check(offered, at + ".seatTypeId", "The seat type is not offered by this conference.");
    check.check(seen.insert(line.seat_type_id).second, at + ".seatTypeId", "The seat type is listed more than once.");
    any_seat = any_seat || line.quantity > 0;
  }
  check.check(any_seat, "seats", std::string{one_or_more_items_required});
  if (check.empty())
    return std::nullopt;
  // The contract names this rule's sentence as the answer's message (API §4, orders).
  return any_seat ? check.to_rejection() : check.to_rejection(std::string{one_or_more_items_required});
}

/// Whether a placement asks for what the order was placed with, by meaning (API §7 "Replays"): the same
/// conference, the same quantities per seat type ignoring zero lines and order, the same code.
bool same_placement(const state& current, const register_to_conference& cmd) {
  auto code_of = [](const std::optional<promo_terms>& promo) {
    return promo ? std::optional<std::string>{promo->code} : std::nullopt;
  };
  return cmd.conference_id == current.conference_id && tally(without_zeros(cmd.seats)) == tally(current.requested)
         && code_of(cmd.promo) == code_of(current.promo);
}

// A request invalid on its face is refused before the state is looked at (API §7: 422 before 409).
outcome<std::vector<event>> decide_register_to_conference(const state& current, const register_to_conference& cmd,
                                                          const context& ctx) {
  if (auto invalid = invalid_seats(cmd.seats, cmd.seat_types, current, ctx))
    return *invalid;
  if (current.status != order_status::none) {
    if (!same_placement(current, cmd))
      return reject(error_code::order_exists, "An order with this id was placed with other seats or another promo code.");
    return std::vector<event>{};
  }
  auto seats = in_seat_type_order(without_zeros(cmd.seats), cmd.seat_types, current.prices);
  auto totals = price_order(seats, prices_for(seats, current, cmd.seat_types), cmd.promo);
  return std::vector<event>{order_placed{cmd.conference_id, seats, ctx.now + ctx.policy.reservation_timeout,
                                         ctx.new_access_code(), cmd.promo},
                            totals_event(totals)};
}

outcome<std::vector<event>> decide_update_seats(const state& current, const update_seats& cmd, const context& ctx) {
  if (current.status == order_status::none)
    return not_found();
  if (auto invalid = invalid_seats(cmd.seats, cmd.seat_types, current, ctx))
    return *invalid;
  if (current.status == order_status::confirmed)
    return already_confirmed();
  if (current.status == order_status::expired || current.status == order_status::attention
      || ctx.now >= current.reservation_expires_at)
    return already_expired();
  auto seats = in_seat_type_order(without_zeros(cmd.seats), cmd.seat_types, current.prices);
  // Asking for what is already asked for changes nothing, except after a partial reservation: there
  // even the same seats (typically exactly the ones reserved) are a new request to reserve.
  if (current.status != order_status::partially_reserved && tally(seats) == tally(current.requested))
    return std::vector<event>{};
  auto totals = price_order(seats, prices_for(seats, current, cmd.seat_types), current.promo);
  return std::vector<event>{order_updated{seats}, totals_event(totals)};
}

/// Why nothing more can happen to an order that does not exist, is confirmed, or has expired.
std::optional<rejection> refusal_when_closed(const state& current) {
  switch (current.status) {
  case order_status::none:
    return not_found();
  case order_status::confirmed:
    return already_confirmed();
  case order_status::expired:
  case order_status::attention:
    return already_expired();
  case order_status::pending:
  case order_status::reserved:
  case order_status::partially_reserved:
    break;
  }
  return std::nullopt;
}

outcome<std::vector<event>> decide_mark_seats_as_reserved(const state& current, const mark_seats_as_reserved& cmd) {
  if (auto closed = refusal_when_closed(current))
    return *closed;
  if (cmd.seat_request != current.seat_requests)
    return std::vector<event>{};
  auto reserved = in_requested_order(without_zeros(cmd.seats), current.requested);
  auto reserved_tally = tally(reserved);
  if (current.status != order_status::pending && reserved_tally == tally(current.seats))
    return std::vector<event>{};
  if (reserved_tally == tally(current.requested))
    return std::vector<event>{order_reservation_completed{cmd.reservation_expiration, reserved}};

  std::vector<seat_quantity> lines;
  for (const auto& requested : current.requested) {
    auto got = reserved_tally.find(requested.seat_type_id);
    lines.push_back({requested.seat_type_id, got == reserved_tally.end() ? 0 : got->second});
  }
  auto totals = price_order(lines, current.prices, current.promo);
  return std::vector<event>{order_partially_reserved{cmd.reservation_expiration, reserved}, totals_event(totals)};
}

outcome<std::vector<event>> decide_reject_order(const state& current) {
  switch (current.status) {
  case order_status::none:
    return not_found();
  case order_status::confirmed:
    return already_confirmed();
  case order_status::expired:
  case order_status::attention:
    return std::vector<event>{};
  case order_status::pending:
  case order_status::reserved:
  case order_status::partially_reserved:
    break;
  }
  return std::vector<event>{order_expired{}};
}

outcome<std::vector<event>> decide_assign_registrant_details(const state& current,
                                                             const assign_registrant_details& cmd) {
  if (current.status == order_status::none)
    return not_found();
  validator check;
  check.required("firstName", "FirstName", cmd.first_name)
    .required("lastName", "LastName", cmd.last_name)
    .required("email", "Email", cmd.email)
    .email("email", "Email", cmd.email);
  if (!check.empty())
    return check.to_rejection();
  if (current.status == order_status::confirmed)
    return already_confirmed();
  if (current.status == order_status::expired || current.status == order_status::attention)
    return already_expired();
  registrant_details details{cmd.first_name, cmd.last_name, cmd.email};
  if (current.registrant == details)
    return std::vector<event>{};
  return std::vector<event>{order_registrant_assigned{cmd.first_name, cmd.last_name, cmd.email}};
}

outcome<std::vector<event>> decide_confirm_order(const state& current, const confirm_order& cmd) {
  switch (current.status) {
  case order_status::none:
    return not_found();
  case order_status::confirmed:
    return std::vector<event>{};
  case order_status::reserved:
    return std::vector<event>{order_confirmed{}};
  case order_status::expired:
    if (cmd.seats_reacquired)
      return std::vector<event>{order_confirmed{}};
    return already_expired();
  case order_status::attention:
    return already_expired();
  case order_status::pending:
    return reservation_pending();
  case order_status::partially_reserved:
    return partially_reserved();
  }
  return not_found();
}

outcome<std::vector<event>> decide_flag_order_for_attention(const state& current,
                                                            const flag_order_for_attention& cmd) {
  switch (current.status) {
  case order_status::none:
    return not_found();
  case order_status::attention:
    return std::vector<event>{};
  // A confirmed order is flagged when the process finds its held seats were released (a late
  // confirmation of a free order raced the expiry) and could not all be taken back.
  case order_status::confirmed:
  case order_status::pending:
  case order_status::reserved:
  case order_status::partially_reserved:
  case order_status::expired:
    break;
  }
  return std::vector<event>{order_flagged_for_attention{cmd.reason}};
}

/// Why a payment (or, for a free order, a confirmation without one) cannot start at `now`, in the
/// contract's precedence.
std::optional<rejection> payment_refusal(const state& current, instant now) {
  if (auto closed = refusal_when_closed(current))
    return closed;
  if (now >= current.reservation_expires_at)
    return already_expired();
  if (current.status == order_status::pending)
    return reservation_pending();
  if (current.status == order_status::partially_reserved)
    return partially_reserved();
  if (!current.registrant)
    return reject(error_code::registrant_missing, "The order has no registrant yet.");
  return std::nullopt;
}

outcome<std::vector<event>> decide_start_payment(const state& current, const start_payment& cmd, const context& ctx) {
  if (auto refusal = payment_refusal(current, ctx.now))
    return *refusal;
  if (current.totals.total == money{})
    return std::vector<event>{order_confirmed{}};
  const auto& rejected = cmd.rejected_payments;
  if (current.payment && std::find(rejected.begin(), rejected.end(), current.payment->payment_id) == rejected.end())
    return std::vector<event>{};
  return std::vector<event>{
    order_payment_started{ctx.new_id(), current.conference_id, current.totals.total, cmd.description}};
}

} // namespace

nlohmann::json answer(const state& current) {
  nlohmann::json answered{{"status", to_string(current.status)}, {"payment", nullptr}};
  if (current.payment)
    answered["payment"] = *current.payment;
  return answered;
}

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, register_to_conference>)
        return decide_register_to_conference(current, c, ctx);
      else if constexpr (std::is_same_v<type, update_seats>)
        return decide_update_seats(current, c, ctx);
      else if constexpr (std::is_same_v<type, mark_seats_as_reserved>)
        return decide_mark_seats_as_reserved(current, c);
      else if constexpr (std::is_same_v<type, reject_order>)
        return decide_reject_order(current);
      else if constexpr (std::is_same_v<type, assign_registrant_details>)
        return decide_assign_registrant_details(current, c);
      else if constexpr (std::is_same_v<type, confirm_order>)
        return decide_confirm_order(current, c);
      else if constexpr (std::is_same_v<type, flag_order_for_attention>)
        return decide_flag_order_for_attention(current, c);
      else
        return decide_start_payment(current, c, ctx);
    },
    cmd);
}


state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, order_placed>) {
        current.status = order_status::pending;
        current.conference_id = e.conference_id;
        current.access_code = e.access_code;
        current.reservation_expires_at = e.reservation_auto_expiration;
        current.requested = e.seats;
        current.seat_requests = 1;
        current.seats = e.seats;
        current.promo = e.promo;
      } else if constexpr (std::is_same_v<type, order_updated>) {
        current.status = order_status::pending;
        current.requested = e.seats;
        ++current.seat_requests;
        current.seats = e.seats;
      } else if constexpr (std::is_same_v<type, order_partially_reserved>) {
        current.status = order_status::partially_reserved;
        current.seats = e.seats;
      } else if constexpr (std::is_same_v<type, order_reservation_completed>) {
        current.status = order_status::reserved;
        current.seats = e.seats;
      } else if constexpr (std::is_same_v<type, order_totals_calculated>) {
        current.totals = order_totals{e.lines, e.discount, e.total};
        for (const auto& line : e.lines)
          if (!find_price(current.prices, line.seat_type_id))
            current.prices.push_back({line.seat_type_id, line.seat_type_name, line.unit_price});
      } else if constexpr (std::is_same_v<type, order_registrant_assigned>) {
        current.registrant = registrant_details{e.first_name, e.last_name, e.email};
      } else if constexpr (std::is_same_v<type, order_confirmed>) {
        current.status = order_status::confirmed;
      } else if constexpr (std::is_same_v<type, order_expired>) {
        current.status = order_status::expired;
      } else if constexpr (std::is_same_v<type, order_payment_started>) {
        current.payment = payment_started{e.payment_id, e.amount};
      } else {
        current.status = order_status::attention;
      }
    },
    happened);
  return current;
}

} // namespace contoso::registration::order
