#include "actors/replies.hpp"

#include <nlohmann/json.hpp>

namespace contoso::actors {

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

command_reply moved_reply() {
  auto reply = unavailable_reply("this node does not own the shard");
  reply.status = command_reply::moved;
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

} // namespace contoso::actors
