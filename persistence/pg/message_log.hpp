#pragma once
/// The message log in PostgreSQL (table `messages`).

#include "persistence/database.hpp"
#include "persistence/message_log.hpp"

namespace contoso::persistence::pg {

/// message_log over table `messages`.
class message_log : public persistence::message_log {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit message_log(database& db) : db_(db) {}

  result<bool> log(const message_entry& entry) override;
  result<std::vector<logged_message>> query(const message_query& query) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
