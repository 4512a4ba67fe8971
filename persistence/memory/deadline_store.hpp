#pragma once
/// Deadlines in memory, for tests of the layers above; records every schedule and removal.

#include <map>
#include <mutex>
#include <vector>

#include "persistence/deadline_store.hpp"

namespace contoso::persistence::memory {

/// deadline_store in a map.
class deadline_store : public persistence::deadline_store {
public:
  result<void> schedule(const deadline& due) override;
  result<std::vector<deadline>> due(instant now, std::size_t limit) override;
  result<bool> remove(const std::string& id) override;

  /// Every deadline scheduled, in order.
  std::vector<deadline> scheduled() const;
  /// Every id removed (that existed), in order.
  std::vector<std::string> removed() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, deadline> pending_;
  std::vector<deadline> scheduled_;
  std::vector<std::string> removed_;
};

} // namespace contoso::persistence::memory
