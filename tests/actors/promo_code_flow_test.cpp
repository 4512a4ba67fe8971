// A promo code's uses through the actors: held before placement (as the HTTP edge does), committed by
// the policies when the order is confirmed, released when an order holding one expires.
#include <optional>
#include <string>

#include "domain/discounts/promo_code.hpp"
#include "persistence/pg/event_store.hpp"
#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;
namespace promo_code = contoso::discounts::promo_code;

namespace {

command_reply hold_use(runtime_fixture& given, const published_conference& conference, const std::string& order_id) {
  return given.send(aggregate_kind::promo_code, promo_code::stream_id(conference.id, "SAVE10"),
                    promo_code::hold_promo_code_use{order_id});
}

/// The code as the promo-code read model shows it, once it is there.
persistence::read_models::promo_code_view code_view(runtime_fixture& given, const published_conference& conference) {
  std::optional<persistence::read_models::promo_code_view> found;
  REQUIRE(eventually([&] {
    auto codes = given.views.promo_codes(conference.id);
    if (codes.ok() && codes.value().size() == 1)
      found = codes.value()[0];
    return found.has_value();
  }));
  return *found;
}

/// Whether the read model comes to show `held` and `used` uses.
bool uses_are(runtime_fixture& given, const published_conference& conference, int held, int used) {
  return eventually([&] {
    auto codes = given.views.promo_codes(conference.id);
    return codes.ok() && codes.value().size() == 1 && codes.value()[0].held == held && codes.value()[0].used == used;
  });
}

} // namespace

TEST_CASE("promo code flow: given a code with one use, when the order holding it expires, then the use is released "
          "for the next order, whose confirmation commits it, and no third order can hold it",
          "[actors][promo]") {
  runtime_fixture given{short_expiry()};
  auto conference = publish(given);
  REQUIRE(given
            .send(aggregate_kind::promo_code, promo_code::stream_id(conference.id, "SAVE10"),
                  promo_code::create_promo_code{conference.id, "save10", 10, std::nullopt, {}, 1})
            .status
          == command_reply::accepted);
  const auto terms = code_view(given, conference).terms;
  CHECK(terms.code == "SAVE10");

  const auto expiring_order = random_uuid();
  REQUIRE(hold_use(given, conference, expiring_order).status == command_reply::accepted);
  REQUIRE(given
            .send(aggregate_kind::order, expiring_order, place(conference, expiring_order, conference.full, 1, terms))
            .status
          == command_reply::accepted);
  CHECK(uses_are(given, conference, 1, 0));
  auto refused = hold_use(given, conference, random_uuid());
  CHECK(refused.status == command_reply::rejected);
  CHECK(refused.code == error_code::promo_code_invalid);

  REQUIRE(order_status_is(given, expiring_order, "expired"));
  CHECK(uses_are(given, conference, 0, 0));
  CHECK(events_of_type(given, "PromoCodeUseReleased") == 1);

  // The node comes back with the default (15 min) timeout, so the next order is paid before it expires.
  restart(given, {});
  const auto paid_order = random_uuid();
  REQUIRE(hold_use(given, conference, paid_order).status == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::order, paid_order, place(conference, paid_order, conference.full, 2, terms)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, paid_order, "reserved"));
  auto order = given.views.order(paid_order).value();
  REQUIRE(order);
  CHECK(order->promo_code == std::optional<std::string>("SAVE10"));
  CHECK(order->discount == money::from_cents(2000));
  CHECK(order->total == money::from_cents(18000));
  const auto payment_id = random_uuid();
  REQUIRE(initiate_payment(given, conference, paid_order, payment_id, order->total) == command_reply::accepted);
  REQUIRE(complete_payment(given, payment_id) == command_reply::accepted);

  REQUIRE(order_status_is(given, paid_order, "confirmed"));
  CHECK(uses_are(given, conference, 0, 1));
  CHECK(events_of_type(given, "PromoCodeUseCommitted") == 1);
  auto third = hold_use(given, conference, random_uuid());
  CHECK(third.status == command_reply::rejected);
  CHECK(third.code == error_code::promo_code_invalid);
}

TEST_CASE("promo code flow: given an order with a code whose use was released at expiry, when its payment completes "
          "and the seats are re-acquired, then the confirmation still counts the use",
          "[actors][promo]") {
  runtime_fixture given{short_expiry()};
  auto conference = publish(given);
  REQUIRE(given
            .send(aggregate_kind::promo_code, promo_code::stream_id(conference.id, "SAVE10"),
                  promo_code::create_promo_code{conference.id, "SAVE10", 10, std::nullopt, {}, 1})
            .status
          == command_reply::accepted);
  const auto terms = code_view(given, conference).terms;
  const auto order_id = random_uuid();
  REQUIRE(hold_use(given, conference, order_id).status == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2, terms)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));
  const auto payment_id = random_uuid();
  REQUIRE(initiate_payment(given, conference, order_id, payment_id, money::from_cents(18000))
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "expired"));
  REQUIRE(uses_are(given, conference, 0, 0));

  REQUIRE(complete_payment(given, payment_id) == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  CHECK(uses_are(given, conference, 0, 1));
  CHECK(given.views.order(order_id).value()->total == money::from_cents(18000));
  CHECK(eventually([&] { return available(given, conference, conference.full) == 2; }));
}

TEST_CASE("promo code flow: given a V1 OrderPaymentConfirmed in the log, then it is followed as OrderConfirmed: the "
          "seat assignments are created, the promo use is committed and the seats are committed",
          "[actors][promo][upcast]") {
  runtime_fixture given;
  auto conference = publish(given);
  REQUIRE(given
            .send(aggregate_kind::promo_code, promo_code::stream_id(conference.id, "SAVE10"),
                  promo_code::create_promo_code{conference.id, "SAVE10", 10, std::nullopt, {}, 1})
            .status
          == command_reply::accepted);
  const auto terms = code_view(given, conference).terms;
  const auto order_id = random_uuid();
  REQUIRE(hold_use(given, conference, order_id).status == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2, terms)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));

  // What a V1 node wrote when the order was paid, in V1's own shape.
  persistence::pg::event_store events{given.db};
  const auto stream = "order-" + order_id;
  auto history = events.read_stream(stream);
  REQUIRE(history.ok());
  const auto version = history.value().back().version;
  auto appended = events.append(
    stream, version,
    {persistence::new_event{stored_event{"OrderPaymentConfirmed", 1, {{"version", version + 1}}},
                            nlohmann::json(metadata{order_id, "", ""}),
                            random_uuid(), random_uuid()}},
    random_uuid());
  REQUIRE(appended.ok());
  REQUIRE(appended.value().what == persistence::append_result::appended);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  CHECK(uses_are(given, conference, 0, 1));
  CHECK(eventually([&] { return events_of_type(given, "SeatAssignmentsCreated") == 1; }));
  CHECK(eventually([&] { return events_of_type(given, "SeatsReservationCommitted") == 1; }));
}
