#pragma once
/// One node of a cluster under test: `conference serve` with a node port, joining through seeds, which
/// can be stopped and started again on the same HTTP and node ports.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/http/conference_server.hpp"
#include "tests/http/free_port.hpp"

namespace contoso::testing {

inline const std::string cluster_admin_token = "cluster-test-token";

struct cluster_node {
  int node_port = free_port();
  int http_port = free_port();
  std::unique_ptr<conference_server> server;

  /// Starts the node, joining through the nodes listening on the node ports `seeds`.
  cluster_node(std::string database_url, const std::vector<int>& seeds) : database_url_(std::move(database_url)) {
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
    server.reset();
    server = std::make_unique<conference_server>(http_port, database_url_, arguments);
  }

  /// `GET /api/admin/cluster` as this node answers it (null when it does not).
  nlohmann::json cluster() const {
    auto client = server->client();
    client.set_bearer_token_auth(cluster_admin_token.c_str());
    auto answer = client.Get("/api/admin/cluster");
    if (!answer || answer->status != 200)
      return nullptr;
    return nlohmann::json::parse(answer->body);
  }

private:
  std::string database_url_;
};

} // namespace contoso::testing
