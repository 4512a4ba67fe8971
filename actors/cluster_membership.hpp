#pragma once
/// A node's membership of the cluster (shared/CLUSTER.md "Membership"), for a node started with a node
/// port: it publishes the node's actor system there, enters itself in the membership table as `joining`,
/// connects to the seeds and to every live member, turns `up` once it reaches them all, and refreshes its
/// heartbeat every beat. A member whose heartbeat is older than the member timeout is down for everyone;
/// a lost connection makes the node read the table at once instead of at the next beat.
///
/// Each beat of an `up` node also settles shard ownership (shared/CLUSTER.md "Placement"): it takes a
/// shard whose rendezvous home it is when the recorded owner is none (never taken, or handed over) or no
/// longer live, raising the epoch; and it hands over a shard it owns whose home is now another member.
/// It then tells the routers where every shard lives (`shard_homes`) and the runtime what moved.
///
/// Leaving (`leave_atom`): the node reads `leaving`, so the others stop choosing it as a home;
/// `release_atom`, once its actors are drained, hands its shards over.

#include <functional>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/cluster_settings.hpp"
#include "actors/shard_homes.hpp"

namespace contoso::actors {

/// Told, on the membership actor's thread, which shards this node took and which it lost.
using shard_moves = std::function<void(const std::vector<int>& taken, const std::vector<int>& lost)>;

/// Spawns the membership actor (detached: it waits on the database and on connections) after
/// publishing `gateway` on the node port; throws std::runtime_error when the port cannot be bound.
caf::actor start_membership(caf::actor_system& system, const caf::actor& gateway, cluster_settings settings,
                            persistence::membership_store& members, persistence::shard_ownership_store& shards,
                            std::shared_ptr<cluster_view_cell> seen, std::shared_ptr<shard_homes> homes,
                            shard_moves moved);

} // namespace contoso::actors
