#include "http/api.hpp"

#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"

namespace contoso::http {

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
