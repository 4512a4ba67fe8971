#pragma once
/// Brings the schema up to date when `serve` starts. The server listens either way: while the database
/// is unreachable this keeps retrying in the background, logs why, and /readyz answers 503.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/logger.hpp"
#include "persistence/database.hpp"

namespace contoso::http {

/// Lives as long as `serve`: constructing it migrates or starts the retries; destroying it stops them.
class schema_migration {
public:
  /// Tries once before returning; on failure, retries on its own thread with growing pauses.
  schema_migration(persistence::database& database, const logger& log);
  /// Stops retrying; waits for an attempt under way.
  ~schema_migration();
  schema_migration(const schema_migration&) = delete;
  schema_migration& operator=(const schema_migration&) = delete;

private:
  bool attempt();
  void retry();

  persistence::database& database_;
  const logger& log_;
  std::chrono::seconds pause_{1};
  std::mutex mutex_;
  std::condition_variable stopping_;
  bool stopped_ = false;
  std::thread retrier_;
};

} // namespace contoso::http
