#pragma once
/// The blocking store work of an aggregate actor, as plain calls: load a stream (snapshot + later
/// events), find which commands of a batch it handled before (logging the batch's commands), write a
/// batch's events in one transaction (as its aggregate writes them), keep a snapshot. Actors never run
/// these themselves: a detached journal worker does, so libpq never blocks CAF's shared worker threads.

#include <string>
#include <vector>

#include "actors/local_messages.hpp"
#include "persistence/event_store.hpp"
#include "persistence/message_log.hpp"
#include "persistence/process_store.hpp"
#include "persistence/snapshot_store.hpp"

namespace contoso::actors {

/// The stores the journal works with; they outlive it.
struct journal_stores {
  persistence::event_store& events;
  persistence::snapshot_store& snapshots;
  persistence::message_log& messages;
  persistence::process_store& processes;
  const batch_stores& batches;
};

class journal {
public:
  explicit journal(journal_stores stores) : stores_(stores) {}

  /// The stream's latest snapshot, when it has the state shape `snapshot_version`, and the events after it.
  load_result load(const std::string& stream_id, int snapshot_version);
  /// Logs each command (once per id), then answers which of them the stream already holds.
  lookup_result lookup(const std::string& stream_id, const std::vector<persistence::message_entry>& commands);
  append_outcome append(const batch_write& write);
  /// Best effort: a snapshot only saves replay time, so a failed write is not an error.
  void keep(const persistence::snapshot& taken);

  process_load_result load_process(const std::string& process_id);
  process_save_result save_process(const process_save_request& request);
  /// Best effort: a command still marked owed is only sent again, and receivers dedupe it.
  void mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids);

private:
  journal_stores stores_;
};

} // namespace contoso::actors
