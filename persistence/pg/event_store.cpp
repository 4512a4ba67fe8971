#include "persistence/pg/event_store.hpp"

#include <algorithm>
#include <cstring>

#include "domain/ids.hpp"
#include "persistence/pg/event_statements.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

// `tx::text` gets a name of its own: left as `tx`, an `ORDER BY tx` beside it would sort the text.
const char* const recorded_event_columns =
  "stream_id, version, position, tx::text AS tx_text, event_id::text, type, schema_version, data::text, metadata::text,"
  " coalesce(command_id, ''), round(extract(epoch FROM recorded_at) * 1000)::bigint";

std::vector<recorded_event> recorded_events(const rows& found) {
  std::vector<recorded_event> events;
  events.reserve(static_cast<std::size_t>(found.size()));
  for (int row = 0; row < found.size(); ++row) {
    recorded_event event;
    event.stream_id = found.text(row, 0);
    event.version = found.int64(row, 1);
    event.position = found.int64(row, 2);
    event.tx = std::stoull(found.text(row, 3));
    event.event_id = found.text(row, 4);
    event.event.type = found.text(row, 5);
    event.event.schema_version = static_cast<int>(found.int64(row, 6));
    event.event.data = found.json(row, 7);
    event.metadata = found.json(row, 8);
    event.command_id = found.text(row, 9);
    event.recorded_at = instant(std::chrono::milliseconds(found.int64(row, 10)));
    events.push_back(std::move(event));
  }
  return events;
}

append_result append_events(connection& conn, const std::string& stream_id, std::int64_t expected_version,
                            std::vector<new_event> events, const std::string& command_id) {
  if (!command_id.empty()) {
    auto earlier = recorded_events(conn.exec(std::string("SELECT ") + recorded_event_columns
                                               + " FROM events WHERE command_id = $1 AND stream_id = $2"
                                                 " ORDER BY version",
                                             {command_id, stream_id}));
    if (!earlier.empty()) {
      auto version = earlier.back().version;
      return append_result{append_result::duplicate, version, std::move(earlier)};
    }
  }
  auto current_version = [&] {
    return conn.exec("SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1", {stream_id}).int64(0, 0);
  };
  if (events.empty()) {
    auto version = current_version();
    return append_result{version == expected_version ? append_result::appended : append_result::conflict, version, {}};
  }

  auto batch = nlohmann::json::array();
  for (auto& item : events)
    batch.push_back({{"event_id", item.event_id.empty() ? random_uuid() : item.event_id},
                     {"type", item.event.type},
                     {"schema_version", item.event.schema_version},
                     {"command_id", item.command_id.empty() ? command_id : item.command_id},
                     {"data", std::move(item.event.data)},
                     {"metadata", item.metadata.is_null() ? nlohmann::json::object() : std::move(item.metadata)}});
  auto inserted = recorded_events(conn.exec(
    std::string("INSERT INTO events (stream_id, stream_type, version, event_id, type, schema_version, data,"
                " metadata, command_id)"
                " SELECT $1, $2, $3::bigint + item.ordinality, (item.value->>'event_id')::uuid,"
                " item.value->>'type', (item.value->>'schema_version')::integer, item.value->'data',"
                " item.value->'metadata', nullif(item.value->>'command_id', '')"
                " FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS item"
                // A stream ahead of or behind the expected version inserts nothing: a conflict.
                " WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) = $3::bigint"
                " ORDER BY item.ordinality"
                " RETURNING ")
      + recorded_event_columns,
    {stream_id, std::string(stream_category(stream_id)), std::to_string(expected_version),
     batch.dump()}));
  if (inserted.empty())
    return append_result{append_result::conflict, current_version(), {}};
  std::sort(inserted.begin(), inserted.end(),
            [](const recorded_event& a, const recorded_event& b) { return a.version < b.version; });
  return append_result{append_result::appended, inserted.back().version, std::move(inserted)};
}

result<std::vector<recorded_event>> event_store::read_stream(const std::string& stream_id,
                                                             std::int64_t from_version) {
  return db_.connections().run([&](connection& conn) {
    return recorded_events(conn.exec(std::string("SELECT ") + recorded_event_columns
                                       + " FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version",
                                     {stream_id, std::to_string(from_version)}));
  });
}

result<append_result> event_store::append(const std::string& stream_id, std::int64_t expected_version,
                                          std::vector<new_event> events, const std::string& command_id) {
  return db_.connections().run([&](connection& conn) {
    // No explicit transaction: the insert is one atomic statement, and UNIQUE (stream_id, version)
    // turns a writer that slipped in between the checks and the insert into a conflict.
    try {
      return append_events(conn, stream_id, expected_version, std::move(events), command_id);
    } catch (const sql_error& error) {
      if (error.state() != sqlstate::unique_violation)
        throw;
      return append_result{append_result::conflict, expected_version, {}};
    }
  });
}

result<std::vector<recorded_event>> event_store::read_all(global_cursor after, std::size_t limit) {
  return db_.connections().run([&](connection& conn) {
    // Only below the oldest running transaction: a transaction still open may hold a lower
    // position than events already visible, and would otherwise be skipped when it commits.
    // Sorted by the xid8 column: as text, transaction 100000 would come before 99999 and a follower
    // would skip events.
    return recorded_events(conn.exec(std::string("SELECT ") + recorded_event_columns
                                       + " FROM events"
                                         " WHERE (tx, position) > ($1::xid8, $2::bigint)"
                                         " AND tx < pg_snapshot_xmin(pg_current_snapshot())"
                                         " ORDER BY events.tx, events.position LIMIT $3",
                                     {std::to_string(after.tx), std::to_string(after.position),
                                      std::to_string(limit)}));
  });
}

result<std::vector<recorded_event>> event_store::read_commands(const std::string& stream_id,
                                                               const std::vector<std::string>& command_ids) {
  return db_.connections().run([&](connection& conn) {
    return recorded_events(conn.exec(std::string("SELECT ") + recorded_event_columns
                                       + " FROM events WHERE stream_id = $1"
                                         " AND command_id = ANY (SELECT jsonb_array_elements_text($2::jsonb))"
                                         " ORDER BY version",
                                     {stream_id, nlohmann::json(command_ids).dump()}));
  });
}

} // namespace contoso::persistence::pg
