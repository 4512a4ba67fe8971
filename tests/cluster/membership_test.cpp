/// Cluster membership end to end: nodes join through seeds, see each other up, and see a node that died
/// or left as down.

#include <csignal>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cluster/cluster_node.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using contoso::testing::cluster_node;
using contoso::testing::eventually;
using contoso::testing::member_statuses;
using contoso::testing::shards_owned;
using contoso::testing::scratch_database;
using nlohmann::json;


TEST_CASE("cluster: given three nodes joining through seeds, then each reports the three members up and every shard "
          "has one owner, each node owning some, a node killed or stopped is reported down by the others, and the "
          "killed node's shards go to the survivors",
          "[cluster][membership]") {
  scratch_database db;
  cluster_node first{db.url(), {}};
  cluster_node second{db.url(), {first.node_port}};
  cluster_node third{db.url(), {first.node_port}};
  const std::vector<const cluster_node*> all{&first, &second, &third};

  std::map<std::string, std::string> seen;
  auto all_up = [&](const cluster_node& asked, std::size_t count) {
    return eventually([&] {
      seen = member_statuses(asked.cluster());
      std::size_t up = 0;
      for (const auto& [id, status] : seen)
        up += status == "up" ? 1 : 0;
      return up == count;
    });
  };
  std::vector<std::string> ids;
  for (const auto* asked : all) {
    INFO("members seen: " << json(seen).dump());
    REQUIRE(all_up(*asked, 3));
    auto answer = asked->cluster();
    ids.push_back(answer["self"].get<std::string>());
    CHECK(seen.count(ids.back()) == 1);
    for (const auto& member : answer["nodes"]) {
      CHECK(member["nodeAddress"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
      CHECK(member["address"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
    }
  }
  CHECK(ids[0] != ids[1]);
  CHECK(ids[1] != ids[2]);
  // Every shard has one owner, and each node owns some.
  std::map<std::string, int> owned;
  CHECK(eventually([&] {
    owned = shards_owned(first.cluster());
    return owned.size() == 3 && !owned.count("") && owned[ids[0]] + owned[ids[1]] + owned[ids[2]] == 64;
  }));
  INFO("shards owned: " << json(owned).dump());
  for (const auto& id : ids)
    CHECK(owned[id] > 0);
  {
    auto client = first.server->client();
    auto metrics = client.Get("/metrics");
    REQUIRE(metrics);
    CHECK_THAT(metrics->body, Catch::Contains("conference_cluster_members{status=\"up\"} 3"));
  }

  // Killed: its heartbeat lapses (and its connections drop), so the others count it down.
  third.server->process().signal(SIGKILL);
  for (const auto* asked : {&first, &second}) {
    CHECK(eventually([&] { return member_statuses(asked->cluster())[ids[2]] == "down"; }));
    auto answer = asked->cluster();
    INFO("cluster: " << answer.dump());
    CHECK(member_statuses(answer)[ids[0]] == "up");
  }
  // Its shards go to the survivors, at a higher epoch.
  CHECK(eventually([&] {
    owned = shards_owned(first.cluster());
    return owned.size() == 2 && !owned.count("") && !owned.count(ids[2]);
  }));

  // Stopped gracefully: it exits 0 and says it is down on its way out.
  second.server->process().signal(SIGTERM);
  CHECK(second.server->process().wait_for(std::chrono::seconds(30)) == std::optional<int>{0});
  CHECK(eventually([&] { return member_statuses(first.cluster())[ids[1]] == "down"; }));
}
