#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/money.hpp"

using contoso::money;

TEST_CASE("money: decimals with at most two places parse exactly", "[domain][money]") {
  CHECK(money::parse("199")->cents() == 19900);
  CHECK(money::parse("9.99")->cents() == 999);
  CHECK(money::parse("0.5")->cents() == 50);
  CHECK(money::parse("-3.07")->cents() == -307);
  CHECK(money::parse("50000.00")->cents() == 5000000);
}

TEST_CASE("money: more than two decimals, exponents and junk are refused", "[domain][money]") {
  for (auto text : {"9.987", "1e3", "", ".5", "5.", "12a", "1,5", "--1", "1.2.3", "99999999999999999"})
    CHECK_FALSE(money::parse(text).has_value());
}

TEST_CASE("money: JSON numbers are read by their written decimals", "[domain][money]") {
  CHECK(money::from_json_number(nlohmann::json::parse("30.27"))->cents() == 3027);
  CHECK(money::from_json_number(nlohmann::json::parse("199"))->cents() == 19900);
  CHECK(money::from_json_number(nlohmann::json::parse("0.1"))->cents() == 10);
  CHECK_FALSE(money::from_json_number(nlohmann::json::parse("9.987")).has_value());
  CHECK_FALSE(money::from_json_number(nlohmann::json::parse("\"9.99\"")).has_value());
  CHECK_FALSE(money::from_json_number(nlohmann::json::parse("1e300")).has_value());
}

TEST_CASE("money: written to JSON without binary artefacts", "[domain][money]") {
  CHECK(nlohmann::json(money::from_cents(3027)).dump() == "30.27");
  CHECK(nlohmann::json(money::from_cents(19900)).dump() == "199");
  CHECK(nlohmann::json(money::from_cents(10)).dump() == "0.1");
  CHECK(nlohmann::json(money::from_cents(119700)).dump() == "1197");
  for (std::int64_t cents = 0; cents < 100000; cents += 7) {
    auto round_trip = nlohmann::json::parse(nlohmann::json(money::from_cents(cents)).dump()).get<money>();
    REQUIRE(round_trip.cents() == cents);
  }
}

TEST_CASE("money: printed in its shortest decimal form", "[domain][money]") {
  CHECK(money::from_cents(999).to_string() == "9.99");
  CHECK(money::from_cents(50).to_string() == "0.5");
  CHECK(money::from_cents(-300).to_string() == "-3");
}

TEST_CASE("money: division rounds half to even", "[domain][money]") {
  CHECK(contoso::divide_half_even(9987, 10) == 999);  // 998.7 -> 999
  CHECK(contoso::divide_half_even(9985, 10) == 998);  // 998.5 -> 998 (even)
  CHECK(contoso::divide_half_even(9975, 10) == 998);  // 997.5 -> 998 (even)
  CHECK(contoso::divide_half_even(-9975, 10) == -998);
  CHECK(contoso::divide_half_even(1, 3) == 0);
  CHECK(contoso::divide_half_even(2, 3) == 1);
}
