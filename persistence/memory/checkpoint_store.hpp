#pragma once
/// Checkpoints in memory, for tests of the layers above; records every write.

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "persistence/checkpoint_store.hpp"

namespace contoso::persistence::memory {

/// checkpoint_store in a map.
class checkpoint_store : public persistence::checkpoint_store {
public:
  result<global_cursor> read(const std::string& subscription) override;
  result<void> write(const std::string& subscription, global_cursor at) override;

  /// Every (subscription, cursor) written, in order.
  std::vector<std::pair<std::string, global_cursor>> writes() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, global_cursor> cursors_;
  std::vector<std::pair<std::string, global_cursor>> writes_;
};

} // namespace contoso::persistence::memory
