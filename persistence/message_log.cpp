#include "persistence/message_log.hpp"

namespace contoso::persistence {

std::string_view to_string(message_kind kind) {
  return kind == message_kind::command ? "command" : "event";
}

std::optional<message_kind> message_kind_from_string(std::string_view text) {
  if (text == "command")
    return message_kind::command;
  if (text == "event")
    return message_kind::event;
  return std::nullopt;
}

} // namespace contoso::persistence
