#pragma once
/// The PostgreSQL database: its settings, its connection pool and its schema migrations. One object per
/// process; the pg stores borrow connections from it and must not outlive it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "persistence/result.hpp"

namespace contoso::persistence {

namespace pg {
class pool;
}

/// Where the database is and how patiently to use it.
struct database_settings {
  std::string url;            ///< a libpq connection string, `key=value ...` or `postgresql://...`
  std::size_t pool_size = 8;  ///< connections kept open, at most
  std::chrono::milliseconds call_timeout{5000}; ///< bounds connecting, waiting for a connection, and each statement
};

/// A snapshot of the pool's counters (for /metrics).
struct pool_usage {
  std::size_t size = 0;       ///< configured number of connections
  std::size_t in_use = 0;     ///< connections lent out right now
  std::uint64_t waits = 0;    ///< calls that had to wait for a free connection
  std::uint64_t replaced = 0; ///< broken connections that were discarded for a fresh one
};

/// Owns the connection pool. Connections open lazily, so constructing never fails even when the
/// server is down; calls report that as a persistence_error instead.
class database {
public:
  /// Never throws for an unreachable server: connections open on first use.
  explicit database(database_settings settings);
  ~database();

  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Applies the pending numbered migrations, in order, in one transaction under an advisory lock, so
  /// concurrent callers all succeed; returns how many it applied (0 when the schema was up to date).
  result<int> migrate();

  /// Whether the server answers and every migration this binary knows is applied (for /readyz).
  bool ready();

  /// The pool's counters.
  pool_usage usage() const;

  /// The settings this database was opened with.
  const database_settings& settings() const { return settings_; }

  /// The connection pool the pg stores draw from.
  pg::pool& connections() { return *pool_; }

private:
  database_settings settings_;
  std::unique_ptr<pg::pool> pool_;
};

} // namespace contoso::persistence
