#pragma once
/// The event store in PostgreSQL (table `events`, migration 001).

#include "persistence/database.hpp"
#include "persistence/event_store.hpp"

namespace contoso::persistence::pg {

/// event_store over table `events`.
class event_store : public persistence::event_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit event_store(database& db) : db_(db) {}

  result<std::vector<recorded_event>> read_stream(const std::string& stream_id,
                                                  std::int64_t from_version = 1) override;
  result<append_result> append(const std::string& stream_id, std::int64_t expected_version,
                               std::vector<new_event> events, const std::string& command_id) override;
  result<std::vector<recorded_event>> read_all(global_cursor after, std::size_t limit) override;
  result<std::vector<recorded_event>> read_commands(const std::string& stream_id,
                                                    const std::vector<std::string>& command_ids) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
