// No skipped events: a follower of read_all sees every committed event exactly once, even when
// transactions that started early commit late, and never sees a rolled-back one.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "domain/ids.hpp"
#include "persistence/pg/event_statements.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;

namespace {

std::vector<new_event> events_for(const std::string& stream, int count) {
  std::vector<new_event> events;
  for (int i = 0; i < count; ++i)
    events.push_back(new_event{stored_event{"SeatsReserved", 1, {{"stream", stream}, {"i", i}}}, {}, ""});
  return events;
}

/// A transaction held open by hand around the very statements the store appends with.
struct held_transaction {
  std::string stream;
  bool insert_before_writers; ///< if not, it inserts after them: lower tx, higher positions
  bool commit;
};

/// Shared progress of the threads, under one mutex.
struct progress {
  std::mutex mutex;
  std::condition_variable changed;
  int holders_begun = 0;
  bool writers_done = false;
  bool holders_done = false;
  int reads_after_writers = 0;
  std::vector<std::string> failures;

  void fail(std::string what) {
    std::lock_guard<std::mutex> lock(mutex);
    failures.push_back(std::move(what));
  }
};

} // namespace

TEST_CASE("global order: given writers on many streams and transactions committed late or rolled back, when a "
          "reader follows read_all in batches, then it sees every committed event exactly once, each stream in "
          "version order, and no rolled-back event",
          "[persistence][event_store][global_order]") {
  testing::scratch_stores stores;
  const std::string url = stores.scratch.url();
  constexpr int writer_count = 4;
  constexpr int streams_per_writer = 5;
  constexpr int appends_per_stream = 6;
  const std::vector<held_transaction> held = {
    {"held_early_commit-" + random_uuid(), true, true},   {"held_early_rollback-" + random_uuid(), true, false},
    {"held_late_commit-" + random_uuid(), false, true},   {"held_late_rollback-" + random_uuid(), false, false},
    {"held_early_commit-" + random_uuid(), true, true},   {"held_late_commit-" + random_uuid(), false, true},
  };
  progress state;

  // Each holder takes its transaction id before any writer starts, so every writer's events carry a
  // higher tx; it commits or rolls back only after the reader has polled past the writers' events.
  std::vector<std::thread> holders;
  for (std::size_t h = 0; h < held.size(); ++h) {
    holders.emplace_back([&, h] {
      const auto& plan = held[h];
      try {
        auto conn = pg::connection::open(url, std::chrono::seconds(30));
        conn->exec("BEGIN");
        conn->exec("SELECT pg_current_xact_id()");
        auto insert = [&] {
          auto written = pg::append_events(*conn, plan.stream, 0, events_for(plan.stream, 3), random_uuid());
          if (written.what != append_result::appended)
            state.fail("held append to " + plan.stream + " was not appended");
        };
        if (plan.insert_before_writers)
          insert();
        std::unique_lock<std::mutex> lock(state.mutex);
        ++state.holders_begun;
        state.changed.notify_all();
        state.changed.wait(lock, [&] { return state.writers_done; });
        lock.unlock();
        if (!plan.insert_before_writers)
          insert();
        lock.lock();
        state.changed.wait(lock, [&] { return state.reads_after_writers > static_cast<int>(h) + 1; });
        lock.unlock();
        conn->exec(plan.commit ? "COMMIT" : "ROLLBACK");
      } catch (const std::exception& error) {
        state.fail(std::string("holder: ") + error.what());
      }
    });
  }
  {
    std::unique_lock<std::mutex> lock(state.mutex);
    state.changed.wait(lock, [&] { return state.holders_begun == static_cast<int>(held.size()); });
  }

  std::map<std::string, std::int64_t> expected_versions; // stream -> last version committed
  std::mutex expected_mutex;
  std::vector<std::thread> writers;
  for (int w = 0; w < writer_count; ++w) {
    writers.emplace_back([&, w] {
      std::vector<std::string> streams;
      for (int s = 0; s < streams_per_writer; ++s)
        streams.push_back("order-" + random_uuid());
      std::map<std::string, std::int64_t> versions;
      for (int round = 0; round < appends_per_stream; ++round) {
        for (const auto& stream : streams) {
          const int count = 1 + (round + w) % 3;
          auto written = stores.events.append(stream, versions[stream], events_for(stream, count), random_uuid());
          if (!written.ok() || written.value().what != append_result::appended) {
            state.fail("writer append to " + stream + " failed");
            return;
          }
          versions[stream] = written.value().version;
        }
      }
      std::lock_guard<std::mutex> lock(expected_mutex);
      expected_versions.insert(versions.begin(), versions.end());
    });
  }

  std::vector<recorded_event> seen;
  std::thread reader([&] {
    global_cursor cursor;
    for (;;) {
      bool finished;
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        finished = state.holders_done;
      }
      auto batch = stores.events.read_all(cursor, 7);
      if (!batch.ok()) {
        state.fail("read_all: " + batch.error().message);
        return;
      }
      for (const auto& event : batch.value()) {
        if (!(cursor < event.cursor()))
          state.fail("read_all went backwards");
        cursor = event.cursor();
        seen.push_back(event);
      }
      std::unique_lock<std::mutex> lock(state.mutex);
      if (state.writers_done)
        ++state.reads_after_writers;
      state.changed.notify_all();
      // Once every transaction has ended, an empty batch means the reader has caught up.
      if (finished && batch.value().empty())
        return;
      if (batch.value().empty())
        state.changed.wait_for(lock, std::chrono::milliseconds(5));
    }
  });

  for (auto& writer : writers)
    writer.join();
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.writers_done = true;
  }
  state.changed.notify_all();
  for (auto& holder : holders)
    holder.join();
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.holders_done = true;
  }
  state.changed.notify_all();
  reader.join();

  REQUIRE(state.failures.empty());
  for (const auto& plan : held)
    if (plan.commit)
      expected_versions[plan.stream] = 3;

  // Exactly once: every committed row, as the database lists it, and nothing else.
  auto conn = pg::connection::open(url, std::chrono::seconds(10));
  auto committed = conn->exec("SELECT event_id::text FROM events");
  std::multiset<std::string> committed_ids, seen_ids;
  for (int row = 0; row < committed.size(); ++row)
    committed_ids.insert(committed.text(row, 0));
  for (const auto& event : seen)
    seen_ids.insert(event.event_id);
  std::int64_t expected_total = 0;
  for (const auto& [stream, version] : expected_versions)
    expected_total += version;
  CHECK(committed_ids.size() == static_cast<std::size_t>(expected_total));
  CHECK(seen.size() == static_cast<std::size_t>(expected_total));
  CHECK(seen_ids == committed_ids);

  // Each stream in version order, from 1 with no gaps; no rolled-back stream at all.
  std::map<std::string, std::int64_t> last_seen;
  for (const auto& event : seen) {
    CHECK(event.version == last_seen[event.stream_id] + 1);
    last_seen[event.stream_id] = event.version;
  }
  CHECK(last_seen == expected_versions);
  for (const auto& plan : held)
    if (!plan.commit)
      CHECK(last_seen.count(plan.stream) == 0);
}

TEST_CASE("global order: given events of transactions whose ids differ in their number of digits (99 and 100), "
          "when a reader follows read_all one event at a time, then it gets them in transaction order, the "
          "lower id first, and skips none",
          "[persistence][event_store][global_order]") {
  testing::scratch_stores stores;
  auto conn = pg::connection::open(stores.scratch.url(), std::chrono::seconds(10));
  // Written by hand with long-finished transaction ids, so the later transaction takes the lower position.
  conn->exec("INSERT INTO events (stream_id, stream_type, version, event_id, type, schema_version, data, tx)"
             " VALUES ('order-late', 'order', 1, gen_random_uuid(), 'OrderPlaced', 1, '{}', '100'),"
             " ('order-early', 'order', 1, gen_random_uuid(), 'OrderPlaced', 1, '{}', '99')");

  global_cursor cursor;
  std::vector<std::uint64_t> transactions;
  for (;;) {
    auto batch = stores.events.read_all(cursor, 1);
    REQUIRE(batch.ok());
    if (batch.value().empty())
      break;
    cursor = batch.value().back().cursor();
    transactions.push_back(cursor.tx);
  }
  CHECK(transactions == std::vector<std::uint64_t>{99, 100});
}
