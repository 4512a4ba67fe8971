#pragma once
/// The Order aggregate (Orders & Registrations): a registrant's request for seats of one conference,
/// from placement through reservation to confirmation or expiry.
///
/// Invariants:
/// - An order is placed once; placing it again with other seats updates it (`OrderUpdated`), which is
///   refused once it is confirmed (`order_confirmed`) or expired, or once `reservationExpiresAt` has
///   passed (`order_expired`). The same seats again change nothing.
/// - `reservationExpiresAt` = placement time + the policy's reservation timeout; it never moves.
/// - Every seat type ordered is one the order knows a price for; no quantity is negative or above the
///   policy's maximum per line; at least one is above zero.
/// - The order's seats become the reserved ones when the reservation is known; its totals always price
///   its current seats, with its own prices (those it priced with first) and the promo terms it was
///   placed with. A price changed later never changes them.
/// - It is confirmed only once its seats are fully reserved, or when the registration process says its
///   seats were re-acquired after expiry (`confirm_order::seats_reacquired`). Confirming twice is one
///   confirmation; a confirmed order never expires.
/// - It has at most one live payment: a payment starts only while the order is payable (`start_payment`),
///   and asking again while the latest one is not known to be rejected answers with that one. A free
///   order needs no payment: asking to pay confirms it.

#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/codec.hpp"
#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/money.hpp"
#include "domain/outcome.hpp"
#include "domain/registration/pricing.hpp"
#include "domain/registration/seat_quantity.hpp"
#include "domain/time.hpp"

namespace contoso::registration::order {
using contoso::operator==;
using contoso::operator!=;

/// Where the order stands. `pending`: the reservation is under way; `attention`: paid after expiry but
/// its seats could not be re-acquired, left for the owner to resolve.
enum class order_status { none, pending, reserved, partially_reserved, confirmed, expired, attention };

std::string_view to_string(order_status status);

/// Who the order is for.
struct registrant_details {
  std::string first_name;
  std::string last_name;
  std::string email;

  auto tie() const { return std::tie(first_name, last_name, email); }
};
void to_json(nlohmann::json& j, const registrant_details& r);
void from_json(const nlohmann::json& j, registrant_details& r);

/// A payment the order started: its id (the Payment aggregate's) and the amount asked.
struct payment_started {
  std::string payment_id;
  money amount;

  auto tie() const { return std::tie(payment_id, amount); }
};
void to_json(nlohmann::json& j, const payment_started& p);
void from_json(const nlohmann::json& j, payment_started& p);

struct state {
  order_status status = order_status::none;
  std::string conference_id;
  std::string access_code;
  instant reservation_expires_at{};
  std::vector<seat_quantity> requested; ///< what the registrant last asked for
  int seat_requests = 0;                ///< how often seats were asked for: the placement and each update
  std::vector<seat_quantity> seats;     ///< the requested seats, then the reserved ones once known
  std::vector<seat_type_price> prices;  ///< the unit prices this order priced with, one per seat type
  std::optional<promo_terms> promo;
  order_totals totals;
  std::optional<registrant_details> registrant;
  std::optional<payment_started> payment; ///< the latest payment started

  auto tie() const {
    return std::tie(status, conference_id, access_code, reservation_expires_at, requested, seat_requests, seats,
                    prices, promo, totals, registrant, payment);
  }
};
/// Snapshots.
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- commands

/// Places the order. `seat_types` is the order side's current copy of the conference's seat types and
/// prices; `promo` is the terms of a code whose use the caller has already held for this order. Placing
/// an order that exists again is a replay when it asks for the same seats (by meaning) with the same code
/// in the same conference, and changes nothing; otherwise it is refused with `order_exists`.
struct register_to_conference {
  static constexpr std::string_view type = "RegisterToConference";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::string conference_id;
  std::vector<seat_quantity> seats;
  std::vector<seat_type_price> seat_types;
  std::optional<promo_terms> promo;

  auto tie() const { return std::tie(order_id, conference_id, seats, seat_types, promo); }
};
void to_json(nlohmann::json& j, const register_to_conference& c);
void from_json(const nlohmann::json& j, register_to_conference& c);

/// Changes the seats of an unconfirmed, unexpired order; `seat_types` prices seat types the order has not
/// priced yet. The order keeps the promo terms it was placed with.
struct update_seats {
  static constexpr std::string_view type = "UpdateSeats";
  static constexpr int schema_version = 1;
  std::vector<seat_quantity> seats;
  std::vector<seat_type_price> seat_types;

