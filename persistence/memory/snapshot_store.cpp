#include "persistence/memory/snapshot_store.hpp"

namespace contoso::persistence::memory {

result<std::optional<snapshot>> snapshot_store::read_latest(const std::string& stream_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = latest_.find(stream_id);
  if (found == latest_.end())
    return std::optional<snapshot>();
  return std::optional<snapshot>(found->second);
}

result<void> snapshot_store::write(const snapshot& taken) {
  std::lock_guard<std::mutex> lock(mutex_);
  writes_.push_back(taken);
  auto [current, added] = latest_.emplace(taken.stream_id, taken);
  if (!added && current->second.version <= taken.version)
    current->second = taken;
  return {};
}

std::vector<snapshot> snapshot_store::writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_;
}

} // namespace contoso::persistence::memory
