// The contracts of the small stores (snapshots, message log, checkpoints, deadlines), run against
// PostgreSQL.
#include <string>

#include "domain/ids.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_stores;

namespace {

instant at(const char* text) { return *parse_instant(text); }

message_entry command(const std::string& type, const std::string& source, const std::string& id = random_uuid()) {
  return message_entry{message_kind::command, id, type, source, "corr-1", "cause-1", {{"seats", 2}}, {{"k", "v"}}};
}

message_entry event(const std::string& type, const std::string& source) {
  return message_entry{message_kind::event, random_uuid(), type, source, "corr-1", "", {{"total", 10}}, {}};
}

std::vector<std::string> types_of(const std::vector<logged_message>& messages) {
  std::vector<std::string> types;
  for (const auto& message : messages)
    types.push_back(message.entry.type);
  return types;
}

} // namespace

TEST_CASE("snapshot store: given no snapshot, reading gives none, and after writes, the latest version is "
          "read back and an older one never replaces it",
          "[persistence][snapshot_store]") {
  scratch_stores stores;
  const auto stream = "order-" + random_uuid();
  auto none = stores.snapshots.read_latest(stream);
  REQUIRE(none.ok());
  CHECK_FALSE(none.value().has_value());

  REQUIRE(stores.snapshots.write(snapshot{stream, 10, 2, {{"status", "reserved"}}}).ok());
  REQUIRE(stores.snapshots.write(snapshot{stream, 20, 2, {{"status", "confirmed"}}}).ok());
  REQUIRE(stores.snapshots.write(snapshot{stream, 15, 2, {{"status", "stale"}}}).ok());
  REQUIRE(stores.snapshots.write(snapshot{"order-" + random_uuid(), 99, 1, {{"other", true}}}).ok());

  auto latest = stores.snapshots.read_latest(stream);
  REQUIRE(latest.ok());
  REQUIRE(latest.value().has_value());
  CHECK(latest.value()->stream_id == stream);
  CHECK(latest.value()->version == 20);
  CHECK(latest.value()->schema_version == 2);
  CHECK(latest.value()->state == nlohmann::json{{"status", "confirmed"}});
}

TEST_CASE("message log: a command is logged once per command id, and an event id once as an event",
          "[persistence][message_log]") {
  scratch_stores stores;
  const auto id = random_uuid();
  auto first = stores.messages.log(command("RegisterToConference", "order-1", id));
  REQUIRE(first.ok());
  CHECK(first.value());
  auto again = stores.messages.log(command("RegisterToConference", "order-1", id));
  REQUIRE(again.ok());
  CHECK_FALSE(again.value());
  auto same_id_as_event = stores.messages.log(message_entry{message_kind::event, id, "OrderPlaced", "order-1", "", "", {}, {}});
  REQUIRE(same_id_as_event.ok());
  CHECK(same_id_as_event.value());

  auto all = stores.messages.query({});
  REQUIRE(all.ok());
  REQUIRE(all.value().size() == 2);
  const auto& logged = all.value()[0];
  CHECK(logged.entry.kind == message_kind::command);
  CHECK(logged.entry.message_id == id);
  CHECK(logged.entry.type == "RegisterToConference");
  CHECK(logged.entry.source_id == "order-1");
  CHECK(logged.entry.correlation_id == "corr-1");
  CHECK(logged.entry.causation_id == "cause-1");
  CHECK(logged.entry.data == nlohmann::json{{"seats", 2}});
  CHECK(logged.entry.metadata == nlohmann::json{{"k", "v"}});
  CHECK(all.value()[1].entry.kind == message_kind::event);
  CHECK(logged.position < all.value()[1].position);
}

TEST_CASE("message log: queries filter by kind, type and source id, start after an exclusive position, "
          "list oldest first and respect the limit (default 100, at most 1000)",
          "[persistence][message_log]") {
  scratch_stores stores;
  REQUIRE(stores.messages.log(command("RegisterToConference", "order-1")).ok());
  REQUIRE(stores.messages.log(event("OrderPlaced", "order-1")).ok());
  REQUIRE(stores.messages.log(command("MakeSeatReservation", "conf-1")).ok());
  REQUIRE(stores.messages.log(event("SeatsReserved", "conf-1")).ok());
  REQUIRE(stores.messages.log(command("RegisterToConference", "order-2")).ok());

  auto query = [&](message_query filter) {
    auto found = stores.messages.query(filter);
    REQUIRE(found.ok());
    return found.value();
  };
  auto all = query({});
  REQUIRE(all.size() == 5);
  CHECK(types_of(all) == std::vector<std::string>{"RegisterToConference", "OrderPlaced", "MakeSeatReservation",
                                                  "SeatsReserved", "RegisterToConference"});

  message_query events_only;
  events_only.kind = message_kind::event;
  CHECK(types_of(query(events_only)) == std::vector<std::string>{"OrderPlaced", "SeatsReserved"});

  message_query by_type;
  by_type.type = "RegisterToConference";
  auto registrations = query(by_type);
  REQUIRE(registrations.size() == 2);
  CHECK(registrations[0].entry.source_id == "order-1");
  CHECK(registrations[1].entry.source_id == "order-2");

  message_query by_source;
  by_source.source_id = "conf-1";
  CHECK(types_of(query(by_source)) == std::vector<std::string>{"MakeSeatReservation", "SeatsReserved"});

  message_query commands_of_order;
  commands_of_order.kind = message_kind::command;
  commands_of_order.source_id = "order-1";
  CHECK(types_of(query(commands_of_order)) == std::vector<std::string>{"RegisterToConference"});

  message_query after_second;
  after_second.after = all[1].position;
  after_second.limit = 2;
  CHECK(types_of(query(after_second)) == std::vector<std::string>{"MakeSeatReservation", "SeatsReserved"});

  for (int i = 0; i < 1100; ++i)
    REQUIRE(stores.messages.log(event("AvailableSeatsChanged", "conf-2")).ok());
  CHECK(query({}).size() == message_query::default_limit);
  message_query too_many;
  too_many.limit = 5000;
  CHECK(query(too_many).size() == message_query::max_limit);
}

