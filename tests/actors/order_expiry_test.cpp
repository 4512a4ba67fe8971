// Orders that are not paid in time, through the actors with short timeouts: the registration process's
// durable deadline releases the seats, and a payment that completes afterwards re-acquires them or,
// when they are gone, leaves the order for the owner without leaking a seat.
#include <string>

#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

namespace {

/// An order of `seats` Full seats, reserved, with a payment started (not completed).
std::string reserved_order_with_payment(runtime_fixture& given, const published_conference& conference, int seats,
                                        const std::string& payment_id) {
  const auto order_id = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, seats)).status
          == command_reply::accepted);
  REQUIRE(eventually([&] {
    auto view = given.views.order(order_id);
    return view.ok() && view.value() && view.value()->status != "pending";
  }));
  REQUIRE(given.views.order(order_id).value()->status == "reserved");
  REQUIRE(initiate_payment(given, conference, order_id, payment_id, money::from_cents(10000 * seats))
          == command_reply::accepted);
  return order_id;
}

} // namespace

TEST_CASE("order expiry: given an order of 2 seats that is never paid, when its reservation expires, then the "
          "order is expired, the reservation cancelled and the seats available again",
          "[actors][expiry]") {
  runtime_fixture given{short_expiry()};
  auto conference = publish(given);
  const auto order_id = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "expired"));

  CHECK(eventually([&] { return available(given, conference, conference.full) == 4; }));
  CHECK(events_of_type(given, "SeatsReservationCancelled") == 1);
  CHECK(events_of_type(given, "OrderExpired") == 1);
  auto availability = seats_availability(given, conference);
  CHECK(availability["seatTypes"][conference.full]["remaining"] == 4);
  CHECK(availability["pending"].empty());
  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["state"]["phase"]["name"] == "expired");
  CHECK((*process)["pendingDeadlines"].empty());
  auto listed = given.views.owner_orders(conference.id);
  REQUIRE(listed.ok());
  CHECK(listed.value().empty());
}

TEST_CASE("order expiry: given an order that reaches its process only after its own expiry, then the process "
          "rejects it without reserving a seat",
          "[actors][expiry]") {
  auto settings = short_expiry();
  settings.policy.reservation_timeout = std::chrono::seconds(0);
  runtime_fixture given{settings};
  auto conference = publish(given);
  const auto order_id = random_uuid();

  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "rejected"));
  CHECK(events_of_type(given, "SeatsReserved") == 0);
  CHECK(available(given, conference, conference.full) == 4);
  CHECK(given.scalar("SELECT count(*) FROM deadlines") == 0);
  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["state"]["phase"]["name"] == "completed");
}

TEST_CASE("order expiry: given an order whose seats were released at expiry, when its payment completes and the "
          "seats are still free, then the process re-acquires them and the order is confirmed",
          "[actors][expiry]") {
  runtime_fixture given{short_expiry()};
  auto conference = publish(given);
  const auto payment_id = random_uuid();
  const auto order_id = reserved_order_with_payment(given, conference, 2, payment_id);
  REQUIRE(order_status_is(given, order_id, "expired"));
  REQUIRE(eventually([&] { return available(given, conference, conference.full) == 4; }));

  REQUIRE(complete_payment(given, payment_id) == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  CHECK(eventually([&] { return events_of_type(given, "SeatsReservationCommitted") == 1; }));
  CHECK(eventually([&] { return available(given, conference, conference.full) == 2; }));
  CHECK(events_of_type(given, "OrderConfirmed") == 1);
  auto availability = seats_availability(given, conference);
  CHECK(availability["seatTypes"][conference.full]["remaining"] == 2);
  CHECK(availability["pending"].empty());
  CHECK(eventually([&] {
    auto seats = given.views.seat_assignments(order_id);
    return seats.ok() && seats.value() && seats.value()->seats.size() == 2;
  }));
  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["state"]["phase"]["name"] == "completed");
}

TEST_CASE("order expiry: given an order whose released seats another order took, when its payment completes, then "
          "the process gets back only what is left, gives that back too, and the order needs the owner's attention",
          "[actors][expiry]") {
  runtime_fixture given{short_expiry()};
  auto conference = publish(given);
  const auto payment_id = random_uuid();
  const auto late_order = reserved_order_with_payment(given, conference, 2, payment_id);
  REQUIRE(order_status_is(given, late_order, "expired"));
  // The node comes back with the default (15 min) timeout, so the other order keeps its seats while the
  // late payment arrives.
  restart(given, {});
  const auto other_order = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, other_order, place(conference, other_order, conference.full, 3)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, other_order, "reserved"));

  REQUIRE(complete_payment(given, payment_id) == command_reply::accepted);

  REQUIRE(order_status_is(given, late_order, "attention"));
  // The re-acquiry got 1 of the 2 seats (the other order holds 3 of 4) and cancelled that one again.
  CHECK(eventually([&] { return events_of_type(given, "SeatsReservationCancelled") == 2; }));
  CHECK(events_of_type(given, "OrderConfirmed") == 0);
  auto availability = seats_availability(given, conference);
  CHECK(availability["seatTypes"][conference.full]["remaining"] == 1);
  REQUIRE(availability["pending"].size() == 1);
  CHECK(availability["pending"].contains(other_order));
  CHECK(eventually([&] { return available(given, conference, conference.full) == 1; }));
  CHECK(eventually([&] {
    auto listed = given.views.owner_orders(conference.id);
    if (!listed.ok())
      return false;
    for (const auto& order : listed.value())
      if (order.order_id == late_order)
        return order.status == "attention";
    return false;
  }));
}
