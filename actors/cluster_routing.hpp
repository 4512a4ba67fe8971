#pragma once
/// Routing on a cluster node (shared/CLUSTER.md "Routing"): a router per actor type stands where the
/// type's directory stood for every caller on the node (the edge, the policies, the processes, the
/// process feeder, the deadline actor). It sends each message to the home of its actor's shard: this
/// node's directory, or the gateway of the owning node over the middleman. A gateway that no longer owns
/// the shard answers `moved`; the router then reads the map again and retries, as it does while a
/// shard has no reachable owner, for a bounded time. Commands are idempotent by id and process inputs
/// by their position in the log, so a retry after a lost answer is safe.
///
/// Router messages: those of a directory (`directory_actor.hpp`). A message for another node travels
/// with the type's name: `(command_atom, type, command_envelope)` → command_reply, `(react_atom, type,
/// input as JSON text)` → command_reply (accepted: done), `(inspect_atom, type, id)` → JSON text,
/// `(list_atom, type)` → ids, `(passivate_atom, type, id)`.

#include <map>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "actors/cluster_settings.hpp"
#include "actors/shard_homes.hpp"

namespace contoso::actors {

/// The actor other nodes reach this node through: it answers `node_atom` with the node id and hands
/// the messages of the shards this node takes to `directories` (by type name).
caf::actor spawn_gateway(caf::actor_system& system, std::string node_id, std::map<std::string, caf::actor> directories,
                         std::shared_ptr<const shard_homes> homes);

/// The router of actor type `type` (a kind's name or `registration_process`), whose directory on this
/// node is `local`.
caf::actor spawn_router(caf::actor_system& system, std::string type, caf::actor local,
                        std::shared_ptr<const shard_homes> homes, std::shared_ptr<routing_counters> counters);

} // namespace contoso::actors
