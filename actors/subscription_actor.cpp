#include "actors/subscription_actor.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "actors/message_types.hpp"
#include "actors/upcast.hpp"

namespace contoso::actors {

namespace {

/// Retries each event of a failed batch alone, dead-lettering what keeps failing.
persistence::result<void> handle_one_by_one(subscription_state& st,
                                            const std::vector<persistence::recorded_event>& batch) {
  auto& handler = *st.settings.handler;
  for (const auto& event : batch) {
    std::string error;
    bool done = false;
    for (int attempt = 1; attempt <= st.settings.max_attempts && !done; ++attempt) {
      auto handled = handler.handle({event});
      if (handled) {
        done = true;
      } else {
        error = handled.error().message;
        // Most failures pass (a busy connection pool, an actor recovering): give each attempt more
        // time before calling the message poison. This thread is the subscription's own.
        if (attempt < st.settings.max_attempts)
          std::this_thread::sleep_for(std::min(std::chrono::milliseconds(100) * (1 << attempt),
                                               std::chrono::milliseconds(2000)));
      }
    }
    if (!done) {
      if (st.settings.dead_letter)
        st.settings.dead_letter(handler.name(), event, error, st.settings.max_attempts);
      if (auto skipped = handler.skip(event); !skipped)
        return skipped.error(); // the store itself is failing: stop here, the next tick tries again
    }
    st.cursor = event.cursor();
  }
  return {};
}

/// Reads and handles until the log is exhausted (or a bounded number of batches, to stay responsive).
void catch_up(caf::stateful_actor<subscription_state>* self) {
  auto& st = self->state;
  if (!runs_here(st.settings.leadership, st.settings.handler->name())) {
    st.status = "standby";
    st.positioned = false; // another node moved the checkpoint meanwhile
    return;
  }
  if (!st.positioned) {
    auto position = st.settings.handler->position();
    if (!position) {
      st.status = "failing";
      st.last_error = position.error().message;
      return;
    }
    st.cursor = position.value();
    st.positioned = true;
  }
  for (int round = 0; round < 20; ++round) {
    if (round > 0 && !runs_here(st.settings.leadership, st.settings.handler->name()))
      return; // it stopped running here (its node is leaving): the next node goes on from the checkpoint
    auto read = st.settings.events->read_all(st.cursor, st.settings.batch);
    if (!read) {
      st.status = "failing";
      st.last_error = read.error().message;
      return;
    }
    const auto batch = upcast(std::move(read.value()));
    if (batch.empty()) {
      st.status = "running";
      st.last_error.clear();
      return;
    }
    if (auto handled = st.settings.handler->handle(batch); handled) {
      st.cursor = batch.back().cursor();
    } else if (auto alone = handle_one_by_one(st, batch); !alone) {
      st.status = "failing";
      st.last_error = alone.error().message;
      st.positioned = false; // read the position again: some of the batch may have been handled
      return;
    }
    st.status = "running";
    st.last_error.clear();
    if (batch.size() < st.settings.batch)
      return;
  }
  self->send(self, wake_atom::value); // more to read: continue after what else is waiting
}

} // namespace

caf::behavior subscription(caf::stateful_actor<subscription_state>* self, subscription_settings settings) {
  self->state.settings = std::move(settings);
  self->send(self, tick_atom::value);
  return {
    [=](tick_atom) {
      catch_up(self);
      self->delayed_send(self, self->state.settings.poll, tick_atom::value);
    },
    [=](wake_atom) { catch_up(self); },
    [=](rebuild_atom) {
      auto& st = self->state;
      // Only where it runs: the live tables are written by that node alone.
      if (!st.settings.rebuild || !runs_here(st.settings.leadership, st.settings.handler->name()))
        return;
      st.status = "rebuilding";
      auto rebuilt = st.settings.rebuild();
      st.status = rebuilt ? "running" : "failing";
      st.last_error = rebuilt ? "" : rebuilt.error().message;
      st.positioned = false; // the swapped-in tables come with their own cursor
    },
    [=](status_atom) {
      const auto& st = self->state;
      return nlohmann::json{{"name", st.settings.handler->name()},
                            {"position", st.cursor.position},
                            {"status", st.status},
                            {"error", st.last_error}}
        .dump();
    },
  };
}

} // namespace contoso::actors
