#pragma once
/// The cluster's tables in PostgreSQL: `cluster_members` and `shard_owners` (migration 013).

#include "persistence/cluster_store.hpp"
#include "persistence/database.hpp"

namespace contoso::persistence::pg {

/// membership_store over table `cluster_members`.
class membership_store : public persistence::membership_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit membership_store(database& db) : db_(db) {}

  result<void> join(const cluster_member& self) override;
  result<void> heartbeat(const std::string& node_id, member_status status) override;
  result<std::vector<cluster_member>> members() override;

private:
  database& db_;
};

/// shard_ownership_store over table `shard_owners`.
class shard_ownership_store : public persistence::shard_ownership_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit shard_ownership_store(database& db) : db_(db) {}

  result<std::vector<shard_owner>> owners(int shard_count) override;
  result<std::optional<std::int64_t>> take(int shard, const std::string& node_id, std::int64_t seen_epoch) override;
  result<bool> release(int shard, const std::string& node_id, std::int64_t epoch) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
