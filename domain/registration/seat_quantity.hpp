#pragma once
/// A number of seats of one seat type: the seat list shared by orders, reservations and the
/// registration process. On the wire it is `{seatType, quantity}` (the Journey's SeatQuantity).

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/message.hpp"

namespace contoso::registration {
using contoso::operator==;
using contoso::operator!=;

struct seat_quantity {
  std::string seat_type_id;
  int quantity = 0;

  auto tie() const { return std::tie(seat_type_id, quantity); }
};

void to_json(nlohmann::json& j, const seat_quantity& s);
void from_json(const nlohmann::json& j, seat_quantity& s);

/// Seats keyed by seat type, zero quantities left out: two seat lists mean the same seats exactly
/// when their tallies are equal, whatever their order.
std::map<std::string, int> tally(const std::vector<seat_quantity>& seats);

} // namespace contoso::registration
