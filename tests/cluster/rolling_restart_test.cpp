/// A rolling restart under load (shared/CLUSTER.md "Handoff and failure"): three nodes behind HAProxy,
/// clients placing orders through it while each node in turn stops gracefully and starts again. HAProxy
/// must find a node for every request, and every order it acknowledged must be there afterwards.

#include <chrono>
#include <csignal>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/cluster/balancer.hpp"
#include "tests/cluster/cluster_node.hpp"
#include "tests/cluster/order_clients.hpp"
#include "tests/cluster/published_conference.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using contoso::testing::balancer;
using contoso::testing::client_log;
using contoso::testing::cluster_admin_token;
using contoso::testing::cluster_node;
using contoso::testing::eventually;
using contoso::testing::members_up;
using contoso::testing::order_clients;
using contoso::testing::scratch_database;
using nlohmann::json;

namespace {

constexpr int client_count = 16;

/// The last `count` lines of `text` (which ends with a newline).
std::string last_lines(const std::string& text, std::size_t count) {
  auto start = text.size();
  for (std::size_t newlines = 0; newlines <= count; ++newlines) {
    if (start == 0 || (start = text.rfind('\n', start - 1)) == std::string::npos)
      return text;
  }
  return text.substr(start + 1);
}

} // namespace

TEST_CASE("cluster: given three nodes behind HAProxy and 16 clients placing orders through it, when each node in "
          "turn is stopped with SIGTERM and started again on its ports, then each exits 0, every request is answered "
          "202 and every acknowledged order is found afterwards",
          "[cluster][rolling-restart]") {
  scratch_database db;
  cluster_node first{db.url(), {}};
  cluster_node second{db.url(), {first.node_port}};
  cluster_node third{db.url(), {first.node_port}};
  const std::vector<cluster_node*> nodes{&first, &second, &third};
  REQUIRE(eventually([&] { return members_up(first.cluster()).size() == 3; }));

  balancer front{{first.http_port, second.http_port, third.http_port}};
  const auto conference = contoso::testing::publish_conference(first.http_port, 100000);

  client_log log;
  order_clients clients{front, conference, log, client_count};
  REQUIRE(eventually([&] { return log.acknowledged_count() >= 3 * client_count; }));

  auto admin = front.client();
  admin.set_bearer_token_auth(cluster_admin_token.c_str());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& node = *nodes[i];
    INFO("restarting node " << i + 1);
    node.server->process().signal(SIGTERM);
    const auto exit_code = node.server->process().wait_for(std::chrono::seconds(30));
    {
      INFO("the end of its stderr:\n" << last_lines(node.server->process().standard_error(), 20));
      INFO("exit code -1: still running 30 s after SIGTERM (then killed)");
      CHECK(exit_code.value_or(-1) == 0);
    }
    std::vector<int> seeds;
    for (const auto* other : nodes)
      if (other != &node)
        seeds.push_back(other->node_port);
    node.start(seeds);

    // Up for the cluster: it sees all three members up, itself included.
    std::string id;
    REQUIRE(eventually([&] {
      auto seen = node.cluster();
      if (!seen.is_object())
        return false;
      id = seen["self"].get<std::string>();
      auto up = members_up(seen);
      return up.size() == 3 && up.count(id) == 1;
    }));
    // Up for the balancer: a request through it is answered by the new process.
    REQUIRE(eventually([&] {
      auto answer = admin.Get("/api/admin/cluster");
      return answer && answer->status == 200 && json::parse(answer->body)["self"] == id;
    }));
  }
  const auto acknowledged_before = log.acknowledged_count();
  REQUIRE(eventually([&] { return log.acknowledged_count() >= acknowledged_before + client_count; }));
  clients.stop();

  INFO(log.acknowledged.size() << " orders acknowledged, " << log.failures.size() << " requests failed");
  {
    std::string first_failures;
    for (std::size_t i = 0; i < log.failures.size() && i < 10; ++i)
      first_failures += "\n  " + log.failures[i];
    INFO("first failures:" << first_failures);
    INFO("HAProxy's alerts:\n" << last_lines(front.process().standard_error(), 30));
    INFO("HAProxy's log of failed and retried requests:\n" << last_lines(front.process().standard_output(), 30));
    CHECK(log.failures.empty());
  }

  // Every acknowledged order is found, read through the balancer (the views may trail a moment).
  std::vector<std::string> missing = log.acknowledged;
  auto reader = front.client();
  eventually([&] {
    std::vector<std::string> still_missing;
    for (const auto& order_id : missing) {
      auto answer = reader.Get(("/api/orders/" + order_id).c_str());
      if (!answer || answer->status != 200)
        still_missing.push_back(order_id);
    }
    missing = std::move(still_missing);
    return missing.empty();
  });
  std::string first_missing;
  for (std::size_t i = 0; i < missing.size() && i < 10; ++i)
    first_missing += "\n  " + missing[i];
  INFO(missing.size() << " acknowledged orders not found, first:" << first_missing);
  CHECK(missing.empty());
}
