#pragma once
/// What the runtime needs to know to run a node of a cluster, and what it tells of the members; no CAF
/// here, so that the edge can read it through `runtime.hpp`.

#include <array>
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

/// What routing costs, counted by the routers of one node: commands and process inputs sent to another
/// node's gateway with the time to their answer, and the `moved` answers that made a router try again.
struct routing_figures {
  /// Upper bounds (ms) of the latency buckets; the last bucket counts everything slower.
  static constexpr std::array<double, 10> bounds{0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000};
  std::array<std::uint64_t, bounds.size() + 1> buckets{};
  std::uint64_t remote_sends = 0;
  double remote_seconds = 0; ///< sum of the remote sends' latencies
  std::uint64_t moved_retries = 0;
};

/// `routing_figures` shared between the routers and whoever reads them.
class routing_counters {
public:
  void remote_answered(std::chrono::steady_clock::duration took) {
    const double ms = std::chrono::duration<double, std::milli>(took).count();
    std::lock_guard<std::mutex> lock{mutex_};
    std::size_t bucket = 0;
    while (bucket < routing_figures::bounds.size() && ms > routing_figures::bounds[bucket])
      ++bucket;
    ++figures_.buckets[bucket];
    ++figures_.remote_sends;
    figures_.remote_seconds += ms / 1000;
  }
  void moved() {
    std::lock_guard<std::mutex> lock{mutex_};
    ++figures_.moved_retries;
  }
  routing_figures read() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return figures_;
  }

private:
  mutable std::mutex mutex_;
  routing_figures figures_;
};

} // namespace contoso::actors
