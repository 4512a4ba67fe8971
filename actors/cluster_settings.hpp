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

  std::string node_address() const { return node_host + ":" + std::to_string(node_port); }
};

/// The members as this node last read them, each `down` once its heartbeat lapsed; shared between the
/// membership actor, which writes it, and whoever asks the runtime.
class member_list {
public:
  void replace(std::vector<persistence::cluster_member> members) {
    std::lock_guard<std::mutex> lock{mutex_};
    members_ = std::move(members);
  }
  std::vector<persistence::cluster_member> members() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return members_;
  }

private:
  mutable std::mutex mutex_;
  std::vector<persistence::cluster_member> members_;
};

} // namespace contoso::actors
