#include "actors/shard_map.hpp"

namespace contoso::actors {

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  // FNV-1a alone spreads similar keys ("3/a", "4/a") poorly over the high bits: finish with splitmix64's mix.
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

int shard_of(std::string_view actor_id, int shard_count) {
  return static_cast<int>(stable_hash(actor_id) % static_cast<std::uint64_t>(shard_count));
}

std::optional<std::string> rendezvous_home(int shard, const std::vector<std::string>& members) {
  std::optional<std::string> home;
  std::uint64_t best = 0;
  for (const auto& member : members) {
    auto weight = stable_hash(std::to_string(shard) + "/" + member);
    // Ties (practically never) go to the smaller id, so every node still picks the same home.
    if (!home || weight > best || (weight == best && member < *home)) {
      home = member;
      best = weight;
    }
  }
  return home;
}

} // namespace contoso::actors
