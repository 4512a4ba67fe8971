#pragma once
/// The message log: every command and event the system handled, oldest first, for the admin
/// console (API §5 `GET /api/admin/messages`). A message is logged once per kind and message id, so
/// a redelivered command appears once.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/time.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

enum class message_kind { command, event };

/// `command` / `event`, as on the wire.
std::string_view to_string(message_kind kind);
std::optional<message_kind> message_kind_from_string(std::string_view text);

/// A message to log.
struct message_entry {
  message_kind kind = message_kind::command;
  std::string message_id; ///< a command's id; an event's event id
  std::string type;       ///< e.g. `RegisterToConference`, `OrderPlaced`
  std::string source_id;  ///< the addressed (command) or emitting (event) aggregate's id
  std::string correlation_id;
  std::string causation_id;
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
};

/// A message as logged.
struct logged_message {
  std::int64_t position = 0; ///< increasing in logging order
  message_entry entry;
  instant recorded_at;
};

/// Which messages to list: every filter that is set must match.
struct message_query {
  static constexpr std::size_t default_limit = 100;
  static constexpr std::size_t max_limit = 1000;

  std::optional<message_kind> kind;
  std::optional<std::string> type;
  std::optional<std::string> source_id;
  std::int64_t after = 0;             ///< exclusive position
  std::size_t limit = default_limit;  ///< at most max_limit; larger values are capped
};

/// Logs commands and events and lists them for the admin console.
class message_log {
public:
  virtual ~message_log() = default;

  /// Logs the message; false (and nothing written) when this kind and message id were logged before.
  virtual result<bool> log(const message_entry& entry) = 0;
  /// Matching messages after `query.after`, oldest first, at most `query.limit` (capped at max_limit).
  virtual result<std::vector<logged_message>> query(const message_query& query) = 0;
};

} // namespace contoso::persistence
