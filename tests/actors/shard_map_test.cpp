// Placement of actors on cluster members: stable shards, rendezvous homes (pure functions, no database).
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "actors/shard_map.hpp"
#include "domain/ids.hpp"

using namespace contoso;
using namespace contoso::actors;

TEST_CASE("shard map: the hash of an id is the same on every build, so every node puts an id in the same shard",
          "[actors][cluster]") {
  // Fixed values: a change of hash would move every actor of a running cluster at an upgrade.
  CHECK(stable_hash("") == 0xf52a15e9a9b5e89bull);
  CHECK(shard_of("00000000-0000-4000-8000-000000000001", 64) == shard_of("00000000-0000-4000-8000-000000000001", 64));
  CHECK(shard_of("00000000-0000-4000-8000-000000000001", 64) == 25);
}

TEST_CASE("shard map: ids spread over every shard", "[actors][cluster]") {
  std::map<int, int> per_shard;
  for (int i = 0; i < 6400; ++i)
    ++per_shard[shard_of(random_uuid(), 64)];
  REQUIRE(per_shard.size() == 64);
  for (const auto& [shard, count] : per_shard) {
    CHECK(shard >= 0);
    CHECK(shard < 64);
    CHECK(count > 40); // 100 expected: far from empty
  }
}

TEST_CASE("shard map: given three members, every shard has one home, each member some, and the order of the "
          "member list does not matter",
          "[actors][cluster]") {
  const std::vector<std::string> members{random_uuid(), random_uuid(), random_uuid()};
  const std::vector<std::string> reversed{members.rbegin(), members.rend()};
  std::map<std::string, int> owned;
  for (int shard = 0; shard < 64; ++shard) {
    auto home = rendezvous_home(shard, members);
    REQUIRE(home);
    CHECK(home == rendezvous_home(shard, reversed));
    ++owned[*home];
  }
  CHECK(owned.size() == 3);
  for (const auto& [member, count] : owned)
    CHECK(count >= 8);
  CHECK_FALSE(rendezvous_home(0, {}).has_value());
}

TEST_CASE("shard map: when a member leaves, only its shards move, and when it comes back it wins them again",
          "[actors][cluster]") {
  const std::vector<std::string> three{random_uuid(), random_uuid(), random_uuid()};
  const std::vector<std::string> two{three[0], three[1]};
  for (int shard = 0; shard < 64; ++shard) {
    auto before = *rendezvous_home(shard, three);
    auto after = *rendezvous_home(shard, two);
    if (before != three[2])
      CHECK(after == before);
    else
      CHECK(after != three[2]);
  }
}
