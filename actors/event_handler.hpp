#pragma once
/// Something that follows the global order of events: a projection, a policy that turns events into
/// commands, the message log, the registration processes. A subscription actor feeds it batches in
/// order and retries what fails; the handler keeps its own position, so a restart resumes there and a
/// batch delivered again changes nothing.

#include <string>
#include <vector>

#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::actors {

class event_handler {
public:
  virtual ~event_handler() = default;

  /// Its name: the subscription's and the checkpoint's.
  virtual const std::string& name() const = 0;
  /// Where it stopped: the cursor of the last event it handled.
  virtual persistence::result<persistence::global_cursor> position() = 0;
  /// Handles `events` (in the global order, all after its position) and records its new position.
  virtual persistence::result<void> handle(const std::vector<persistence::recorded_event>& events) = 0;
  /// Moves its position past `event` without handling it (it went to the dead letters).
  virtual persistence::result<void> skip(const persistence::recorded_event& event) = 0;
  /// Handles a dead letter again, out of order; its position does not move.
  virtual persistence::result<void> retry(const persistence::recorded_event& event) = 0;
};

} // namespace contoso::actors
