/// The OpenAPI document against the route table: every route the binary registers is in the document
/// with the same method and path template, and the document served is JSON of OpenAPI 3.

#include <atomic>
#include <algorithm>
#include <cctype>
#include <string>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/runtime.hpp"
#include "http/api.hpp"
#include "http/openapi.hpp"
#include "http/routes/api_routes.hpp"
#include "http/routes/operations.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/idempotency_store.hpp"
#include "persistence/pg/log_statistics.hpp"
#include "persistence/pg/read_models.hpp"
#include "tests/actors/runtime_pg_stores.hpp"
#include "tests/http/serving.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;

namespace {

persistence::database& migrated(persistence::database& db) {
  REQUIRE(db.migrate().ok());
  return db;
}

/// The composition root's objects over a scratch database, so that the API's routes register in process
/// exactly as `conference serve` registers them.
struct api_objects {
  testing::scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};
  testing::runtime_pg_stores stores{migrated(db)};
  actors::runtime runtime{stores.bundle(), actors::runtime_settings{}};
  persistence::pg::read_model_queries views{db};
  persistence::pg::idempotency_store idempotency_keys{db};
  persistence::pg::log_statistics log_statistics{db};
  http::api_context api{named_parts()};

  /// Everything above, named as `conference serve` names its parts.
  http::api_parts named_parts() {
    http::api_parts parts;
    parts.runtime = &runtime;
    parts.database = &db;
    parts.conferences_view = &views;
    parts.orders_view = &views;
    parts.projections = &stores.projections;
    parts.conferences = &stores.conferences;
    parts.events = &stores.events;
    parts.messages = &stores.messages;
    parts.idempotency_keys = &idempotency_keys;
    parts.log_statistics = &log_statistics;
    parts.admin_token = "token";
    return parts;
  }
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

TEST_CASE("openapi: given the server with every route file registered, then each of its routes is in the document "
          "with the same method and path template",
          "[http][openapi]") {
  api_objects objects;
  const std::atomic<bool> leaving{false};
  testing::serving running{[&](http::server& routes) {
    http::register_operations_routes(routes, {routes.metrics(), objects.db, leaving});
    http::register_openapi_routes(routes);
    http::register_api_routes(routes, objects.api);
  }};
  const auto& paths = http::openapi_document().at("paths");
  const auto table = running.served().routes();
  REQUIRE(table.size() > 10);
  for (const auto& [method, pattern] : table) {
    INFO(method << ' ' << pattern);
    REQUIRE(paths.contains(pattern));
    CHECK(paths.at(pattern).contains(lower(method)));
  }
}

TEST_CASE("openapi: GET /api/openapi.json answers an OpenAPI 3 document whose operations answer the error shape",
          "[http][openapi]") {
  testing::serving running{[](http::server& routes) { http::register_openapi_routes(routes); }};
  auto answer = running.client().Get("/api/openapi.json");
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(answer->get_header_value("Content-Type") == "application/json");
  auto document = nlohmann::json::parse(answer->body, nullptr, false);
  REQUIRE(document.is_object());
  REQUIRE(document.at("openapi").is_string());
  CHECK(document.at("openapi").get<std::string>().rfind("3.", 0) == 0);
  CHECK(document.at("components").at("schemas").contains("Error"));
  for (const auto& [path, item] : document.at("paths").items())
    for (const auto& [method, operation] : item.items()) {
      INFO(method << ' ' << path);
      CHECK(operation.at("responses").contains("503"));
      CHECK(operation.at("responses").at("503").at("content").at("application/json").at("schema").at("$ref") ==
            "#/components/schemas/Error");
    }
  CHECK(document.at("paths").at("/api/conferences/{slug}/orders").contains("post"));
  CHECK(document.at("paths").at("/api/admin/messages").contains("get"));
}
