#include "actors/registration_processes.hpp"

#include <utility>
#include <vector>

#include "actors/aggregate_traits.hpp"
#include "actors/message_types.hpp"
#include "domain/registration/registration_process.hpp"

namespace contoso::actors {

namespace process = registration::registration_process;
using persistence::recorded_event;

std::optional<process::input> followed_input(const recorded_event& recorded) {
  metadata meta;
  from_json(recorded.metadata, meta);
  const auto source = stream_entity_id(recorded.stream_id);
  std::optional<process::input> followed;
  auto follow = [&](const auto& body) {
    using body_type = std::decay_t<decltype(body)>;
    if constexpr (std::is_constructible_v<process::input, event_message<body_type>>)
      followed = event_message<body_type>{source, recorded.version, meta, body, recorded.event_id};
  };
  auto decode_from = [&](auto decider) {
    using decider_type = decltype(decider);
    if (!is_stream_of<decider_type>(recorded.stream_id))
      return;
    auto decoded = decode<typename decider_type::event>(recorded.event);
    if (!decoded)
      throw std::invalid_argument(decoded.error().message);
    std::visit(follow, decoded.value());
  };
  decode_from(registration::order::decider{});
  decode_from(registration::seats_availability::decider{});
  decode_from(payments::payment::decider{});
  return followed;
}

namespace {

class process_feeder : public event_handler {
public:
  process_feeder(caf::actor_system& system, caf::actor processes, persistence::checkpoint_store& checkpoints)
    : system_(system), processes_(std::move(processes)), checkpoints_(checkpoints) {}

  const std::string& name() const override { return name_; }
  persistence::result<persistence::global_cursor> position() override { return checkpoints_.read(name_); }

  persistence::result<void> handle(const std::vector<recorded_event>& events) override {
    if (auto fed = feed(events); !fed)
      return fed;
    return checkpoints_.write(name_, events.back().cursor());
  }

  persistence::result<void> skip(const recorded_event& event) override {
    return checkpoints_.write(name_, event.cursor());
  }
  persistence::result<void> retry(const recorded_event& event) override { return feed({event}); }

private:
  /// Hands every followed event to its process, all at once (each process's mailbox keeps its own
  /// events in order), and waits until every one has answered.
  persistence::result<void> feed(const std::vector<recorded_event>& events) {
    caf::scoped_actor self{system_};
    using answer = decltype(self->request(processes_, caf::infinite, react_atom::value, process_input{}));
    std::vector<answer> answers;
    for (const auto& event : events) {
      std::optional<process::input> input;
      try {
        input = followed_input(event);
      } catch (const std::exception& unreadable) {
        return persistence::persistence_error{event.event.type + ": " + unreadable.what()};
      }
      if (!input)
        continue;
      auto owner = process::process_id(*input);
      if (!owner.empty())
        answers.push_back(self->request(processes_, std::chrono::seconds(60), react_atom::value,
                                        process_input{owner, event, std::nullopt}));
    }
    bool all_done = true;
    for (auto& pending : answers)
      pending.receive([&](bool done) { all_done = all_done && done; }, [&](caf::error&) { all_done = false; });
    if (!all_done)
      return persistence::persistence_error{"a registration process could not finish its reaction"};
    return {};
  }

  caf::actor_system& system_;
  caf::actor processes_;
  persistence::checkpoint_store& checkpoints_;
  std::string name_ = "registration_processes";
};

} // namespace

std::shared_ptr<event_handler> registration_process_handler(caf::actor_system& system, caf::actor processes,
                                                            persistence::checkpoint_store& checkpoints) {
  return std::make_shared<process_feeder>(system, std::move(processes), checkpoints);
}

} // namespace contoso::actors
