#include "actors/cluster_membership.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <caf/all.hpp>
#include <caf/io/all.hpp>

#include "actors/message_types.hpp"
#include "actors/shard_map.hpp"

namespace contoso::actors {

namespace {

struct membership_state {
  static inline const char* name = "membership";
  cluster_settings settings;
  persistence::membership_store* members = nullptr;
  persistence::shard_ownership_store* shards = nullptr;
  std::shared_ptr<cluster_view_cell> seen;
  std::shared_ptr<shard_homes> homes;
  shard_moves moved;
  std::set<int> owned; ///< the shards this node owned at the last beat
  persistence::member_status status = persistence::member_status::joining;
  caf::actor connector;                        ///< reaches other nodes without blocking the beats
  std::map<std::string, caf::actor> connected; ///< by node address
  std::set<std::string> reaching;              ///< node addresses being connected to now
};
using membership_actor = caf::stateful_actor<membership_state>;

/// Spawn it `detached`: connecting to a node blocks, sometimes for seconds (a node that just died), and
/// the beats must go on meanwhile, or this node would read as down too. It never connects to `own`
/// address.
caf::behavior connector(caf::event_based_actor* self, std::string own) {
  return {
    [=](reach_atom, const std::string& address) -> caf::result<caf::actor> {
      if (address == own)
        return caf::make_error(caf::sec::invalid_argument, "this node's own address");
      auto colon = address.rfind(':');
      auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
      auto reached = self->system().middleman().remote_actor(address.substr(0, colon), port);
      if (!reached)
        return reached.error();
      return *reached;
    },
  };
}

/// Whether this node is connected to the gateway at `address` (`host:port`); when not, it starts
/// connecting and watches the connection once made.
bool connect(membership_actor* self, const std::string& address) {
  auto& st = self->state;
  if (address == st.settings.node_address() || st.connected.count(address))
    return true;
  if (st.reaching.insert(address).second)
    self->request(st.connector, caf::infinite, reach_atom::value, address)
      .then(
        [=](const caf::actor& reached) {
          auto& live = self->state;
          live.reaching.erase(address);
          self->monitor(reached);
          live.connected.emplace(address, reached);
        },
        [=](caf::error&) { self->state.reaching.erase(address); });
  return false;
}

/// A heartbeat older than the member timeout means down, whatever the member last said of itself.
persistence::cluster_member as_seen(persistence::cluster_member member, std::chrono::milliseconds timeout) {
  if (member.heartbeat_age > timeout)
    member.status = persistence::member_status::down;
  return member;
}

/// Takes the shards whose home this node is and whose owner is none or gone; hands over those whose home
/// is now another member. Answers the owners as they stand afterwards (or as read, when the store failed).
std::vector<persistence::shard_owner> settle_shards(membership_actor* self,
                                                    const std::vector<persistence::cluster_member>& members) {
  auto& st = self->state;
  auto owners = st.shards->owners(st.settings.shard_count);
  if (!owners)
    return {};
  std::vector<std::string> up;
  std::set<std::string> live;
  for (const auto& member : members) {
    if (member.status == persistence::member_status::up)
      up.push_back(member.node_id);
    if (member.status != persistence::member_status::down)
      live.insert(member.node_id);
  }
  const auto& me = st.settings.node_id;
  for (auto& owner : owners.value()) {
    const auto home = rendezvous_home(owner.shard, up);
    const bool mine = owner.node_id == me;
    if (home == me && !mine && (!owner.node_id || !live.count(*owner.node_id))) {
      auto taken = st.shards->take(owner.shard, me, owner.epoch);
      if (taken && taken.value()) {
        owner.node_id = me;
        owner.epoch = *taken.value();
      }
    } else if (mine && home && home != me) {
      auto released = st.shards->release(owner.shard, me, owner.epoch);
      if (released && released.value())
        owner.node_id.reset();
    }
  }
  return owners.value();
}

/// Tells the runtime which shards this node took and lost since the last beat, and where every shard
/// lives now.
void publish_homes(membership_actor* self, const std::vector<persistence::cluster_member>& members,
                   const std::vector<persistence::shard_owner>& owners) {
  auto& st = self->state;
  std::unordered_map<std::string, caf::actor> gateways;
  for (const auto& member : members)
    if (member.status != persistence::member_status::down) // a node gone may have left its address to a new one
      if (auto connected = st.connected.find(member.node_address); connected != st.connected.end())
        gateways.emplace(member.node_id, connected->second);
  st.homes->update(owners, std::move(gateways));
  std::set<int> owned;
  for (const auto& owner : owners)
    if (owner.node_id == st.settings.node_id)
      owned.insert(owner.shard);
  std::vector<int> taken, lost;
  std::set_difference(owned.begin(), owned.end(), st.owned.begin(), st.owned.end(), std::back_inserter(taken));
  std::set_difference(st.owned.begin(), st.owned.end(), owned.begin(), owned.end(), std::back_inserter(lost));
  st.owned = std::move(owned);
  if (!taken.empty() || !lost.empty())
    st.moved(taken, lost);
}

/// One beat: refresh the heartbeat, read the members, reach the live ones (`up` once all are reached),
/// then, once up, settle the shards.
void beat(membership_actor* self) {
  auto& st = self->state;
  if (!st.members->heartbeat(st.settings.node_id, st.status))
    return; // the database is away: the next beat tries again
  auto members = st.members->members();
  if (!members)
    return;
  bool reached_all = true;
  std::vector<persistence::cluster_member> seen;
  std::vector<std::string> lapsed;
  for (auto member : members.value()) {
    if (member.status != persistence::member_status::down && member.heartbeat_age > st.settings.member_timeout)
      lapsed.push_back(member.node_id);
    member = as_seen(std::move(member), st.settings.member_timeout);
    const bool live = member.status == persistence::member_status::joining
                      || member.status == persistence::member_status::up;
    if (live && member.node_id != st.settings.node_id)
      reached_all = connect(self, member.node_address) && reached_all;
    seen.push_back(std::move(member));
  }
  // A node that stalls keeps its leases' connection open: close it, so its singletons move too.
  if (!lapsed.empty())
    (void)st.members->fence(lapsed);
  if (reached_all && st.status == persistence::member_status::joining) {
    st.status = persistence::member_status::up;
    (void)st.members->heartbeat(st.settings.node_id, st.status);
  }
  for (auto& member : seen)
    if (member.node_id == st.settings.node_id)
      member.status = st.status;
  cluster_view view{seen, {}};
  if (st.status == persistence::member_status::up) {
    view.shards = settle_shards(self, seen);
  } else if (auto owners = st.shards->owners(st.settings.shard_count)) {
    view.shards = std::move(owners.value()); // joining or leaving: route by the map, take nothing
  }
  if (!view.shards.empty())
    publish_homes(self, seen, view.shards);
  st.seen->replace(std::move(view));
}

/// Hands every shard this node owns over (it is leaving and its actors are drained); whether all went.
bool release_all(membership_actor* self) {
  auto& st = self->state;
  auto owners = st.shards->owners(st.settings.shard_count);
  if (!owners)
    return false;
  bool all = true;
  for (const auto& owner : owners.value())
    if (owner.node_id == st.settings.node_id) {
      auto released = st.shards->release(owner.shard, st.settings.node_id, owner.epoch);
      all = all && released;
    }
  return all;
}

caf::behavior membership(membership_actor* self, cluster_settings settings, persistence::membership_store* members,
                         persistence::shard_ownership_store* shards, std::shared_ptr<cluster_view_cell> seen,
                         std::shared_ptr<shard_homes> homes, shard_moves moved) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.members = members;
  st.shards = shards;
  st.seen = std::move(seen);
  st.homes = std::move(homes);
  st.moved = std::move(moved);
  st.connector = self->spawn<caf::detached + caf::linked>(connector, st.settings.node_address());
  self->set_down_handler([=](const caf::down_msg& lost) {
    auto& live = self->state;
    for (auto it = live.connected.begin(); it != live.connected.end(); ++it)
      if (it->second.address() == lost.source) {
        live.connected.erase(it);
        break;
      }
    self->send(self, beat_atom::value); // look at the table now, not at the next beat
  });
  (void)st.members->join(persistence::cluster_member{st.settings.node_id, st.settings.http_address,
                                                   st.settings.node_address(), persistence::member_status::joining,
                                                   {}, {}});
  for (const auto& seed : st.settings.seeds)
    connect(self, seed);
  self->send(self, beat_atom::value);
  self->delayed_send(self, st.settings.heartbeat, tick_atom::value);
  return {
    [=](beat_atom) { beat(self); },
    [=](tick_atom) {
      beat(self);
      self->delayed_send(self, self->state.settings.heartbeat, tick_atom::value);
    },
    [=](leave_atom) {
      // Others stop choosing this node as a home; they take its shards once it releases them.
      auto& live = self->state;
      live.status = persistence::member_status::leaving;
      (void)live.members->heartbeat(live.settings.node_id, live.status);
    },
    [=](release_atom) {
      const bool released = release_all(self);
      beat(self);
      return released;
    },
  };
}

} // namespace

caf::actor start_membership(caf::actor_system& system, const caf::actor& gateway, cluster_settings settings,
                            persistence::membership_store& members, persistence::shard_ownership_store& shards,
                            std::shared_ptr<cluster_view_cell> seen, std::shared_ptr<shard_homes> homes,
                            shard_moves moved) {
  auto published = system.middleman().publish(gateway, settings.node_port, settings.node_host.c_str(), true);
  if (!published)
    throw std::runtime_error("cannot publish the node on " + settings.node_address() + ": "
                             + system.render(published.error()));
  return system.spawn<caf::detached>(membership, std::move(settings), &members, &shards, std::move(seen),
                                     std::move(homes), std::move(moved));
}

} // namespace contoso::actors
