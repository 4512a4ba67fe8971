#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seats_availability.hpp"

using namespace contoso;
using namespace contoso::registration;

namespace {

const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";
const std::string reservation = "00000000-0000-4000-8000-0000000000b1";

money usd(const char* amount) { return *money::parse(amount); }
instant at(const char* text) { return *parse_instant(text); }

/// Stored form -> JSON text -> stored form -> message: the path an event takes through the store.
template <class Variant>
Variant through_the_store(const Variant& message, const upcasters& upcast = {}) {
  auto stored = encode(message);
  auto reread = stored_event{stored.type, stored.schema_version, nlohmann::json::parse(stored.data.dump())};
  auto decoded = decode<Variant>(reread, upcast);
  REQUIRE(decoded.ok());
  return decoded.value();
}

const promo_terms percent_terms{"EARLY", percent_off{15}, {general, workshop}};
const promo_terms amount_terms{"TENOFF", amount_off{usd("10.5")}, {}};

} // namespace

TEST_CASE("order codec: every order event round-trips with all its fields", "[domain][codec][order]") {
  std::vector<order::event> all{
    order::order_placed{"00000000-0000-4000-8000-0000000000c2", {{general, 2}, {workshop, 1}},
                        at("2026-11-23T10:15:00Z"), "ABC123", percent_terms},
    order::order_placed{"00000000-0000-4000-8000-0000000000c2", {{general, 1}}, at("2026-11-23T10:15:00.250Z"),
                        "ABC123", amount_terms},
    order::order_placed{"00000000-0000-4000-8000-0000000000c2", {{general, 1}}, at("2026-11-23T10:15:00Z"), "ABC123",
                        std::nullopt},
    order::order_updated{{{workshop, 3}}},
    order::order_partially_reserved{at("2026-11-23T10:15:00Z"), {{general, 1}}},
    order::order_reservation_completed{at("2026-11-23T10:15:00Z"), {{general, 2}, {workshop, 1}}},
    order::order_totals_calculated{{{general, "General admission", 2, usd("199"), usd("398")},
                                    {workshop, "Workshop", 1, usd("9.99"), usd("9.99")}},
                                   usd("30.27"), usd("377.72"), false},
    order::order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"},
    order::order_confirmed{},
    order::order_expired{},
    order::order_flagged_for_attention{"paid after expiry; seats gone"},
  };
  for (const auto& event : all)
    CHECK(through_the_store(event, order::upcasters()) == event);
}

TEST_CASE("order codec: order events are stored under the Journey's names and the contract's field names", "[domain][codec][order]") {
  auto stored = encode(order::event{order::order_placed{"c", {{general, 2}}, at("2026-11-23T10:15:00Z"), "ABC123", {}}});
  CHECK(stored.type == "OrderPlaced");
  CHECK(stored.data == nlohmann::json{{"conferenceId", "c"},
                                      {"seats", {{{"seatType", general}, {"quantity", 2}}}},
                                      {"reservationAutoExpiration", "2026-11-23T10:15:00Z"},
                                      {"accessCode", "ABC123"}});
  auto totals = encode(order::event{order::order_totals_calculated{{}, usd("1"), usd("0"), true}});
  CHECK(totals.type == "OrderTotalsCalculated");
  CHECK(totals.schema_version == 2);
  CHECK(totals.data == nlohmann::json{{"lines", nlohmann::json::array()}, {"discount", 1}, {"total", 0}, {"isFreeOfCharge", true}});
  CHECK(encode(order::event{order::order_reservation_completed{}}).data.contains("reservationExpiration"));
}

TEST_CASE("order codec: every order command round-trips with all its fields", "[domain][codec][order]") {
  std::vector<order::command> all{
    order::register_to_conference{"o", "c", {{general, 2}}, {{general, "General admission", usd("199")}}, percent_terms},
    order::register_to_conference{"o", "c", {{general, 2}}, {{general, "General admission", usd("199")}}, std::nullopt},
    order::mark_seats_as_reserved{at("2026-11-23T10:15:00Z"), {{general, 1}}, 1},
    order::reject_order{},
    order::assign_registrant_details{"Ada", "Lovelace", "ada@example.com"},
    order::confirm_order{true},
    order::flag_order_for_attention{"seats gone"},
  };
  for (const auto& command : all)
    CHECK(through_the_store(command) == command);
}

