#pragma once
/// The cluster's tables in PostgreSQL: `cluster_members` and `shard_owners` (migration 013).

#include <memory>

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
  result<std::map<std::string, std::string>> singleton_holders(const std::vector<std::string>& names) override;
  result<void> fence(const std::vector<std::string>& node_ids) override;

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

class connection;

/// singleton_leases as advisory locks on a connection of their own, named after the node (its
/// `application_name`), so that `membership_store::singleton_holders` can tell who holds what. It
/// opens on first use and again after it was lost.
class singleton_leases : public persistence::singleton_leases {
public:
  singleton_leases(database_settings settings, std::string node_id);
  ~singleton_leases() override;

  singleton_leases(const singleton_leases&) = delete;
  singleton_leases& operator=(const singleton_leases&) = delete;

  result<bool> take(const std::string& name) override;
  result<void> alive() override;
  void release_all() override;

private:
  database_settings settings_;
  std::string node_id_;
  std::unique_ptr<connection> conn_;
};

} // namespace contoso::persistence::pg
