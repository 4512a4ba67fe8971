#pragma once
/// The event handlers the runtime subscribes: the read-model projections, the message log of events,
/// and the policies that turn events into commands for other aggregates. (The registration processes
/// have their own, in registration_processes.hpp.)

#include <functional>
#include <memory>
#include <string>

#include "actors/aggregate_kind.hpp"
#include "actors/commands.hpp"
#include "actors/event_handler.hpp"
#include "persistence/checkpoint_store.hpp"
#include "persistence/message_log.hpp"
#include "persistence/read_models/projections.hpp"

namespace contoso::actors {

/// Delivers a command to its aggregate and returns the answer (the runtime's `send`).
using command_sender = std::function<command_reply(aggregate_kind, command_envelope)>;

/// One read-model projection: its tables and cursor move in one transaction.
std::shared_ptr<event_handler> projection_handler(persistence::read_models::projections& projections,
                                                  std::string name);

/// Replays the whole log into fresh shadow tables of projection `name`, then swaps them in; the live
/// tables answer reads until the swap.
persistence::result<void> rebuild_projection(persistence::read_models::projections& projections,
                                             persistence::event_store& events, const std::string& name);

/// Writes every event into the message log (once per event id).
std::shared_ptr<event_handler> message_log_handler(persistence::message_log& log,
                                                   persistence::checkpoint_store& checkpoints);

/// The policies between aggregates: a published seat type's quota to SeatsAvailability (AddSeats with
/// the seat type's revision); a confirmed order's seats to its SeatAssignments; its promo-code use
/// committed, or released when the order expires. Command ids derive from the event id, so a
/// redelivered event sends commands the receivers already answered.
std::shared_ptr<event_handler> policy_handler(persistence::checkpoint_store& checkpoints,
                                              persistence::event_store& events, command_sender send);

} // namespace contoso::actors
