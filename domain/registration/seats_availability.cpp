#include "domain/registration/seats_availability.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace contoso::registration::seats_availability {

// ---- JSON

void to_json(nlohmann::json& j, const state& s) {
  auto seat_types = nlohmann::json::object();
  for (const auto& [id, capacity] : s.seat_types)
    seat_types[id] = {{"quota", capacity.quota}, {"remaining", capacity.remaining}, {"revision", capacity.revision}};
  auto pending = nlohmann::json::object();
  for (const auto& [reservation_id, held] : s.pending) {
    auto lines = nlohmann::json::array();
    for (const auto& [seat_type_id, quantity] : held)
      lines.push_back(seat_quantity{seat_type_id, quantity});
    pending[reservation_id] = lines;
  }
  j = {{"seatTypes", seat_types}, {"pending", pending}};
}

void from_json(const nlohmann::json& j, state& s) {
  s = state{};
  for (const auto& [id, capacity] : j.at("seatTypes").items())
    s.seat_types[id] = seat_type_capacity{capacity.at("quota").get<int>(), capacity.at("remaining").get<int>(),
                                          capacity.at("revision").get<std::int64_t>()};
  for (const auto& [reservation_id, lines] : j.at("pending").items())
    s.pending[reservation_id] = tally(lines.get<std::vector<seat_quantity>>());
}

void to_json(nlohmann::json& j, const make_seat_reservation& c) {
  j = {{"reservationId", c.reservation_id}, {"seats", c.seats}};
}
void from_json(const nlohmann::json& j, make_seat_reservation& c) {
  j.at("reservationId").get_to(c.reservation_id);
  j.at("seats").get_to(c.seats);
}

void to_json(nlohmann::json& j, const cancel_seat_reservation& c) { j = {{"reservationId", c.reservation_id}}; }
void from_json(const nlohmann::json& j, cancel_seat_reservation& c) { j.at("reservationId").get_to(c.reservation_id); }

void to_json(nlohmann::json& j, const commit_seat_reservation& c) { j = {{"reservationId", c.reservation_id}}; }
void from_json(const nlohmann::json& j, commit_seat_reservation& c) { j.at("reservationId").get_to(c.reservation_id); }

void to_json(nlohmann::json& j, const add_seats& c) {
  j = {{"seatType", c.seat_type_id}, {"quantity", c.quantity}, {"revision", c.revision}};
}
void from_json(const nlohmann::json& j, add_seats& c) {
  j.at("seatType").get_to(c.seat_type_id);
  j.at("quantity").get_to(c.quantity);
  j.at("revision").get_to(c.revision);
}

void to_json(nlohmann::json& j, const remove_seats& c) {
  j = {{"seatType", c.seat_type_id}, {"quantity", c.quantity}, {"revision", c.revision}};
}
void from_json(const nlohmann::json& j, remove_seats& c) {
  j.at("seatType").get_to(c.seat_type_id);
  j.at("quantity").get_to(c.quantity);
  j.at("revision").get_to(c.revision);
}

void to_json(nlohmann::json& j, const seats_reserved& e) {
  j = {{"reservationId", e.reservation_id},
       {"reservationDetails", e.reservation_details},
       {"availableSeatsChanged", e.available_seats_changed}};
}
void from_json(const nlohmann::json& j, seats_reserved& e) {
  j.at("reservationId").get_to(e.reservation_id);
  j.at("reservationDetails").get_to(e.reservation_details);
  j.at("availableSeatsChanged").get_to(e.available_seats_changed);
}

void to_json(nlohmann::json& j, const seats_reservation_cancelled& e) {
  j = {{"reservationId", e.reservation_id}, {"availableSeatsChanged", e.available_seats_changed}};
}
void from_json(const nlohmann::json& j, seats_reservation_cancelled& e) {
  j.at("reservationId").get_to(e.reservation_id);
  j.at("availableSeatsChanged").get_to(e.available_seats_changed);
}

void to_json(nlohmann::json& j, const seats_reservation_committed& e) { j = {{"reservationId", e.reservation_id}}; }
void from_json(const nlohmann::json& j, seats_reservation_committed& e) {
  j.at("reservationId").get_to(e.reservation_id);
}

void to_json(nlohmann::json& j, const seat_quota& q) {
  j = {{"seatType", q.seat_type_id}, {"quota", q.quota}, {"revision", q.revision}};
}
void from_json(const nlohmann::json& j, seat_quota& q) {
  j.at("seatType").get_to(q.seat_type_id);
  j.at("quota").get_to(q.quota);
  j.at("revision").get_to(q.revision);
}

void to_json(nlohmann::json& j, const available_seats_changed& e) { j = {{"seats", e.seats}, {"quotas", e.quotas}}; }
void from_json(const nlohmann::json& j, available_seats_changed& e) {
  j.at("seats").get_to(e.seats);
  j.at("quotas").get_to(e.quotas);
}

// ---- decide

