#pragma once
/// One node of a cluster under test: `conference serve` with a node port, joining through seeds, which
/// can be stopped and started again on the same HTTP and node ports.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/http/conference_server.hpp"
#include "tests/http/free_port.hpp"
#include "tests/support/eventually.hpp"

namespace contoso::testing {

inline const std::string cluster_admin_token = "cluster-test-token";

struct cluster_node {
  int node_port = free_port();
  int http_port = free_port();
  std::unique_ptr<conference_server> server;

  /// Starts the node, joining through the nodes listening on the node ports `seeds`, with `extra` arguments.
  cluster_node(std::string database_url, const std::vector<int>& seeds, std::vector<std::string> extra = {})
    : database_url_(std::move(database_url)), extra_(std::move(extra)) {
    start(seeds);
  }

  /// Starts the node on its ports: again, once the previous process has exited.
  void start(const std::vector<int>& seeds) {
    std::string seed_list;
    for (auto seed : seeds)
      seed_list += (seed_list.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(seed);
    std::vector<std::string> arguments{"--node-port",   std::to_string(node_port), "--admin-token", cluster_admin_token,
                                       "--member-timeout-ms", "3000"};
    if (!seed_list.empty())
      arguments.insert(arguments.end(), {"--seeds", seed_list});
    arguments.insert(arguments.end(), extra_.begin(), extra_.end());
    server.reset();
    server = std::make_unique<conference_server>(http_port, database_url_, arguments);
  }

  /// An admin `GET` as this node answers it (null when it does not answer 200).
  nlohmann::json admin(const std::string& path) const {
    auto client = server->client();
    client.set_bearer_token_auth(cluster_admin_token.c_str());
    auto answer = client.Get(path.c_str());
    if (!answer || answer->status != 200)
      return nullptr;
    return nlohmann::json::parse(answer->body);
  }

  /// `GET /api/admin/cluster` as this node answers it (null when it does not).
  nlohmann::json cluster() const { return admin("/api/admin/cluster"); }

  /// The node its cluster says is the home of actor `id` of `type` now (empty when not answered).
  std::string home_of(const std::string& type, const std::string& id) const {
    auto seen = admin("/api/admin/actors/" + type + "/" + id);
    return seen.is_object() ? seen["node"].get<std::string>() : std::string();
  }

private:
  std::string database_url_;
  std::vector<std::string> extra_;
};

/// Each member's status by node id, as an answer of `/api/admin/cluster` lists them.
inline std::map<std::string, std::string> member_statuses(const nlohmann::json& seen) {
  std::map<std::string, std::string> found;
  if (seen.is_object())
    for (const auto& member : seen["nodes"])
      found[member["id"].get<std::string>()] = member["status"].get<std::string>();
  return found;
}

/// The ids of the members an answer of `/api/admin/cluster` lists as up.
inline std::set<std::string> members_up(const nlohmann::json& seen) {
  std::set<std::string> up;
  for (const auto& [id, status] : member_statuses(seen))
    if (status == "up")
      up.insert(id);
  return up;
}

/// How many shards each node owns in an answer of `/api/admin/cluster` (`""` counts those without owner).
inline std::map<std::string, int> shards_owned(const nlohmann::json& seen) {
  std::map<std::string, int> owned;
  if (seen.is_object())
    for (const auto& shard : seen["shards"])
      ++owned[shard["owner"].is_null() ? std::string() : shard["owner"].get<std::string>()];
  return owned;
}

/// Whether `node` sees exactly the members `up` up and every shard owned by one of them.
inline bool settled_on(const cluster_node& node, const std::set<std::string>& up) {
  auto seen = node.cluster();
  if (members_up(seen) != up)
    return false;
  auto owned = shards_owned(seen);
  if (owned.empty())
    return false;
  for (const auto& [owner, count] : owned)
    if (!up.count(owner))
      return false;
  return true;
}

/// Waits until every one of `nodes` sees all of them up and every shard owned by one of them; the
/// members' ids then (empty when that never came).
inline std::set<std::string> settled_members(const std::vector<const cluster_node*>& nodes) {
  std::set<std::string> up;
  if (!eventually([&] {
        up = members_up(nodes.front()->cluster());
        return up.size() == nodes.size();
      }))
    return {};
  for (const auto* node : nodes)
    if (!eventually([&] { return settled_on(*node, up); }))
      return {};
  return up;
}

} // namespace contoso::testing
