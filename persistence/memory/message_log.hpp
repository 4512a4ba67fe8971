#pragma once
/// The message log in memory, for tests of the layers above. Everything logged is what query returns.

#include <mutex>
#include <vector>

#include "persistence/message_log.hpp"

namespace contoso::persistence::memory {

/// message_log in a vector.
class message_log : public persistence::message_log {
public:
  result<bool> log(const message_entry& entry) override;
  result<std::vector<logged_message>> query(const message_query& query) override;

private:
  std::mutex mutex_;
  std::vector<logged_message> logged_;
};

} // namespace contoso::persistence::memory
