// The contract of the process store (process managers' state, owed commands, cursor and deadline
// changes in one transaction), run against PostgreSQL.
#include <string>

#include "domain/ids.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_stores;

namespace {

instant at(const char* text) { return *parse_instant(text); }

owed_command owed(const std::string& type) {
  return owed_command{random_uuid(), {{"type", type}, {"data", {{"seats", 2}}}}};
}

process_record record(const std::string& process_id, const std::string& phase, std::vector<owed_command> commands) {
  return process_record{process_id, 0, {{"phase", phase}}, std::move(commands), global_cursor{7, 42}};
}

deadline expiry(const std::string& process_id, const char* due) {
  return deadline{random_uuid(), process_id, "ExpireRegistrationProcess", at(due), {{"order", process_id}}};
}

std::vector<std::string> ids_of(const std::vector<owed_command>& commands) {
  std::vector<std::string> ids;
  for (const auto& command : commands)
    ids.push_back(command.id);
  return ids;
}

std::vector<deadline> all_due(scratch_stores& stores) {
  auto due = stores.deadlines.due(at("2100-01-01T00:00:00Z"), 100);
  REQUIRE(due.ok());
  return due.value();
}

} // namespace

TEST_CASE("process store: given no save, loading gives none, after a save, the state, owed commands in "
          "order, cursor and revision are loaded back",
          "[persistence][process_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  auto none = stores.processes.load(id);
  REQUIRE(none.ok());
  CHECK_FALSE(none.value().has_value());

  const auto first = record(id, "awaitingReservation", {owed("MakeSeatReservation"), owed("RejectOrder")});
  auto saved = stores.processes.save(first, 0, {});
  REQUIRE(saved.ok());
  CHECK(saved.value().what == process_save_result::saved);
  CHECK(saved.value().revision == 1);

  auto next = record(id, "reservationReceived", {owed("MarkSeatsAsReserved")});
  next.handled_through = global_cursor{9, 50};
  auto again = stores.processes.save(next, 1, {});
  REQUIRE(again.ok());
  CHECK(again.value().revision == 2);

  auto loaded = stores.processes.load(id);
  REQUIRE(loaded.ok());
  REQUIRE(loaded.value().has_value());
  const auto& back = *loaded.value();
  CHECK(back.process_id == id);
  CHECK(back.revision == 2);
  CHECK(back.state == nlohmann::json{{"phase", "reservationReceived"}});
  CHECK(ids_of(back.owed) == ids_of(next.owed));
  CHECK(back.owed.front().command == next.owed.front().command);
  CHECK(back.handled_through == (global_cursor{9, 50}));

  SECTION("owed commands keep the order they were given in") {
    auto many = record(id, "expired", {owed("A"), owed("B"), owed("C"), owed("D"), owed("E")});
    REQUIRE(stores.processes.save(many, 2, {}).ok());
    auto reloaded = stores.processes.load(id);
    REQUIRE(reloaded.ok());
    CHECK(ids_of(reloaded.value()->owed) == ids_of(many.owed));
  }
}

TEST_CASE("process store: a save that expects another revision is a conflict and writes nothing: not the "
          "state, the owed commands nor the deadlines",
          "[persistence][process_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  const auto kept_deadline = expiry(id, "2026-11-23T10:15:00Z");
  const auto first = record(id, "awaitingReservation", {owed("MakeSeatReservation")});
  REQUIRE(stores.processes.save(first, 0, deadline_changes{{kept_deadline}, {}}).ok());

  const auto stale = GENERATE(0, 2);
  auto conflicting = record(id, "expired", {owed("RejectOrder")});
  auto outcome = stores.processes.save(
    conflicting, stale, deadline_changes{{expiry(id, "2026-11-24T10:15:00Z")}, {kept_deadline.id}});
  REQUIRE(outcome.ok());
  CHECK(outcome.value().what == process_save_result::conflict);
  CHECK(outcome.value().revision == 1);

  auto loaded = stores.processes.load(id);
  REQUIRE(loaded.ok());
  CHECK(loaded.value()->revision == 1);
  CHECK(loaded.value()->state == first.state);
  CHECK(ids_of(loaded.value()->owed) == ids_of(first.owed));
  const auto due = all_due(stores);
  REQUIRE(due.size() == 1);
  CHECK(due.front().id == kept_deadline.id);
}

