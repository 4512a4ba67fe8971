#pragma once
/// The RegistrationProcess (Orders & Registrations): one per order (process id = order id). It follows
/// the order's events, the seat reservation's answers, the payment and its own expiry deadline, and
/// sends the commands that carry the order from placement to confirmation or expiry (DOMAIN.md's table).
///
/// Invariants:
/// - It asks the order to confirm only when all the order's seats are held (or were re-acquired after
///   expiry), and commits the reservation only once the order is confirmed.
/// - It releases the seats (RejectOrder, CancelSeatReservation) when the deadline at expiry + release
///   buffer fires before a payment arrived; a payment that arrived first keeps them: the money is taken,
///   so confirmation proceeds.
/// - A completed payment is never lost: a paid order ends confirmed or flagged for attention (its seats
///   released), also when the payment completes after the seats were released.
/// - Only the answer to the reservation it asked for last counts: a `SeatsReserved` caused by an older
///   command, a repeated one, a replayed order event (version already seen) or a stale deadline change
///   nothing. Once completed, nothing changes it.
///
/// It also places an order that comes with a promo code (`place_order`, sent by the edge): it holds a
/// use of the code, registers the order with the terms the hold answered, and gives the use back when
/// the order did not take it (refused, or a replay of an order placed before). Each step is saved with
/// the command it owes before that command is sent, and the next step waits for that command's answer
/// (`command_answer`), so a placement interrupted by a crash is finished on recovery: no use stays held
/// without an order that holds it (an order's own use goes back when it expires).
///
/// `react` is pure: the actor layer saves the returned state, the commands still owed and its position
/// in the event log in one transaction, then sends the commands (receivers dedupe by command id). It
/// must deliver the commands addressed to one aggregate in the order given (a cancellation must never
/// overtake the reservation it cancels). It keeps `state::deadline` as a durable row: created when it
/// appears, deleted when it is gone; when due, the row is delivered back as
/// `command_message<expire_registration_process>` whose id is the deadline's id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/message.hpp"
#include "domain/outcome.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_quantity.hpp"
#include "domain/registration/seats_availability.hpp"
#include "domain/time.hpp"

namespace contoso::registration::registration_process {
using contoso::operator==;
using contoso::operator!=;

/// The expiry deadline: due at the order's reservation expiry + the policy's release buffer. `id` is the
/// id of the `ExpireRegistrationProcess` command it fires as.
struct deadline {
  std::string id;
  instant due{};

  auto tie() const { return std::tie(id, due); }
};
void to_json(nlohmann::json& j, const deadline& d);
void from_json(const nlohmann::json& j, deadline& d);

/// The deadline fired (source id: the order id; command id: the deadline's id).
struct expire_registration_process {
  static constexpr std::string_view type = "ExpireRegistrationProcess";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const expire_registration_process& c);
void from_json(const nlohmann::json& j, expire_registration_process& c);

/// Places an order with a promo code (source id: the order id): the order's `register_to_conference`
/// without terms, and the code (canonical) whose use to hold for it.
struct place_order {
  static constexpr std::string_view type = "PlaceOrder";
  static constexpr int schema_version = 1;
  order::register_to_conference registration;
  std::string promo_code;

  auto tie() const { return std::tie(registration, promo_code); }
};
void to_json(nlohmann::json& j, const place_order& c);
void from_json(const nlohmann::json& j, place_order& c);

/// How an aggregate answered a command the process sent, for the steps that wait for it.
struct command_answer {
  std::string command_id;
  std::optional<rejection> refused; ///< absent: accepted
  bool changed = false;             ///< accepted, with events (not a replay or a no-op)
  std::int64_t version = 0;         ///< the aggregate's version after it
  std::string answer = "null";      ///< the aggregate's own answer, JSON (a promo code's terms)

  auto tie() const { return std::tie(command_id, refused, changed, version, answer); }
};
void to_json(nlohmann::json& j, const command_answer& a);
void from_json(const nlohmann::json& j, command_answer& a);

/// A placement with a promo code under way: which step waits for which command's answer.
struct placement {
  enum class step { holding, registering };
  place_order request;
  step waiting_for = step::holding;
  std::string awaited_command_id;
  bool newly_held = false; ///< the hold made a use that the order may not take

