#pragma once
/// Every atom and every message type that crosses an actor boundary, declared in one place and
/// registered with the actor system by `add_message_types`. Commands travel as envelopes of JSON text,
/// so the same message works between nodes; blocking store work and the inputs of registration processes
/// travel as local-only C++ objects (`local_messages.hpp`).

#include <caf/all.hpp>

#include "actors/commands.hpp"
#include "actors/local_messages.hpp"

namespace contoso::actors {

// Aggregates and registration processes, through their directories.
using command_atom = caf::atom_constant<caf::atom("command")>;
using react_atom = caf::atom_constant<caf::atom("react")>;
using inspect_atom = caf::atom_constant<caf::atom("inspect")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
// Journal workers.
using load_atom = caf::atom_constant<caf::atom("load")>;
using lookup_atom = caf::atom_constant<caf::atom("lookup")>;
using append_atom = caf::atom_constant<caf::atom("append")>;
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;
using pload_atom = caf::atom_constant<caf::atom("pload")>;
using psave_atom = caf::atom_constant<caf::atom("psave")>;
using psent_atom = caf::atom_constant<caf::atom("psent")>;
// Subscriptions, the waker, the deadline actor, the cluster membership's beats.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using rebuild_atom = caf::atom_constant<caf::atom("rebuild")>;
using listen_atom = caf::atom_constant<caf::atom("listen")>;
using fire_atom = caf::atom_constant<caf::atom("fire")>;
// The cluster: a beat out of turn, a node's gateway asked who it is, a node to connect to.
using beat_atom = caf::atom_constant<caf::atom("beat")>;
using node_atom = caf::atom_constant<caf::atom("node")>;
using reach_atom = caf::atom_constant<caf::atom("reach")>;
// A node leaving the cluster: it stops taking messages, then hands its shards over.
using leave_atom = caf::atom_constant<caf::atom("leave")>;
using release_atom = caf::atom_constant<caf::atom("release")>;
// A router's message waiting to be tried again.
using retry_atom = caf::atom_constant<caf::atom("retry")>;

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_envelope& x) {
  return f(caf::meta::type_name("command_envelope"), x.id, x.source_id, x.correlation_id, x.causation_id, x.sender,
           x.type, x.schema_version, x.data);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_reply& x) {
  return f(caf::meta::type_name("command_reply"), x.status, x.version, x.code, x.message, x.fields, x.events,
           x.answer);
}

/// Registers the types above with the system's configuration.
void add_message_types(caf::actor_system_config& config);

} // namespace contoso::actors

// These stay on their node: they carry C++ objects between the actors of one actor system only.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::load_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::lookup_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::append_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::batch_write)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::persistence::snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<contoso::persistence::message_entry>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::process_save_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::process_load_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::process_save_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(contoso::actors::process_input)
