#include "domain/registration/seat_quantity.hpp"

#include <nlohmann/json.hpp>

namespace contoso::registration {

void to_json(nlohmann::json& j, const seat_quantity& s) {
  j = nlohmann::json{{"seatType", s.seat_type_id}, {"quantity", s.quantity}};
}

void from_json(const nlohmann::json& j, seat_quantity& s) {
  j.at("seatType").get_to(s.seat_type_id);
  j.at("quantity").get_to(s.quantity);
}

std::map<std::string, int> tally(const std::vector<seat_quantity>& seats) {
  std::map<std::string, int> counted;
  for (const auto& line : seats)
    if (line.quantity != 0)
      counted[line.seat_type_id] += line.quantity;
  return counted;
}

} // namespace contoso::registration
