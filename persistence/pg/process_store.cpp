#include "persistence/pg/process_store.hpp"

#include "persistence/pg/deadline_statements.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace {

// The owed commands travel as one JSON array, so a record is one row and a save one statement each.
constexpr const char* record_columns =
  "p.process_id, p.revision, p.state::text, p.handled_tx::text, p.handled_position,"
  " coalesce((SELECT jsonb_agg(jsonb_build_object('id', o.command_id, 'command', o.command) ORDER BY o.seq)"
  " FROM process_owed_commands o WHERE o.process_id = p.process_id), '[]')::text";

std::vector<process_record> process_records(const rows& found) {
  std::vector<process_record> records;
  for (int row = 0; row < found.size(); ++row) {
    process_record record{found.text(row, 0), found.int64(row, 1), found.json(row, 2), {},
                          global_cursor{std::stoull(found.text(row, 3)), found.int64(row, 4)}};
    for (auto& owed : found.json(row, 5))
      record.owed.push_back(owed_command{owed.at("id").get<std::string>(), std::move(owed.at("command"))});
    records.push_back(std::move(record));
  }
  return records;
}

// Writes the state row only when the stored revision is the expected one; no row back is a conflict.
rows write_state(connection& conn, const process_record& record, std::int64_t expected_revision) {
  std::vector<param> params{record.process_id, std::to_string(expected_revision + 1), record.state.dump(),
                            std::to_string(record.handled_through.tx),
                            std::to_string(record.handled_through.position)};
  if (expected_revision == 0)
    return conn.exec("INSERT INTO processes (process_id, revision, state, handled_tx, handled_position)"
                     " VALUES ($1, $2, $3::jsonb, $4::xid8, $5) ON CONFLICT (process_id) DO NOTHING"
                     " RETURNING revision",
                     params);
  params.push_back(std::to_string(expected_revision));
  return conn.exec("UPDATE processes SET revision = $2, state = $3::jsonb, handled_tx = $4::xid8,"
                   " handled_position = $5, updated_at = now()"
                   " WHERE process_id = $1 AND revision = $6 RETURNING revision",
                   params);
}

void replace_owed(connection& conn, const process_record& record) {
  auto owed = nlohmann::json::array();
  for (const auto& command : record.owed)
    owed.push_back({{"id", command.id}, {"command", command.command}});
  conn.exec("DELETE FROM process_owed_commands WHERE process_id = $1", {record.process_id});
  conn.exec("INSERT INTO process_owed_commands (process_id, seq, command_id, command)"
            " SELECT $1, item.ordinality, item.value->>'id', item.value->'command'"
            " FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS item",
            {record.process_id, owed.dump()});
}

} // namespace

result<std::optional<process_record>> process_store::load(const std::string& process_id) {
  return db_.connections().run([&](connection& conn) -> std::optional<process_record> {
    auto found = process_records(conn.exec(std::string("SELECT ") + record_columns
                                             + " FROM processes p WHERE p.process_id = $1",
                                           {process_id}));
    if (found.empty())
      return std::nullopt;
    return std::move(found.front());
  });
}

result<process_save_result> process_store::save(const process_record& record, std::int64_t expected_revision,
                                                 const deadline_changes& deadlines) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("BEGIN");
    if (write_state(conn, record, expected_revision).size() == 0) {
      conn.exec("ROLLBACK");
      auto stored = conn.exec("SELECT revision FROM processes WHERE process_id = $1", {record.process_id});
      return process_save_result{process_save_result::conflict, stored.size() == 0 ? 0 : stored.int64(0, 0)};
    }
    replace_owed(conn, record);
    apply_deadline_changes(conn, deadlines);
    conn.exec("COMMIT");
    return process_save_result{process_save_result::saved, expected_revision + 1};
  });
}

result<void> process_store::mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("DELETE FROM process_owed_commands"
              " WHERE process_id = $1 AND command_id IN (SELECT jsonb_array_elements_text($2::jsonb))",
              {process_id, nlohmann::json(command_ids).dump()});
  });
}

result<std::vector<process_record>> process_store::with_owed(std::size_t limit) {
  return db_.connections().run([&](connection& conn) {
    return process_records(conn.exec(std::string("SELECT ") + record_columns
                                       + " FROM processes p WHERE EXISTS"
                                         " (SELECT 1 FROM process_owed_commands o WHERE o.process_id = p.process_id)"
                                         " ORDER BY p.process_id COLLATE \"C\" LIMIT $1",
                                     {std::to_string(limit)}));
  });
}

} // namespace contoso::persistence::pg
