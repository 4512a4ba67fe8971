/// The cluster, measured: `conference serve` nodes on loopback behind HAProxy (configured by
/// scripts/lib/haproxy.sh), as clients see them. Prints, asserts nothing:
///   - order placements per second through HAProxy with one node, then with three;
///   - p50/p99 of one placement sent to a node that is the home of the order's shard, and to one that
///     is not (the shard map of /api/admin/cluster and actors::shard_of pick the order ids), and what
///     the hop to the other node cost inside the cluster (the node's remote-send histogram);
///   - from kill -9 of a node, then from SIGTERM of another, the time until a placement for one of its
///     shards is served through HAProxy, and until a survivor owns that shard.
///
///   CONFERENCE_TEST_DB_URL="host=... user=postgres dbname=postgres" build/bench/cluster_bench [clients] [seconds]
///
/// The database is a fresh one on that server (a role that may create databases), dropped at the end,
/// so that no other cluster's members are in its membership table. Needs haproxy (scripts/cluster
/// installs it).

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/shard_map.hpp"
#include "domain/ids.hpp"
#include "tests/cluster/balancer.hpp"
#include "tests/cluster/cluster_node.hpp"
#include "tests/cluster/order_clients.hpp"
#include "tests/cluster/published_conference.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

namespace {

using namespace contoso::testing;
using clock_type = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// "1.23 s", or "more than 60 s" for a wait that gave up.
std::string seconds_text(std::optional<double> seconds) {
  if (!seconds)
    return "more than 60 s";
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << *seconds << " s";
  return text.str();
}

/// A node's view of the cluster: the ids of the members up, and each shard's owner ("" for none).
struct cluster_view {
  std::string self;
  std::set<std::string> up;
  std::vector<std::string> owners;
};

cluster_view view_of(const cluster_node& node) {
  cluster_view view;
  auto seen = node.cluster();
  if (!seen.is_object())
    return view;
  view.self = seen["self"].get<std::string>();
  view.up = members_up(seen);
  for (const auto& shard : seen["shards"])
    view.owners.push_back(shard["owner"].is_null() ? std::string() : shard["owner"].get<std::string>());
  return view;
}

/// Waits until `node` sees `members` members up and every shard owned by one of them.
void wait_settled(const cluster_node& node, std::size_t members) {
  const bool settled = eventually(
    [&] {
      auto up = members_up(node.cluster());
      return up.size() == members && settled_on(node, up);
    },
    std::chrono::seconds(60));
  if (!settled)
    throw std::runtime_error("the cluster did not settle on " + std::to_string(members) + " members within 60 s");
}

/// A fresh order id whose shard is one of `shards` (of `shard_count`).
std::string order_id_in(const std::set<int>& shards, int shard_count) {
  while (true) {
    auto id = contoso::random_uuid();
    if (shards.count(contoso::actors::shard_of(id, shard_count)))
      return id;
  }
}

/// The shards `view` says `owner` owns.
std::set<int> shards_of(const cluster_view& view, const std::string& owner) {
  std::set<int> owned;
  for (std::size_t shard = 0; shard < view.owners.size(); ++shard)
    if (view.owners[shard] == owner)
      owned.insert(static_cast<int>(shard));
  return owned;
}

/// Order placements per second through `front` by `clients` clients during `seconds`.
void print_throughput(const std::string& label, const balancer& front, const published_conference& conference,
                      int clients, int seconds) {
  client_log log;
  const auto started = clock_type::now();
  {
    order_clients running{front, conference, log, clients};
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    running.stop();
  }
  const auto elapsed = seconds_since(started);
  std::cout << "  " << label << ": " << log.acknowledged.size() << " in " << std::setprecision(1) << elapsed << " s ("
            << std::setprecision(0) << double(log.acknowledged.size()) / elapsed << "/s), " << log.failures.size()
            << " failed\n";
}

/// p50 and p99 of `count` placements sent one after the other to `node`, each under an order id of
/// `shards`.
void print_latency(const std::string& label, const cluster_node& node, const published_conference& conference,
                   const std::set<int>& shards, int shard_count, int count) {
  auto client = node.server->client();
  std::vector<double> milliseconds;
  int failed = 0;
  for (int i = 0; i < count; ++i) {
    const auto body = conference.order_of_one(order_id_in(shards, shard_count)).dump();
    const auto started = clock_type::now();
    auto answer = client.Post(conference.orders_path().c_str(), body, "application/json");
    if (answer && answer->status == 202)
      milliseconds.push_back(seconds_since(started) * 1000);
    else
      ++failed;
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  auto at = [&](double rank) {
    return milliseconds.empty() ? 0.0 : milliseconds[std::size_t(rank * double(milliseconds.size() - 1))];
  };
  std::cout << "  " << label << ": p50 " << std::setprecision(1) << at(0.50) << " ms, p99 " << at(0.99) << " ms ("
            << milliseconds.size() << " placements, " << failed << " failed)\n";
}

/// A node's `conference_remote_send_seconds` histogram as `/metrics` shows it now: cumulative counts by
/// upper bound (seconds), and the sum.
struct remote_sends {
  std::vector<std::pair<double, double>> buckets;
  double sum = 0;
};

remote_sends read_remote_sends(const cluster_node& node) {
  remote_sends read;
  auto answer = node.server->client().Get("/metrics");
  if (!answer)
    return read;
  std::istringstream lines{answer->body};
  for (std::string line; std::getline(lines, line);) {
    const std::string bucket = "conference_remote_send_seconds_bucket{le=\"";
    if (line.rfind(bucket, 0) == 0) {
      const auto bound = line.substr(bucket.size(), line.find('"', bucket.size()) - bucket.size());
      read.buckets.emplace_back(bound == "+Inf" ? 1e9 : std::stod(bound), std::stod(line.substr(line.rfind(' ') + 1)));
    } else if (line.rfind("conference_remote_send_seconds_sum ", 0) == 0) {
      read.sum = std::stod(line.substr(line.rfind(' ') + 1));
    }
  }
  return read;
}

/// What the remote sends between `before` and `after` cost inside the cluster (the hop from node to
/// node, without HTTP and the views): their mean, and the bucket bounds holding p50 and p99.
void print_routing_cost(const remote_sends& before, const remote_sends& after) {
  if (after.buckets.empty() || before.buckets.size() != after.buckets.size()) {
    std::cout << "  routing hop: not shown by /metrics\n";
    return;
  }
  const double count = after.buckets.back().second - before.buckets.back().second;
  auto bound_of = [&](double rank) {
    for (std::size_t i = 0; i < after.buckets.size(); ++i)
      if (after.buckets[i].second - before.buckets[i].second >= rank * count)
        return after.buckets[i].first * 1000;
    return 0.0;
  };
  std::cout << "  routing hop (node 1's remote sends meanwhile, from /metrics): " << std::setprecision(0) << count
            << " sends, mean " << std::setprecision(2) << (count > 0 ? (after.sum - before.sum) / count * 1000 : 0.0)
            << " ms, p50 <= " << bound_of(0.50) << " ms, p99 <= " << bound_of(0.99) << " ms\n";
}

/// Signals `victim` and prints how long until a placement for one of its shards is served through
/// `front` and until `survivor` sees that shard owned by another member.
void print_failover(const std::string& label, int signal, cluster_node& victim, const cluster_node& survivor,
                    const balancer& front, const published_conference& conference) {
  const auto before = view_of(survivor);
  const auto victim_id = view_of(victim).self;
  const auto owned = shards_of(before, victim_id);
  if (owned.empty())
    throw std::runtime_error("the node to stop owns no shard");
  const std::set<int> shard{*owned.begin()};
  const int shard_count = static_cast<int>(before.owners.size());

  std::optional<double> taken_over;
  const auto started = clock_type::now();
  std::thread watcher{[&] {
    if (eventually(
          [&] {
            auto view = view_of(survivor);
            const auto& owner = view.owners.empty() ? victim_id : view.owners[std::size_t(*shard.begin())];
            return !owner.empty() && owner != victim_id;
          },
          std::chrono::seconds(60)))
      taken_over = seconds_since(started);
  }};
  victim.server->process().signal(signal);

  auto client = front.client();
  std::optional<double> served;
  int attempts = 0;
  while (!served && seconds_since(started) < 60) {
    ++attempts;
    auto answer = client.Post(conference.orders_path().c_str(),
                              conference.order_of_one(order_id_in(shard, shard_count)).dump(), "application/json");
    if (answer && answer->status == 202)
      served = seconds_since(started);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  watcher.join();
  const auto exit_code = victim.server->process().wait_for(std::chrono::seconds(30));

  std::cout << "  " << label << ": a placement for its shard " << *shard.begin() << " served after "
            << seconds_text(served) << " (" << attempts << " attempts), the shard owned by a survivor after "
            << seconds_text(taken_over) << "; the node "
            << (exit_code ? "exited with " + std::to_string(*exit_code) : std::string("still runs 30 s later"))
            << "\n";
}

} // namespace

int main(int argc, char** argv) {
  const int clients = argc > 1 ? std::atoi(argv[1]) : 16;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  if (clients < 1 || seconds < 1) {
    std::cerr << "usage: CONFERENCE_TEST_DB_URL=<libpq connection string> cluster_bench [clients] [seconds]\n";
    return 2;
  }
  try {
    scratch_database db;
    std::cout << std::fixed;

    std::vector<std::unique_ptr<cluster_node>> nodes;
    nodes.push_back(std::make_unique<cluster_node>(db.url(), std::vector<int>{}));
    wait_settled(*nodes[0], 1);
    const auto conference = publish_conference(nodes[0]->http_port, 100000);
    std::cout << "order placements through HAProxy, " << clients << " clients for " << seconds << " s:\n";
    {
      balancer front{{nodes[0]->http_port}};
      print_throughput("1 node ", front, conference, clients, seconds);
    }
    for (int added = 0; added < 2; ++added)
      nodes.push_back(std::make_unique<cluster_node>(db.url(), std::vector<int>{nodes[0]->node_port}));
    wait_settled(*nodes[0], 3);
    std::vector<int> http_ports;
    for (const auto& node : nodes)
      http_ports.push_back(node->http_port);
    balancer front{http_ports};
    print_throughput("3 nodes", front, conference, clients, seconds);

    std::cout << "one placement at a time, sent to node 1:\n";
    const auto view = view_of(*nodes[0]);
    const int shard_count = static_cast<int>(view.owners.size());
    std::set<int> remote;
    for (const auto& member : view.up)
      if (member != view.self)
        for (auto shard : shards_of(view, member))
          remote.insert(shard);
    print_latency("order's home on node 1      ", *nodes[0], conference, shards_of(view, view.self), shard_count, 300);
    const auto before = read_remote_sends(*nodes[0]);
    print_latency("order's home on another node", *nodes[0], conference, remote, shard_count, 300);
    print_routing_cost(before, read_remote_sends(*nodes[0]));

    std::cout << "a node leaving, seen through HAProxy (member timeout 3000 ms; goal after kill -9: served "
                 "again within 5 s):\n";
    print_failover("kill -9 of node 3", SIGKILL, *nodes[2], *nodes[0], front, conference);
    nodes[2]->start({nodes[0]->node_port, nodes[1]->node_port});
    wait_settled(*nodes[0], 3);
    print_failover("SIGTERM of node 2", SIGTERM, *nodes[1], *nodes[0], front, conference);
  } catch (const std::exception& failed) {
    std::cerr << "cluster_bench: " << failed.what() << "\n";
    return 1;
  }
  return 0;
}
