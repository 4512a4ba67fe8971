#pragma once
/// Dead letters in memory, for tests of the layers above: same rules as pg::dead_letter_store.

#include <map>
#include <mutex>

#include "persistence/dead_letter_store.hpp"

namespace contoso::persistence::memory {

/// dead_letter_store in a map by id.
class dead_letter_store : public persistence::dead_letter_store {
public:
  result<std::int64_t> add(const dead_letter& letter) override;
  result<std::vector<dead_letter_entry>> list(std::size_t limit) override;
  result<std::optional<dead_letter_entry>> take_for_retry(std::int64_t id) override;
  result<bool> remove(std::int64_t id) override;

private:
  mutable std::mutex mutex_;
  std::map<std::int64_t, dead_letter_entry> entries_;
  std::int64_t last_id_ = 0;
};

} // namespace contoso::persistence::memory
