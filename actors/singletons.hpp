#pragma once
/// The cluster's singletons (shared/CLUSTER.md "Singletons"): each subscription and the deadline actor
/// runs on one node at a time, the one holding its lease (a PostgreSQL advisory lock). Every node starts
/// them all; on a node that does not hold a singleton's lease it stands by, and it starts from the stored
/// checkpoint once the node takes the lease, as when the node that held it died and its connection closed.

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "persistence/cluster_store.hpp"

namespace contoso::actors {

/// Which singletons this node runs now: written by the keeper, read by the singletons on their threads.
class singleton_leadership {
public:
  bool leads(const std::string& name) const {
    std::lock_guard<std::mutex> lock{mutex_};
    return led_.count(name) > 0;
  }
  void lead(const std::string& name) {
    std::lock_guard<std::mutex> lock{mutex_};
    led_.insert(name);
  }
  void lose_all() {
    std::lock_guard<std::mutex> lock{mutex_};
    led_.clear();
  }

private:
  mutable std::mutex mutex_;
  std::set<std::string> led_;
};

/// Whether a singleton runs here: always on a node alone (`leadership` null), else while this node holds
/// its lease.
inline bool runs_here(const std::shared_ptr<const singleton_leadership>& leadership, const std::string& name) {
  return !leadership || leadership->leads(name);
}

/// The name of the deadline actor's lease.
inline constexpr const char* deadlines_singleton = "deadlines";

/// Spawns the keeper (detached: it waits on the database): every `every` it takes the leases of `names`
/// that are free and checks that its connection stands; when that was lost, this node runs none until
/// it takes them again. Once it stops, this node runs none; the leases stay taken until
/// `leases.release_all()`, called once the singletons have stopped, so that no other node starts one
/// while this node's still finishes a batch.
caf::actor start_singleton_keeper(caf::actor_system& system, persistence::singleton_leases& leases,
                                  std::vector<std::string> names, std::shared_ptr<singleton_leadership> leadership,
                                  std::chrono::milliseconds every);

} // namespace contoso::actors
