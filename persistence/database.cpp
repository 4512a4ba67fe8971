#include "persistence/database.hpp"

#include <set>

#include "persistence/pg/migrations.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence {

namespace {

// Key of the advisory lock that serializes migrations across processes: fixed, and unused elsewhere.
constexpr const char* migration_lock_key = "7243090001";

std::set<int> applied_versions(pg::connection& conn) {
  auto applied = conn.exec("SELECT version FROM schema_migrations");
  std::set<int> versions;
  for (int row = 0; row < applied.size(); ++row)
    versions.insert(static_cast<int>(applied.int64(row, 0)));
  return versions;
}

} // namespace

database::database(database_settings settings)
  : settings_(std::move(settings)), pool_(std::make_unique<pg::pool>(settings_)) {}

database::~database() = default;

result<int> database::migrate() {
  return pool_->run([](pg::connection& conn) {
    conn.exec("BEGIN");
    // Held until COMMIT: a second process waits here, then finds everything applied.
    conn.exec("SELECT pg_advisory_xact_lock($1::bigint)", {migration_lock_key});
    conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version integer PRIMARY KEY,"
              " name text NOT NULL,"
              " applied_at timestamptz NOT NULL DEFAULT now())");
    const auto applied = applied_versions(conn);
    int count = 0;
    for (const auto& step : pg::migrations()) {
      if (applied.count(step.number))
        continue;
      try {
        conn.exec_script(std::string(step.sql));
      } catch (const pg::sql_error& error) {
        throw pg::sql_error(error.state(), "migration " + std::string(step.name) + ": " + error.what());
      }
      conn.exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                {std::to_string(step.number), std::string(step.name)});
      ++count;
    }
    conn.exec("COMMIT");
    return count;
  });
}

bool database::ready() {
  auto up_to_date = pool_->run([](pg::connection& conn) {
    auto exists = conn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (exists.text(0, 0) != "t")
      return false;
    const auto applied = applied_versions(conn);
    for (const auto& step : pg::migrations())
      if (!applied.count(step.number))
        return false;
    return true;
  });
  return up_to_date.ok() && up_to_date.value();
}

pool_usage database::usage() const { return pool_->usage(); }

} // namespace contoso::persistence
