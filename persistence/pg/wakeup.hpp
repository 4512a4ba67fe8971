#pragma once
/// Wakes a follower of the global order when events commit (LISTEN events / NOTIFY from the trigger of
/// migration 002). It only says "look again": the follower reads with read_all. It has a dedicated
/// connection outside the pool, opened on first use and reopened after a failure.

#include <chrono>
#include <memory>

#include "persistence/database.hpp"
#include "persistence/wakeup.hpp"

namespace contoso::persistence::pg {

class connection;

/// wakeup as a LISTEN on `events`, on a connection of its own.
class wakeup : public persistence::wakeup {
public:
  explicit wakeup(database_settings settings);
  ~wakeup() override;

  wakeup(const wakeup&) = delete;
  wakeup& operator=(const wakeup&) = delete;

  /// Connects too, if not connected.
  result<void> listen() override;
  result<bool> wait(std::chrono::milliseconds timeout) override;

private:
  database_settings settings_;
  std::unique_ptr<connection> conn_;
};

} // namespace contoso::persistence::pg
