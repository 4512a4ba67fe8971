#include "actors/directory_actor.hpp"

#include <algorithm>
#include <vector>

#include "actors/message_types.hpp"
#include "actors/shard_map.hpp"

namespace contoso::actors {

namespace {

caf::actor instance(caf::stateful_actor<directory_state>* self, const std::string& id) {
  auto& st = self->state;
  if (auto found = st.live.find(id); found != st.live.end())
    return found->second;
  auto spawned = st.spawn(self, id);
  st.live.emplace(id, spawned);
  st.ids.emplace(spawned.address(), id);
  return spawned;
}

void forget(caf::stateful_actor<directory_state>* self, const std::string& id) {
  auto& st = self->state;
  auto found = st.live.find(id);
  if (found == st.live.end())
    return;
  // Messages already forwarded sit ahead of this one in its mailbox: it handles them, then stops.
  // Its id stays known until it has stopped, so its exit is recognised as an instance's.
  self->send(found->second, passivate_atom::value);
  st.live.erase(found);
}

} // namespace

caf::behavior directory(caf::stateful_actor<directory_state>* self, instance_factory spawn) {
  self->state.spawn = std::move(spawn);
  // Instances are linked: a stopping directory takes them along; an instance that stops is forgotten.
  self->set_exit_handler([=](caf::exit_msg& stopped) {
    auto& st = self->state;
    if (auto found = st.ids.find(stopped.source); found != st.ids.end()) {
      if (auto current = st.live.find(found->second);
          current != st.live.end() && current->second.address() == stopped.source)
        st.live.erase(current);
      st.ids.erase(found);
      return;
    }
    self->quit(stopped.reason);
  });
  return {
    [=](command_atom, command_envelope& command) {
      auto target = instance(self, command.source_id);
      self->delegate(target, command_atom::value, std::move(command));
    },
    [=](react_atom, process_input& input) {
      auto target = instance(self, input.process_id);
      self->delegate(target, react_atom::value, std::move(input));
    },
    [=](inspect_atom, const std::string& id) { self->delegate(instance(self, id), inspect_atom::value); },
    [=](list_atom) {
      std::vector<std::string> ids;
      for (const auto& [id, actor] : self->state.live)
        ids.push_back(id);
      return ids;
    },
    [=](idle_atom, const std::string& id) { forget(self, id); },
    [=](passivate_atom, const std::string& id) { forget(self, id); },
    [=](passivate_atom, std::int32_t shard_count, const std::vector<std::int32_t>& shards) {
      std::vector<std::string> leaving;
      for (const auto& [id, actor] : self->state.live)
        if (std::find(shards.begin(), shards.end(), shard_of(id, shard_count)) != shards.end())
          leaving.push_back(id);
      for (const auto& id : leaving)
        forget(self, id);
    },
  };
}

} // namespace contoso::actors
