#pragma once
/// The answers an actor gives to a command, built one way everywhere.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/commands.hpp"
#include "domain/outcome.hpp"
#include "persistence/event_store.hpp"

namespace contoso::actors {

/// The reply to a command that was refused.
command_reply rejected_reply(const rejection& refused);
/// The reply for a whole batch the store could not take.
command_reply unavailable_reply(const std::string& why);
/// The reply of a node that does not own the addressed actor's shard (anymore).
command_reply moved_reply();
/// The reply naming the events a command produced (stored now or earlier).
command_reply accepted_reply(std::int64_t version, const std::vector<persistence::recorded_event>& events);

} // namespace contoso::actors
