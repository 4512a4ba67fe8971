#include "domain/registration/pricing.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace contoso::registration {

void to_json(nlohmann::json& j, const seat_type_price& s) {
  j = {{"seatType", s.seat_type_id}, {"name", s.name}, {"price", s.price}};
}
void from_json(const nlohmann::json& j, seat_type_price& s) {
  j.at("seatType").get_to(s.seat_type_id);
  j.at("name").get_to(s.name);
  j.at("price").get_to(s.price);
}

bool promo_terms::applies_to(const std::string& seat_type_id) const {
  return seat_type_ids.empty()
         || std::find(seat_type_ids.begin(), seat_type_ids.end(), seat_type_id) != seat_type_ids.end();
}

void to_json(nlohmann::json& j, const promo_terms& p) {
  j = {{"code", p.code}, {"seatTypeIds", p.seat_type_ids}};
  if (const auto* percent = std::get_if<percent_off>(&p.reduction))
    j["percentOff"] = percent->percent;
  else
    j["amountOff"] = std::get<amount_off>(p.reduction).per_seat;
}
void from_json(const nlohmann::json& j, promo_terms& p) {
  j.at("code").get_to(p.code);
  j.at("seatTypeIds").get_to(p.seat_type_ids);
  if (j.contains("percentOff"))
    p.reduction = percent_off{j.at("percentOff").get<int>()};
  else
    p.reduction = amount_off{j.at("amountOff").get<money>()};
}

void to_json(nlohmann::json& j, const order_line& l) {
  j = {{"seatType", l.seat_type_id},
       {"seatTypeName", l.seat_type_name},
       {"quantity", l.quantity},
       {"unitPrice", l.unit_price},
       {"lineTotal", l.line_total}};
}
void from_json(const nlohmann::json& j, order_line& l) {
  j.at("seatType").get_to(l.seat_type_id);
  j.at("seatTypeName").get_to(l.seat_type_name);
  j.at("quantity").get_to(l.quantity);
  j.at("unitPrice").get_to(l.unit_price);
  j.at("lineTotal").get_to(l.line_total);
}

money line_total(exact_price unit, int quantity) {
  return money::from_cents(divide_half_even(unit.cents_numerator * quantity, unit.denominator));
}

namespace {

const seat_type_price& price_of(const std::vector<seat_type_price>& prices, const std::string& seat_type_id) {
  auto found = std::find_if(prices.begin(), prices.end(),
                            [&](const seat_type_price& p) { return p.seat_type_id == seat_type_id; });
  if (found == prices.end())
    throw std::logic_error("pricing: no price for seat type " + seat_type_id);
  return *found;
}

money line_discount(const order_line& line, const promo_terms& promo) {
  if (!promo.applies_to(line.seat_type_id))
    return money{};
  if (const auto* percent = std::get_if<percent_off>(&promo.reduction))
    return money::from_cents(divide_half_even(line.line_total.cents() * percent->percent, 100));
  auto per_seat = std::min(std::get<amount_off>(promo.reduction).per_seat, line.unit_price);
  return per_seat * line.quantity;
}

} // namespace

order_totals price_order(const std::vector<seat_quantity>& seats, const std::vector<seat_type_price>& prices,
                         const std::optional<promo_terms>& promo) {
  order_totals totals;
  money gross;
  for (const auto& seat : seats) {
    const auto& price = price_of(prices, seat.seat_type_id);
    order_line line{seat.seat_type_id, price.name, seat.quantity, price.price,
                    line_total(exact_price::of(price.price), seat.quantity)};
    gross += line.line_total;
    if (promo)
      totals.discount += line_discount(line, *promo);
    totals.lines.push_back(std::move(line));
  }
  totals.discount = std::min(totals.discount, gross);
  totals.total = std::max(gross - totals.discount, money{});
  return totals;
}

} // namespace contoso::registration
