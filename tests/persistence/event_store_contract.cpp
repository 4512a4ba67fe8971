// The event store's contract, run against PostgreSQL.
#include <set>
#include <string>
#include <vector>

#include "domain/ids.hpp"
#include "domain/message.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_stores;

namespace {

new_event seat_event(const std::string& type, int quantity) {
  return new_event{stored_event{type, 1, {{"quantity", quantity}}}, {{"correlationId", "c-1"}}, ""};
}

std::vector<new_event> three_events() {
  return {seat_event("SeatsReserved", 1), seat_event("SeatsReserved", 2), seat_event("AvailableSeatsChanged", 3)};
}

std::string new_stream() { return "seats_availability-" + random_uuid(); }

} // namespace

TEST_CASE("event store: given a new stream, when three events are appended, then reading the stream "
          "gives them back as versions 1 to 3 with their data, metadata and command id",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  const auto command = random_uuid();

  auto appended = stores.events.append(stream, 0, three_events(), command);
  REQUIRE(appended.ok());
  CHECK(appended.value().what == append_result::appended);
  CHECK(appended.value().version == 3);
  REQUIRE(appended.value().events.size() == 3);

  auto read = stores.events.read_stream(stream, 1);
  REQUIRE(read.ok());
  const auto& events = read.value();
  REQUIRE(events.size() == 3);
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].stream_id == stream);
    CHECK(events[i].version == static_cast<std::int64_t>(i) + 1);
    CHECK(events[i].event == three_events()[i].event);
    CHECK(events[i].metadata == nlohmann::json{{"correlationId", "c-1"}});
    CHECK(events[i].command_id == command);
    CHECK(is_uuid(events[i].event_id));
    CHECK(events[i].event_id == appended.value().events[i].event_id);
    CHECK(events[i].position == appended.value().events[i].position);
    CHECK(events[i].tx == appended.value().events[i].tx);
  }
  CHECK(events[0].position < events[1].position);
  CHECK(events[0].tx == events[2].tx);
}

TEST_CASE("event store: given a stream at version 3, when reading from version 2, then only versions "
          "2 and 3 come back, and an unknown stream reads empty",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  REQUIRE(stores.events.append(stream, 0, three_events(), random_uuid()).ok());

  auto later = stores.events.read_stream(stream, 2);
  REQUIRE(later.ok());
  REQUIRE(later.value().size() == 2);
  CHECK(later.value()[0].version == 2);
  CHECK(later.value()[1].version == 3);

  auto unknown = stores.events.read_stream(new_stream(), 1);
  REQUIRE(unknown.ok());
  CHECK(unknown.value().empty());
}

TEST_CASE("event store: given a stream at version 3, when appending with a wrong expected version, then "
          "it is a conflict and nothing is written",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  REQUIRE(stores.events.append(stream, 0, three_events(), random_uuid()).ok());

  for (std::int64_t expected : {0, 2, 4}) {
    auto stale = stores.events.append(stream, expected, {seat_event("SeatsReserved", 9)}, random_uuid());
    REQUIRE(stale.ok());
    CHECK(stale.value().what == append_result::conflict);
    CHECK(stale.value().events.empty());
  }
  CHECK(stores.event_rows() == 3);
  auto read = stores.events.read_stream(stream, 1);
  REQUIRE(read.ok());
  CHECK(read.value().size() == 3);
}

