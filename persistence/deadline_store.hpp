#pragma once
/// Deadlines that must survive restarts (an order's expiry): rows with a due time, not timers.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/time.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// Something `owner` (an aggregate or process id) must be told at `due_at`.
struct deadline {
  std::string id;    ///< unique; scheduling the same id again replaces it
  std::string owner;
  std::string kind;  ///< what is due, e.g. `ExpireRegistrationProcess`
  instant due_at;
  nlohmann::json payload = nlohmann::json::object();
};

/// Deadline rows to change together, e.g. in the same transaction as a process's state.
struct deadline_changes {
  std::vector<deadline> schedule;   ///< added, or replacing the one with the same id
  std::vector<std::string> remove;  ///< ids of deadlines to drop (unknown ids are ignored)
};

/// Lists and removes deadlines. They are scheduled with the save of the process that owns them
/// (`process_store::save`), in its transaction.
class deadline_store {
public:
  virtual ~deadline_store() = default;

  /// Up to `limit` deadlines due at or before `now`, earliest first (ties by id).
  virtual result<std::vector<deadline>> due(instant now, std::size_t limit) = 0;
  /// Removes the deadline; false when there was none with that id.
  virtual result<bool> remove(const std::string& id) = 0;
};

} // namespace contoso::persistence
