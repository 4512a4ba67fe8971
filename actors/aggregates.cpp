// The aggregate shell's plain helpers, the journal workers, and one factory per aggregate kind.
#include "actors/aggregates.hpp"

#include <chrono>
#include <stdexcept>

#include "actors/aggregate_actor.hpp"

namespace contoso::actors {

std::string_view to_string(aggregate_kind kind) {
  switch (kind) {
    case aggregate_kind::order: return "order";
    case aggregate_kind::seats_availability: return "seats_availability";
    case aggregate_kind::seat_assignments: return "seat_assignments";
    case aggregate_kind::payment: return "payment";
    case aggregate_kind::promo_code: return "promo_code";
    case aggregate_kind::conference: return "conference";
  }
  throw std::logic_error("unknown aggregate kind");
}

std::optional<aggregate_kind> aggregate_kind_from_string(std::string_view name) {
  for (auto kind : all_aggregate_kinds)
    if (to_string(kind) == name)
      return kind;
  return std::nullopt;
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
  switch (kind) {
    case aggregate_kind::order: return factory_of<registration::order::decider>(environment);
    case aggregate_kind::seats_availability:
      return factory_of<registration::seats_availability::decider>(environment);
    case aggregate_kind::seat_assignments: return factory_of<registration::seat_assignments::decider>(environment);
    case aggregate_kind::payment: return factory_of<payments::payment::decider>(environment);
    case aggregate_kind::promo_code: return factory_of<discounts::promo_code::decider>(environment);
    case aggregate_kind::conference: return factory_of<management::conference::decider>(environment);
  }
  throw std::logic_error("unknown aggregate kind");
}

} // namespace contoso::actors
