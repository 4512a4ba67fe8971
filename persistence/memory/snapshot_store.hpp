#pragma once
/// Snapshots in memory, for tests of the layers above; records every write.

#include <map>
#include <mutex>
#include <vector>

#include "persistence/snapshot_store.hpp"

namespace contoso::persistence::memory {

/// snapshot_store in a map.
class snapshot_store : public persistence::snapshot_store {
public:
  result<std::optional<snapshot>> read_latest(const std::string& stream_id) override;
  result<void> write(const snapshot& taken) override;

  /// Every snapshot written, in order, including ones an existing later snapshot kept out.
  std::vector<snapshot> writes() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, snapshot> latest_;
  std::vector<snapshot> writes_;
};

} // namespace contoso::persistence::memory
