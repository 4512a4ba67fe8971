#include "domain/time.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace contoso {

namespace {

// Howard Hinnant's civil-date algorithms (public domain), exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return date{static_cast<int>(y + (m <= 2)), m, d};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool digits(std::string_view text, std::size_t from, std::size_t count, int& out) {
  out = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9')
      return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

} // namespace

std::string format_instant(instant at) {
  auto ms = at.time_since_epoch().count();
  auto day_count = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
  auto in_day = ms - day_count * 86'400'000;
  auto day = civil_from_days(day_count);
  char buffer[40];
  auto seconds = in_day / 1000;
  auto millis = in_day % 1000;
  if (millis == 0)
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", day.year, day.month, day.day,
                  int(seconds / 3600), int(seconds / 60 % 60), int(seconds % 60));
  else
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", day.year, day.month,
                  day.day, int(seconds / 3600), int(seconds / 60 % 60), int(seconds % 60), int(millis));
  return buffer;
}

std::optional<instant> parse_instant(std::string_view text) {
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text.back() != 'Z')
    return std::nullopt;
  auto day = parse_date(text.substr(0, 10));
  int hh = 0, mm = 0, ss = 0;
  if (!day || !digits(text, 11, 2, hh) || !digits(text, 14, 2, mm) || !digits(text, 17, 2, ss) || hh > 23
      || mm > 59 || ss > 59)
    return std::nullopt;
  int millis = 0;
  auto rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2)
      return std::nullopt;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] < '0' || rest[i] > '9')
        return std::nullopt;
      if (i <= 3)
        millis = millis * 10 + (rest[i] - '0');
    }
    for (auto i = rest.size(); i <= 3; ++i)
      millis *= 10;
  }
  auto days = days_from_civil(day->year, day->month, day->day);
  auto ms = ((days * 24 + hh) * 60 + mm) * 60'000 + ss * 1000 + millis;
  return instant{std::chrono::milliseconds{ms}};
}

std::string format_date(const date& day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", day.year, day.month, day.day);
  return buffer;
}

bool has_date_shape(std::string_view text) {
  int ignored = 0;
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(text, 0, 4, ignored)
         && digits(text, 5, 2, ignored) && digits(text, 8, 2, ignored);
}

std::optional<date> parse_date(std::string_view text) {
  if (!has_date_shape(text))
    return std::nullopt;
  int y = 0, m = 0, d = 0;
  digits(text, 0, 4, y);
  digits(text, 5, 2, m);
  digits(text, 8, 2, d);
  if (m < 1 || m > 12 || d < 1 || unsigned(d) > days_in_month(y, unsigned(m)))
    return std::nullopt;
  return date{y, unsigned(m), unsigned(d)};
}

void to_json(nlohmann::json& j, const date& day) { j = format_date(day); }

void from_json(const nlohmann::json& j, date& day) {
  auto parsed = j.is_string() ? parse_date(j.get_ref<const std::string&>()) : std::nullopt;
  if (!parsed)
    throw nlohmann::json::type_error::create(302, "expected a date YYYY-MM-DD, got " + j.dump(), &j);
  day = *parsed;
}

} // namespace contoso

namespace nlohmann {

void adl_serializer<contoso::instant>::to_json(json& j, const contoso::instant& at) {
  j = contoso::format_instant(at);
}

void adl_serializer<contoso::instant>::from_json(const json& j, contoso::instant& at) {
  auto parsed = j.is_string() ? contoso::parse_instant(j.get_ref<const std::string&>()) : std::nullopt;
  if (!parsed)
    throw json::type_error::create(302, "expected an ISO-8601 UTC instant, got " + j.dump(), &j);
  at = *parsed;
}

} // namespace nlohmann