TEST_CASE("process store: a deadline is scheduled and the fired one removed in the same save as the "
          "state",
          "[persistence][process_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  auto expiring = expiry(id, "2026-11-23T10:15:00Z");
  REQUIRE(stores.processes.save(record(id, "awaitingReservation", {}), 0, deadline_changes{{expiring}, {}}).ok());

  auto due = all_due(stores);
  REQUIRE(due.size() == 1);
  CHECK(due.front().id == expiring.id);
  CHECK(due.front().owner == id);
  CHECK(due.front().kind == "ExpireRegistrationProcess");
  CHECK(due.front().due_at == expiring.due_at);
  CHECK(due.front().payload == expiring.payload);

  SECTION("rescheduling the same id replaces it") {
    expiring.due_at = at("2026-11-23T11:00:00Z");
    REQUIRE(stores.processes.save(record(id, "awaitingReservation", {}), 1, deadline_changes{{expiring}, {}}).ok());
    due = all_due(stores);
    REQUIRE(due.size() == 1);
    CHECK(due.front().due_at == expiring.due_at);
  }
  SECTION("the fired deadline goes with the reaction to it") {
    auto fired = stores.processes.save(record(id, "expired", {owed("RejectOrder"), owed("CancelSeatReservation")}),
                                       1, deadline_changes{{}, {expiring.id}});
    REQUIRE(fired.ok());
    CHECK(fired.value().what == process_save_result::saved);
    CHECK(all_due(stores).empty());
    auto loaded = stores.processes.load(id);
    REQUIRE(loaded.ok());
    CHECK(loaded.value()->state == nlohmann::json{{"phase", "expired"}});
    CHECK(loaded.value()->owed.size() == 2);
  }
}

TEST_CASE("process store: records that still owe commands are listed until their commands are marked sent",
          "[persistence][process_store]") {
  scratch_stores stores;
  const std::string owing_a = "order-a", owing_b = "order-b", settled = "order-c";
  const auto a = record(owing_a, "awaitingReservation", {owed("MakeSeatReservation"), owed("RejectOrder")});
  REQUIRE(stores.processes.save(a, 0, {}).ok());
  REQUIRE(stores.processes.save(record(owing_b, "reservationReceived", {owed("MarkSeatsAsReserved")}), 0, {}).ok());
  REQUIRE(stores.processes.save(record(settled, "completed", {}), 0, {}).ok());

  auto owing = stores.processes.with_owed(10);
  REQUIRE(owing.ok());
  REQUIRE(owing.value().size() == 2);
  CHECK(owing.value()[0].process_id == owing_a);
  CHECK(owing.value()[1].process_id == owing_b);
  CHECK(ids_of(owing.value()[0].owed) == ids_of(a.owed));

  auto first_only = stores.processes.with_owed(1);
  REQUIRE(first_only.ok());
  REQUIRE(first_only.value().size() == 1);
  CHECK(first_only.value()[0].process_id == owing_a);

  REQUIRE(stores.processes.mark_sent(owing_a, {a.owed[0].id, "never-owed"}).ok());
  auto after_one = stores.processes.load(owing_a);
  REQUIRE(after_one.ok());
  CHECK(ids_of(after_one.value()->owed) == std::vector<std::string>{a.owed[1].id});
  CHECK(after_one.value()->revision == 1);

  REQUIRE(stores.processes.mark_sent(owing_a, {a.owed[1].id}).ok());
  owing = stores.processes.with_owed(10);
  REQUIRE(owing.ok());
  REQUIRE(owing.value().size() == 1);
  CHECK(owing.value()[0].process_id == owing_b);
}
