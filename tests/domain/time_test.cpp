#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/time.hpp"

using namespace contoso;

TEST_CASE("time: instants print and parse as ISO-8601 UTC", "[domain][time]") {
  auto at = parse_instant("2026-11-23T10:15:00Z");
  REQUIRE(at.has_value());
  CHECK(format_instant(*at) == "2026-11-23T10:15:00Z");
  CHECK(at->time_since_epoch().count() == 1795428900000);
  CHECK(format_instant(*at + std::chrono::milliseconds{250}) == "2026-11-23T10:15:00.250Z");
  CHECK(parse_instant("2026-11-23T10:15:00.25Z") == *at + std::chrono::milliseconds{250});
  CHECK(format_instant(instant{}) == "1970-01-01T00:00:00Z");
  CHECK(nlohmann::json(*at).get<instant>() == *at);
}

TEST_CASE("time: malformed or impossible instants are refused", "[domain][time]") {
  for (auto text : {"2026-11-23 10:15:00Z", "2026-11-23T10:15:00", "2026-11-23T24:00:00Z",
                    "2026-02-30T10:00:00Z", "2026-11-23T10:15:00.Z", "x"})
    CHECK_FALSE(parse_instant(text).has_value());
}

TEST_CASE("time: dates must be real calendar days", "[domain][time]") {
  CHECK(parse_date("2024-02-29").has_value());
  CHECK_FALSE(parse_date("2026-02-29").has_value());
  CHECK_FALSE(parse_date("2026-13-01").has_value());
  CHECK_FALSE(parse_date("2026-1-01").has_value());
  CHECK(has_date_shape("2026-02-30"));
  CHECK_FALSE(has_date_shape("2026/02/03"));
  CHECK(format_date(*parse_date("2026-03-04")) == "2026-03-04");
  CHECK(*parse_date("2026-03-04") < *parse_date("2026-03-05"));
}
