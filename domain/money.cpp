#include "domain/money.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace contoso {

namespace {

constexpr std::int64_t max_units = 1'000'000'000'000'000; // 10^15 units keeps cents far from overflow

bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::optional<money> money::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) || fraction.size() > 2)
    return std::nullopt;
  std::int64_t units = 0;
  for (char c : whole) {
    if (!is_digit(c))
      return std::nullopt;
    units = units * 10 + (c - '0');
    if (units > max_units)
      return std::nullopt;
  }
  std::int64_t cents = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (!is_digit(c))
      return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  auto total = units * 100 + cents;
  return money{negative ? -total : total};
}

std::optional<money> money::from_json_number(const nlohmann::json& number) {
  if (number.is_number_unsigned()) {
    auto units = number.get<std::uint64_t>();
    if (units > std::uint64_t(max_units))
      return std::nullopt;
    return money{static_cast<std::int64_t>(units) * 100};
  }
  if (number.is_number_integer()) {
    auto units = number.get<std::int64_t>();
    if (units > max_units || units < -max_units)
      return std::nullopt;
    return money{units * 100};
  }
  if (number.is_number_float())
    // nlohmann prints the shortest text that reads back as the same double, so "9.99" stays
    // "9.99" and "9.987" stays "9.987": the text tells how many decimals the client sent.
    return parse(number.dump());
  return std::nullopt;
}

std::string money::to_string() const {
  auto magnitude = cents_ < 0 ? -cents_ : cents_;
  std::string text = (cents_ < 0 ? "-" : "") + std::to_string(magnitude / 100);
  if (auto rest = magnitude % 100; rest != 0) {
    text += '.';
    text += char('0' + rest / 10);
    if (rest % 10 != 0)
      text += char('0' + rest % 10);
  }
  return text;
}

std::int64_t divide_half_even(std::int64_t numerator, std::int64_t denominator) {
  auto quotient = numerator / denominator;
  auto remainder = numerator % denominator;
  if (remainder == 0)
    return quotient;
  auto twice = 2 * (remainder < 0 ? -remainder : remainder);
  auto away = numerator < 0 ? -1 : 1;
  if (twice > denominator || (twice == denominator && quotient % 2 != 0))
    return quotient + away;
  return quotient;
}

void to_json(nlohmann::json& j, const money& m) {
  if (m.cents() % 100 == 0)
    j = m.cents() / 100;
  else
    // The nearest double to n/100 prints back as exactly n/100 (shortest round-trip form).
    j = static_cast<double>(m.cents()) / 100.0;
}

void from_json(const nlohmann::json& j, money& m) {
  auto parsed = money::from_json_number(j);
  if (!parsed)
    throw nlohmann::json::type_error::create(302, "expected an amount of money with at most two decimals, got " + j.dump(), &j);
  m = *parsed;
}

} // namespace contoso
