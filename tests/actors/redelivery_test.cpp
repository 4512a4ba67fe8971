// Duplicates and late events change nothing: a command repeated under its id is handled once by every
// aggregate kind, and the whole log delivered again to the processes, the policies and a projection
// appends no event and leaves the read models as they were.
#include <string>

#include "domain/registration/seats_availability.hpp"
#include "persistence/pg/checkpoint_store.hpp"
#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

namespace {

std::int64_t events_of_command(runtime_fixture& given, const std::string& command_id) {
  return given.scalar("SELECT count(*) FROM events WHERE command_id = $1", {command_id});
}

/// Sends `body` twice under one command id; both answers must be the same acceptance.
template <class Command>
void send_twice(runtime_fixture& given, aggregate_kind kind, const std::string& id, const Command& body,
                const std::string& command_id) {
  auto first = given.send(kind, id, body, command_id);
  auto second = given.send(kind, id, body, command_id);
  REQUIRE(first.status == command_reply::accepted);
  REQUIRE(second.status == command_reply::accepted);
  CHECK(second.version == first.version);
}

/// Whether every subscription comes to stand, running, at the last event of the log.
bool all_caught_up(runtime_fixture& given) {
  return eventually([&] {
    // The last event in the global order, which goes by (tx, position): not always the highest position.
    const auto last = given.scalar("SELECT coalesce((SELECT position FROM events ORDER BY tx DESC, position DESC "
                                   "LIMIT 1), 0)");
    auto subscriptions = given.runtime->subscriptions();
    if (subscriptions.empty())
      return false;
    for (const auto& subscription : subscriptions)
      if (subscription["position"] != last || subscription["status"] != "running")
        return false;
    return true;
  });
}

/// The read models' rows, as one text to compare.
std::string read_models(runtime_fixture& given) {
  auto conn = persistence::pg::connection::open(given.scratch.url(), std::chrono::seconds(5));
  std::string all;
  for (const char* table : {"rm_orders", "rm_order_lines", "rm_seat_assignments", "rm_payments", "rm_seat_types",
                            "rm_promo_codes", "rm_promo_code_uses"})
    all += std::string(table) + ": "
           + conn->exec(std::string("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM ") + table
                        + " t")
               .text(0, 0)
           + "\n";
  return all;
}

} // namespace

TEST_CASE("redelivery: given commands sent twice under the same id to an order, a seats availability and a "
          "payment, then each is handled once, and when the processes, policies and orders projection are given "
          "the whole log again, then no event is appended and the read models stay as they were",
          "[actors][redelivery]") {
  runtime_fixture given;
  auto conference = publish(given);
  const auto order_id = random_uuid();
  const auto placement = random_uuid();
  send_twice(given, aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2), placement);
  CHECK(events_of_command(given, placement) == 2); // OrderPlaced, OrderTotalsCalculated
  REQUIRE(order_status_is(given, order_id, "reserved"));

  // A reservation no order asked for: held once, then cancelled by the process of an unknown reservation.
  const auto stray = random_uuid();
  const auto stray_reservation = random_uuid();
  send_twice(given, aggregate_kind::seats_availability, conference.id,
             registration::seats_availability::make_seat_reservation{stray, {{conference.full, 1}}},
             stray_reservation);
  CHECK(events_of_command(given, stray_reservation) == 1);
  REQUIRE(eventually([&] { return events_of_type(given, "SeatsReservationCancelled") == 1; }));

  const auto payment_id = random_uuid();
  const auto initiation = random_uuid();
  const auto completion = random_uuid();
  send_twice(given, aggregate_kind::payment, payment_id,
             payments::payment::initiate_third_party_processor_payment{payment_id, order_id, conference.id, "seats",
                                                                       money::from_cents(20000)},
             initiation);
  send_twice(given, aggregate_kind::payment, payment_id,
             payments::payment::complete_third_party_processor_payment{payment_id}, completion);
  CHECK(events_of_command(given, initiation) == 1);
  CHECK(events_of_command(given, completion) == 1);

  REQUIRE(order_status_is(given, order_id, "confirmed"));
  REQUIRE(eventually([&] {
    auto seats = given.views.seat_assignments(order_id);
    return seats.ok() && seats.value() && seats.value()->seats.size() == 2;
  }));
  REQUIRE(eventually([&] { return events_of_type(given, "SeatsReservationCommitted") == 1; }));
  REQUIRE(all_caught_up(given));
  CHECK(events_of_type(given, "OrderConfirmed") == 1);
  CHECK(events_of_type(given, "SeatsReserved") == 2);
  const auto events_before = given.scalar("SELECT count(*) FROM events");
  const auto views_before = read_models(given);

  given.runtime.reset();
  persistence::pg::checkpoint_store checkpoints{given.db};
  REQUIRE(checkpoints.write("registration_processes", {}).ok());
  REQUIRE(checkpoints.write("policies", {}).ok());
  REQUIRE(given.scalar("WITH reset AS (UPDATE projections SET tx = '0', position = 0 WHERE name = 'orders' "
                       "RETURNING 1) SELECT count(*) FROM reset")
          == 1);
  given.runtime = std::make_unique<actors::runtime>(given.stores.bundle(), actors::runtime_settings{});

  REQUIRE(all_caught_up(given));
  CHECK(given.scalar("SELECT count(*) FROM events") == events_before);
  CHECK(read_models(given) == views_before);
  auto process = given.runtime->inspect_process(order_id);
  REQUIRE(process);
  CHECK((*process)["state"]["phase"]["name"] == "completed");
}
