#pragma once
/// The cluster's book of record (shared/CLUSTER.md): who the members are, with their heartbeats, and
/// which member owns each shard of actor ids. Ages are measured by the database's clock, so the nodes'
/// clocks need not agree.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "persistence/result.hpp"

namespace contoso::persistence {

/// A member's own word on where it stands; `down` is also what a lapsed heartbeat means.
enum class member_status { joining, up, leaving, down };

std::string_view to_string(member_status status);
std::optional<member_status> member_status_from_string(std::string_view text);

/// A cluster member as the table has it.
struct cluster_member {
  std::string node_id;
  std::string http_address; ///< `host:port` of its HTTP edge
  std::string node_address; ///< `host:port` of its actor system
  member_status status = member_status::joining;
  std::chrono::milliseconds heartbeat_age{0};
  std::string started_at; ///< ISO-8601
};

/// Who owns a shard: `node_id` absent when nobody does (never taken, or handed over).
struct shard_owner {
  int shard = 0;
  std::optional<std::string> node_id;
  std::int64_t epoch = 0;
};

/// Membership: a node joins, refreshes its heartbeat (with its status) and reads the members.
class membership_store {
public:
  virtual ~membership_store() = default;

  /// Enters `self` as `joining` (again, after a restart under the same id), with a fresh heartbeat.
  virtual result<void> join(const cluster_member& self) = 0;
  /// Refreshes `node_id`'s heartbeat and sets its status.
  virtual result<void> heartbeat(const std::string& node_id, member_status status) = 0;
  /// Every member, oldest first, with its heartbeat's age.
  virtual result<std::vector<cluster_member>> members() = 0;
  /// Which node holds the lease of each of the singletons `names` (name -> node id; a free one is
  /// missing), read from any connection.
  virtual result<std::map<std::string, std::string>> singleton_holders(const std::vector<std::string>& names) = 0;
  /// Records `node_ids` (members whose heartbeat lapsed) as down and closes their leases' connections, so
  /// that their singletons move even when such a node only stalls (stopped, not dead) and its connection
  /// stays open. A node that comes back says it is up again with its next heartbeat.
  virtual result<void> fence(const std::vector<std::string>& node_ids) = 0;
};

/// Shard ownership: read the owners, take a shard by raising its epoch, hand one over.
class shard_ownership_store {
public:
  virtual ~shard_ownership_store() = default;

  /// Every shard below `shard_count` with its owner (shards never taken: no owner, epoch 0).
  virtual result<std::vector<shard_owner>> owners(int shard_count) = 0;
  /// Makes `node_id` the owner of `shard` if its epoch is still `seen_epoch`; the new epoch, or nullopt
  /// when another node moved it first.
  virtual result<std::optional<std::int64_t>> take(int shard, const std::string& node_id, std::int64_t seen_epoch) = 0;
  /// Hands `shard` over (no owner) if `node_id` still owns it at `epoch`; whether it did.
  virtual result<bool> release(int shard, const std::string& node_id, std::int64_t epoch) = 0;
};

/// The leases of the cluster's singletons (the subscriptions, the deadline actor): PostgreSQL session
/// advisory locks held on one connection of the node's own. They all go when that connection closes, as
/// when the node dies, so another node can take them. Used by one thread.
class singleton_leases {
public:
  virtual ~singleton_leases() = default;

  /// Takes the lease of `name` when free; whether this node holds it now. An error means the connection
  /// was lost, and with it every lease this node held.
  virtual result<bool> take(const std::string& name) = 0;
  /// Whether the leases' connection still stands (an error: it was lost, and every lease with it).
  virtual result<void> alive() = 0;
  /// Gives every lease back.
  virtual void release_all() = 0;
};

} // namespace contoso::persistence
