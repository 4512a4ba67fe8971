#pragma once
/// The deadline store in PostgreSQL (table `deadlines`).

#include "persistence/database.hpp"
#include "persistence/deadline_store.hpp"

namespace contoso::persistence::pg {

/// deadline_store over table `deadlines`.
class deadline_store : public persistence::deadline_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit deadline_store(database& db) : db_(db) {}

  result<std::vector<deadline>> due(instant now, std::size_t limit) override;
  result<bool> remove(const std::string& id) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
