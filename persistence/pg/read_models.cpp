#include "persistence/pg/read_models.hpp"

#include <exception>
#include <optional>
#include <utility>

#include "persistence/pg/pool.hpp"
#include "persistence/pg/read_models_handlers.hpp"

namespace contoso::persistence::pg {

namespace {

const projection_definition& definition_of(const std::string& name) {
  const auto* found = find_projection(name);
  if (!found)
    throw sql_error("", "unknown projection '" + name + "'");
  return *found;
}

global_cursor cursor_at(const rows& found, int row, int column) {
  return global_cursor{std::stoull(found.text(row, column)), found.int64(row, column + 1)};
}

/// The projection's live cursor and its shadow cursor (nullopt when no rebuild runs), its row locked
/// until the transaction ends so that two appliers or a swap cannot interleave.
std::pair<global_cursor, std::optional<global_cursor>> lock_cursors(connection& conn, const std::string& name) {
  auto found = conn.exec("SELECT tx::text, position, rebuild_tx::text, rebuild_position FROM projections"
                         " WHERE name = $1 FOR UPDATE",
                         {name});
  if (found.size() == 0)
    throw sql_error("", "projection '" + name + "' has no row in table projections");
  std::optional<global_cursor> shadow;
  if (!found.is_null(0, 2))
    shadow = cursor_at(found, 0, 2);
  return {cursor_at(found, 0, 0), shadow};
}

} // namespace

result<std::vector<read_models::projection_status>> read_model_projections::list() {
  return db_.connections().run([](connection& conn) {
    auto found = conn.exec("SELECT name, tx::text, position, status, coalesce(rebuild_tx, '0')::text,"
                           " coalesce(rebuild_position, 0) FROM projections ORDER BY name");
    std::vector<read_models::projection_status> statuses;
    for (int row = 0; row < found.size(); ++row)
      statuses.push_back({found.text(row, 0), cursor_at(found, row, 1), found.text(row, 3) == "rebuilding",
                          cursor_at(found, row, 4)});
    return statuses;
  });
}

result<void> read_model_projections::apply(const std::string& name, const std::vector<recorded_event>& events) {
  return apply_to(name, false, events);
}

result<void> read_model_projections::apply_rebuild(const std::string& name,
                                                   const std::vector<recorded_event>& events) {
  return apply_to(name, true, events);
}

result<void> read_model_projections::apply_to(const std::string& name, bool shadow,
                                              const std::vector<recorded_event>& events) {
  return db_.connections().run([&](connection& conn) {
    const auto& projection = definition_of(name);
    const table_set tables(shadow);
    // A failure anywhere below leaves the transaction open; the pool rolls it back when the
    // connection comes back, so nothing of the batch stays.
    conn.exec("BEGIN");
    auto [live, rebuild] = lock_cursors(conn, name);
    if (shadow && !rebuild)
      throw sql_error("", "projection '" + name + "' is not being rebuilt");
    auto cursor = shadow ? *rebuild : live;
    for (const auto& event : events) {
      if (!(cursor < event.cursor()))
        continue;
      try {
        projection.handle(conn, tables, event);
      } catch (const std::exception& error) {
        throw sql_error("", "projection '" + name + "': event at position " + std::to_string(event.position) + " ("
                                + event.event.type + ", " + event.stream_id + "): " + error.what());
      }
      cursor = event.cursor();
    }
    conn.exec(shadow ? "UPDATE projections SET rebuild_tx = $2::xid8, rebuild_position = $3, updated_at = now()"
                       " WHERE name = $1"
                     : "UPDATE projections SET tx = $2::xid8, position = $3, updated_at = now() WHERE name = $1",
              {name, std::to_string(cursor.tx), std::to_string(cursor.position)});
    conn.exec("COMMIT");
  });
}

result<void> read_model_projections::begin_rebuild(const std::string& name) {
  return db_.connections().run([&](connection& conn) {
    const auto& projection = definition_of(name);
    const table_set live(false);
    const table_set shadow(true);
    conn.exec("BEGIN");
    // DROP TABLE IF EXISTS would announce every missing shadow table as a NOTICE.
    conn.exec("SET LOCAL client_min_messages = warning");
    lock_cursors(conn, name);
    for (auto table : projection.tables) {
      conn.exec("DROP TABLE IF EXISTS " + shadow.name(table));
      conn.exec("CREATE TABLE " + shadow.name(table) + " (LIKE " + live.name(table) + " INCLUDING ALL)");
    }
    conn.exec("UPDATE projections SET status = 'rebuilding', rebuild_tx = '0', rebuild_position = 0,"
              " updated_at = now() WHERE name = $1",
              {name});
    conn.exec("COMMIT");
  });
}

result<bool> read_model_projections::finish_rebuild(const std::string& name) {
  return db_.connections().run([&](connection& conn) {
    const auto& projection = definition_of(name);
    const table_set live(false);
    const table_set shadow(true);
    conn.exec("BEGIN");
    auto [live_cursor, rebuild] = lock_cursors(conn, name);
    if (!rebuild)
      throw sql_error("", "projection '" + name + "' is not being rebuilt");
    if (*rebuild < live_cursor) {
      conn.exec("ROLLBACK");
      return false;
    }
    // Readers wait on the drop's lock for the length of this transaction, then find the new table
    // under the old name: never an empty or half-filled one.
    for (auto table : projection.tables) {
      conn.exec("DROP TABLE " + live.name(table));
      conn.exec("ALTER TABLE " + shadow.name(table) + " RENAME TO " + live.name(table));
    }
    conn.exec("UPDATE projections SET status = 'live', tx = rebuild_tx, position = rebuild_position,"
              " rebuild_tx = NULL, rebuild_position = NULL, updated_at = now() WHERE name = $1",
              {name});
    conn.exec("COMMIT");
    return true;
  });
}

} // namespace contoso::persistence::pg
