#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "domain/registration/pricing.hpp"

using namespace contoso;
using namespace contoso::registration;

namespace {

const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string conference_pass = "00000000-0000-4000-8000-0000000000a2";
const std::string workshop = "00000000-0000-4000-8000-0000000000a3";

money usd(const char* amount) { return *money::parse(amount); }

const std::vector<seat_type_price> prices{
  {general, "General admission", usd("199")},
  {conference_pass, "Conference pass", usd("50")},
  {workshop, "Workshop", usd("500")},
};

promo_terms percent(int off, std::vector<std::string> seat_types = {}) {
  return promo_terms{"SAVE", percent_off{off}, std::move(seat_types)};
}
promo_terms amount(const char* off, std::vector<std::string> seat_types = {}) {
  return promo_terms{"SAVE", amount_off{usd(off)}, std::move(seat_types)};
}

} // namespace

TEST_CASE("pricing: one general admission and one conference pass come to $249", "[domain][pricing]") {
  auto totals = price_order({{general, 1}, {conference_pass, 1}}, prices, std::nullopt);
  CHECK(totals.lines == std::vector<order_line>{{general, "General admission", 1, usd("199"), usd("199")},
                                                {conference_pass, "Conference pass", 1, usd("50"), usd("50")}});
  CHECK(totals.discount == money{});
  CHECK(totals.total == usd("249"));
}

TEST_CASE("pricing: 3 × 199 + 1 × 500 + 2 × 50 come to $1197", "[domain][pricing]") {
  auto totals = price_order({{general, 3}, {workshop, 1}, {conference_pass, 2}}, prices, std::nullopt);
  REQUIRE(totals.lines.size() == 3);
  CHECK(totals.lines[0].line_total == usd("597"));
  CHECK(totals.lines[1].line_total == usd("500"));
  CHECK(totals.lines[2].line_total == usd("100"));
  CHECK(totals.total == usd("1197"));
}

TEST_CASE("pricing: a unit price finer than a cent is rounded once per line, half to even", "[domain][pricing]") {
  CHECK(line_total(exact_price{9987, 10}, 1) == usd("9.99"));
  CHECK(line_total(exact_price{9987, 10}, 3) == usd("29.96"));
  CHECK(line_total(exact_price{25, 2}, 1) == usd("0.12"));
  CHECK(line_total(exact_price{35, 2}, 1) == usd("0.18"));
  CHECK(line_total(exact_price::of(usd("199")), 20) == usd("3980"));
}

TEST_CASE("pricing: a zero-quantity line is priced at zero and kept", "[domain][pricing]") {
  auto totals = price_order({{general, 0}, {conference_pass, 2}}, prices, std::nullopt);
  REQUIRE(totals.lines.size() == 2);
  CHECK(totals.lines[0].line_total == money{});
  CHECK(totals.total == usd("100"));
}

TEST_CASE("pricing: a percent-off code takes its share of each line, rounded half to even per line", "[domain][pricing]") {
  SECTION("unscoped: every line") {
    auto totals = price_order({{general, 1}, {conference_pass, 1}}, prices, percent(10));
    CHECK(totals.discount == usd("24.9"));
    CHECK(totals.total == usd("224.1"));
  }
  SECTION("scoped: only its seat types") {
    auto totals = price_order({{general, 1}, {conference_pass, 1}}, prices, percent(10, {conference_pass}));
    CHECK(totals.discount == usd("5"));
    CHECK(totals.total == usd("244"));
  }
  SECTION("rounded per line, half to even") {
    // 15% of 199 = 29.85 exactly; of 0.50 × 3 = 1.50 it is 0.225 -> 0.22; of 0.70 × 3 = 2.10 it is 0.315 -> 0.32.
    std::vector<seat_type_price> odd{{general, "General admission", usd("199")},
                                     {workshop, "Workshop", usd("0.5")},
                                     {conference_pass, "Conference pass", usd("0.7")}};
    auto down = price_order({{general, 1}, {workshop, 3}}, odd, percent(15));
    CHECK(down.discount == usd("30.07"));
    CHECK(down.total == usd("170.43"));
    auto up = price_order({{conference_pass, 3}}, odd, percent(15));
    CHECK(up.discount == usd("0.32"));
    CHECK(up.total == usd("1.78"));
  }
  SECTION("rounded per line, not over the sum") {
    // Two lines of 0.225 each round to 0.22 + 0.22; over the sum 0.45 it would be 0.45.
    std::vector<seat_type_price> odd{{general, "General admission", usd("0.5")}, {workshop, "Workshop", usd("0.5")}};
    auto totals = price_order({{general, 3}, {workshop, 3}}, odd, percent(15));
    CHECK(totals.discount == usd("0.44"));
  }
  SECTION("100% makes the order free") {
    auto totals = price_order({{general, 2}}, prices, percent(100));
    CHECK(totals.total == money{});
  }
}

TEST_CASE("pricing: an amount-off code takes its amount per seat", "[domain][pricing]") {
  SECTION("unscoped") {
    auto totals = price_order({{general, 2}, {conference_pass, 1}}, prices, amount("20"));
    CHECK(totals.discount == usd("60"));
    CHECK(totals.total == usd("388"));
  }
  SECTION("scoped") {
    auto totals = price_order({{general, 2}, {conference_pass, 1}}, prices, amount("20", {general}));
    CHECK(totals.discount == usd("40"));
    CHECK(totals.total == usd("408"));
  }
}

TEST_CASE("pricing: an amount-off code never takes a seat below zero", "[domain][pricing]") {
  auto totals = price_order({{general, 1}, {conference_pass, 2}}, prices, amount("100"));
  CHECK(totals.discount == usd("200"));
  CHECK(totals.total == usd("99"));
  auto all_free = price_order({{conference_pass, 2}}, prices, amount("100"));
  CHECK(all_free.discount == usd("100"));
  CHECK(all_free.total == money{});
}

TEST_CASE("pricing: a code that matches none of the ordered seat types gives no discount", "[domain][pricing]") {
  auto totals = price_order({{general, 1}}, prices, percent(50, {workshop}));
  CHECK(totals.discount == money{});
  CHECK(totals.total == usd("199"));
}
