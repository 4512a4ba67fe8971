#include "actors/handlers.hpp"

#include "actors/aggregate_traits.hpp"
#include "actors/checkpointed_handler.hpp"
#include "domain/management/conference.hpp"
#include "domain/message.hpp"

namespace contoso::actors {

namespace {

using persistence::recorded_event;
using persistence::result;

/// The id the message log files `recorded` under: its aggregate's, except where the domain publishes a
/// conference's event under one of its parts.
std::string published_source_id(const recorded_event& recorded) {
  auto entity = stream_entity_id(recorded.stream_id);
  if (!is_stream_of<management::conference::decider>(recorded.stream_id))
    return entity;
  auto decoded = decode<management::conference::event>(recorded.event);
  return decoded ? management::conference::published_source_id(decoded.value(), entity) : entity;
}

class message_logger : public checkpointed {
public:
  message_logger(persistence::message_log& log, persistence::checkpoint_store& checkpoints)
    : checkpointed(checkpoints, "message_log"), log_(log) {}

private:
  result<void> on(const recorded_event& event) override {
    metadata meta;
    from_json(event.metadata, meta);
    auto logged = log_.log(persistence::message_entry{persistence::message_kind::event, event.event_id,
                                                      event.event.type, published_source_id(event),
                                                      meta.correlation_id, meta.causation_id, event.event.data,
                                                      event.metadata});
    if (!logged)
      return logged.error();
    return {};
  }

  persistence::message_log& log_;
};

} // namespace

std::shared_ptr<event_handler> message_log_handler(persistence::message_log& log,
                                                   persistence::checkpoint_store& checkpoints) {
  return std::make_shared<message_logger>(log, checkpoints);
}

} // namespace contoso::actors
