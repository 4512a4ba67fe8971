#include "domain/registration/seat_assignments.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "domain/validation.hpp"

namespace contoso::registration::seat_assignments {

std::string id_for_order(std::string_view order_id) { return derived_uuid("seat_assignments", order_id); }

// ---- JSON

namespace {

void put_attendee(nlohmann::json& j, const std::optional<attendee>& a) {
  j["attendee"] = nullptr;
  if (a)
    j["attendee"] = *a;
}

std::optional<attendee> get_attendee(const nlohmann::json& j) {
  if (j.at("attendee").is_null())
    return std::nullopt;
  return j.at("attendee").get<attendee>();
}

} // namespace

void to_json(nlohmann::json& j, const attendee& a) {
  j = {{"firstName", a.first_name}, {"lastName", a.last_name}, {"email", a.email}};
}
void from_json(const nlohmann::json& j, attendee& a) {
  j.at("firstName").get_to(a.first_name);
  j.at("lastName").get_to(a.last_name);
  j.at("email").get_to(a.email);
}

void to_json(nlohmann::json& j, const seat_position& s) {
  j = {{"position", s.position}, {"seatType", s.seat_type_id}};
}
void from_json(const nlohmann::json& j, seat_position& s) {
  j.at("position").get_to(s.position);
  j.at("seatType").get_to(s.seat_type_id);
}

void to_json(nlohmann::json& j, const seat_assignment& s) {
  j = {{"position", s.position}, {"seatType", s.seat_type_id}};
  put_attendee(j, s.attendee);
}
void from_json(const nlohmann::json& j, seat_assignment& s) {
  j.at("position").get_to(s.position);
  j.at("seatType").get_to(s.seat_type_id);
  s.attendee = get_attendee(j);
}

void to_json(nlohmann::json& j, const state& s) { j = {{"orderId", s.order_id}, {"seats", s.seats}}; }
void from_json(const nlohmann::json& j, state& s) {
  j.at("orderId").get_to(s.order_id);
  j.at("seats").get_to(s.seats);
}

void to_json(nlohmann::json& j, const create_seat_assignments& c) {
  j = {{"orderId", c.order_id}, {"seats", c.seats}};
}
void from_json(const nlohmann::json& j, create_seat_assignments& c) {
  j.at("orderId").get_to(c.order_id);
  j.at("seats").get_to(c.seats);
}

void to_json(nlohmann::json& j, const assign_seat& c) { j = {{"position", c.position}, {"attendee", c.attendee}}; }
void from_json(const nlohmann::json& j, assign_seat& c) {
  j.at("position").get_to(c.position);
  j.at("attendee").get_to(c.attendee);
}

void to_json(nlohmann::json& j, const unassign_seat& c) { j = {{"position", c.position}}; }
void from_json(const nlohmann::json& j, unassign_seat& c) { j.at("position").get_to(c.position); }

void to_json(nlohmann::json& j, const seat_assignments_created& e) {
  j = {{"orderId", e.order_id}, {"seats", e.seats}};
}
void from_json(const nlohmann::json& j, seat_assignments_created& e) {
  j.at("orderId").get_to(e.order_id);
  j.at("seats").get_to(e.seats);
}

void to_json(nlohmann::json& j, const seat_assigned& e) {
  j = {{"position", e.position}, {"seatType", e.seat_type_id}, {"attendee", e.attendee}};
}
void from_json(const nlohmann::json& j, seat_assigned& e) {
  j.at("position").get_to(e.position);
  j.at("seatType").get_to(e.seat_type_id);
  j.at("attendee").get_to(e.attendee);
}

void to_json(nlohmann::json& j, const seat_unassigned& e) { j = {{"position", e.position}}; }
void from_json(const nlohmann::json& j, seat_unassigned& e) { j.at("position").get_to(e.position); }

void to_json(nlohmann::json& j, const seat_assignment_updated& e) {
  j = {{"position", e.position}, {"attendee", e.attendee}};
}
void from_json(const nlohmann::json& j, seat_assignment_updated& e) {
  j.at("position").get_to(e.position);
  j.at("attendee").get_to(e.attendee);
}

// ---- decide

namespace {

rejection not_found() { return reject(error_code::not_found, "The order has no seat assignments yet."); }

std::string no_such_position(int position) {
  return "The order has no seat at position " + std::to_string(position) + ".";
}

const seat_assignment* find_position(const state& current, int position) {
  if (position < 0 || std::size_t(position) >= current.seats.size())
    return nullptr;
  return &current.seats[std::size_t(position)];
}

bool same_email(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

outcome<std::vector<event>> decide_create(const state& current, const create_seat_assignments& cmd) {
  validator check;
  check.required("orderId", "OrderId", cmd.order_id);
  for (const auto& line : cmd.seats)
    check.check(line.quantity >= 0, "seats", "No quantity may be negative.");
  if (!check.empty())
    return check.to_rejection();
  if (!current.order_id.empty())
    return std::vector<event>{};
  seat_assignments_created created{cmd.order_id, {}};
  for (const auto& line : cmd.seats)
    for (int i = 0; i < line.quantity; ++i)
      created.seats.push_back({int(created.seats.size()), line.seat_type_id});
  return std::vector<event>{created};
}

outcome<std::vector<event>> decide_assign(const state& current, const assign_seat& cmd) {
  if (current.order_id.empty())
    return not_found();
  const auto* seat = find_position(current, cmd.position);
  validator check;
  check.text("firstName", "FirstName", cmd.attendee.first_name)
    .text("lastName", "LastName", cmd.attendee.last_name)
    .required("email", "Email", cmd.attendee.email)
    .email("email", "Email", cmd.attendee.email)
    .check(seat != nullptr, "position", no_such_position(cmd.position));
  if (!check.empty())
    return check.to_rejection();

  if (!seat->attendee)
    return std::vector<event>{seat_assigned{cmd.position, seat->seat_type_id, cmd.attendee}};
  const auto& sitting = *seat->attendee;
  if (!same_email(sitting.email, cmd.attendee.email))
    return std::vector<event>{seat_unassigned{cmd.position},
                              seat_assigned{cmd.position, seat->seat_type_id, cmd.attendee}};
  if (sitting.first_name != cmd.attendee.first_name || sitting.last_name != cmd.attendee.last_name)
    return std::vector<event>{seat_assignment_updated{cmd.position, cmd.attendee}};
  return std::vector<event>{};
}

outcome<std::vector<event>> decide_unassign(const state& current, const unassign_seat& cmd) {
  if (current.order_id.empty())
    return not_found();
  const auto* seat = find_position(current, cmd.position);
  if (!seat)
    return validator{}.check(false, "position", no_such_position(cmd.position)).to_rejection();
  if (!seat->attendee)
    return std::vector<event>{};
  return std::vector<event>{seat_unassigned{cmd.position}};
}

} // namespace

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context&) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, create_seat_assignments>)
        return decide_create(current, c);
      else if constexpr (std::is_same_v<type, assign_seat>)
        return decide_assign(current, c);
      else
        return decide_unassign(current, c);
    },
    cmd);
}

state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, seat_assignments_created>) {
        current.order_id = e.order_id;
        current.seats.clear();
        for (const auto& seat : e.seats)
          current.seats.push_back({seat.position, seat.seat_type_id, std::nullopt});
      } else if constexpr (std::is_same_v<type, seat_assigned>) {
        current.seats.at(std::size_t(e.position)).attendee = e.attendee;
      } else if constexpr (std::is_same_v<type, seat_unassigned>) {
        current.seats.at(std::size_t(e.position)).attendee.reset();
      } else {
        current.seats.at(std::size_t(e.position)).attendee = e.attendee;
      }
    },
    happened);
  return current;
}

} // namespace contoso::registration::seat_assignments
