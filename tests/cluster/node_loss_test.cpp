/// Node loss under load (shared/CLUSTER.md "Handoff and failure"): a node killed with SIGKILL hands
/// nothing over; the survivors take its shards and singletons, recover its actors from the store, wake
/// the processes that owed commands and fire their deadlines. Nothing acknowledged is lost.

#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <optional>
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
using contoso::testing::published_conference;
using contoso::testing::scratch_database;
using contoso::testing::settled_on;
using nlohmann::json;

namespace {

constexpr int client_count = 16;
constexpr int seats_per_order = 2;
// Short, so that an order left unpaid expires within the test.
const std::vector<std::string> node_arguments{"--reservation-timeout-seconds", "20", "--expiry-buffer-seconds", "1"};

/// An answer read on a client thread (Catch's assertions stay on the test's thread).
struct answer {
  int status = 0; ///< 0: no answer
  json body;
};

/// Calls to the surviving nodes, one after the other: a 503 or no answer is tried again on the next
/// node, a bounded number of times.
class registrant {
public:
  explicit registrant(const std::vector<int>& http_ports) {
    for (auto port : http_ports) {
      clients_.emplace_back(std::make_unique<httplib::Client>("127.0.0.1", port));
      clients_.back()->set_read_timeout(30, 0);
      clients_.back()->set_connection_timeout(2, 0);
    }
  }

  answer call(const std::string& method, const std::string& path, const json& body = nullptr) {
    answer last;
    for (int attempt = 0; attempt < 40; ++attempt) {
      auto& client = *clients_[next_++ % clients_.size()];
      httplib::Result result = method == "GET"   ? client.Get(path.c_str())
                               : method == "PUT" ? client.Put(path.c_str(), body.dump(), "application/json")
                                                 : client.Post(path.c_str(), body.dump(), "application/json");
      last = {result ? result->status : 0, nullptr};
      if (result)
        last.body = json::parse(result->body, nullptr, false);
      if (last.status != 0 && last.status != 503)
        return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return last;
  }

  /// Waits until the order's status is one of `wanted`; the status it has then (empty: never).
  std::string order_status(const std::string& order_id, const std::set<std::string>& wanted,
                           std::chrono::seconds limit = std::chrono::seconds(30)) {
    std::string status;
    eventually(
      [&] {
        auto seen = call("GET", "/api/orders/" + order_id);
        status = seen.status == 200 ? seen.body["status"].get<std::string>() : "";
        return wanted.count(status) > 0;
      },
      limit);
    return wanted.count(status) ? status : "";
  }

private:
  std::vector<std::unique_ptr<httplib::Client>> clients_;
  std::size_t next_ = 0;
};

/// What the clients did.
struct registrations {
  std::mutex mutex;
  std::vector<std::string> placed;   ///< orders answered 202
  std::vector<std::string> accepted; ///< orders whose payment the processor accepted (200)
  std::vector<std::string> failures; ///< a step answered neither its success nor a domain refusal

