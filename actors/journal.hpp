#pragma once
/// The blocking store work of an aggregate actor, as plain calls: load a stream (snapshot + later
/// events), find which commands of a batch it handled before (logging the batch's commands), append a
/// batch's events in one transaction, keep a snapshot. Actors never run these themselves: a detached
/// journal worker does, so libpq never blocks CAF's shared worker threads.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/outcome.hpp"
#include "persistence/event_store.hpp"
#include "persistence/message_log.hpp"
#include "persistence/process_store.hpp"
#include "persistence/snapshot_store.hpp"

namespace contoso::actors {

/// The stores an aggregate's batches are written to (`aggregate_traits.hpp`).
struct batch_stores;

/// The stores the journal works with; they outlive it.
struct journal_stores {
  persistence::event_store& events;
  persistence::snapshot_store& snapshots;
  persistence::message_log& messages;
  persistence::process_store& processes;
  const batch_stores& batches;
};

/// A stream as loaded: its latest snapshot, if any, and the events after it.
struct loaded_stream {
  std::optional<persistence::snapshot> snapshot;
  std::vector<persistence::recorded_event> events;
};
using load_result = persistence::result<loaded_stream>;

/// The events that commands of a batch produced before (empty: none was handled before).
using lookup_result = persistence::result<std::vector<persistence::recorded_event>>;

/// One group commit: the events of every command in a batch, each naming its command.
struct append_request {
  std::string stream_id;
  std::int64_t expected_version = 0;
  std::vector<persistence::new_event> events;
};

/// What an append did; `refused` when the store turned the batch down for a reason of the domain's
/// (then nothing was written).
struct append_outcome {
  persistence::result<persistence::append_result> written;
  std::optional<rejection> refused;
};

/// A batch's write, as its aggregate does it (`aggregate_traits<Decider>::write`); a journal worker
/// runs it, since it blocks.
using batch_write = std::function<append_outcome(const batch_stores&)>;

/// A registration process's reaction, to save in one transaction.
struct process_save_request {
  persistence::process_record record;
  std::int64_t expected_revision = 0;
  persistence::deadline_changes deadlines;
};
using process_load_result = persistence::result<std::optional<persistence::process_record>>;
using process_save_result = persistence::result<persistence::process_save_result>;

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
