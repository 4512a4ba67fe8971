#include "persistence/memory/dead_letter_store.hpp"

#include <chrono>

namespace contoso::persistence::memory {

result<std::int64_t> dead_letter_store::add(const dead_letter& letter) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto id = ++last_id_;
  entries_[id] = dead_letter_entry{id, letter, dead_letter_status::dead,
                                   std::chrono::time_point_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now())};
  return id;
}

result<std::vector<dead_letter_entry>> dead_letter_store::list(std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<dead_letter_entry> newest_first;
  for (auto entry = entries_.rbegin(); entry != entries_.rend() && newest_first.size() < limit; ++entry)
    newest_first.push_back(entry->second);
  return newest_first;
}

result<std::optional<dead_letter_entry>> dead_letter_store::take_for_retry(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end())
    return std::optional<dead_letter_entry>();
  found->second.status = dead_letter_status::retrying;
  return std::optional<dead_letter_entry>(found->second);
}

result<bool> dead_letter_store::remove(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.erase(id) > 0;
}

} // namespace contoso::persistence::memory
