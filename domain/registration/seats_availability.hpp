#pragma once
/// The SeatsAvailability aggregate (Orders & Registrations): one per conference (its id is the
/// conference's id), it holds every seat type's quota and what is left of it, and the seats held by
/// each pending reservation (reservation id = order id).
///
/// Invariants:
/// - Seats are never reserved beyond a quota: a reservation gets `min(wanted, max(remaining, 0) + held)`
///   of each seat type, and re-reserving under the same id adjusts its hold (more, fewer, other seat
///   types; what it no longer wants goes back). An unknown seat type reserves nothing.
/// - `remaining` = quota − held − sold. It goes negative when a quota is cut below what is held or
///   sold; held and sold seats are never revoked.
/// - Quotas arrive as absolute values with the seat type's revision (see `add_seats`), so duplicates,
///   replays and reordering can never count a change twice.
/// - Cancelling or committing a reservation it does not hold changes nothing.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/outcome.hpp"
#include "domain/registration/seat_quantity.hpp"

namespace contoso::registration::seats_availability {
using contoso::operator==;
using contoso::operator!=;

/// One seat type's capacity. `revision` is the last seat-type revision applied (0: none yet).
struct seat_type_capacity {
  int quota = 0;
  int remaining = 0;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(quota, remaining, revision); }
};

struct state {
  std::map<std::string, seat_type_capacity> seat_types;
  /// reservation id -> seat type -> seats held (never zero)
  std::map<std::string, std::map<std::string, int>> pending;

  auto tie() const { return std::tie(seat_types, pending); }
};
/// Snapshots: `{seatTypes: {id: {quota, remaining, revision}}, pending: {reservationId: [{seatType, quantity}]}}`.
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- commands

/// Reserves `seats` under `reservation_id`, replacing what that id held before.
struct make_seat_reservation {
  static constexpr std::string_view type = "MakeSeatReservation";
  static constexpr int schema_version = 1;
  std::string reservation_id;
  std::vector<seat_quantity> seats;

  auto tie() const { return std::tie(reservation_id, seats); }
};
void to_json(nlohmann::json& j, const make_seat_reservation& c);
void from_json(const nlohmann::json& j, make_seat_reservation& c);

/// Releases what the reservation holds.
struct cancel_seat_reservation {
  static constexpr std::string_view type = "CancelSeatReservation";
  static constexpr int schema_version = 1;
  std::string reservation_id;

  auto tie() const { return std::tie(reservation_id); }
};
void to_json(nlohmann::json& j, const cancel_seat_reservation& c);
void from_json(const nlohmann::json& j, cancel_seat_reservation& c);

/// Turns what the reservation holds into sold seats.
struct commit_seat_reservation {
  static constexpr std::string_view type = "CommitSeatReservation";
  static constexpr int schema_version = 1;
  std::string reservation_id;

  auto tie() const { return std::tie(reservation_id); }
};
void to_json(nlohmann::json& j, const commit_seat_reservation& c);
void from_json(const nlohmann::json& j, commit_seat_reservation& c);

/// Sets a seat type's quota. `quantity` is the seat type's *absolute* quota as of `revision` (the
/// `quantity` and `revision` of the `SeatCreated` / `SeatUpdated` it comes from), not a difference:
/// the aggregate derives the change from its own quota, and ignores a revision no newer than the one
/// it applied. `AddSeats` and `RemoveSeats` therefore mean the same; the translator may send
/// `AddSeats` for a created seat type and `AddSeats` or `RemoveSeats` for an updated one.
struct add_seats {
  static constexpr std::string_view type = "AddSeats";
  static constexpr int schema_version = 1;
  std::string seat_type_id;
  int quantity = 0;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(seat_type_id, quantity, revision); }
};
void to_json(nlohmann::json& j, const add_seats& c);
void from_json(const nlohmann::json& j, add_seats& c);

/// Same meaning as `add_seats` (absolute quota at a revision).
struct remove_seats {
  static constexpr std::string_view type = "RemoveSeats";
  static constexpr int schema_version = 1;
  std::string seat_type_id;
  int quantity = 0;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(seat_type_id, quantity, revision); }
};
void to_json(nlohmann::json& j, const remove_seats& c);
void from_json(const nlohmann::json& j, remove_seats& c);

using command = std::variant<make_seat_reservation, cancel_seat_reservation, commit_seat_reservation, add_seats,
                             remove_seats>;

// ---- events

/// `reservation_details`: what the reservation now holds (non-zero lines);
/// `available_seats_changed`: the change to each seat type's remaining seats (non-zero lines).
struct seats_reserved {
  static constexpr std::string_view type = "SeatsReserved";
  static constexpr int schema_version = 1;
  std::string reservation_id;
  std::vector<seat_quantity> reservation_details;
  std::vector<seat_quantity> available_seats_changed;

  auto tie() const { return std::tie(reservation_id, reservation_details, available_seats_changed); }
};
void to_json(nlohmann::json& j, const seats_reserved& e);
void from_json(const nlohmann::json& j, seats_reserved& e);

struct seats_reservation_cancelled {
  static constexpr std::string_view type = "SeatsReservationCancelled";
  static constexpr int schema_version = 1;
  std::string reservation_id;
  std::vector<seat_quantity> available_seats_changed;

  auto tie() const { return std::tie(reservation_id, available_seats_changed); }
};
void to_json(nlohmann::json& j, const seats_reservation_cancelled& e);
void from_json(const nlohmann::json& j, seats_reservation_cancelled& e);

struct seats_reservation_committed {
  static constexpr std::string_view type = "SeatsReservationCommitted";
  static constexpr int schema_version = 1;
  std::string reservation_id;

  auto tie() const { return std::tie(reservation_id); }
};
void to_json(nlohmann::json& j, const seats_reservation_committed& e);
void from_json(const nlohmann::json& j, seats_reservation_committed& e);

/// A seat type's quota as of one of its revisions.
struct seat_quota {
  std::string seat_type_id;
  int quota = 0;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(seat_type_id, quota, revision); }
};
void to_json(nlohmann::json& j, const seat_quota& q);
void from_json(const nlohmann::json& j, seat_quota& q);

/// A quota changed: `seats` holds the signed changes to the remaining seats, `quotas` the new absolute
/// quotas with the revisions they came from.
struct available_seats_changed {
  static constexpr std::string_view type = "AvailableSeatsChanged";
  static constexpr int schema_version = 1;
  std::vector<seat_quantity> seats;
  std::vector<seat_quota> quotas;

  auto tie() const { return std::tie(seats, quotas); }
};
void to_json(nlohmann::json& j, const available_seats_changed& e);
void from_json(const nlohmann::json& j, available_seats_changed& e);

using event = std::variant<seats_reserved, seats_reservation_cancelled, seats_reservation_committed,
                           available_seats_changed>;

/// The events `cmd` causes given `current` (none when it is already satisfied), or why it is refused.
outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
/// `current` after `happened`.
state evolve(state current, const event& happened);

struct decider {
  using state = seats_availability::state;
  using command = seats_availability::command;
  using event = seats_availability::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return seats_availability::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return seats_availability::evolve(std::move(s), e); }
};

} // namespace contoso::registration::seats_availability
