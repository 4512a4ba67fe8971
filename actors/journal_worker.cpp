#include "actors/journal_worker.hpp"

#include <memory>

#include "actors/message_types.hpp"

namespace contoso::actors {

caf::behavior journal_worker(caf::event_based_actor*, journal_stores stores) {
  auto work = std::make_shared<journal>(stores);
  return {
    [=](load_atom, const std::string& stream_id, int snapshot_version) {
      return work->load(stream_id, snapshot_version);
    },
    [=](lookup_atom, const std::string& stream_id, const std::vector<persistence::message_entry>& commands) {
      return work->lookup(stream_id, commands);
    },
    [=](append_atom, const batch_write& write) { return work->append(write); },
    [=](snapshot_atom, const persistence::snapshot& taken) { work->keep(taken); },
    [=](pload_atom, const std::string& process_id) { return work->load_process(process_id); },
    [=](psave_atom, const process_save_request& request) { return work->save_process(request); },
    [=](psent_atom, const std::string& process_id, const std::vector<std::string>& command_ids) {
      work->mark_sent(process_id, command_ids);
    },
  };
}

} // namespace contoso::actors
