// The contract of the dead letter store, run against PostgreSQL.
#include <string>

#include "domain/ids.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_stores;

namespace {

/// An event as a subscription reads it: appended for real, so tx, position and times are the store's.
recorded_event appended_event(scratch_stores& stores, const std::string& type) {
  auto appended = stores.events.append(
    "order-" + random_uuid(), 0,
    {new_event{stored_event{type, 2, {{"seats", 3}}}, {{"correlationId", "corr-1"}}, random_uuid()}}, "cmd-" + type);
  REQUIRE(appended.ok());
  REQUIRE(appended.value().events.size() == 1);
  return appended.value().events.front();
}

} // namespace

TEST_CASE("dead letter store: entries are listed newest first with the whole event, handed out for retry "
          "once marked retrying, and removed after",
          "[persistence][dead_letter_store]") {
  scratch_stores stores;
  const auto placed = appended_event(stores, "OrderPlaced");
  const auto updated = appended_event(stores, "OrderUpdated");
  auto first = stores.dead_letters.add(dead_letter{"pricing", placed, "no such seat type", 5});
  REQUIRE(first.ok());
  auto second = stores.dead_letters.add(dead_letter{"registration_process", updated, "timed out", 3});
  REQUIRE(second.ok());
  CHECK(second.value() > first.value());

  auto listed = stores.dead_letters.list(10);
  REQUIRE(listed.ok());
  REQUIRE(listed.value().size() == 2);
  const auto& newest = listed.value()[0];
  CHECK(newest.id == second.value());
  CHECK(newest.letter.subscription == "registration_process");
  CHECK(newest.letter.error == "timed out");
  CHECK(newest.letter.attempts == 3);
  CHECK(newest.status == dead_letter_status::dead);
  CHECK(newest.letter.message.stream_id == updated.stream_id);
  CHECK(newest.letter.message.version == updated.version);
  CHECK(newest.letter.message.cursor() == updated.cursor());
  CHECK(newest.letter.message.event_id == updated.event_id);
  CHECK(newest.letter.message.event == updated.event);
  CHECK(newest.letter.message.metadata == updated.metadata);
  CHECK(newest.letter.message.command_id == updated.command_id);
  CHECK(newest.letter.message.recorded_at == updated.recorded_at);
  CHECK(listed.value()[1].id == first.value());

  auto only_newest = stores.dead_letters.list(1);
  REQUIRE(only_newest.ok());
  REQUIRE(only_newest.value().size() == 1);
  CHECK(only_newest.value()[0].id == second.value());

  auto taken = stores.dead_letters.take_for_retry(first.value());
  REQUIRE(taken.ok());
  REQUIRE(taken.value().has_value());
  CHECK(taken.value()->status == dead_letter_status::retrying);
  CHECK(taken.value()->letter.message.event == placed.event);
  listed = stores.dead_letters.list(10);
  REQUIRE(listed.ok());
  CHECK(listed.value()[1].status == dead_letter_status::retrying);

  auto removed = stores.dead_letters.remove(first.value());
  REQUIRE(removed.ok());
  CHECK(removed.value());
  listed = stores.dead_letters.list(10);
  REQUIRE(listed.ok());
  REQUIRE(listed.value().size() == 1);
  CHECK(listed.value()[0].id == second.value());
}

TEST_CASE("dead letter store: an unknown id is neither handed out for retry nor removed",
          "[persistence][dead_letter_store]") {
  scratch_stores stores;
  auto taken = stores.dead_letters.take_for_retry(4711);
  REQUIRE(taken.ok());
  CHECK_FALSE(taken.value().has_value());
  auto removed = stores.dead_letters.remove(4711);
  REQUIRE(removed.ok());
  CHECK_FALSE(removed.value());
}
