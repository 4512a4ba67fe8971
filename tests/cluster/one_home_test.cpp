/// One home per actor (shared/CLUSTER.md "Placement" and "Routing"): orders placed through every node of a
/// cluster against one conference meet one SeatsAvailability, wherever they entered, so its quota holds;
/// and each aggregate and registration process lives on one node only, its shard's owner.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "tests/cluster/cluster_node.hpp"
#include "tests/cluster/published_conference.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using contoso::random_uuid;
using contoso::testing::cluster_node;
using contoso::testing::eventually;
using contoso::testing::scratch_database;
using nlohmann::json;

namespace {

constexpr int quota = 200;
constexpr int order_count = 200;
constexpr int seats_per_order = 2;
constexpr int client_count = 24;

/// The orders' answers as the clients saw them.
struct placements {
  std::mutex mutex;
  std::vector<std::string> placed;   ///< answered 202
  std::vector<std::string> failures; ///< anything else, after the retries
};

} // namespace

TEST_CASE("cluster: given three nodes and a conference of 200 seats, when 200 two-seat orders are placed at once "
          "through all three nodes, then exactly 100 are fully reserved and the others hold no seat, nothing is oversold, and every aggregate "
          "and registration process is live on exactly one node, the owner of its shard",
          "[cluster][placement]") {
  scratch_database db;
  cluster_node first{db.url(), {}};
  cluster_node second{db.url(), {first.node_port}};
  cluster_node third{db.url(), {first.node_port}};
  const std::vector<const cluster_node*> nodes{&first, &second, &third};
  const auto ids = contoso::testing::settled_members(nodes);
  REQUIRE(ids.size() == 3);
  const auto conference = contoso::testing::publish_conference(first.http_port, quota);

  // When: the orders enter through the three nodes in turn, many at once.
  std::vector<std::string> order_ids(order_count);
  for (auto& id : order_ids)
    id = random_uuid();
  placements seen;
  {
    std::vector<std::thread> clients;
    for (int c = 0; c < client_count; ++c)
      clients.emplace_back([&, c] {
        for (int i = c; i < order_count; i += client_count) {
          const auto* entry = nodes[i % nodes.size()];
          httplib::Client http{"127.0.0.1", entry->http_port};
          http.set_read_timeout(30, 0);
          const auto body = conference.order_of(order_ids[i], seats_per_order).dump();
          // A 503 is "try again"; the order id makes the retry a replay.
          int status = 0;
          std::string last;
          for (int attempt = 0; attempt < 5 && (status == 0 || status == 503); ++attempt) {
            auto answer = http.Post(conference.orders_path().c_str(), body, "application/json");
            status = answer ? answer->status : 0;
            last = answer ? answer->body : std::string("no answer");
          }
          std::lock_guard lock{seen.mutex};
          if (status == 202)
            seen.placed.push_back(order_ids[i]);
          else
            seen.failures.push_back(order_ids[i] + ": " + last);
        }
      });
    for (auto& client : clients)
      client.join();
  }
  INFO("first failure: " << (seen.failures.empty() ? std::string("none") : seen.failures.front()));
  REQUIRE(seen.placed.size() == static_cast<std::size_t>(order_count));

  // Then: every order is decided, exactly 100 hold their two seats, the rest none.
  httplib::Client reader{"127.0.0.1", second.http_port};
  reader.set_read_timeout(30, 0);
  std::map<std::string, json> orders;
  const bool decided = eventually(
    [&] {
      for (const auto& id : order_ids) {
        auto& known = orders[id];
        if (known.is_object() && known["status"] != "pending")
          continue;
        auto answer = reader.Get(("/api/orders/" + id).c_str());
        if (!answer || answer->status != 200)
          return false;
        known = json::parse(answer->body);
        if (known["status"] == "pending")
          return false;
      }
      return true;
    },
    std::chrono::seconds(60));
  REQUIRE(decided);
  int full = 0, none = 0, seats_held = 0;
  std::map<std::string, int> by_status;
  for (const auto& [id, order] : orders) {
    ++by_status[order["status"].get<std::string>()];
    const int reserved = order["lines"][0]["reserved"].get<int>();
    seats_held += reserved;
    full += reserved == seats_per_order ? 1 : 0;
    none += reserved == 0 ? 1 : 0;
  }
  INFO("orders by status: " << json(by_status).dump());
  CHECK(full == quota / seats_per_order);
  CHECK(seats_held == quota);
  CHECK(none == order_count - quota / seats_per_order);
  CHECK(by_status["reserved"] == quota / seats_per_order);
  CHECK(eventually([&] {
    auto shown = reader.Get(("/api/conferences/" + conference.slug).c_str());
    return shown && shown->status == 200 && json::parse(shown->body)["seatTypes"][0]["available"] == 0;
  }));

  // Each actor is live on one node only, and that node is its home; the orders spread over all three.
  auto live = first.admin("/api/admin/actors?limit=5000");
  REQUIRE(live.is_array());
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> nodes_of;
  for (const auto& actor : live)
    nodes_of[{actor["type"].get<std::string>(), actor["id"].get<std::string>()}].push_back(
      actor["node"].get<std::string>());
  std::set<std::string> order_homes;
  for (const auto& id : order_ids)
    for (const char* type : {"order", "registration_process"}) {
      INFO(type << ' ' << id);
      const auto& found = nodes_of[{type, id}];
      REQUIRE(found.size() == 1);
      CHECK(found.front() == first.home_of(type, id));
      order_homes.insert(found.front());
    }
  CHECK(order_homes == ids);
  for (const char* type : {"conference", "seats_availability"}) {
    INFO(type << ' ' << conference.id);
    const auto& found = nodes_of[{type, conference.id}];
    REQUIRE(found.size() == 1);
    CHECK(found.front() == second.home_of(type, conference.id));
  }
  // A conference and its SeatsAvailability share a home.
  CHECK(nodes_of[{"conference", conference.id}] == nodes_of[{"seats_availability", conference.id}]);

  // A rebuild asked of a node that does not run the projection is done by the node that does.
  const auto holder = first.cluster()["singletons"]["orders"].get<std::string>();
  const cluster_node* runner = nullptr;
  const cluster_node* other = nullptr;
  for (const auto* node : nodes)
    (node->cluster()["self"] == holder ? runner : other) = node;
  REQUIRE(runner);
  REQUIRE(other);
  auto projections = other->admin("/api/admin/projections");
  for (const auto& projection : projections)
    if (projection["name"] == "orders")
      CHECK(projection["status"] == "standby");
  auto asked = other->server->client();
  asked.set_bearer_token_auth(contoso::testing::cluster_admin_token.c_str());
  auto rebuild = asked.Post("/api/admin/projections/orders/rebuild");
  REQUIRE(rebuild);
  CHECK(rebuild->status == 202);
  CHECK(eventually([&] {
    return runner->server->process().standard_error().find("POST /api/admin/projections/orders/rebuild 202") !=
           std::string::npos;
  }));
  CHECK(reader.Get(("/api/orders/" + order_ids.front()).c_str())->status == 200);
}
