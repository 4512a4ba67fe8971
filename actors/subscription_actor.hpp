#pragma once
/// A subscription: one detached actor per event handler, following the global order from the handler's
/// position (in a cluster, only on the node that holds its lease). It reads a batch, hands it over, and reads on until the log is exhausted; then a timer
/// (the poll interval) or a wake-up (a NOTIFY that events committed) starts it again.
///
/// When a batch fails it retries event by event; an event that fails `max_attempts` times goes to the
/// dead letters and the handler moves past it, so one poison message never blocks the rest.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/event_handler.hpp"
#include "actors/singletons.hpp"

namespace contoso::actors {

/// Records an event a handler gave up on.
using dead_letter_sink = std::function<void(const std::string& subscription, const persistence::recorded_event& event,
                                            const std::string& error, int attempts)>;

struct subscription_settings {
  std::shared_ptr<event_handler> handler;
  persistence::event_store* events = nullptr;
  dead_letter_sink dead_letter;
  std::chrono::milliseconds poll{500};
  int max_attempts = 5;
  std::size_t batch = 200;
  /// In a cluster: the singletons this node runs; it stands by while not among them.
  std::shared_ptr<const singleton_leadership> leadership;
  /// For a projection: replays the whole log into fresh tables and swaps them in (blocking).
  std::function<persistence::result<void>()> rebuild;
};

struct subscription_state {
  static inline const char* name = "subscription";
  subscription_settings settings;
  persistence::global_cursor cursor;
  bool positioned = false;
  std::string status = "starting";
  std::string last_error;
};

/// Spawn it `detached`: it blocks on the database. `(status_atom)` answers `{name, position, status,
/// error}` text; `(rebuild_atom)` rebuilds a projection (its live tables keep answering meanwhile).
caf::behavior subscription(caf::stateful_actor<subscription_state>* self, subscription_settings settings);

} // namespace contoso::actors
