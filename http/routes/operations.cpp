#include "http/routes/operations.hpp"

#include "http/json_io.hpp"

namespace contoso::http {

void register_operations_routes(server& routes, const operations_deps& deps) {
  const route table[] = {
    {"GET", "/healthz", body_kind::none,
     [](const request&) { return json_reply(200, {{"status", "ok"}}); }},
    {"GET", "/metrics", body_kind::none,
     [&deps](const request&) {
       return reply{200, deps.metrics.exposition(), exposition_content_type, {}};
     }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
