#pragma once
/// The messages that never leave their node: C++ objects between an actor and its journal worker, and
/// the inputs of registration processes. `message_types.hpp` declares them sendable; they live here,
/// without CAF, so that the journal's plain calls can use them too.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/outcome.hpp"
#include "persistence/deadline_store.hpp"
#include "persistence/event_store.hpp"
#include "persistence/message_log.hpp"
#include "persistence/process_store.hpp"
#include "persistence/snapshot_store.hpp"

namespace contoso::actors {

/// A stream as loaded: its latest snapshot, if any, and the events after it.
struct loaded_stream {
  std::optional<persistence::snapshot> snapshot;
  std::vector<persistence::recorded_event> events;
};
using load_result = persistence::result<loaded_stream>;

/// A batch's commands, to log and look up, go as `std::vector<persistence::message_entry>`; the events
/// that commands of a batch produced before (empty: none was handled before) come back.
using lookup_result = persistence::result<std::vector<persistence::recorded_event>>;

/// What an append did; `refused` when the store turned the batch down for a reason of the domain's
/// (then nothing was written).
struct append_outcome {
  persistence::result<persistence::append_result> written;
  std::optional<rejection> refused;
};

/// The stores an aggregate's batches are written to (`aggregate_traits.hpp`).
struct batch_stores;

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

/// One input of a process: an event it follows (as recorded, upcast), or its deadline falling due.
struct process_input {
  std::string process_id;
  std::optional<persistence::recorded_event> event;
  std::optional<persistence::deadline> deadline;
};

} // namespace contoso::actors
