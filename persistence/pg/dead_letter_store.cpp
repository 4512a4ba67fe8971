#include "persistence/pg/dead_letter_store.hpp"

#include "persistence/pg/event_statements.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace {

// The event's columns carry the names of `events`, so recorded_events() decodes them; ours follow.
std::string entry_columns() {
  return std::string(recorded_event_columns)
         + ", id, subscription, error, attempts, status, round(extract(epoch FROM dead_lettered_at) * 1000)::bigint";
}

std::vector<dead_letter_entry> dead_letter_entries(const rows& found) {
  auto events = recorded_events(found);
  std::vector<dead_letter_entry> entries;
  for (int row = 0; row < found.size(); ++row) {
    auto& event = events[static_cast<std::size_t>(row)];
    entries.push_back(dead_letter_entry{
      found.int64(row, 11),
      dead_letter{found.text(row, 12), std::move(event), found.text(row, 13), static_cast<int>(found.int64(row, 14))},
      found.text(row, 15) == "retrying" ? dead_letter_status::retrying : dead_letter_status::dead,
      instant(std::chrono::milliseconds(found.int64(row, 16)))});
  }
  return entries;
}

} // namespace

result<std::int64_t> dead_letter_store::add(const dead_letter& letter) {
  return db_.connections().run([&](connection& conn) {
    const auto& event = letter.message;
    return conn
      .exec("INSERT INTO dead_letters (subscription, stream_id, version, position, tx, event_id, type, schema_version,"
            " data, metadata, command_id, recorded_at, error, attempts)"
            " VALUES ($1, $2, $3, $4, $5::xid8, $6::uuid, $7, $8, $9::jsonb, $10::jsonb, $11,"
            " timestamptz 'epoch' + $12::bigint * interval '1 millisecond', $13, $14) RETURNING id",
            {letter.subscription, event.stream_id, std::to_string(event.version), std::to_string(event.position),
             std::to_string(event.tx), event.event_id, event.event.type, std::to_string(event.event.schema_version),
             event.event.data.dump(), event.metadata.is_null() ? std::string("{}") : event.metadata.dump(),
             event.command_id.empty() ? param() : param(event.command_id),
             std::to_string(event.recorded_at.time_since_epoch().count()), letter.error,
             std::to_string(letter.attempts)})
      .int64(0, 0);
  });
}

result<std::vector<dead_letter_entry>> dead_letter_store::list(std::size_t limit) {
  return db_.connections().run([&](connection& conn) {
    return dead_letter_entries(
      conn.exec("SELECT " + entry_columns() + " FROM dead_letters ORDER BY id DESC LIMIT $1", {std::to_string(limit)}));
  });
}

result<std::optional<dead_letter_entry>> dead_letter_store::take_for_retry(std::int64_t id) {
  return db_.connections().run([&](connection& conn) -> std::optional<dead_letter_entry> {
    auto taken = dead_letter_entries(
      conn.exec("UPDATE dead_letters SET status = 'retrying' WHERE id = $1 RETURNING " + entry_columns(),
                {std::to_string(id)}));
    if (taken.empty())
      return std::nullopt;
    return std::move(taken.front());
  });
}

result<bool> dead_letter_store::remove(std::int64_t id) {
  return db_.connections().run([&](connection& conn) {
    return conn.exec("DELETE FROM dead_letters WHERE id = $1 RETURNING id", {std::to_string(id)}).size() > 0;
  });
}

} // namespace contoso::persistence::pg
