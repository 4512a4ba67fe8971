#include "actors/cluster_membership.hpp"

#include <map>
#include <stdexcept>

#include <caf/all.hpp>
#include <caf/io/all.hpp>

#include "actors/message_types.hpp"

namespace contoso::actors {

namespace {

struct membership_state {
  static inline const char* name = "membership";
  cluster_settings settings;
  persistence::membership_store* store = nullptr;
  std::shared_ptr<member_list> seen;
  persistence::member_status status = persistence::member_status::joining;
  std::map<std::string, caf::actor> connected; ///< by node address
};
using membership_actor = caf::stateful_actor<membership_state>;

/// Connects to the gateway at `address` (`host:port`) and watches the connection; false when unreachable.
bool connect(membership_actor* self, const std::string& address) {
  auto& st = self->state;
  if (address == st.settings.node_address() || st.connected.count(address))
    return true;
  auto colon = address.rfind(':');
  auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
  auto reached = self->system().middleman().remote_actor(address.substr(0, colon), port);
  if (!reached)
    return false;
  self->monitor(*reached);
  st.connected.emplace(address, *reached);
  return true;
}

/// A heartbeat older than the member timeout means down, whatever the member last said of itself.
persistence::cluster_member as_seen(persistence::cluster_member member, std::chrono::milliseconds timeout) {
  if (member.heartbeat_age > timeout)
    member.status = persistence::member_status::down;
  return member;
}

/// One beat: refresh the heartbeat, read the members, reach the live ones; `up` once all are reached.
void beat(membership_actor* self) {
  auto& st = self->state;
  if (!st.store->heartbeat(st.settings.node_id, st.status))
    return; // the database is away: the next beat tries again
  auto members = st.store->members();
  if (!members)
    return;
  bool reached_all = true;
  std::vector<persistence::cluster_member> seen;
  for (auto member : members.value()) {
    member = as_seen(std::move(member), st.settings.member_timeout);
    const bool live = member.status == persistence::member_status::joining
                      || member.status == persistence::member_status::up;
    if (live && member.node_id != st.settings.node_id)
      reached_all = connect(self, member.node_address) && reached_all;
    if (member.node_id == st.settings.node_id)
      member.status = st.status;
    seen.push_back(std::move(member));
  }
  if (reached_all && st.status == persistence::member_status::joining) {
    st.status = persistence::member_status::up;
    for (auto& member : seen)
      if (member.node_id == st.settings.node_id)
        member.status = st.status;
    (void)st.store->heartbeat(st.settings.node_id, st.status);
  }
  st.seen->replace(std::move(seen));
}

caf::behavior membership(membership_actor* self, cluster_settings settings, persistence::membership_store* store,
                         std::shared_ptr<member_list> seen) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.store = store;
  st.seen = std::move(seen);
  self->set_down_handler([=](const caf::down_msg& lost) {
    auto& live = self->state;
    for (auto it = live.connected.begin(); it != live.connected.end(); ++it)
      if (it->second.address() == lost.source) {
        live.connected.erase(it);
        break;
      }
    self->send(self, beat_atom::value); // look at the table now, not at the next beat
  });
  (void)st.store->join(persistence::cluster_member{st.settings.node_id, st.settings.http_address,
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
  };
}

} // namespace

caf::actor spawn_gateway(caf::actor_system& system, std::string node_id) {
  return system.spawn([node_id](caf::event_based_actor*) -> caf::behavior {
    return {[node_id](node_atom) { return node_id; }};
  });
}

caf::actor start_membership(caf::actor_system& system, const caf::actor& gateway, cluster_settings settings,
                            persistence::membership_store& store, std::shared_ptr<member_list> seen) {
  auto published = system.middleman().publish(gateway, settings.node_port, settings.node_host.c_str(), true);
  if (!published)
    throw std::runtime_error("cannot publish the node on " + settings.node_address() + ": "
                             + system.render(published.error()));
  return system.spawn<caf::detached>(membership, std::move(settings), &store, std::move(seen));
}

} // namespace contoso::actors
