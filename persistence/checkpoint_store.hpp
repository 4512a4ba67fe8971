#pragma once
/// How far each subscription has followed the global order of events.

#include <string>

#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// Reads and saves subscriptions' cursors.
class checkpoint_store {
public:
  virtual ~checkpoint_store() = default;

  /// The subscription's cursor: where it stopped, or the start `{}` when it never saved one.
  virtual result<global_cursor> read(const std::string& subscription) = 0;
  /// Saves the subscription's cursor (the cursor() of the last event it handled).
  virtual result<void> write(const std::string& subscription, global_cursor at) = 0;
};

} // namespace contoso::persistence
