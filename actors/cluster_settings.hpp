#pragma once
/// What the runtime needs to know to run a node of a cluster, and what it tells of the members; no CAF
/// here, so that the edge can read it through `runtime.hpp`.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "persistence/cluster_store.hpp"

namespace contoso::actors {

/// Who this node is in the cluster and how it finds the others.
struct cluster_settings {
  std::string node_id;      ///< fresh at every start
  std::string node_host;    ///< where the node port binds and others reach it
  std::uint16_t node_port = 0;
  std::string http_address; ///< `host:port` of this node's HTTP edge
  std::vector<std::string> seeds;
  std::chrono::milliseconds member_timeout{3000};
  std::chrono::milliseconds heartbeat{1000};
  int shard_count = 64;

  std::string node_address() const { return node_host + ":" + std::to_string(node_port); }
};

/// The cluster as this node last read it: the members (each `down` once its heartbeat lapsed) and the
/// owner of each shard. The membership actor writes it; whoever asks the runtime reads it.
struct cluster_view {
  std::vector<persistence::cluster_member> members;
  std::vector<persistence::shard_owner> shards;
};

/// A `cluster_view` shared between threads.
class cluster_view_cell {
public:
  void replace(cluster_view seen) {
    std::lock_guard<std::mutex> lock{mutex_};
    seen_ = std::move(seen);
  }
  cluster_view read() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return seen_;
  }

private:
  mutable std::mutex mutex_;
  cluster_view seen_;
};

} // namespace contoso::actors