  auto tie() const { return std::tie(request, waiting_for, awaited_command_id, newly_held); }
};
void to_json(nlohmann::json& j, const placement& p);
void from_json(const nlohmann::json& j, placement& p);

// ---- phases (DOMAIN.md's states, plus one for a payment that completes while seats are re-reserved)

/// "new": no OrderPlaced yet.
struct not_started {
  auto tie() const { return std::tie(); }
};
/// MakeSeatReservation sent; only its answer counts.
struct awaiting_reservation {
  std::string reservation_command_id;
  auto tie() const { return std::tie(reservation_command_id); }
};
/// The seats are held (`reserved`, perhaps fewer than requested) and the order was told so.
struct reservation_received {
  std::string reservation_command_id;
  std::vector<seat_quantity> reserved;
  auto tie() const { return std::tie(reservation_command_id, reserved); }
};
/// Paid, all seats held, ConfirmOrder sent; waiting for OrderConfirmed.
struct payment_received {
  std::vector<seat_quantity> reserved;
  auto tie() const { return std::tie(reserved); }
};
/// Paid while a reservation for changed seats was under way (the seats changed after the payment
/// started): the reservation's answer decides between confirmation and attention.
struct paid_awaiting_reservation {
  std::string reservation_command_id;
  auto tie() const { return std::tie(reservation_command_id); }
};
/// The deadline fired unpaid: the order was rejected and `seats` (the order's seats then) released.
struct expired {
  std::vector<seat_quantity> seats;
  auto tie() const { return std::tie(seats); }
};
/// Paid (or confirmed) after expiry: reserving `seats` again.
struct reacquiring {
  std::string reservation_command_id;
  std::vector<seat_quantity> seats;
  auto tie() const { return std::tie(reservation_command_id, seats); }
};
/// How the process ended: confirmed (seats committed), rejected (expired, seats released) or attention
/// (paid, seats could not be held: released, order flagged for the owner).
enum class completion { confirmed, rejected, attention };
std::string_view to_string(completion how);
struct completed {
  completion how = completion::confirmed;
  auto tie() const { return std::tie(how); }
};

using phase = std::variant<not_started, awaiting_reservation, reservation_received, payment_received,
                           paid_awaiting_reservation, expired, reacquiring, completed>;

struct state {
  std::string order_id;
  std::string conference_id;
  std::vector<seat_quantity> requested; ///< the order's seats as last placed or updated
  instant reservation_expiration{};     ///< the order's original expiry; it never moves
  std::int64_t order_version = 0;       ///< the last order event followed; older ones are replays
  int seat_requests = 0;                ///< OrderPlaced and OrderUpdated followed: the request a Mark answers
  std::optional<registration_process::deadline> deadline; ///< the pending expiry deadline, if any
  registration_process::phase phase;
  std::optional<registration_process::placement> placement; ///< a placement with a promo code under way

  auto tie() const {
    return std::tie(order_id, conference_id, requested, reservation_expiration, order_version, seat_requests, deadline,
                    phase, placement);
  }
};
/// Saved with the owed commands: `{orderId, conferenceId, requested, reservationExpiration, orderVersion,
/// deadline: {id, due}|null, phase: {name, ...}, placement: {...}|null}`.
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- inputs and outputs

using input = std::variant<event_message<order::order_placed>, event_message<order::order_updated>,
                           event_message<seats_availability::seats_reserved>,
                           event_message<payments::payment::payment_completed>,
                           event_message<order::order_confirmed>, command_message<expire_registration_process>,
                           command_message<place_order>>;

/// The id of the process an input belongs to (its order id).
std::string process_id(const input& message);

/// A command the process sends: to the order (source id = order id), to the conference's seats
/// availability (source id = conference id) or to a promo code (source id = the code's id).
/// Correlation: the order id; causation: the input's id.
using command = std::variant<command_message<order::command>, command_message<seats_availability::command>,
                             command_message<discounts::promo_code::command>>;

/// The saved form of an owed command: `{target: "order"|"seatsAvailability"|"promoCode", id, sourceId,
/// metadata, type, schemaVersion, data}`.
nlohmann::json encode_command(const command& sent);
/// Reads `encode_command`'s form back; a bad_request rejection naming what is wrong.
outcome<command> decode_command(const nlohmann::json& saved);

struct reaction {
  registration_process::state state;
  std::vector<command> commands;
  /// A placement that ended: the answer for whoever asked for it, once the commands are sent.
  std::optional<command_answer> placed;
};

state initial_state();

/// The process's answer to one input.
reaction react(const state& current, const input& message, const context& ctx);

/// Whether a step waits for the answer to command `command_id`.
bool awaits(const state& current, const std::string& command_id);
/// The process's next step once the command it waits for was answered.
reaction react(const state& current, const command_answer& answered, const context& ctx);

/// A `SeatsReserved` for a reservation no process knows: release it so that no seats leak.
std::vector<command> react_to_orphan(const event_message<seats_availability::seats_reserved>& reserved,
                                     const context& ctx);

} // namespace contoso::registration::registration_process
