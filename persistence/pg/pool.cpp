#include "persistence/pg/pool.hpp"

#include <algorithm>
#include <chrono>

namespace contoso::persistence::pg {

pool::pool(database_settings settings)
  : settings_(std::move(settings)), idle_(std::max<std::size_t>(settings_.pool_size, 1)),
    busy_(idle_.size(), false) {}

pool::~pool() = default;

pool::lease::~lease() {
  if (conn_)
    owner_->give_back(slot_, std::move(conn_));
}

pool::lease pool::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  auto free_slot = [this] { return std::find(busy_.begin(), busy_.end(), false); };
  if (free_slot() == busy_.end()) {
    ++waits_;
    const auto deadline = std::chrono::steady_clock::now() + settings_.call_timeout;
    if (!freed_.wait_until(lock, deadline, [&] { return free_slot() != busy_.end(); }))
      throw sql_error(sqlstate::client_timeout, "timed out waiting for a database connection");
  }
  const auto slot = static_cast<std::size_t>(free_slot() - busy_.begin());
  busy_[slot] = true;
  ++in_use_;
  auto conn = std::move(idle_[slot]);
  lock.unlock();

  if (conn && !conn->idle_and_healthy()) {
    conn.reset();
    std::lock_guard<std::mutex> count(mutex_);
    ++replaced_;
  }
  if (!conn) {
    try {
      conn = connection::open(settings_.url, settings_.call_timeout);
    } catch (...) {
      give_back(slot, nullptr);
      throw;
    }
  }
  return lease(*this, slot, std::move(conn));
}

void pool::give_back(std::size_t slot, std::unique_ptr<connection> conn) {
  if (conn && conn->open() && !conn->idle_and_healthy()) {
    // Left inside a transaction by a failed call: roll it back, or give up on the connection.
    try {
      conn->exec("ROLLBACK");
    } catch (const sql_error&) {
    }
  }
  bool broken = conn && !conn->idle_and_healthy();
  if (broken)
    conn.reset();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (broken)
      ++replaced_;
    idle_[slot] = std::move(conn);
    busy_[slot] = false;
    --in_use_;
  }
  freed_.notify_one();
}

pool_usage pool::usage() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pool_usage{busy_.size(), in_use_, waits_, replaced_};
}

} // namespace contoso::persistence::pg
