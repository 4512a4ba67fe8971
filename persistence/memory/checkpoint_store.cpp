#include "persistence/memory/checkpoint_store.hpp"

namespace contoso::persistence::memory {

result<global_cursor> checkpoint_store::read(const std::string& subscription) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = cursors_.find(subscription);
  return found == cursors_.end() ? global_cursor{} : found->second;
}

result<void> checkpoint_store::write(const std::string& subscription, global_cursor at) {
  std::lock_guard<std::mutex> lock(mutex_);
  cursors_[subscription] = at;
  writes_.emplace_back(subscription, at);
  return {};
}

std::vector<std::pair<std::string, global_cursor>> checkpoint_store::writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_;
}

} // namespace contoso::persistence::memory
