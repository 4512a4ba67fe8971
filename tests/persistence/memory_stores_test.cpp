// What the in-memory stores add for the tests of the layers above: recorded writes and injected failures.
#include "domain/ids.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;

TEST_CASE("memory event store: every append call is recorded with how it ended, and injected failures are "
          "persistence_errors that change nothing",
          "[persistence][memory]") {
  memory::event_store events;
  const auto stream = "order-" + random_uuid();
  const new_event placed{stored_event{"OrderPlaced", 1, {}}, {}, ""};
  REQUIRE(events.append(stream, 0, {placed}, "c1").ok());
  REQUIRE(events.append(stream, 0, {placed}, "c2").ok());

  events.fail_next(2, persistence_error{"database unreachable"});
  auto failed = events.append(stream, 1, {placed}, "c3");
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "database unreachable");
  CHECK_FALSE(events.read_stream(stream, 1).ok());
  auto read = events.read_stream(stream, 1);
  REQUIRE(read.ok());
  CHECK(read.value().size() == 1);

  const auto calls = events.appends();
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].what == append_result::appended);
  CHECK(calls[0].command_id == "c1");
  CHECK(calls[1].what == append_result::conflict);
  CHECK_FALSE(calls[2].what.has_value());
  CHECK(calls[2].expected_version == 1);
}

TEST_CASE("memory stores: snapshots, checkpoints and deadlines record their writes in order", "[persistence][memory]") {
  testing::memory_stores stores;
  REQUIRE(stores.snapshots.write(snapshot{"order-1", 3, 1, {}}).ok());
  REQUIRE(stores.snapshots.write(snapshot{"order-1", 2, 1, {}}).ok());
  REQUIRE(stores.snapshots.writes().size() == 2);
  CHECK(stores.snapshots.writes()[1].version == 2);

  REQUIRE(stores.checkpoints.write("view", global_cursor{1, 1}).ok());
  REQUIRE(stores.checkpoints.write("view", global_cursor{2, 5}).ok());
  REQUIRE(stores.checkpoints.writes().size() == 2);
  CHECK(stores.checkpoints.writes()[1].second == global_cursor{2, 5});

  const auto due = *parse_instant("2026-11-23T10:00:00Z");
  REQUIRE(stores.deadlines.schedule(deadline{"d1", "order-1", "ExpireRegistrationProcess", due, {}}).ok());
  REQUIRE(stores.deadlines.remove("d1").ok());
  REQUIRE(stores.deadlines.remove("d2").ok());
  CHECK(stores.deadlines.scheduled().size() == 1);
  CHECK(stores.deadlines.removed() == std::vector<std::string>{"d1"});
}
