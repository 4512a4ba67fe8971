#pragma once
/// The snapshot store in PostgreSQL (table `snapshots`).

#include "persistence/database.hpp"
#include "persistence/snapshot_store.hpp"

namespace contoso::persistence::pg {

/// snapshot_store over table `snapshots`.
class snapshot_store : public persistence::snapshot_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit snapshot_store(database& db) : db_(db) {}

  result<std::optional<snapshot>> read_latest(const std::string& stream_id) override;
  result<void> write(const snapshot& taken) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
