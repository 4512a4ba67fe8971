#pragma once
/// Commands as they travel to aggregate actors, and the actors' answers: plain structs of text, so the
/// same message goes between nodes and the edge needs no CAF to build or read one.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/message.hpp"
#include "domain/outcome.hpp"

namespace contoso::actors {

/// A command for one aggregate instance: the domain command as stored form (type, schema version,
/// JSON data), its id (the idempotency key), the addressed aggregate, its metadata and who sent it.
struct command_envelope {
  std::string id;
  std::string source_id;
  std::string correlation_id;
  std::string causation_id;
  std::string sender;
  std::string type;
  std::int32_t schema_version = 1;
  std::string data; ///< JSON text
};

/// An aggregate's answer to one command.
struct command_reply {
  /// `moved`: a node answered for a shard it does not own; only routers see it, they retry elsewhere.
  enum status_code : std::int32_t { accepted = 0, rejected = 1, unavailable = 2, moved = 3 };
  std::int32_t status = accepted;
  std::int64_t version = 0; ///< accepted: the stream's version after the command
  error_code code = error_code::unavailable; ///< rejected / unavailable: why (unused when accepted)
  std::string message;
  std::string fields = "{}"; ///< JSON object: field -> message
  std::string events = "[]"; ///< JSON array of the command's events `{type, version, data}`
  std::string answer = "null"; ///< accepted: the aggregate's own answer (JSON), e.g. a promo code's terms

  /// Whether the command changed its aggregate (an accepted replay or no-op carries no events).
  bool produced_events() const { return events != "[]"; }
};

/// The envelope of a typed domain command; `sender` says who sent it (for the message log).
template <class Variant>
command_envelope envelope(const command_message<Variant>& message, std::string sender) {
  auto stored = encode(message.body);
  return command_envelope{message.id,   message.source_id, message.meta.correlation_id,
                          message.meta.causation_id, std::move(sender), stored.type,
                          stored.schema_version,     stored.data.dump()};
}

/// The envelope of one domain command (any command struct of any aggregate): the command id, the
/// addressed aggregate, its metadata, and who sends it.
template <class Command>
command_envelope envelope_of(std::string command_id, std::string aggregate_id, metadata meta, Command body,
                             std::string sender) {
  using variant = std::variant<Command>;
  return envelope(command_message<variant>{std::move(command_id), std::move(aggregate_id), std::move(meta),
                                           variant{std::move(body)}},
                  std::move(sender));
}

} // namespace contoso::actors
