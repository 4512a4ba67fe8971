#pragma once
/// Process managers' state in memory, for tests of the layers above: same rules as pg::process_store.
/// Deadline changes go to the deadline store it is given, so they show up in its `due`.

#include <map>
#include <mutex>

#include "persistence/deadline_store.hpp"
#include "persistence/process_store.hpp"

namespace contoso::persistence::memory {

/// process_store in a map; one lock makes each save all-or-nothing.
class process_store : public persistence::process_store {
public:
  /// Applies deadline changes to `deadlines`, which must outlive this store.
  explicit process_store(persistence::deadline_store& deadlines) : deadlines_(deadlines) {}

  result<std::optional<process_record>> load(const std::string& process_id) override;
  result<process_save_result> save(const process_record& record, std::int64_t expected_revision,
                                   const deadline_changes& deadlines) override;
  result<void> mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) override;
  result<std::vector<process_record>> with_owed(std::size_t limit) override;

private:
  mutable std::mutex mutex_;
  persistence::deadline_store& deadlines_;
  std::map<std::string, process_record> records_;
};

} // namespace contoso::persistence::memory
