#pragma once
/// The SeatAssignments aggregate (Orders & Registrations): who sits in each seat of a confirmed order.
/// Its id is derived from the order id (`id_for_order`), so creating it twice creates it once.
///
/// Invariants:
/// - It is created once, from the confirmed order's seats: one position per seat, numbered 0..n−1, the
///   seats of each seat type together, seat types in the order's order.
/// - A position that exists holds at most one attendee, who always has a valid e-mail address; one
///   e-mail address may hold several positions.
/// - An attendee is one person per e-mail address (compared case-insensitively): a new address means the
///   seat changed hands (`SeatUnassigned`, then `SeatAssigned`), the same address with another name is
///   a correction (`SeatAssignmentUpdated`). A command that changes nothing yields no event.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/outcome.hpp"
#include "domain/registration/seat_quantity.hpp"

namespace contoso::registration::seat_assignments {
using contoso::operator==;
using contoso::operator!=;

/// The seat assignments id of an order: the same order id always gives the same id.
std::string id_for_order(std::string_view order_id);

/// The person in a seat. On the wire `{firstName, lastName, email}`.
struct attendee {
  std::string first_name;
  std::string last_name;
  std::string email;

  auto tie() const { return std::tie(first_name, last_name, email); }
};
void to_json(nlohmann::json& j, const attendee& a);
void from_json(const nlohmann::json& j, attendee& a);

/// One seat of the order. On the wire `{position, seatType}`.
struct seat_position {
  int position = 0;
  std::string seat_type_id;

  auto tie() const { return std::tie(position, seat_type_id); }
};
void to_json(nlohmann::json& j, const seat_position& s);
void from_json(const nlohmann::json& j, seat_position& s);

/// One seat and who sits in it, if anyone yet.
struct seat_assignment {
  int position = 0;
  std::string seat_type_id;
  std::optional<contoso::registration::seat_assignments::attendee> attendee;

  auto tie() const { return std::tie(position, seat_type_id, attendee); }
};
void to_json(nlohmann::json& j, const seat_assignment& s);
void from_json(const nlohmann::json& j, seat_assignment& s);

/// Empty `order_id`: not created yet.
struct state {
  std::string order_id;
  std::vector<seat_assignment> seats; ///< indexed by position

  auto tie() const { return std::tie(order_id, seats); }
};
/// Snapshots: `{orderId, seats: [{position, seatType, attendee|null}]}`.
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- commands

/// Creates the assignments of a confirmed order from its seats (sent when the order is confirmed).
struct create_seat_assignments {
  static constexpr std::string_view type = "CreateSeatAssignments";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::vector<seat_quantity> seats;

  auto tie() const { return std::tie(order_id, seats); }
};
void to_json(nlohmann::json& j, const create_seat_assignments& c);
void from_json(const nlohmann::json& j, create_seat_assignments& c);

struct assign_seat {
  static constexpr std::string_view type = "AssignSeat";
  static constexpr int schema_version = 1;
  int position = 0;
  contoso::registration::seat_assignments::attendee attendee;

  auto tie() const { return std::tie(position, attendee); }
};
void to_json(nlohmann::json& j, const assign_seat& c);
void from_json(const nlohmann::json& j, assign_seat& c);

struct unassign_seat {
  static constexpr std::string_view type = "UnassignSeat";
  static constexpr int schema_version = 1;
  int position = 0;

  auto tie() const { return std::tie(position); }
};
void to_json(nlohmann::json& j, const unassign_seat& c);
void from_json(const nlohmann::json& j, unassign_seat& c);

using command = std::variant<create_seat_assignments, assign_seat, unassign_seat>;

// ---- events

struct seat_assignments_created {
  static constexpr std::string_view type = "SeatAssignmentsCreated";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::vector<seat_position> seats;

  auto tie() const { return std::tie(order_id, seats); }
};
void to_json(nlohmann::json& j, const seat_assignments_created& e);
void from_json(const nlohmann::json& j, seat_assignments_created& e);

struct seat_assigned {
  static constexpr std::string_view type = "SeatAssigned";
  static constexpr int schema_version = 1;
  int position = 0;
  std::string seat_type_id;
  contoso::registration::seat_assignments::attendee attendee;

  auto tie() const { return std::tie(position, seat_type_id, attendee); }
};
void to_json(nlohmann::json& j, const seat_assigned& e);
void from_json(const nlohmann::json& j, seat_assigned& e);

struct seat_unassigned {
  static constexpr std::string_view type = "SeatUnassigned";
  static constexpr int schema_version = 1;
  int position = 0;

  auto tie() const { return std::tie(position); }
};
void to_json(nlohmann::json& j, const seat_unassigned& e);
void from_json(const nlohmann::json& j, seat_unassigned& e);

/// The same attendee (same e-mail address) with a corrected name.
struct seat_assignment_updated {
  static constexpr std::string_view type = "SeatAssignmentUpdated";
  static constexpr int schema_version = 1;
  int position = 0;
  contoso::registration::seat_assignments::attendee attendee;

  auto tie() const { return std::tie(position, attendee); }
};
void to_json(nlohmann::json& j, const seat_assignment_updated& e);
void from_json(const nlohmann::json& j, seat_assignment_updated& e);

using event = std::variant<seat_assignments_created, seat_assigned, seat_unassigned, seat_assignment_updated>;

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
state evolve(state current, const event& happened);

struct decider {
  using state = seat_assignments::state;
  using command = seat_assignments::command;
  using event = seat_assignments::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return seat_assignments::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return seat_assignments::evolve(std::move(s), e); }
};

} // namespace contoso::registration::seat_assignments
