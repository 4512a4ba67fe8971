#include "persistence/memory/deadline_store.hpp"

#include <algorithm>

namespace contoso::persistence::memory {

result<void> deadline_store::schedule(const deadline& due) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_[due.id] = due;
  scheduled_.push_back(due);
  return {};
}

result<std::vector<deadline>> deadline_store::due(instant now, std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<deadline> found;
  for (const auto& [id, pending] : pending_)
    if (pending.due_at <= now)
      found.push_back(pending);
  std::sort(found.begin(), found.end(), [](const deadline& a, const deadline& b) {
    return std::tie(a.due_at, a.id) < std::tie(b.due_at, b.id);
  });
  if (found.size() > limit)
    found.resize(limit);
  return found;
}

result<bool> deadline_store::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.erase(id) == 0)
    return false;
  removed_.push_back(id);
  return true;
}

std::vector<deadline> deadline_store::scheduled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scheduled_;
}

std::vector<std::string> deadline_store::removed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return removed_;
}

} // namespace contoso::persistence::memory
