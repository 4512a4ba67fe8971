#pragma once
/// Wakes a follower of the global order when events commit. It carries no data: it only says "look
/// again", and the follower reads with read_all.

#include <chrono>

#include "persistence/result.hpp"

namespace contoso::persistence {

/// A listener for "events committed"; one follower's, not shared between threads.
class wakeup {
public:
  virtual ~wakeup() = default;

  /// Starts listening, if not already. Call it before the first read so that no commit between that
  /// read and the first wait goes unnoticed.
  virtual result<void> listen() = 0;
  /// Whether events committed since listening began or since the previous wait returned true:
  /// returns true as soon as that is so, false after `timeout` without.
  virtual result<bool> wait(std::chrono::milliseconds timeout) = 0;
};

} // namespace contoso::persistence