  auto tie() const { return std::tie(seats, seat_types); }
};
void to_json(nlohmann::json& j, const update_seats& c);
void from_json(const nlohmann::json& j, update_seats& c);

/// The reservation's outcome, sent by the registration process with the order's original expiry.
struct mark_seats_as_reserved {
  static constexpr std::string_view type = "MarkSeatsAsReserved";
  static constexpr int schema_version = 1;
  instant reservation_expiration{};
  std::vector<seat_quantity> seats;
  /// Which request for seats this answers: 1 for the placement, n + 1 after n updates. An answer to a
  /// request that a later update superseded changes nothing, so old seats never land on a new request.
  int seat_request = 0;

  auto tie() const { return std::tie(reservation_expiration, seats, seat_request); }
};
void to_json(nlohmann::json& j, const mark_seats_as_reserved& c);
void from_json(const nlohmann::json& j, mark_seats_as_reserved& c);

/// Expires the order (its seats are being released).
struct reject_order {
  static constexpr std::string_view type = "RejectOrder";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const reject_order& c);
void from_json(const nlohmann::json& j, reject_order& c);

struct assign_registrant_details {
  static constexpr std::string_view type = "AssignRegistrantDetails";
  static constexpr int schema_version = 1;
  std::string first_name;
  std::string last_name;
  std::string email;

  auto tie() const { return std::tie(first_name, last_name, email); }
};
void to_json(nlohmann::json& j, const assign_registrant_details& c);
void from_json(const nlohmann::json& j, assign_registrant_details& c);

/// Confirms a fully reserved order. The registration process sets `seats_reacquired` when a payment
/// completed after expiry and all the order's seats were reserved again: then an expired order is
/// confirmed too.
struct confirm_order {
  static constexpr std::string_view type = "ConfirmOrder";
  static constexpr int schema_version = 1;
  bool seats_reacquired = false;

  auto tie() const { return std::tie(seats_reacquired); }
};
void to_json(nlohmann::json& j, const confirm_order& c);
void from_json(const nlohmann::json& j, confirm_order& c);

/// Marks a paid (or confirmed) order whose seats could not be re-acquired, for the owner to resolve.
struct flag_order_for_attention {
  static constexpr std::string_view type = "FlagOrderForAttention";
  static constexpr int schema_version = 1;
  std::string reason;

  auto tie() const { return std::tie(reason); }
};
void to_json(nlohmann::json& j, const flag_order_for_attention& c);
void from_json(const nlohmann::json& j, flag_order_for_attention& c);

/// The registrant asks to pay. Refused while the order is not payable (`not_found`, `order_confirmed`,
/// `order_expired` from `reservationExpiresAt` on, `reservation_pending`, `partially_reserved`,
/// `registrant_missing`, in that order). A free order is confirmed at once, with no payment. While the
/// latest payment is live (not in `rejected_payments`) it is the answer and nothing changes; otherwise a
/// new payment of the order's total starts (`OrderPaymentStarted`), so requests racing for a payment all
/// get the same one.
struct start_payment {
  static constexpr std::string_view type = "StartPayment";
  static constexpr int schema_version = 1;
  std::string description;                    ///< what the processor shows the registrant
  std::vector<std::string> rejected_payments; ///< payments of this order the processor has rejected

  auto tie() const { return std::tie(description, rejected_payments); }
};
void to_json(nlohmann::json& j, const start_payment& c);
void from_json(const nlohmann::json& j, start_payment& c);

using command = std::variant<register_to_conference, update_seats, mark_seats_as_reserved, reject_order,
                             assign_registrant_details, confirm_order, flag_order_for_attention, start_payment>;

// ---- events

/// `promo` is the terms of the code the order was placed with (`promoCode`, absent when none).
struct order_placed {
  static constexpr std::string_view type = "OrderPlaced";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::vector<seat_quantity> seats;
  instant reservation_auto_expiration{};
  std::string access_code;
  std::optional<promo_terms> promo;

  auto tie() const { return std::tie(conference_id, seats, reservation_auto_expiration, access_code, promo); }
};
void to_json(nlohmann::json& j, const order_placed& e);
void from_json(const nlohmann::json& j, order_placed& e);

struct order_updated {
  static constexpr std::string_view type = "OrderUpdated";
  static constexpr int schema_version = 1;
  std::vector<seat_quantity> seats;

