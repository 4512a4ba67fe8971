// The registration flows driven through the actors alone: commands to aggregates, everything else
// (reservation, confirmation, seat assignments, read models) done by the processes, policies and
// projections.
#include "domain/registration/seat_assignments.hpp"
#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

TEST_CASE("registration flow: given a published conference, when a registrant orders 2 paid seats, gives their "
          "details and pays, then the order is confirmed, the seats committed, assignments created, and every "
          "read model agrees",
          "[actors][flow]") {
  runtime_fixture given;
  auto conference = publish(given);
  const auto order_id = random_uuid();

  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));
  REQUIRE(given.send(aggregate_kind::order, order_id, order::assign_registrant_details{"Ada", "Lovelace", "ada@example.com"})
            .status
          == command_reply::accepted);
  const auto payment_id = random_uuid();
  REQUIRE(given
            .send(aggregate_kind::payment, payment_id,
                  payments::payment::initiate_third_party_processor_payment{payment_id, order_id, conference.id,
                                                                            "2 seats", money::from_cents(20000)})
            .status
          == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::payment, payment_id,
                     payments::payment::complete_third_party_processor_payment{payment_id})
            .status
          == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  REQUIRE(eventually([&] {
    auto seats = given.views.seat_assignments(order_id);
    return seats.ok() && seats.value() && seats.value()->seats.size() == 2;
  }));
  CHECK(eventually([&] { return events_of_type(given, "SeatsReservationCommitted") == 1; }));
  CHECK(events_of_type(given, "OrderConfirmed") == 1);
  CHECK(events_of_type(given, "SeatAssignmentsCreated") == 1);

  auto order = given.views.order(order_id).value();
  REQUIRE(order);
  CHECK(order->total == money::from_cents(20000));
  CHECK(order->registrant->email == "ada@example.com");
  CHECK(order->payment_id == payment_id);
  CHECK(available(given, conference, conference.full) == 2);
  auto payment = given.views.payment(payment_id).value();
  REQUIRE(payment);
  CHECK(payment->status == "completed");
  CHECK(eventually([&] {
    auto listed = given.views.owner_orders(conference.id);
    return listed.ok() && listed.value().size() == 1 && listed.value()[0].status == "paid";
  }));
  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["state"]["phase"]["name"] == "completed");
  CHECK(given.scalar("SELECT count(*) FROM messages WHERE kind = 'event' AND type = 'OrderConfirmed'") == 1);
  CHECK(given.scalar("SELECT count(*) FROM messages WHERE kind = 'command' AND type = 'ConfirmOrder'") == 1);
}

TEST_CASE("registration flow: given a published conference, when a registrant orders free seats and confirms, then "
          "the order is confirmed with no payment and its seat assignments exist",
          "[actors][flow]") {
  runtime_fixture given;
  auto conference = publish(given);
  const auto order_id = random_uuid();

  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.free, 3)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));
  REQUIRE(given.send(aggregate_kind::order, order_id, order::confirm_order{}).status == command_reply::accepted);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  REQUIRE(eventually([&] {
    auto seats = given.views.seat_assignments(order_id);
    return seats.ok() && seats.value() && seats.value()->seats.size() == 3;
  }));
  CHECK(eventually([&] { return events_of_type(given, "SeatsReservationCommitted") == 1; }));
  CHECK(given.views.order(order_id).value()->is_free_of_charge);
  CHECK(available(given, conference, conference.free) == 7);
}
