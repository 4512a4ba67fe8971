#pragma once
/// What the API's route files share: the actor runtime for commands, the read models and stores for
/// queries (STYLE.md: queries read read-model interfaces directly; only commands go through actors),
/// and the settings the contract exposes. `http/main.cpp` builds it; it outlives the server.

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include "actors/commands.hpp"
#include "actors/runtime.hpp"
#include "domain/ids.hpp"
#include "domain/message.hpp"
#include "domain/registration/policy.hpp"
#include "http/route.hpp"
#include "persistence/conference_store.hpp"
#include "persistence/database.hpp"
#include "persistence/event_store.hpp"
#include "persistence/idempotency_store.hpp"
#include "persistence/log_statistics.hpp"
#include "persistence/message_log.hpp"
#include "persistence/read_models/conference_queries.hpp"
#include "persistence/read_models/order_queries.hpp"
#include "persistence/read_models/projections.hpp"

namespace contoso::http {

/// How long a request waits for a view to catch up (API.md §2: `minVersion` waits up to 5 s).
inline constexpr std::chrono::seconds view_wait{5};

/// Reads `read` (a persistence result) until `done` holds for its value, a read fails, or `within`
/// has passed; returns the last reading.
template <class Read, class Done>
auto poll_until(Read read, Done done, std::chrono::milliseconds within) -> decltype(read()) {
  const auto give_up = std::chrono::steady_clock::now() + within;
  auto reading = read();
  while (reading.ok() && !done(reading.value()) && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    reading = read();
  }
  return reading;
}

/// The parts of an api_context, each set by name where one is built (`http/main.cpp`, the tests). Every
/// pointer must be set, and what it points to must outlive the context.
struct api_parts {
  actors::runtime* runtime = nullptr;
  persistence::database* database = nullptr;
  persistence::read_models::conference_queries* conferences_view = nullptr;
  persistence::read_models::order_queries* orders_view = nullptr;
  persistence::read_models::projections* projections = nullptr;
  persistence::conference_store* conferences = nullptr;
  persistence::event_store* events = nullptr;
  persistence::message_log* messages = nullptr;
  persistence::idempotency_store* idempotency_keys = nullptr;
  persistence::log_statistics* log_statistics = nullptr;
  registration::policy policy;
  std::optional<std::string> admin_token;
};

struct api_context {
  /// Binds the parts; a missing one is the builder's bug (std::logic_error).
  explicit api_context(const api_parts& parts);

  actors::runtime& runtime;
  persistence::database& database;
  persistence::read_models::conference_queries& conferences_view;
  persistence::read_models::order_queries& orders_view;
  persistence::read_models::projections& projections;
  persistence::conference_store& conferences;
  persistence::event_store& events;
  persistence::message_log& messages;
  persistence::idempotency_store& idempotency_keys;
  persistence::log_statistics& log_statistics;
  registration::policy policy;
  std::optional<std::string> admin_token;
  /// How long a request waits for an actor's answer before it answers 503 `unavailable`.
  std::chrono::milliseconds command_timeout{5000};
};

/// The envelope of a command an HTTP caller sends: sender `http <address>`, correlated by `correlation_id`.
template <class Command>
actors::command_envelope edge_envelope(std::string command_id, const std::string& aggregate_id, Command body,
                                       const request& from, const std::string& correlation_id) {
  return actors::envelope_of(std::move(command_id), aggregate_id, {correlation_id, "", ""}, std::move(body),
                             "http " + from.remote_address);
}

/// Sends `body` to aggregate `aggregate_id` of `kind` under `command_id` (its idempotency key) on behalf
/// of the caller of `from`, and waits (at most the command timeout) for the answer. `correlation_id`
/// names the conversation: the order for a registrant, the conference for an owner.
template <class Command>
actors::command_reply send_command(api_context& api, actors::aggregate_kind kind, const std::string& aggregate_id,
                                   Command body, const request& from, const std::string& correlation_id,
                                   std::string command_id = random_uuid()) {
  return api.runtime.send(kind, edge_envelope(std::move(command_id), aggregate_id, std::move(body), from, correlation_id),
                          api.command_timeout);
}

/// Sends `body` to the registration process of order `order_id` under `command_id`, like `send_command`.
template <class Command>
actors::command_reply send_to_process(api_context& api, const std::string& order_id, Command body, const request& from,
                                      std::string command_id) {
  return api.runtime.send_to_process(edge_envelope(std::move(command_id), order_id, std::move(body), from, order_id),
                                     api.command_timeout);
}

/// The contract's answer to an actor's refusal or silence: the rejection's code and message (422 with
/// its fields), or 503 `unavailable`. Only for replies that are not `accepted`.
reply failure_reply(const actors::command_reply& answer);

} // namespace contoso::http
