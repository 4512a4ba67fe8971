#include "persistence/memory/message_log.hpp"

#include <algorithm>
#include <chrono>

namespace contoso::persistence::memory {

result<bool> message_log::log(const message_entry& entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto same = [&](const logged_message& earlier) {
    return earlier.entry.kind == entry.kind && earlier.entry.message_id == entry.message_id;
  };
  if (std::any_of(logged_.begin(), logged_.end(), same))
    return false;
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  logged_.push_back(logged_message{static_cast<std::int64_t>(logged_.size()) + 1, entry, now});
  return true;
}

result<std::vector<logged_message>> message_log::query(const message_query& query) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto limit = std::min(query.limit, message_query::max_limit);
  std::vector<logged_message> found;
  for (const auto& message : logged_) {
    if (found.size() >= limit)
      break;
    if (message.position > query.after && (!query.kind || message.entry.kind == *query.kind)
        && (!query.type || message.entry.type == *query.type)
        && (!query.source_id || message.entry.source_id == *query.source_id))
      found.push_back(message);
  }
  return found;
}

} // namespace contoso::persistence::memory
