// The PostgreSQL cluster tables: members with heartbeats, and shard ownership moved only by epochs.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "domain/ids.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/cluster_store.hpp"
#include "persistence/pg/connection.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;
using namespace contoso::persistence;

namespace {

struct migrated {
  testing::scratch_database scratch;
  database db{database_settings{scratch.url()}};
  pg::membership_store members{db};
  pg::shard_ownership_store shards{db};

  migrated() { REQUIRE(db.migrate().ok()); }

  /// Moves a member's heartbeat back by `age`, as if it had stopped refreshing that long ago.
  void age_heartbeat(const std::string& node_id, std::chrono::seconds age) {
    auto conn = pg::connection::open(scratch.url(), std::chrono::seconds(5));
    conn->exec("UPDATE cluster_members SET heartbeat_at = heartbeat_at - $2::bigint * interval '1 second'"
               " WHERE node_id = $1::uuid",
               {node_id, std::to_string(age.count())});
  }
};

cluster_member node(const std::string& id, int port) {
  return cluster_member{id, "127.0.0.1:" + std::to_string(port), "127.0.0.1:" + std::to_string(port + 1000),
                        member_status::joining, {}, {}};
}

} // namespace

TEST_CASE("cluster store: given two nodes that joined, when one turns up, then the members show both with their "
          "addresses, statuses and fresh heartbeats",
          "[persistence][cluster]") {
  migrated given;
  const auto first = random_uuid();
  const auto second = random_uuid();
  REQUIRE(given.members.join(node(first, 8081)).ok());
  REQUIRE(given.members.join(node(second, 8082)).ok());
  REQUIRE(given.members.heartbeat(first, member_status::up).ok());

  auto members = given.members.members();
  REQUIRE(members.ok());
  REQUIRE(members.value().size() == 2);
  const auto& up = members.value()[0].node_id == first ? members.value()[0] : members.value()[1];
  const auto& joining = members.value()[0].node_id == first ? members.value()[1] : members.value()[0];
  CHECK(up.status == member_status::up);
  CHECK(up.http_address == "127.0.0.1:8081");
  CHECK(up.node_address == "127.0.0.1:9081");
  CHECK(joining.status == member_status::joining);
  CHECK(up.heartbeat_age < std::chrono::seconds(5));
  CHECK_FALSE(up.started_at.empty());
}

TEST_CASE("cluster store: given a member that stopped refreshing, then its heartbeat's age shows it, and joining "
          "again under the same id makes it fresh and joining",
          "[persistence][cluster]") {
  migrated given;
  const auto id = random_uuid();
  REQUIRE(given.members.join(node(id, 8081)).ok());
  REQUIRE(given.members.heartbeat(id, member_status::up).ok());
  given.age_heartbeat(id, std::chrono::seconds(30));
  CHECK(given.members.members().value().front().heartbeat_age >= std::chrono::seconds(30));

  REQUIRE(given.members.join(node(id, 8091)).ok());
  auto again = given.members.members().value();
  REQUIRE(again.size() == 1);
  CHECK(again.front().status == member_status::joining);
  CHECK(again.front().http_address == "127.0.0.1:8091");
  CHECK(again.front().heartbeat_age < std::chrono::seconds(5));
}

TEST_CASE("cluster store: given shards never taken, then every shard is listed without an owner at epoch 0",
          "[persistence][cluster]") {
  migrated given;
  auto owners = given.shards.owners(8);
  REQUIRE(owners.ok());
  REQUIRE(owners.value().size() == 8);
  for (int shard = 0; shard < 8; ++shard) {
    CHECK(owners.value()[static_cast<std::size_t>(shard)].shard == shard);
    CHECK_FALSE(owners.value()[static_cast<std::size_t>(shard)].node_id.has_value());
    CHECK(owners.value()[static_cast<std::size_t>(shard)].epoch == 0);
  }
}

TEST_CASE("cluster store: a shard moves only from the epoch its taker saw, so of two nodes racing one takes it",
          "[persistence][cluster]") {
  migrated given;
  const auto first = random_uuid();
  const auto second = random_uuid();
  auto taken = given.shards.take(3, first, 0);
  REQUIRE(taken.ok());
  CHECK(taken.value() == std::optional<std::int64_t>{1});
  auto late = given.shards.take(3, second, 0);
  REQUIRE(late.ok());
  CHECK_FALSE(late.value().has_value());
  CHECK(given.shards.owners(4).value()[3].node_id == std::optional<std::string>{first});

  SECTION("the one who saw the current epoch takes it over, with the next epoch") {
    CHECK(given.shards.take(3, second, 1).value() == std::optional<std::int64_t>{2});
    auto owner = given.shards.owners(4).value()[3];
    CHECK(owner.node_id == std::optional<std::string>{second});
    CHECK(owner.epoch == 2);
    SECTION("the stale owner can no longer hand it over") {
      CHECK_FALSE(given.shards.release(3, first, 1).value());
      CHECK(given.shards.owners(4).value()[3].node_id == std::optional<std::string>{second});
    }
  }
  SECTION("its owner hands it over: no owner, same epoch, and the next taker raises it") {
    CHECK(given.shards.release(3, first, 1).value());
    auto owner = given.shards.owners(4).value()[3];
    CHECK_FALSE(owner.node_id.has_value());
    CHECK(owner.epoch == 1);
    CHECK(given.shards.take(3, second, 1).value() == std::optional<std::int64_t>{2});
  }
}

TEST_CASE("cluster store: a singleton's lease is held by one node at a time, its holder is known, and fencing a "
          "lapsed node frees its leases and records it down",
          "[persistence][cluster]") {
  migrated given;
  const auto first = random_uuid(), second = random_uuid();
  REQUIRE(given.members.join(node(first, 7001)).ok());
  REQUIRE(given.members.join(node(second, 7002)).ok());
  pg::singleton_leases first_leases{given.db.settings(), first};
  pg::singleton_leases second_leases{given.db.settings(), second};

  // When the first takes a lease, the second cannot, and the holder is the first.
  REQUIRE(first_leases.take("orders").value());
  CHECK_FALSE(second_leases.take("orders").value());
  CHECK(second_leases.take("payments").value());
  auto holders = given.members.singleton_holders({"orders", "payments", "message_log"});
  REQUIRE(holders.ok());
  CHECK(holders.value() == std::map<std::string, std::string>{{"orders", first}, {"payments", second}});
  CHECK(first_leases.alive().ok());

  // When the first is fenced, its leases go: the second takes them; the first learns it lost them.
  REQUIRE(given.members.fence({first}).ok());
  CHECK(second_leases.take("orders").value());
  CHECK_FALSE(first_leases.alive().ok());
  auto members = given.members.members();
  REQUIRE(members.ok());
  for (const auto& member : members.value())
    CHECK(member.status == (member.node_id == first ? member_status::down : member_status::joining));

  // A lease given back is free for another.
  second_leases.release_all();
  CHECK(first_leases.take("payments").value());
}
