// The aggregate shell's plain helpers, the journal workers, and one factory per aggregate kind.
#include "actors/aggregates.hpp"

#include <chrono>
#include <stdexcept>

#include "actors/aggregate_actor.hpp"

namespace contoso::actors {

std::string_view to_string(aggregate_kind kind) {
  std::string_view name;
  visit_decider(kind, [&](auto decider) { name = aggregate_traits<decltype(decider)>::name; });
  if (name.empty())
    throw std::logic_error("unknown aggregate kind");
  return name;
}

std::optional<aggregate_kind> aggregate_kind_from_string(std::string_view name) {
  std::optional<aggregate_kind> found;
  for_each_decider([&](auto decider) {
    if (name == aggregate_traits<decltype(decider)>::name)
      found = aggregate_traits<decltype(decider)>::kind;
  });
  return found;
}

instant clock_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

context decision_context(const registration::policy& policy) {
  return context{clock_now(), [] { return random_uuid(); }, [] { return random_access_code(); }, policy};
}

command_reply rejected_reply(const rejection& refused) {
  command_reply reply;
  reply.status = command_reply::rejected;
  reply.code = refused.code;
  reply.message = refused.message;
  reply.fields = nlohmann::json(refused.fields).dump();
  return reply;
}

command_reply unavailable_reply(const std::string& why) {
  command_reply reply;
  reply.status = command_reply::unavailable;
  reply.code = error_code::unavailable;
  reply.message = why;
  return reply;
}

command_reply accepted_reply(std::int64_t version, const std::vector<persistence::recorded_event>& events) {
  command_reply reply;
  reply.version = version;
  auto listed = nlohmann::json::array();
  for (const auto& event : events)
    listed.push_back({{"type", event.event.type}, {"version", event.version}, {"data", event.event.data}});
  reply.events = listed.dump();
  return reply;
}

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

namespace {

template <class Decider>
instance_factory factory_of(std::function<aggregate_environment()> environment) {
  return [environment](caf::event_based_actor* directory, const std::string& id) -> caf::actor {
    auto env = environment();
    env.directory = caf::actor_cast<caf::actor>(directory);
    return directory->spawn<caf::linked>(aggregate<Decider>, id, env);
  };
}

} // namespace

instance_factory aggregate_factory(aggregate_kind kind, std::function<aggregate_environment()> environment) {
  instance_factory factory;
  visit_decider(kind, [&](auto decider) { factory = factory_of<decltype(decider)>(environment); });
  if (!factory)
    throw std::logic_error("unknown aggregate kind");
  return factory;
}

} // namespace contoso::actors
