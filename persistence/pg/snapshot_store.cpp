#include "persistence/pg/snapshot_store.hpp"

#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

result<std::optional<snapshot>> snapshot_store::read_latest(const std::string& stream_id) {
  return db_.connections().run([&](connection& conn) -> std::optional<snapshot> {
    auto found = conn.exec("SELECT version, schema_version, state::text FROM snapshots WHERE stream_id = $1",
                           {stream_id});
    if (found.size() == 0)
      return std::nullopt;
    return snapshot{stream_id, found.int64(0, 0), static_cast<int>(found.int64(0, 1)), found.json(0, 2)};
  });
}

result<void> snapshot_store::write(const snapshot& taken) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("INSERT INTO snapshots (stream_id, version, schema_version, state) VALUES ($1, $2, $3, $4::jsonb)"
              " ON CONFLICT (stream_id) DO UPDATE"
              " SET version = excluded.version, schema_version = excluded.schema_version,"
              " state = excluded.state, recorded_at = now()"
              " WHERE snapshots.version <= excluded.version",
              {taken.stream_id, std::to_string(taken.version), std::to_string(taken.schema_version),
               taken.state.dump()});
  });
}

} // namespace contoso::persistence::pg
