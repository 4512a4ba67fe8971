#pragma once
/// The base of the handlers that keep their position in the checkpoint store (the message log and the
/// policies), apart from the projections, whose cursor moves with their tables.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/event_handler.hpp"
#include "actors/fault_injection.hpp"
#include "persistence/checkpoint_store.hpp"

namespace contoso::actors {

/// A handler whose position is a row in the checkpoint store, written after each batch: what it does
/// must be safe to repeat, because a crash between the work and the checkpoint repeats it.
class checkpointed : public event_handler {
public:
  checkpointed(persistence::checkpoint_store& checkpoints, std::string name)
    : checkpoints_(checkpoints), name_(std::move(name)) {}

  const std::string& name() const override { return name_; }
  persistence::result<persistence::global_cursor> position() override { return checkpoints_.read(name_); }

  persistence::result<void> handle(const std::vector<persistence::recorded_event>& events) override {
    for (const auto& event : events)
      if (auto done = guarded(event); !done)
        return done;
    fault_point("handler_handled");
    return checkpoints_.write(name_, events.back().cursor());
  }

  persistence::result<void> skip(const persistence::recorded_event& event) override {
    return checkpoints_.write(name_, event.cursor());
  }
  persistence::result<void> retry(const persistence::recorded_event& event) override { return guarded(event); }

protected:
  virtual persistence::result<void> on(const persistence::recorded_event& event) = 0;

private:
  /// An event of an unexpected shape fails like any other error, so it ends in the dead letters.
  persistence::result<void> guarded(const persistence::recorded_event& event) {
    try {
      return on(event);
    } catch (const nlohmann::json::exception& malformed) {
      return persistence::persistence_error{name_ + ": " + event.event.type + " at position "
                                            + std::to_string(event.position) + ": " + malformed.what()};
    }
  }

  persistence::checkpoint_store& checkpoints_;
  std::string name_;
};

} // namespace contoso::actors
