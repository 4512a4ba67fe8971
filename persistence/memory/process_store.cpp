#include "persistence/memory/process_store.hpp"

#include <algorithm>

namespace contoso::persistence::memory {

result<std::optional<process_record>> process_store::load(const std::string& process_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = records_.find(process_id);
  if (found == records_.end())
    return std::optional<process_record>();
  return std::optional<process_record>(found->second);
}

result<process_save_result> process_store::save(const process_record& record, std::int64_t expected_revision,
                                                 const deadline_changes& deadlines) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = records_.find(record.process_id);
  const std::int64_t stored = found == records_.end() ? 0 : found->second.revision;
  if (stored != expected_revision)
    return process_save_result{process_save_result::conflict, stored};

  // The deadline store in memory cannot fail; with another one a failure here would leave the
  // deadline changes half applied, which only PostgreSQL's transaction can rule out.
  for (const auto& id : deadlines.remove)
    if (auto removed = deadlines_.remove(id); !removed.ok())
      return removed.error();
  for (const auto& due : deadlines.schedule)
    if (auto scheduled = deadlines_.schedule(due); !scheduled.ok())
      return scheduled.error();

  auto saved = record;
  saved.revision = expected_revision + 1;
  records_[record.process_id] = std::move(saved);
  return process_save_result{process_save_result::saved, expected_revision + 1};
}

result<void> process_store::mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = records_.find(process_id);
  if (found == records_.end())
    return {};
  auto& owed = found->second.owed;
  owed.erase(std::remove_if(owed.begin(), owed.end(),
                            [&](const owed_command& command) {
                              return std::find(command_ids.begin(), command_ids.end(), command.id)
                                     != command_ids.end();
                            }),
             owed.end());
  return {};
}

result<std::vector<process_record>> process_store::with_owed(std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<process_record> owing;
  for (const auto& [id, record] : records_) {
    if (owing.size() == limit)
      break;
    if (!record.owed.empty())
      owing.push_back(record);
  }
  return owing;
}

} // namespace contoso::persistence::memory
