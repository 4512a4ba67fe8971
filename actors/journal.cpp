#include "actors/journal.hpp"

namespace contoso::actors {

load_result journal::load(const std::string& stream_id, int snapshot_version) {
  auto snapshot = stores_.snapshots.read_latest(stream_id);
  if (!snapshot)
    return snapshot.error();
  loaded_stream loaded{std::move(snapshot.value()), {}};
  if (loaded.snapshot && loaded.snapshot->schema_version != snapshot_version)
    loaded.snapshot.reset();
  auto events = stores_.events.read_stream(stream_id, loaded.snapshot ? loaded.snapshot->version + 1 : 1);
  if (!events)
    return events.error();
  loaded.events = std::move(events.value());
  return loaded;
}

lookup_result journal::lookup(const std::string& stream_id,
                              const std::vector<persistence::message_entry>& commands) {
  std::vector<std::string> ids;
  for (const auto& command : commands) {
    if (auto logged = stores_.messages.log(command); !logged)
      return logged.error();
    ids.push_back(command.message_id);
  }
  return stores_.events.read_commands(stream_id, ids);
}

append_outcome journal::append(const batch_write& write) { return write(stores_.batches); }

void journal::keep(const persistence::snapshot& taken) { (void)stores_.snapshots.write(taken); }

process_load_result journal::load_process(const std::string& process_id) {
  return stores_.processes.load(process_id);
}

process_save_result journal::save_process(const process_save_request& request) {
  return stores_.processes.save(request.record, request.expected_revision, request.deadlines);
}

void journal::mark_sent(const std::string& process_id, const std::vector<std::string>& command_ids) {
  (void)stores_.processes.mark_sent(process_id, command_ids);
}

} // namespace contoso::actors
