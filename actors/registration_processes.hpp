#pragma once
/// The registration processes: one actor per order (spawned by a directory like the aggregates), the
/// subscription handler that feeds them the events they follow, and the deadline actor that fires due
/// expiry deadlines into them.
///
/// A process actor handles one input at a time (an event it follows, its deadline, or a placement with a
/// promo code sent by the edge as `(command_atom, command_envelope)`): it reacts (pure), saves its state, the commands it
/// owes, how far it followed the log, and its deadline changes in one transaction, then sends the
/// commands one after the other (so a cancellation never overtakes the reservation it cancels), then
/// marks them sent. Recreated after a crash, it sends again whatever it still owes; receivers dedupe by
/// command id. An event at or before the position it saved is a repeat and changes nothing.

#include <functional>
#include <memory>

#include <caf/all.hpp>

#include "actors/directory_actor.hpp"
#include "actors/event_handler.hpp"
#include "actors/singletons.hpp"
#include "domain/registration/registration_process.hpp"
#include "domain/registration/policy.hpp"
#include "persistence/checkpoint_store.hpp"
#include "persistence/deadline_store.hpp"

namespace contoso::actors {

/// What a process actor needs from the runtime.
struct process_environment {
  caf::actor journal;
  caf::actor directory;            ///< the processes' own directory, told when idle
  caf::actor order_directory;      ///< where commands to orders go
  caf::actor seats_directory;      ///< where commands to SeatsAvailability go
  caf::actor promo_code_directory; ///< where commands to promo codes go
  registration::policy policy;
  caf::timespan passivate_after = std::chrono::minutes(5);
};

/// Spawns process actors for the processes' directory.
instance_factory process_factory(std::function<process_environment()> environment);

/// The process input a recorded (upcast) event is, when the processes follow it; throws
/// std::invalid_argument when it cannot be read.
std::optional<registration::registration_process::input> followed_input(const persistence::recorded_event& recorded);

/// Follows the log for the events the processes react to and hands each to its process (through
/// `processes`, the directory), many processes at once; its checkpoint moves when all have answered.
std::shared_ptr<event_handler> registration_process_handler(caf::actor_system& system, caf::actor processes,
                                                            persistence::checkpoint_store& checkpoints);

struct deadline_state {
  static inline const char* name = "deadlines";
};

/// Spawn it `detached`: every `poll` it fires the due deadlines (also those that fell due while the
/// node was down) into their processes; in a cluster, only on the node that holds its lease. A deadline row goes away in the transaction of the process's
/// reaction, so one fired twice meets a process that has moved on and changes nothing.
caf::behavior deadline_actor(caf::stateful_actor<deadline_state>* self, persistence::deadline_store* deadlines,
                             caf::actor processes, caf::timespan poll,
                             std::shared_ptr<const singleton_leadership> leadership);

} // namespace contoso::actors
