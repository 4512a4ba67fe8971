#pragma once
/// A small fixed-size pool of connections. A connection opens on first use; one found broken (closed
/// by the server, left in a transaction, timed out) is discarded and a fresh one takes its place.
/// Waiting for a free connection is bounded by the call timeout.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include "persistence/database.hpp"
#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

/// At most `pool_size` connections, lent out one caller at a time.
class pool {
public:
  explicit pool(database_settings settings);
  ~pool();

  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

  /// A borrowed connection, given back (or discarded when broken) on destruction.
  class lease {
  public:
    lease(pool& owner, std::size_t slot, std::unique_ptr<connection> conn)
      : owner_(&owner), slot_(slot), conn_(std::move(conn)) {}
    lease(lease&& other) noexcept = default;
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease();

    connection& operator*() { return *conn_; }
    connection* operator->() { return conn_.get(); }

  private:
    pool* owner_;
    std::size_t slot_;
    std::unique_ptr<connection> conn_;
  };

  /// A connection, waiting at most the call timeout for one to be free; throws sql_error.
  lease acquire();

  /// Runs `work(connection&)` on a borrowed connection; a sql_error becomes a persistence_error.
  template <class Work>
  auto run(Work&& work) -> result<std::invoke_result_t<Work&, connection&>> {
    try {
      auto conn = acquire();
      if constexpr (std::is_void_v<std::invoke_result_t<Work&, connection&>>) {
        work(*conn);
        return {};
      } else {
        return work(*conn);
      }
    } catch (const sql_error& error) {
      return to_persistence_error(error);
    }
  }

  pool_usage usage() const;
  const database_settings& settings() const { return settings_; }

private:
  void give_back(std::size_t slot, std::unique_ptr<connection> conn);

  database_settings settings_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<connection>> idle_; ///< per slot: an open idle connection, or null
  std::vector<bool> busy_;
  std::size_t in_use_ = 0;
  std::uint64_t waits_ = 0;
  std::uint64_t replaced_ = 0;
};

} // namespace contoso::persistence::pg
