#pragma once
/// Where an actor lives in a cluster (shared/CLUSTER.md "Placement"): its id hashes to one of a fixed
/// number of shards, and each shard's home is chosen by rendezvous hashing over the members that are up.
/// Orders and their registration processes share the order id, a conference and its SeatsAvailability
/// the conference id, so each pair shares a home. Every node computes the same map from the same members,
/// so no coordinator is needed; a member joining or leaving moves only the shards it wins or loses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace contoso::actors {

/// 64-bit FNV-1a with a final mix: the same on every node and every build (unlike `std::hash`).
std::uint64_t stable_hash(std::string_view text);

/// The shard of an actor id, in [0, shard_count).
int shard_of(std::string_view actor_id, int shard_count);

/// The home of `shard` among `members` (node ids): the one with the highest hash of (shard, node id);
/// nullopt when there is no member.
std::optional<std::string> rendezvous_home(int shard, const std::vector<std::string>& members);

} // namespace contoso::actors
