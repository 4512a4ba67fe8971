#include "http/api.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"

namespace contoso::http {

namespace {

template <class Part>
Part& required(Part* part, const char* name) {
  if (part == nullptr)
    throw std::logic_error(std::string{"api_context built without its "} + name);
  return *part;
}

} // namespace

api_context::api_context(const api_parts& parts)
  : runtime(required(parts.runtime, "runtime")), database(required(parts.database, "database")),
    conferences_view(required(parts.conferences_view, "conferences_view")),
    orders_view(required(parts.orders_view, "orders_view")), projections(required(parts.projections, "projections")),
    conferences(required(parts.conferences, "conferences")), events(required(parts.events, "events")),
    messages(required(parts.messages, "messages")),
    idempotency_keys(required(parts.idempotency_keys, "idempotency_keys")),
    log_statistics(required(parts.log_statistics, "log_statistics")), policy(parts.policy),
    admin_token(parts.admin_token) {}

reply failure_reply(const actors::command_reply& answer) {
  if (answer.status == actors::command_reply::unavailable)
    return unavailable();
  auto fields = nlohmann::json::parse(answer.fields, nullptr, false);
  rejection why{answer.code, answer.message, {}};
  if (fields.is_object())
    for (const auto& [name, message] : fields.items())
      if (message.is_string())
        why.fields[name] = message.get<std::string>();
  return error_reply(why);
}

} // namespace contoso::http