namespace {

const std::map<std::string, int> nothing_held;

const std::map<std::string, int>& held_by(const state& current, const std::string& reservation_id) {
  auto found = current.pending.find(reservation_id);
  return found == current.pending.end() ? nothing_held : found->second;
}

int quantity_of(const std::map<std::string, int>& seats, const std::string& seat_type_id) {
  auto found = seats.find(seat_type_id);
  return found == seats.end() ? 0 : found->second;
}

std::vector<event> decide_make_seat_reservation(const state& current, const make_seat_reservation& cmd) {
  const auto wanted = tally(cmd.seats);
  const auto& held = held_by(current, cmd.reservation_id);
  std::set<std::string> seat_types;
  for (const auto& [seat_type_id, quantity] : wanted)
    seat_types.insert(seat_type_id);
  for (const auto& [seat_type_id, quantity] : held)
    seat_types.insert(seat_type_id);

  seats_reserved reserved{cmd.reservation_id, {}, {}};
  for (const auto& seat_type_id : seat_types) {
    auto capacity = current.seat_types.find(seat_type_id);
    int free = capacity == current.seat_types.end() ? 0 : std::max(capacity->second.remaining, 0);
    int already = quantity_of(held, seat_type_id);
    int actual = std::min(std::max(quantity_of(wanted, seat_type_id), 0), free + already);
    int delta = actual - already;
    if (actual != 0)
      reserved.reservation_details.push_back({seat_type_id, actual});
    if (delta != 0)
      reserved.available_seats_changed.push_back({seat_type_id, -delta});
  }
  // Even an unchanged hold is answered: the registration process waits for this reply.
  return {reserved};
}

std::vector<event> decide_cancel_seat_reservation(const state& current, const cancel_seat_reservation& cmd) {
  auto found = current.pending.find(cmd.reservation_id);
  if (found == current.pending.end())
    return {};
  seats_reservation_cancelled cancelled{cmd.reservation_id, {}};
  for (const auto& [seat_type_id, quantity] : found->second)
    cancelled.available_seats_changed.push_back({seat_type_id, quantity});
  return {cancelled};
}

std::vector<event> decide_commit_seat_reservation(const state& current, const commit_seat_reservation& cmd) {
  if (current.pending.count(cmd.reservation_id) == 0)
    return {};
  return {seats_reservation_committed{cmd.reservation_id}};
}

outcome<std::vector<event>> decide_quota(const state& current, const std::string& seat_type_id, int quota,
                                         std::int64_t revision) {
  if (quota < 0)
    return reject(error_code::validation_failed, "A seat quota cannot be negative.");
  auto known = current.seat_types.find(seat_type_id);
  if (known == current.seat_types.end())
    return std::vector<event>{available_seats_changed{
      quota == 0 ? std::vector<seat_quantity>{} : std::vector<seat_quantity>{{seat_type_id, quota}},
      {{seat_type_id, quota, revision}}}};
  if (revision <= known->second.revision || quota == known->second.quota)
    return std::vector<event>{};
  return std::vector<event>{
    available_seats_changed{{{seat_type_id, quota - known->second.quota}}, {{seat_type_id, quota, revision}}}};
}

outcome<std::vector<event>> decide_add_seats(const state& current, const add_seats& cmd) {
  return decide_quota(current, cmd.seat_type_id, cmd.quantity, cmd.revision);
}

outcome<std::vector<event>> decide_remove_seats(const state& current, const remove_seats& cmd) {
  return decide_quota(current, cmd.seat_type_id, cmd.quantity, cmd.revision);
}

void change_remaining(state& current, const std::vector<seat_quantity>& changes) {
  for (const auto& change : changes)
    current.seat_types[change.seat_type_id].remaining += change.quantity;
}

} // namespace

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context&) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, make_seat_reservation>)
        return decide_make_seat_reservation(current, c);
      else if constexpr (std::is_same_v<type, cancel_seat_reservation>)
        return decide_cancel_seat_reservation(current, c);
      else if constexpr (std::is_same_v<type, commit_seat_reservation>)
        return decide_commit_seat_reservation(current, c);
      else if constexpr (std::is_same_v<type, add_seats>)
        return decide_add_seats(current, c);
      else
        return decide_remove_seats(current, c);
    },
    cmd);
}

state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, seats_reserved>) {
        change_remaining(current, e.available_seats_changed);
        if (e.reservation_details.empty())
          current.pending.erase(e.reservation_id);
        else
          current.pending[e.reservation_id] = tally(e.reservation_details);
      } else if constexpr (std::is_same_v<type, seats_reservation_cancelled>) {
        change_remaining(current, e.available_seats_changed);
        current.pending.erase(e.reservation_id);
      } else if constexpr (std::is_same_v<type, seats_reservation_committed>) {
        current.pending.erase(e.reservation_id);
      } else {
        for (const auto& quota : e.quotas) {
          auto& capacity = current.seat_types[quota.seat_type_id];
          capacity.quota = quota.quota;
          capacity.revision = quota.revision;
        }
        change_remaining(current, e.seats);
      }
    },
    happened);
  return current;
}

} // namespace contoso::registration::seats_availability
