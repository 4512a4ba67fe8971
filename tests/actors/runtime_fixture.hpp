#pragma once
/// A migrated scratch database with the actor runtime running on it, and helpers to address commands.

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include <catch2/catch.hpp>

#include "actors/runtime.hpp"
#include "domain/ids.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/connection.hpp"
#include "persistence/pg/read_models.hpp"
#include "tests/actors/runtime_pg_stores.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

namespace contoso::testing {

/// The envelope of `body` (a domain command) for aggregate `id`, under command id `command_id`.
template <class Command>
actors::command_envelope addressed(const std::string& id, Command body, std::string command_id = random_uuid()) {
  return actors::envelope_of(std::move(command_id), id, {id, "", ""}, std::move(body), "test");
}

struct runtime_fixture {
  scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};
  runtime_pg_stores stores{db};
  std::unique_ptr<actors::runtime> runtime;
  persistence::pg::read_model_queries views{db};

  explicit runtime_fixture(actors::runtime_settings settings = {}) {
    REQUIRE(db.migrate().ok());
    runtime = std::make_unique<actors::runtime>(stores.bundle(), std::move(settings));
  }

  /// Sends `body` (a domain command) to aggregate `id` of `kind` under command id `command_id`, waiting
  /// up to `timeout` for the answer.
  template <class Command>
  actors::command_reply send(actors::aggregate_kind kind, const std::string& id, Command body,
                             std::string command_id = random_uuid(),
                             std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return runtime->send(kind, addressed(id, std::move(body), std::move(command_id)), timeout);
  }

  /// One number from SQL, e.g. a count.
  std::int64_t scalar(const std::string& sql, const std::vector<persistence::pg::param>& params = {}) {
    auto conn = persistence::pg::connection::open(scratch.url(), std::chrono::seconds(5));
    return conn->exec(sql, params).int64(0, 0);
  }

  /// One text from SQL (empty for NULL).
  std::string text(const std::string& sql, const std::vector<persistence::pg::param>& params = {}) {
    auto conn = persistence::pg::connection::open(scratch.url(), std::chrono::seconds(5));
    return conn->exec(sql, params).text(0, 0);
  }
};

} // namespace contoso::testing
