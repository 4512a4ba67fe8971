// What the actors say of themselves (the admin API's inspection), and an aggregate actor that was
// passivated coming back with its state.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

namespace {

bool is_live(runtime_fixture& given, aggregate_kind kind, const std::string& id) {
  auto ids = given.runtime->live(kind);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

TEST_CASE("inspection: given an order awaiting payment, when it is inspected, then its actor and its process "
          "account for themselves, the process with its pending deadline, which is gone once the order is "
          "confirmed",
          "[actors][inspection]") {
  runtime_fixture given;
  auto conference = publish(given);
  const auto order_id = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));

  CHECK(is_live(given, aggregate_kind::order, order_id));
  CHECK(is_live(given, aggregate_kind::seats_availability, conference.id));
  CHECK(is_live(given, aggregate_kind::conference, conference.id));
  CHECK_FALSE(is_live(given, aggregate_kind::payment, order_id));

  auto order = given.runtime->inspect(aggregate_kind::order, order_id);
  REQUIRE(order);
  CHECK((*order)["type"] == "order");
  CHECK((*order)["id"] == order_id);
  CHECK((*order)["version"] == 3); // OrderPlaced, OrderTotalsCalculated, OrderReservationCompleted
  CHECK((*order)["mailbox"] == 0);
  CHECK((*order)["lastActiveAt"].is_string());
  CHECK((*order)["state"]["conferenceId"] == conference.id);
  CHECK((*order)["state"]["status"] == "reserved");

  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["id"] == order_id);
  CHECK((*process)["state"]["phase"]["name"] == "reservationReceived");
  REQUIRE((*process)["pendingDeadlines"].size() == 1);
  CHECK((*process)["pendingDeadlines"][0]["id"].is_string());

  const auto payment_id = random_uuid();
  REQUIRE(initiate_payment(given, conference, order_id, payment_id, money::from_cents(20000))
          == command_reply::accepted);
  REQUIRE(complete_payment(given, payment_id) == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "confirmed"));
  CHECK(is_live(given, aggregate_kind::payment, payment_id));

  REQUIRE(eventually([&] {
    auto completed = given.runtime->inspect_process(order_id);
    return completed && (*completed)["state"]["phase"]["name"] == "completed";
  }));
  CHECK(given.runtime->inspect_process(order_id).value()["pendingDeadlines"].empty());
  CHECK(given.scalar("SELECT count(*) FROM deadlines") == 0);
}

TEST_CASE("inspection: given a passivated order actor, when a command reaches it, then it recovers its state "
          "from the store and its version continues",
          "[actors][inspection]") {
  runtime_fixture given;
  auto conference = publish(given);
  const auto order_id = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));
  auto before = given.runtime->inspect(aggregate_kind::order, order_id);
  REQUIRE(before);

  given.runtime->passivate(aggregate_kind::order, order_id);
  REQUIRE(eventually([&] { return !is_live(given, aggregate_kind::order, order_id); }));
  auto assigned = given.send(aggregate_kind::order, order_id,
                             registration::order::assign_registrant_details{"Ada", "Lovelace", "ada@example.com"});

  REQUIRE(assigned.status == command_reply::accepted);
  CHECK(assigned.version == (*before)["version"].get<std::int64_t>() + 1);
  CHECK(is_live(given, aggregate_kind::order, order_id));
  auto after = given.runtime->inspect(aggregate_kind::order, order_id);
  REQUIRE(after);
  CHECK((*after)["version"] == assigned.version);
  CHECK((*after)["state"]["status"] == "reserved");
  CHECK((*after)["state"]["seats"] == (*before)["state"]["seats"]);
  CHECK((*after)["state"]["registrant"]["email"] == "ada@example.com");
}
