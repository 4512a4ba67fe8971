#pragma once
/// Crash points for the recovery tests. `CONFERENCE_FAULT_POINT=<name>` (or `<name>:<n>`, the n-th
/// time) makes the process kill itself with SIGKILL when it reaches that point, exactly as a power cut
/// would: no destructor, no flush. Unset, a fault point costs one comparison.
///
/// Points: `aggregate_appended` (events committed, senders not yet answered), `process_saved` (a
/// registration process saved its reaction, commands not yet sent), `handler_handled` (a policy or
/// the message log did its work, checkpoint not yet written), `projection_applied` (a projection
/// committed a batch, the subscription not yet moved on).

#include <string_view>

namespace contoso::actors {

void fault_point(std::string_view name);

} // namespace contoso::actors