TEST_CASE("checkpoint store: a subscription that never saved starts at the beginning, and a saved cursor is "
          "read back and overwritten by the next save",
          "[persistence][checkpoint_store]") {
  scratch_stores stores;
  auto fresh = stores.checkpoints.read("orders_view");
  REQUIRE(fresh.ok());
  CHECK(fresh.value() == global_cursor{});

  REQUIRE(stores.checkpoints.write("orders_view", global_cursor{750, 12}).ok());
  REQUIRE(stores.checkpoints.write("registration_process", global_cursor{800, 40}).ok());
  REQUIRE(stores.checkpoints.write("orders_view", global_cursor{751, 13}).ok());

  auto orders = stores.checkpoints.read("orders_view");
  REQUIRE(orders.ok());
  CHECK(orders.value() == global_cursor{751, 13});
  auto process = stores.checkpoints.read("registration_process");
  REQUIRE(process.ok());
  CHECK(process.value() == global_cursor{800, 40});
}

TEST_CASE("deadline store: due lists the deadlines at or before now, earliest first and up to the limit, "
          "rescheduling replaces and removal forgets",
          "[persistence][deadline_store]") {
  scratch_stores stores;
  // Deadlines are scheduled by the saves of the process that owns them, as the registration processes do.
  std::int64_t revision = 0;
  auto schedule = [&](const std::string& id, const char* due_at) {
    const process_record owner{"deadline-owner", 0, {{"phase", "awaitingReservation"}}, {}, {}};
    auto saved = stores.processes.save(owner, revision,
                                       {{deadline{id, "registration_process-" + id, "ExpireRegistrationProcess",
                                                  at(due_at), {{"orderId", id}}}},
                                        {}});
    REQUIRE(saved.ok());
    REQUIRE(saved.value().what == process_save_result::saved);
    revision = saved.value().revision;
  };
  schedule("c", "2026-11-23T10:15:00.250Z");
  schedule("a", "2026-11-23T10:30:00Z");
  schedule("b", "2026-11-23T10:15:00.250Z");
  schedule("d", "2026-11-23T11:00:00Z");

  auto ids_due = [&](const char* now, std::size_t limit) {
    auto found = stores.deadlines.due(at(now), limit);
    REQUIRE(found.ok());
    std::vector<std::string> ids;
    for (const auto& due : found.value())
      ids.push_back(due.id);
    return ids;
  };
  CHECK(ids_due("2026-11-23T10:00:00Z", 10).empty());
  CHECK(ids_due("2026-11-23T10:15:00.249Z", 10).empty());
  CHECK(ids_due("2026-11-23T10:15:00.250Z", 10) == std::vector<std::string>{"b", "c"});
  CHECK(ids_due("2026-11-23T10:45:00Z", 10) == std::vector<std::string>{"b", "c", "a"});
  CHECK(ids_due("2026-11-23T10:45:00Z", 2) == std::vector<std::string>{"b", "c"});

  auto first = stores.deadlines.due(at("2026-11-23T10:45:00Z"), 1);
  REQUIRE(first.ok());
  REQUIRE(first.value().size() == 1);
  CHECK(first.value()[0].owner == "registration_process-b");
  CHECK(first.value()[0].kind == "ExpireRegistrationProcess");
  CHECK(first.value()[0].due_at == at("2026-11-23T10:15:00.250Z"));
  CHECK(first.value()[0].payload == nlohmann::json{{"orderId", "b"}});

  schedule("b", "2026-11-23T12:00:00Z");
  auto removed = stores.deadlines.remove("c");
  REQUIRE(removed.ok());
  CHECK(removed.value());
  auto removed_again = stores.deadlines.remove("c");
  REQUIRE(removed_again.ok());
  CHECK_FALSE(removed_again.value());
  CHECK(ids_due("2026-11-23T11:00:00Z", 10) == std::vector<std::string>{"a", "d"});
}

TEST_CASE("loading a stream: given a snapshot at version 2 of a stream at version 5, the snapshot plus the "
          "events read from version 3 give the whole history",
          "[persistence][snapshot_store][event_store]") {
  scratch_stores stores;
  const auto stream = "order-" + random_uuid();
  std::vector<new_event> five;
  for (int i = 1; i <= 5; ++i)
    five.push_back(new_event{stored_event{"OrderUpdated", 1, {{"n", i}}}, {}, ""});
  REQUIRE(stores.events.append(stream, 0, five, random_uuid()).ok());
  REQUIRE(stores.snapshots.write(snapshot{stream, 2, 1, {{"n", 2}}}).ok());

  auto taken = stores.snapshots.read_latest(stream);
  REQUIRE(taken.ok());
  REQUIRE(taken.value().has_value());
  auto later = stores.events.read_stream(stream, taken.value()->version + 1);
  REQUIRE(later.ok());
  REQUIRE(later.value().size() == 3);
  CHECK(later.value().front().version == 3);
  CHECK(later.value().front().event.data == nlohmann::json{{"n", 3}});
  CHECK(later.value().back().version == 5);
}
