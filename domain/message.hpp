#pragma once
/// What every command and event carries besides its own fields, and the generic equality of messages.
///
/// A message struct lists its fields in `tie()`; `using contoso::operator==;` in its namespace then gives
/// it `==`/`!=` (found by argument-dependent lookup, so std::variant and std::vector compare it too).

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

#include <nlohmann/json_fwd.hpp>

namespace contoso {

/// Field-wise equality for every type with a `tie()`.
template <class T>
auto operator==(const T& a, const T& b) -> decltype(a.tie() == b.tie()) {
  return a.tie() == b.tie();
}
template <class T>
auto operator!=(const T& a, const T& b) -> decltype(a.tie() != b.tie()) {
  return a.tie() != b.tie();
}

/// Where a message came from: the conversation it belongs to, the message that caused it, and for an
/// event the id of the command that produced it (the store's idempotency key).
struct metadata {
  std::string correlation_id;
  std::string causation_id;
  std::string command_id;

  auto tie() const { return std::tie(correlation_id, causation_id, command_id); }
};

void to_json(nlohmann::json& j, const metadata& m);
/// Missing keys read as empty: metadata is descriptive, never required.
void from_json(const nlohmann::json& j, metadata& m);

/// A command addressed to one aggregate instance: `id` is the command's idempotency key.
template <class Body>
struct command_message {
  std::string id;
  std::string source_id; ///< the addressed aggregate's id
  metadata meta;
  Body body;

  auto tie() const { return std::tie(id, source_id, meta, body); }
};

/// An event as recorded: the aggregate it belongs to and the version it gave that aggregate.
template <class Body>
struct event_message {
  std::string source_id;
  std::int64_t version = 0;
  metadata meta;
  Body body;
  /// The event's own id (the store's `event_id`): a message this event causes names it as its
  /// causation. Last, so that `{source_id, version, meta, body}` still initializes the rest.
  std::string id{};

  auto tie() const { return std::tie(source_id, version, meta, body, id); }
};

} // namespace contoso