TEST_CASE("event store: given a command already appended to a stream, when the same command id is "
          "appended again, then it is a duplicate answered with the earlier events and nothing is written",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  const auto first_command = random_uuid();
  auto first = stores.events.append(stream, 0, three_events(), first_command);
  REQUIRE(first.ok());
  REQUIRE(stores.events.append(stream, 3, {seat_event("SeatsReserved", 4)}, random_uuid()).ok());

  // Retried at the version it first saw, and again at the current one: both are duplicates.
  for (std::int64_t expected : {0, 4}) {
    auto again = stores.events.append(stream, expected, {seat_event("SeatsReserved", 7)}, first_command);
    REQUIRE(again.ok());
    CHECK(again.value().what == append_result::duplicate);
    CHECK(again.value().version == 3);
    REQUIRE(again.value().events.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(again.value().events[i].event_id == first.value().events[i].event_id);
  }
  CHECK(stores.event_rows() == 4);

  SECTION("the same command id on another stream is not a duplicate") {
    auto elsewhere = stores.events.append(new_stream(), 0, {seat_event("SeatsReserved", 1)}, first_command);
    REQUIRE(elsewhere.ok());
    CHECK(elsewhere.value().what == append_result::appended);
    CHECK(stores.event_rows() == 5);
  }
}

TEST_CASE("event store: given one append carrying the events of several commands, when asking which of "
          "a batch's commands the stream holds, then each command's own events come back and no others",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  const auto first = random_uuid();
  const auto second = random_uuid();
  auto batch = three_events();
  batch[0].command_id = first;
  batch[1].command_id = second;
  batch[2].command_id = second;
  REQUIRE(stores.events.append(stream, 0, std::move(batch), "").ok());
  REQUIRE(stores.events.append(new_stream(), 0, {seat_event("SeatsReserved", 9)}, first).ok());

  auto found = stores.events.read_commands(stream, {second, random_uuid()});
  REQUIRE(found.ok());
  REQUIRE(found.value().size() == 2);
  CHECK(found.value()[0].version == 2);
  CHECK(found.value()[1].version == 3);
  CHECK(found.value()[0].command_id == second);

  auto earlier = stores.events.read_commands(stream, {first});
  REQUIRE(earlier.ok());
  REQUIRE(earlier.value().size() == 1);
  CHECK(earlier.value()[0].command_id == first);
  CHECK(stores.events.read_commands(stream, {}).value().empty());
}

TEST_CASE("event store: when appending no events, then nothing is written, and a stream at another version is a conflict",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto stream = new_stream();
  auto nothing = stores.events.append(stream, 0, {}, random_uuid());
  REQUIRE(nothing.ok());
  CHECK(nothing.value().what == append_result::appended);
  CHECK(nothing.value().version == 0);
  CHECK(nothing.value().events.empty());
  CHECK(stores.event_rows() == 0);

  REQUIRE(stores.events.append(stream, 0, three_events(), random_uuid()).ok());
  auto stale = stores.events.append(stream, 1, {}, random_uuid());
  REQUIRE(stale.ok());
  CHECK(stale.value().what == append_result::conflict);
  CHECK(stale.value().version == 3);
  CHECK(stores.event_rows() == 3);
}

TEST_CASE("event store: given events on several streams, when following read_all in small batches from the "
          "start, then every event comes once, in append order, and the cursor resumes where it stopped",
          "[persistence][event_store]") {
  scratch_stores stores;
  const auto a = new_stream();
  const auto b = "order-" + random_uuid();
  std::vector<std::string> appended_ids;
  auto keep = [&](const result<append_result>& written) {
    REQUIRE(written.ok());
    REQUIRE(written.value().what == append_result::appended);
    for (const auto& event : written.value().events)
      appended_ids.push_back(event.event_id);
  };
  keep(stores.events.append(a, 0, three_events(), random_uuid()));
  keep(stores.events.append(b, 0, {seat_event("OrderPlaced", 1)}, random_uuid()));
  keep(stores.events.append(a, 3, {seat_event("SeatsReserved", 5)}, ""));
  keep(stores.events.append(b, 1, three_events(), random_uuid()));

  std::vector<std::string> followed;
  global_cursor cursor;
  for (;;) {
    auto batch = stores.events.read_all(cursor, 2);
    REQUIRE(batch.ok());
    if (batch.value().empty())
      break;
    CHECK(batch.value().size() <= 2);
    for (const auto& event : batch.value()) {
      CHECK(cursor < event.cursor());
      cursor = event.cursor();
      followed.push_back(event.event_id);
    }
  }
  CHECK(followed == appended_ids);

  auto resumed = stores.events.read_all(cursor, 10);
  REQUIRE(resumed.ok());
  CHECK(resumed.value().empty());
  keep(stores.events.append(a, 4, {seat_event("SeatsReserved", 6)}, random_uuid()));
  resumed = stores.events.read_all(cursor, 10);
  REQUIRE(resumed.ok());
  REQUIRE(resumed.value().size() == 1);
  CHECK(resumed.value()[0].event_id == appended_ids.back());
  CHECK(resumed.value()[0].version == 5);
}
