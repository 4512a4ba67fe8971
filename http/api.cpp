#include "http/api.hpp"

#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"

namespace contoso::http {

reply failure_reply(const actors::command_reply& answer) {
  auto code = error_code_from_string(answer.code);
  if (answer.status == actors::command_reply::unavailable || !code)
    return error_reply(error_code::unavailable, "The system could not take the request now; try again.");
  auto fields = nlohmann::json::parse(answer.fields, nullptr, false);
  rejection why{*code, answer.message, {}};
  if (fields.is_object())
    for (const auto& [name, message] : fields.items())
      if (message.is_string())
        why.fields[name] = message.get<std::string>();
  return error_reply(why);
}

} // namespace contoso::http
