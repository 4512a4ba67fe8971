#pragma once
/// Wakes a follower of the global order when events commit (LISTEN events / NOTIFY from the trigger of
/// migration 002). It only says "look again": the follower reads with read_all. It has a dedicated
/// connection outside the pool, opened on first use and reopened after a failure.

#include <chrono>
#include <memory>

#include "persistence/database.hpp"

namespace contoso::persistence::pg {

class connection;

/// A LISTEN on `events`, on a connection of its own.
class wakeup {
public:
  explicit wakeup(database_settings settings);
  ~wakeup();

  wakeup(const wakeup&) = delete;
  wakeup& operator=(const wakeup&) = delete;

  /// Connects and starts listening, if not already. Call it before the first read so that no
  /// commit between that read and the first wait goes unnoticed.
  result<void> listen();
  /// Whether events committed since listening began or since the previous wait returned true:
  /// returns true as soon as that is so, false after `timeout` without.
  result<bool> wait(std::chrono::milliseconds timeout);

private:
  database_settings settings_;
  std::unique_ptr<connection> conn_;
};

} // namespace contoso::persistence::pg
