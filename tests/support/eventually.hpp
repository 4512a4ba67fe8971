#pragma once
/// Waiting for an eventually consistent system: tests wait for the state they expect, not for a time.

#include <chrono>
#include <functional>
#include <thread>

namespace contoso::testing {

/// Waits (up to `limit`, 30 s unless told) until `holds()`; false when it never did.
inline bool eventually(const std::function<bool()>& holds,
                       std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (!holds()) {
    if (std::chrono::steady_clock::now() > give_up)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

} // namespace contoso::testing
