#pragma once
/// Where each shard lives, as this node last read the shard owners, and the gateways of the nodes it is
/// connected to. The membership actor rewrites it every beat; the routers and the gateway read it from
/// other threads.

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>

#include "persistence/cluster_store.hpp"

namespace contoso::actors {

class shard_homes {
public:
  /// Where to send a message for a shard: here, or the gateway of the node that owns it.
  struct home {
    bool here = false;
    caf::actor gateway; ///< set when not here
  };

  shard_homes(std::string self, int shard_count) : self_(std::move(self)), shard_count_(shard_count) {}

  int shard_count() const { return shard_count_; }
  /// The shard of an actor id.
  int shard_of(const std::string& actor_id) const;

  /// The home of `shard`; nullopt when it has none this node can reach now (nobody owns it, its owner is
  /// not connected, or it is this node's and being handed over): the caller waits and asks again.
  std::optional<home> home_of(int shard) const;
  /// Whether this node owns `shard` and takes messages for it.
  bool takes(int shard) const;

  /// The gateways of the connected nodes, by node id.
  std::unordered_map<std::string, caf::actor> gateways() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return gateways_;
  }

  /// The owners as read, and the gateways of the connected nodes by node id.
  void update(const std::vector<persistence::shard_owner>& owners,
              std::unordered_map<std::string, caf::actor> gateways);
  /// From now on this node takes no message for its shards (it is handing them over).
  void stop_taking();

private:
  const std::string self_;
  const int shard_count_;
  mutable std::mutex mutex_;
  std::vector<std::optional<std::string>> owners_;
  std::unordered_map<std::string, caf::actor> gateways_;
  bool taking_ = true;
};

} // namespace contoso::actors