  std::size_t accepted_count() {
    std::lock_guard lock{mutex};
    return accepted.size();
  }
};

/// One registrant's way through: place, wait for the seats, give a name, pay, accept. An order that
/// expired or lost its seats on the way simply ends there.
void register_once(registrant& client, const published_conference& conference, registrations& log) {
  const auto order_id = random_uuid();
  auto placed = client.call("POST", conference.orders_path(), conference.order_of(order_id, seats_per_order));
  auto fail = [&](const std::string& step, const answer& got) {
    std::lock_guard lock{log.mutex};
    log.failures.push_back(order_id + " " + step + ": " + std::to_string(got.status) + " " + got.body.dump());
  };
  if (placed.status != 202)
    return fail("place", placed);
  {
    std::lock_guard lock{log.mutex};
    log.placed.push_back(order_id);
  }
  if (client.order_status(order_id, {"reserved", "partiallyReserved", "rejected", "expired"}) != "reserved")
    return;
  auto named = client.call("PUT", "/api/orders/" + order_id + "/registrant",
                           {{"firstName", "Ada"}, {"lastName", "Lovelace"}, {"email", "ada@example.com"}});
  if (named.status != 200)
    return fail("registrant", named);
  auto payment = client.call("POST", "/api/orders/" + order_id + "/payment", {{"method", "thirdParty"}});
  if (payment.status == 409)
    return; // expired meanwhile
  if (payment.status != 201)
    return fail("payment", payment);
  auto accepted =
    client.call("POST", "/api/payments/" + payment.body["paymentId"].get<std::string>() + "/accept", json::object());
  if (accepted.status != 200)
    return fail("accept", accepted);
  std::lock_guard lock{log.mutex};
  log.accepted.push_back(order_id);
}

} // namespace

TEST_CASE("cluster: given three nodes and 16 clients registering through two of them, when the third is killed "
          "with SIGKILL, then every order whose payment was accepted is confirmed, every order ends confirmed or "
          "expired, no seat is oversold, an unpaid order whose process lived on the killed node still expires and "
          "gives its seats back, and the read models keep advancing",
          "[cluster][node-loss]") {
  scratch_database db;
  cluster_node first{db.url(), {}, node_arguments};
  cluster_node second{db.url(), {first.node_port}, node_arguments};
  cluster_node victim{db.url(), {first.node_port}, node_arguments};
  const auto ids = contoso::testing::settled_members({&first, &second, &victim});
  REQUIRE(ids.size() == 3);
  const auto victim_id = victim.cluster()["self"].get<std::string>();
  const int quota = 100000;
  const auto conference = contoso::testing::publish_conference(first.http_port, quota);
  registrant checker{{first.http_port, second.http_port}};

  // An order left unpaid whose registration process lives on the node that will die.
  std::string stranded;
  for (int tries = 0; tries < 40 && stranded.empty(); ++tries) {
    const auto order_id = random_uuid();
    REQUIRE(checker.call("POST", conference.orders_path(), conference.order_of(order_id, seats_per_order)).status ==
            202);
    REQUIRE(checker.order_status(order_id, {"reserved"}) == "reserved");
    if (first.home_of("registration_process", order_id) == victim_id)
      stranded = order_id;
  }
  REQUIRE_FALSE(stranded.empty());

  registrations log;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < client_count; ++c)
    clients.emplace_back([&] {
      registrant client{{first.http_port, second.http_port}};
      while (!stop)
        register_once(client, conference, log);
    });
  struct joiner {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~joiner() {
      stop = true;
      for (auto& thread : threads)
        if (thread.joinable())
          thread.join();
    }
  } join_clients{stop, clients};

  CHECK(eventually([&] { return log.accepted_count() >= client_count; }, std::chrono::seconds(60)));
  victim.server->process().signal(SIGKILL);
  const auto accepted_at_kill = log.accepted_count();
  // The survivors go on: more registrations complete after the loss.
  CHECK(eventually([&] { return log.accepted_count() >= accepted_at_kill + 2 * client_count; },
                   std::chrono::seconds(90)));
  stop = true;
  for (auto& thread : clients)
    thread.join();

  {
    std::lock_guard lock{log.mutex};
    INFO(log.placed.size() << " placed, " << log.accepted.size() << " paid, " << log.failures.size()
                           << " steps failed; first: " << (log.failures.empty() ? "none" : log.failures.front()));
    CHECK(log.failures.empty());
  }
  // The survivors took every shard and every singleton.
  const std::set<std::string> survivors{first.cluster()["self"].get<std::string>(),
                                        second.cluster()["self"].get<std::string>()};
  CHECK(eventually([&] { return settled_on(first, survivors); }));
  CHECK(eventually([&] {
    auto singletons = first.cluster()["singletons"];
    if (singletons.size() != 8)
      return false;
    for (const auto& [name, node] : singletons.items())
      if (!survivors.count(node.get<std::string>()))
        return false;
    return true;
  }));

  // Every paid order is confirmed; every order ends confirmed or expired (none stuck).
  for (const auto& order_id : log.accepted) {
    INFO("paid order " << order_id);
    CHECK(checker.order_status(order_id, {"confirmed"}, std::chrono::seconds(60)) == "confirmed");
  }
  int seats_sold = 0;
  for (const auto& order_id : log.placed) {
    INFO("order " << order_id);
    const auto status = checker.order_status(order_id, {"confirmed", "expired"}, std::chrono::seconds(90));
    CHECK(!status.empty());
    if (status == "confirmed")
      seats_sold += seats_per_order;
  }
  // The order whose process died with its node expired on a survivor and gave its seats back.
  CHECK(checker.order_status(stranded, {"expired"}, std::chrono::seconds(60)) == "expired");
  CHECK(eventually([&] {
    auto shown = checker.call("GET", "/api/conferences/" + conference.slug);
    return shown.status == 200 && shown.body["seatTypes"][0]["available"].get<int>() == quota - seats_sold;
  }));
}
