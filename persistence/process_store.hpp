#pragma once
/// The durable state of process managers (the RegistrationProcess: one record per order id). A process
/// saves its state, the commands it still owes, how far it has followed the global order, and its
/// deadline changes in one transaction, then sends the owed commands and marks them sent. After a
/// crash, `with_owed` finds what was saved but perhaps never sent; receivers dedupe by command id, so
/// sending again is safe.
///
/// Revisions guard against two writers: each save names the revision it read (0 for a new process);
/// any other stored revision is a `conflict` and nothing at all is written, deadlines included.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "persistence/deadline_store.hpp"
#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// A command the process decided to send and has not yet marked sent.
struct owed_command {
  std::string id;          ///< the command id receivers dedupe by
  nlohmann::json command;  ///< the command as the actor layer encodes it
};

/// A process's durable state.
struct process_record {
  std::string process_id;
  std::int64_t revision = 0;  ///< 1 after the first save, then +1 per save
  nlohmann::json state;
  std::vector<owed_command> owed;  ///< in the order they must be delivered
  global_cursor handled_through;   ///< the cursor of the last event the process handled
};

/// What a save did.
struct process_save_result {
  enum status {
    saved,    ///< everything was written
    conflict, ///< the stored revision was not the expected one: nothing written
  };
  status what = saved;
  std::int64_t revision = 0; ///< saved: the new revision; conflict: the stored one (0 = none)
};

/// Loads and saves process managers' state.
class process_store {
public:
  virtual ~process_store() = default;

  /// The process's record, or nullopt when it was never saved.
  virtual result<std::optional<process_record>> load(const std::string& process_id) = 0;

  /// Writes `record` (state, owed commands replacing the stored ones, handled_through) as revision
  /// expected_revision + 1 and applies `deadlines`, all in one transaction; `record.revision` is not read.
  virtual result<process_save_result> save(const process_record& record, std::int64_t expected_revision,
                                           const deadline_changes& deadlines) = 0;

  /// Drops the named owed commands once delivered; ids no longer owed are ignored.
  virtual result<void> mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) = 0;

  /// Up to `limit` records that still owe commands, by process id, to send again after a restart.
  virtual result<std::vector<process_record>> with_owed(std::size_t limit) = 0;
};

} // namespace contoso::persistence
