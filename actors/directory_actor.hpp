#pragma once
/// A directory per aggregate kind: it finds the live actor of an id, or spawns it, so every message
/// for an id goes through one mailbox. It hears when an instance goes idle or stops, and forgets it;
/// the next message recreates it from the store. On a node of a cluster, callers talk to a router of
/// the same messages instead (`cluster_routing.hpp`), which finds the node whose directory holds the id.
///
/// Messages: `(command_atom, command_envelope)` → command_reply; `(react_atom, process_input)` → bool; `(inspect_atom, id)` → JSON text;
/// `(list_atom)` → the live ids; `(passivate_atom, id)`; `(passivate_atom, shard_count, shards)` stops the
/// instances of those shards (handed over or lost); `(idle_atom, id)` from an instance.

#include <functional>
#include <string>
#include <unordered_map>

#include <caf/all.hpp>

#include "actors/aggregate_kind.hpp"

namespace contoso::actors {

/// Spawns the actor of one id, linked to `directory`.
using instance_factory = std::function<caf::actor(caf::event_based_actor* directory, const std::string& id)>;

struct directory_state {
  static inline const char* name = "directory";
  instance_factory spawn;
  std::unordered_map<std::string, caf::actor> live;    ///< the current instance of each id
  std::unordered_map<caf::actor_addr, std::string> ids; ///< every instance not yet stopped
};

caf::behavior directory(caf::stateful_actor<directory_state>* self, instance_factory spawn);

} // namespace contoso::actors
