#include "actors/shard_homes.hpp"

#include "actors/shard_map.hpp"

namespace contoso::actors {

int shard_homes::shard_of(const std::string& actor_id) const { return actors::shard_of(actor_id, shard_count_); }

std::optional<shard_homes::home> shard_homes::home_of(int shard) const {
  std::lock_guard<std::mutex> lock{mutex_};
  if (shard < 0 || static_cast<std::size_t>(shard) >= owners_.size() || !owners_[shard])
    return std::nullopt;
  const auto& owner = *owners_[shard];
  if (owner == self_) {
    if (!taking_)
      return std::nullopt;
    return home{true, {}};
  }
  auto gateway = gateways_.find(owner);
  if (gateway == gateways_.end())
    return std::nullopt;
  return home{false, gateway->second};
}

bool shard_homes::takes(int shard) const {
  std::lock_guard<std::mutex> lock{mutex_};
  return taking_ && shard >= 0 && static_cast<std::size_t>(shard) < owners_.size() && owners_[shard] == self_;
}

void shard_homes::update(const std::vector<persistence::shard_owner>& owners,
                         std::unordered_map<std::string, caf::actor> gateways) {
  std::vector<std::optional<std::string>> by_shard(shard_count_);
  for (const auto& owner : owners)
    if (owner.shard >= 0 && owner.shard < shard_count_)
      by_shard[owner.shard] = owner.node_id;
  std::lock_guard<std::mutex> lock{mutex_};
  owners_ = std::move(by_shard);
  gateways_ = std::move(gateways);
}

void shard_homes::stop_taking() {
  std::lock_guard<std::mutex> lock{mutex_};
  taking_ = false;
}

} // namespace contoso::actors
