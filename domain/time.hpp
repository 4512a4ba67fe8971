#pragma once
/// Instants (UTC, millisecond precision) and calendar dates, with the contract's text forms:
/// instants ISO-8601 UTC (`2026-11-23T10:15:00Z`), dates `YYYY-MM-DD`.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include <nlohmann/json_fwd.hpp>

namespace contoso {

using instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

/// `2026-11-23T10:15:00Z`, with `.mmm` before the `Z` only when the milliseconds are not zero.
std::string format_instant(instant at);
/// Accepts `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; nullopt for anything else or an impossible time.
std::optional<instant> parse_instant(std::string_view text);

/// A calendar day.
struct date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  auto tie() const { return std::tie(year, month, day); }
  bool operator==(const date& other) const { return tie() == other.tie(); }
  bool operator!=(const date& other) const { return tie() != other.tie(); }
  bool operator<(const date& other) const { return tie() < other.tie(); }
  bool operator<=(const date& other) const { return tie() <= other.tie(); }
};

std::string format_date(const date& day);
/// Accepts exactly `YYYY-MM-DD` naming a real day (2026-02-30 is refused).
std::optional<date> parse_date(std::string_view text);
/// Whether the text has the `YYYY-MM-DD` shape at all (a shape error is 400, an impossible day 422).
bool has_date_shape(std::string_view text);

void to_json(nlohmann::json& j, const date& day);
void from_json(const nlohmann::json& j, date& day);

} // namespace contoso

namespace nlohmann {
/// Instants travel as their ISO-8601 text.
template <>
struct adl_serializer<contoso::instant> {
  static void to_json(json& j, const contoso::instant& at);
  static void from_json(const json& j, contoso::instant& at);
};
} // namespace nlohmann
