#pragma once
/// Pricing of an order's lines with the terms of at most one promo code (API.md §2, §7).
///
/// A line total is the unit price times the quantity, computed exactly and rounded half-to-even to
/// cents once per line. A percent-off code takes that percentage of each line it applies to, rounded
/// half-to-even per line; an amount-off code takes a fixed amount per seat, never more than the seat's
/// price. A code applies to its seat types, or to all when it lists none. The total is the sum of the
/// lines less the discount and is never below zero; an order whose total is zero is free of charge.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/message.hpp"
#include "domain/money.hpp"
#include "domain/registration/seat_quantity.hpp"

namespace contoso::registration {
using contoso::operator==;
using contoso::operator!=;

/// The order side's copy of a seat type: what pricing needs of it.
struct seat_type_price {
  std::string seat_type_id;
  std::string name;
  money price;

  auto tie() const { return std::tie(seat_type_id, name, price); }
};
void to_json(nlohmann::json& j, const seat_type_price& s);
void from_json(const nlohmann::json& j, seat_type_price& s);

/// A promo code's reduction: a percentage of each line (1–100) ...
struct percent_off {
  int percent = 0;
  auto tie() const { return std::tie(percent); }
};
/// ... or an amount per seat.
struct amount_off {
  money per_seat;
  auto tie() const { return std::tie(per_seat); }
};

/// The terms of a promo code as an order prices them; fixed when the order is placed.
struct promo_terms {
  std::string code; ///< upper-case
  std::variant<percent_off, amount_off> reduction;
  std::vector<std::string> seat_type_ids; ///< empty: every seat type

  auto tie() const { return std::tie(code, reduction, seat_type_ids); }
  bool applies_to(const std::string& seat_type_id) const;
};
/// `{code, percentOff}` or `{code, amountOff}`, with `seatTypeIds`.
void to_json(nlohmann::json& j, const promo_terms& p);
void from_json(const nlohmann::json& j, promo_terms& p);

/// One priced line: quantity × unit price, before any discount.
struct order_line {
  std::string seat_type_id;
  std::string seat_type_name;
  int quantity = 0;
  money unit_price;
  money line_total;

  auto tie() const { return std::tie(seat_type_id, seat_type_name, quantity, unit_price, line_total); }
};
/// `{seatType, seatTypeName, quantity, unitPrice, lineTotal}`
void to_json(nlohmann::json& j, const order_line& l);
void from_json(const nlohmann::json& j, order_line& l);

/// The priced lines, the discount over them and what is left to pay.
struct order_totals {
  std::vector<order_line> lines;
  money discount;
  money total;

  auto tie() const { return std::tie(lines, discount, total); }
};

/// A price per seat that may be finer than a cent: `cents_numerator / denominator` cents.
struct exact_price {
  std::int64_t cents_numerator = 0;
  std::int64_t denominator = 1; ///< > 0

  static exact_price of(money price) { return exact_price{price.cents(), 1}; }
};

/// `unit × quantity`, rounded half-to-even to cents.
money line_total(exact_price unit, int quantity);

/// Prices each of `seats` (zero quantities give zero lines, so a line can show that nothing of a
/// requested seat type was reserved) with the unit prices in `prices`, then applies `promo`.
/// Every seat type in `seats` must be in `prices`: callers validate first.
order_totals price_order(const std::vector<seat_quantity>& seats, const std::vector<seat_type_price>& prices,
                         const std::optional<promo_terms>& promo);

} // namespace contoso::registration
