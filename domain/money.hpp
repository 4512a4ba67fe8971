#pragma once
/// Money as an exact count of cents (minor units of the conference's currency); never a double.
/// On the wire it is a JSON number with at most two decimals (`199`, `9.99`); more decimals are refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace contoso {

class money {
public:
  constexpr money() = default;
  static constexpr money from_cents(std::int64_t cents) { return money{cents}; }

  constexpr std::int64_t cents() const { return cents_; }

  /// Parses a plain decimal ("199", "9.99", "-0.5"); nullopt for more than two decimals,
  /// exponents, stray characters or values beyond ±10^15 units.
  static std::optional<money> parse(std::string_view text);

  /// Reads a JSON number; nullopt if it is not a number or has more than two decimals.
  static std::optional<money> from_json_number(const nlohmann::json& number);

  /// Shortest decimal form: "199", "9.99", "0.5", "-3".
  std::string to_string() const;

  constexpr money operator+(money other) const { return money{cents_ + other.cents_}; }
  constexpr money operator-(money other) const { return money{cents_ - other.cents_}; }
  constexpr money operator*(std::int64_t factor) const { return money{cents_ * factor}; }
  constexpr money& operator+=(money other) { cents_ += other.cents_; return *this; }
  constexpr money& operator-=(money other) { cents_ -= other.cents_; return *this; }
  constexpr bool operator==(money other) const { return cents_ == other.cents_; }
  constexpr bool operator!=(money other) const { return cents_ != other.cents_; }
  constexpr bool operator<(money other) const { return cents_ < other.cents_; }
  constexpr bool operator<=(money other) const { return cents_ <= other.cents_; }
  constexpr bool operator>(money other) const { return cents_ > other.cents_; }
  constexpr bool operator>=(money other) const { return cents_ >= other.cents_; }

private:
  constexpr explicit money(std::int64_t cents) : cents_(cents) {}
  std::int64_t cents_ = 0;
};

/// numerator / denominator rounded half-to-even (banker's rounding); denominator > 0.
std::int64_t divide_half_even(std::int64_t numerator, std::int64_t denominator);

/// A money value as a JSON number: an integer when whole, else a number that prints with ≤ 2 decimals.
void to_json(nlohmann::json& j, const money& m);
/// Throws nlohmann::json::type_error when `j` is not a number with at most two decimals.
void from_json(const nlohmann::json& j, money& m);

} // namespace contoso
