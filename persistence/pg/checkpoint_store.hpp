#pragma once
/// The checkpoint store in PostgreSQL (table `checkpoints`).

#include "persistence/database.hpp"
#include "persistence/checkpoint_store.hpp"

namespace contoso::persistence::pg {

/// checkpoint_store over table `checkpoints`.
class checkpoint_store : public persistence::checkpoint_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit checkpoint_store(database& db) : db_(db) {}

  result<global_cursor> read(const std::string& subscription) override;
  result<void> write(const std::string& subscription, global_cursor at) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
