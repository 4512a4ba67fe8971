// The registration process actor when a command it owes cannot be delivered at first.
#include "persistence/pg/event_store.hpp"
#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

namespace {

actors::runtime_settings short_reservations() {
  actors::runtime_settings settings;
  settings.policy.reservation_timeout = std::chrono::seconds(1);
  settings.policy.release_buffer = std::chrono::seconds(1);
  settings.subscription_poll = std::chrono::milliseconds(100);
  return settings;
}

} // namespace

TEST_CASE("registration process: given its expiry's RejectOrder answered unavailable because another writer moved "
          "the order stream, when the deadline has fired, then the process delivers its owed commands again, so the "
          "order expires and its seats come back",
          "[actors][process]") {
  runtime_fixture given{short_reservations()};
  auto conference = publish(given, 10, 10);
  const auto order_id = random_uuid();
  REQUIRE(given.send(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 2)).status
          == command_reply::accepted);
  REQUIRE(order_status_is(given, order_id, "reserved"));

  // Another writer appends to the order's stream behind the live order actor, whose next append then
  // conflicts: it answers `unavailable` and stops (DESIGN.md: recover, never retry blindly).
  persistence::pg::event_store events{given.db};
  const auto stream = "order-" + order_id;
  auto stored = events.read_stream(stream);
  REQUIRE(stored.ok());
  REQUIRE(given.scalar("SELECT count(*) FROM deadlines WHERE owner = $1 AND due_at > now()", {order_id}) == 1);
  auto appended = events.append(
    stream, stored.value().back().version,
    {persistence::new_event{encode(order::event{order::order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"}}),
                            nlohmann::json::object(), "", ""}},
    random_uuid());
  REQUIRE(appended.ok());
  REQUIRE(appended.value().what == persistence::append_result::appended);

  CHECK(order_status_is(given, order_id, "expired"));
  CHECK(eventually([&] { return available(given, conference, conference.full) == 10; }));
  CHECK(eventually([&] { return given.scalar("SELECT count(*) FROM process_owed_commands") == 0; }));
  CHECK(events_of_type(given, "OrderExpired") == 1);
  CHECK(events_of_type(given, "SeatsReservationCancelled") == 1);
}
