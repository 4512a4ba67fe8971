#include "persistence/pg/deadline_store.hpp"

#include "persistence/pg/deadline_statements.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace {

// Instants cross as integer milliseconds since the epoch: exact both ways, independent of TimeZone.
std::string epoch_ms(instant at) { return std::to_string(at.time_since_epoch().count()); }

} // namespace

void apply_deadline_changes(connection& conn, const deadline_changes& changes) {
  auto scheduled = nlohmann::json::array();
  for (const auto& due : changes.schedule)
    scheduled.push_back({{"id", due.id},
                         {"owner", due.owner},
                         {"kind", due.kind},
                         {"due_ms", epoch_ms(due.due_at)},
                         {"payload", due.payload}});
  if (!changes.remove.empty())
    conn.exec("DELETE FROM deadlines WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))",
              {nlohmann::json(changes.remove).dump()});
  if (!changes.schedule.empty())
    conn.exec("INSERT INTO deadlines (id, owner, kind, due_at, payload)"
              " SELECT item->>'id', item->>'owner', item->>'kind',"
              " timestamptz 'epoch' + (item->>'due_ms')::bigint * interval '1 millisecond', item->'payload'"
              " FROM jsonb_array_elements($1::jsonb) AS item"
              " ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, kind = excluded.kind,"
              " due_at = excluded.due_at, payload = excluded.payload",
              {scheduled.dump()});
}

result<std::vector<deadline>> deadline_store::due(instant now, std::size_t limit) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec(
      "SELECT id, owner, kind, round(extract(epoch FROM due_at) * 1000)::bigint, payload::text FROM deadlines"
      " WHERE due_at <= timestamptz 'epoch' + $1::bigint * interval '1 millisecond'"
      " ORDER BY due_at, id LIMIT $2",
      {epoch_ms(now), std::to_string(limit)});
    std::vector<deadline> deadlines;
    for (int row = 0; row < found.size(); ++row)
      deadlines.push_back(deadline{found.text(row, 0), found.text(row, 1), found.text(row, 2),
                                   instant(std::chrono::milliseconds(found.int64(row, 3))), found.json(row, 4)});
    return deadlines;
  });
}

result<bool> deadline_store::remove(const std::string& id) {
  return db_.connections().run([&](connection& conn) {
    return conn.exec("DELETE FROM deadlines WHERE id = $1 RETURNING id", {id}).size() > 0;
  });
}

} // namespace contoso::persistence::pg
