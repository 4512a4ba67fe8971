#include "http/schema_migration.hpp"

#include <algorithm>
#include <string>

namespace contoso::http {

namespace {
constexpr std::chrono::seconds longest_pause{10};
}

schema_migration::schema_migration(persistence::database& database, const logger& log)
  : database_(database), log_(log) {
  if (!attempt())
    retrier_ = std::thread([this] { retry(); });
}

schema_migration::~schema_migration() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopped_ = true;
  }
  stopping_.notify_all();
  if (retrier_.joinable())
    retrier_.join();
}

bool schema_migration::attempt() {
  auto applied = database_.migrate();
  if (applied.ok()) {
    log_.info("database schema is up to date (" + std::to_string(applied.value()) + " migrations applied now)");
    return true;
  }
  log_.warn("database unavailable, migrations not applied yet: " + applied.error().message + "; retrying in " +
            std::to_string(pause_.count()) + "s");
  return false;
}

void schema_migration::retry() {
  std::unique_lock<std::mutex> lock{mutex_};
  while (!stopping_.wait_for(lock, pause_, [this] { return stopped_; })) {
    lock.unlock();
    pause_ = std::min(pause_ * 2, longest_pause);
    auto done = attempt();
    lock.lock();
    if (done)
      return;
  }
}

} // namespace contoso::http