TEST_CASE("order codec: an order's state survives a snapshot", "[domain][codec][order]") {
  order::state full;
  full.status = order::order_status::partially_reserved;
  full.conference_id = "c";
  full.access_code = "ABC123";
  full.reservation_expires_at = at("2026-11-23T10:15:00Z");
  full.requested = {{general, 2}, {workshop, 1}};
  full.seats = {{general, 1}};
  full.prices = {{general, "General admission", usd("199")}, {workshop, "Workshop", usd("500")}};
  full.promo = amount_terms;
  full.totals = {{{general, "General admission", 1, usd("199"), usd("199")}}, usd("10.5"), usd("188.5")};
  full.registrant = order::registrant_details{"Ada", "Lovelace", "ada@example.com"};
  CHECK(nlohmann::json::parse(nlohmann::json(full).dump()).get<order::state>() == full);
  CHECK(nlohmann::json(order::state{}).get<order::state>() == order::state{});
}

TEST_CASE("seats availability codec: every event and command round-trips with all its fields", "[domain][codec][seats_availability]") {
  namespace sa = seats_availability;
  std::vector<sa::event> events{
    sa::seats_reserved{reservation, {{general, 3}, {workshop, 1}}, {{general, -2}, {workshop, 4}}},
    sa::seats_reservation_cancelled{reservation, {{general, 3}}},
    sa::seats_reservation_committed{reservation},
    sa::available_seats_changed{{{general, -5}}, {{general, 95, 7}}},
  };
  for (const auto& event : events)
    CHECK(through_the_store(event) == event);
  std::vector<sa::command> commands{
    sa::make_seat_reservation{reservation, {{general, 3}}},
    sa::cancel_seat_reservation{reservation},
    sa::commit_seat_reservation{reservation},
    sa::add_seats{general, 100, 1},
    sa::remove_seats{general, 80, 2},
  };
  for (const auto& command : commands)
    CHECK(through_the_store(command) == command);
  CHECK(encode(events[0]).data
        == nlohmann::json{{"reservationId", reservation},
                          {"reservationDetails", {{{"seatType", general}, {"quantity", 3}}, {{"seatType", workshop}, {"quantity", 1}}}},
                          {"availableSeatsChanged", {{{"seatType", general}, {"quantity", -2}}, {{"seatType", workshop}, {"quantity", 4}}}}});
}

TEST_CASE("order codec: unknown fields are ignored", "[domain][codec][order]") {
  stored_event stored{"OrderUpdated", 1, {{"seats", {{{"seatType", general}, {"quantity", 2}, {"note", "x"}}}}, {"later", true}}};
  auto decoded = decode<order::event>(stored, order::upcasters());
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == order::event{order::order_updated{{{general, 2}}}});
}

TEST_CASE("order codec: a missing required field is a clear rejection", "[domain][codec][order]") {
  auto decoded = decode<order::event>(stored_event{"OrderPlaced", 1, {{"conferenceId", "c"}, {"seats", nlohmann::json::array()},
                                                                      {"reservationAutoExpiration", "2026-11-23T10:15:00Z"}}},
                                      order::upcasters());
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().code == error_code::bad_request);
  CHECK_THAT(decoded.error().message, Catch::Contains("OrderPlaced") && Catch::Contains("accessCode"));

  auto reserved = decode<seats_availability::event>(stored_event{"SeatsReserved", 1, {{"reservationId", "r"}}});
  REQUIRE_FALSE(reserved.ok());
  CHECK_THAT(reserved.error().message, Catch::Contains("reservationDetails"));
}

TEST_CASE("order codec: V1's OrderPaymentConfirmed is read as OrderConfirmed", "[domain][codec][order]") {
  auto decoded = decode<order::event>(stored_event{"OrderPaymentConfirmed", 1, {{"version", 3}}}, order::upcasters());
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == order::event{order::order_confirmed{}});
  CHECK_FALSE(decode<order::event>(stored_event{"OrderPaymentConfirmed", 1, {}}).ok());
}

TEST_CASE("order codec: a schema-1 OrderTotalsCalculated gains isFreeOfCharge from its total", "[domain][codec][order]") {
  auto line = nlohmann::json{{"seatType", general}, {"seatTypeName", "General admission"}, {"quantity", 1},
                             {"unitPrice", 199}, {"lineTotal", 199}};
  SECTION("a total of zero is free of charge") {
    auto decoded = decode<order::event>(
      stored_event{"OrderTotalsCalculated", 1, {{"lines", {line}}, {"discount", 199}, {"total", 0}}}, order::upcasters());
    REQUIRE(decoded.ok());
    CHECK(decoded.value()
          == order::event{order::order_totals_calculated{{{general, "General admission", 1, usd("199"), usd("199")}},
                                                         usd("199"), money{}, true}});
  }
  SECTION("any other total is not") {
    auto decoded = decode<order::event>(
      stored_event{"OrderTotalsCalculated", 1, {{"lines", {line}}, {"discount", 0}, {"total", 199}}}, order::upcasters());
    REQUIRE(decoded.ok());
    CHECK_FALSE(std::get<order::order_totals_calculated>(decoded.value()).is_free_of_charge);
  }
}
