#pragma once
/// The process store in PostgreSQL (tables `processes`, `process_owed_commands`, and `deadlines`).

#include "persistence/database.hpp"
#include "persistence/process_store.hpp"

namespace contoso::persistence::pg {

/// process_store over tables `processes` and `process_owed_commands`; deadline changes go to `deadlines`.
class process_store : public persistence::process_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit process_store(database& db) : db_(db) {}

  result<std::optional<process_record>> load(const std::string& process_id) override;
  result<process_save_result> save(const process_record& record, std::int64_t expected_revision,
                                   const deadline_changes& deadlines) override;
  result<void> mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) override;
  result<std::vector<process_record>> with_owed(std::size_t limit) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
