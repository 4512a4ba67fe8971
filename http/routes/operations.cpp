#include "http/routes/operations.hpp"

#include "http/error_mapping.hpp"
#include "http/json_io.hpp"

namespace contoso::http {
namespace {

std::string pool_exposition(const persistence::pool_usage& pool) {
  return single_sample("conference_db_pool_size", "gauge", "Database connections the pool may hold.",
                       static_cast<double>(pool.size)) +
         single_sample("conference_db_pool_in_use", "gauge", "Database connections lent out now.",
                       static_cast<double>(pool.in_use)) +
         single_sample("conference_db_pool_waits_total", "counter", "Calls that waited for a free connection.",
                       static_cast<double>(pool.waits)) +
         single_sample("conference_db_pool_replaced_total", "counter", "Broken connections replaced.",
                       static_cast<double>(pool.replaced));
}

} // namespace

void register_operations_routes(server& routes, const operations_deps& deps) {
  const route table[] = {
    {"GET", "/healthz", body_kind::none, [](const request&) { return json_reply(200, {{"status", "ok"}}); }},
    {"GET", "/readyz", body_kind::none,
     [deps](const request&) {
       if (deps.leaving)
         return error_reply(error_code::unavailable, "This node is leaving: it finishes its requests and stops.");
       if (deps.database.ready())
         return json_reply(200, {{"status", "ready"}});
       return error_reply(error_code::unavailable,
                          "The database is unreachable or its migrations are not applied yet.");
     }},
    {"GET", "/metrics", body_kind::none,
     [deps](const request&) {
       return reply{200, deps.metrics.exposition() + pool_exposition(deps.database.usage()),
                    exposition_content_type, {}};
     }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