  auto tie() const { return std::tie(seats); }
};
void to_json(nlohmann::json& j, const order_updated& e);
void from_json(const nlohmann::json& j, order_updated& e);

/// Fewer seats than requested were reserved (possibly none); `seats` are the reserved ones.
struct order_partially_reserved {
  static constexpr std::string_view type = "OrderPartiallyReserved";
  static constexpr int schema_version = 1;
  instant reservation_expiration{};
  std::vector<seat_quantity> seats;

  auto tie() const { return std::tie(reservation_expiration, seats); }
};
void to_json(nlohmann::json& j, const order_partially_reserved& e);
void from_json(const nlohmann::json& j, order_partially_reserved& e);

struct order_reservation_completed {
  static constexpr std::string_view type = "OrderReservationCompleted";
  static constexpr int schema_version = 1;
  instant reservation_expiration{};
  std::vector<seat_quantity> seats;

  auto tie() const { return std::tie(reservation_expiration, seats); }
};
void to_json(nlohmann::json& j, const order_reservation_completed& e);
void from_json(const nlohmann::json& j, order_reservation_completed& e);

/// Schema 2 added `isFreeOfCharge` (schema 1 is upcast: free when the total is zero).
struct order_totals_calculated {
  static constexpr std::string_view type = "OrderTotalsCalculated";
  static constexpr int schema_version = 2;
  std::vector<order_line> lines;
  money discount;
  money total;
  bool is_free_of_charge = false;

  auto tie() const { return std::tie(lines, discount, total, is_free_of_charge); }
};
void to_json(nlohmann::json& j, const order_totals_calculated& e);
void from_json(const nlohmann::json& j, order_totals_calculated& e);

struct order_registrant_assigned {
  static constexpr std::string_view type = "OrderRegistrantAssigned";
  static constexpr int schema_version = 1;
  std::string first_name;
  std::string last_name;
  std::string email;

  auto tie() const { return std::tie(first_name, last_name, email); }
};
void to_json(nlohmann::json& j, const order_registrant_assigned& e);
void from_json(const nlohmann::json& j, order_registrant_assigned& e);

/// V1 called it `OrderPaymentConfirmed` (read through `upcasters()`).
struct order_confirmed {
  static constexpr std::string_view type = "OrderConfirmed";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const order_confirmed& e);
void from_json(const nlohmann::json& j, order_confirmed& e);

struct order_expired {
  static constexpr std::string_view type = "OrderExpired";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const order_expired& e);
void from_json(const nlohmann::json& j, order_expired& e);

struct order_flagged_for_attention {
  static constexpr std::string_view type = "OrderFlaggedForAttention";
  static constexpr int schema_version = 1;
  std::string reason;

  auto tie() const { return std::tie(reason); }
};
void to_json(nlohmann::json& j, const order_flagged_for_attention& e);
void from_json(const nlohmann::json& j, order_flagged_for_attention& e);

/// A payment of `amount` started; a policy asks the processor for it (`InitiateThirdPartyProcessorPayment`).
struct order_payment_started {
  static constexpr std::string_view type = "OrderPaymentStarted";
  static constexpr int schema_version = 1;
  std::string payment_id;
  std::string conference_id;
  money amount;
  std::string description;

  auto tie() const { return std::tie(payment_id, conference_id, amount, description); }
};
void to_json(nlohmann::json& j, const order_payment_started& e);
void from_json(const nlohmann::json& j, order_payment_started& e);

using event = std::variant<order_placed, order_updated, order_partially_reserved, order_reservation_completed,
                           order_totals_calculated, order_registrant_assigned, order_confirmed, order_expired,
                           order_flagged_for_attention, order_payment_started>;

/// Older stored shapes of the order's events: V1's `OrderPaymentConfirmed` and schema-1
/// `OrderTotalsCalculated`. Apply them whenever order events are read.
const contoso::upcasters& upcasters();

/// The events `cmd` causes given `current` (none when it is already satisfied), or why it is refused.
outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
/// `current` after `happened`.
state evolve(state current, const event& happened);

/// What the order answers a command with besides its events: `{status, payment: {paymentId, amount} |
/// null}`, its status and latest payment (for `start_payment`: the payment to make, or `confirmed` for a
/// free order).
nlohmann::json answer(const state& current);

struct decider {
  using state = order::state;
  using command = order::command;
  using event = order::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return order::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return order::evolve(std::move(s), e); }
};

} // namespace contoso::registration::order
