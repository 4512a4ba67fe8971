#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "domain/outcome.hpp"

using namespace contoso;

TEST_CASE("error codes: every code has its own wire name that reads back", "[domain][outcome]") {
  std::set<std::string> seen;
  for (auto code : all_error_codes) {
    auto name = std::string{to_string(code)};
    CHECK(seen.insert(name).second);
    CHECK(error_code_from_string(name) == code);
  }
  // The list must name every enumerator: the last one declared is the last one listed.
  CHECK(std::size(all_error_codes) == static_cast<std::size_t>(error_code::payment_finished) + 1);
  CHECK_FALSE(error_code_from_string("no_such_code").has_value());
}

TEST_CASE("outcome: holds a value or a rejection, never both", "[domain][outcome]") {
  outcome<int> good = 42;
  outcome<int> bad = reject(error_code::order_expired, "The order has expired.");
  CHECK(good.ok());
  CHECK(good.value() == 42);
  CHECK_THROWS_AS(good.error(), std::logic_error);
  CHECK_FALSE(bad.ok());
  CHECK(bad.error().code == error_code::order_expired);
  CHECK_THROWS_AS(bad.value(), std::logic_error);
}
