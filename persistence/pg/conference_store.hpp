#pragma once
/// The conference store in PostgreSQL (tables `conferences`, `seat_types`, and `events`).

#include "persistence/conference_store.hpp"
#include "persistence/database.hpp"

namespace contoso::persistence::pg {

/// conference_store over tables `conferences` and `seat_types`; the events go to `events`.
class conference_store : public persistence::conference_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit conference_store(database& db) : db_(db) {}

  result<conference_save_result> save(const management::conference::state& after, std::int64_t expected_version,
                                      std::vector<new_event> events, const std::string& command_id,
                                      const std::string& conference_id) override;
  result<std::optional<stored_conference>> find(const std::string& conference_id) override;
  result<std::optional<stored_conference>> find_by_slug(const std::string& slug) override;
  result<std::vector<std::string>> find_by_owner(const std::string& email, const std::string& access_code) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
