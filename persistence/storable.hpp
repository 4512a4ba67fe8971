#pragma once
/// What the stores cannot keep. PostgreSQL's `text` and `jsonb` refuse the NUL character (U+0000), so a
/// message holding one can be neither logged nor appended.

#include <string>

#include <nlohmann/json.hpp>

namespace contoso::persistence {

/// Whether the JSON text `data` holds a NUL character in any string (keys included).
inline bool holds_nul(const std::string& data) {
  // JSON strings cannot hold a raw NUL, only the escape \u0000: text without one needs no parse.
  if (data.find("\\u0000") == std::string::npos)
    return false;
  bool found = false;
  auto document = nlohmann::json::parse(data, [&](int, nlohmann::json::parse_event_t event, nlohmann::json& value) {
    if ((event == nlohmann::json::parse_event_t::key || event == nlohmann::json::parse_event_t::value) && value.is_string()
        && value.get_ref<const std::string&>().find('\0') != std::string::npos)
      found = true;
    return true;
  }, false);
  return found && !document.is_discarded();
}

} // namespace contoso::persistence
