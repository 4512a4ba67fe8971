#include "actors/journal.hpp"

namespace contoso::actors {

load_result journal::load(const std::string& stream_id) {
  auto snapshot = stores_.snapshots.read_latest(stream_id);
  if (!snapshot)
    return snapshot.error();
  loaded_stream loaded{std::move(snapshot.value()), {}};
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

append_result journal::append(append_request request) {
  return stores_.events.append(request.stream_id, request.expected_version, std::move(request.events), "");
}

void journal::keep(const persistence::snapshot& taken) { (void)stores_.snapshots.write(taken); }

} // namespace contoso::actors
