#include "actors/handlers.hpp"

#include <optional>
#include <utility>

#include "actors/aggregate_traits.hpp"
#include "actors/fault_injection.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/ids.hpp"
#include "domain/management/conference.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"

namespace contoso::actors {

std::string stream_entity_id(const std::string& stream_id) {
  auto dash = stream_id.find('-');
  return dash == std::string::npos ? stream_id : stream_id.substr(dash + 1);
}

namespace {

using persistence::recorded_event;
using persistence::result;

class projection : public event_handler {
public:
  projection(persistence::read_models::projections& projections, std::string name)
    : projections_(projections), name_(std::move(name)) {}

  const std::string& name() const override { return name_; }

  result<persistence::global_cursor> position() override {
    auto listed = projections_.list();
    if (!listed)
      return listed.error();
    for (const auto& status : listed.value())
      if (status.name == name_)
        return status.cursor;
    return persistence::persistence_error{"no projection named " + name_};
  }

  result<void> handle(const std::vector<recorded_event>& events) override {
    auto applied = projections_.apply(name_, events);
    if (applied)
      fault_point("projection_applied");
    return applied;
  }

  result<void> skip(const recorded_event& event) override {
    // A type no projection reads moves the cursor past the dead letter and writes nothing else.
    auto passed = event;
    passed.event = stored_event{"DeadLettered", 1, nlohmann::json::object()};
    return projections_.apply(name_, {passed});
  }

  result<void> retry(const recorded_event&) override {
    return persistence::persistence_error{"a projection takes a dead letter back through a rebuild"};
  }

private:
  persistence::read_models::projections& projections_;
  std::string name_;
};

/// A handler whose position is a row in the checkpoint store, written after each batch: what it does
/// must be safe to repeat, because a crash between the work and the checkpoint repeats it.
class checkpointed : public event_handler {
public:
  checkpointed(persistence::checkpoint_store& checkpoints, std::string name)
    : checkpoints_(checkpoints), name_(std::move(name)) {}

  const std::string& name() const override { return name_; }
  result<persistence::global_cursor> position() override { return checkpoints_.read(name_); }

  result<void> handle(const std::vector<recorded_event>& events) override {
    for (const auto& event : events)
      if (auto done = guarded(event); !done)
        return done;
    fault_point("handler_handled");
    return checkpoints_.write(name_, events.back().cursor());
  }

  result<void> skip(const recorded_event& event) override { return checkpoints_.write(name_, event.cursor()); }
  result<void> retry(const recorded_event& event) override { return guarded(event); }

protected:
  virtual result<void> on(const recorded_event& event) = 0;

private:
  /// An event of an unexpected shape fails like any other error, so it ends in the dead letters.
  result<void> guarded(const recorded_event& event) {
    try {
      return on(event);
    } catch (const nlohmann::json::exception& malformed) {
      return persistence::persistence_error{name_ + ": " + event.event.type + " at position "
                                            + std::to_string(event.position) + ": " + malformed.what()};
    }
  }

  persistence::checkpoint_store& checkpoints_;
  std::string name_;
};

/// The id the message log files `recorded` under: its aggregate's, except where the domain publishes a
/// conference's event under one of its parts.
std::string published_source_id(const recorded_event& recorded) {
  auto entity = stream_entity_id(recorded.stream_id);
  if (recorded.stream_id.rfind(std::string{aggregate_traits<management::conference::decider>::category} + "-", 0) != 0)
    return entity;
  auto decoded = decode<management::conference::event>(recorded.event, aggregate_traits<management::conference::decider>::upcast());
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

class policies : public checkpointed {
public:
  policies(persistence::checkpoint_store& checkpoints, persistence::event_store& events, command_sender send)
    : checkpointed(checkpoints, "policies"), events_(events), send_(std::move(send)) {}

private:
  result<void> on(const recorded_event& event) override {
    const auto& type = event.event.type;
    if (type == management::conference::seat_created::type || type == management::conference::seat_updated::type) {
      auto seat = event.event.data.get<management::conference::seat_created>();
      return deliver(aggregate_kind::seats_availability, event, seat.conference_id,
                     registration::seats_availability::add_seats{seat.seat_type_id, seat.quantity, seat.revision});
    }
    if (type == registration::order::order_confirmed::type || type == registration::order::order_expired::type) {
      auto order = order_as_of(event);
      if (!order)
        return order.error();
      const auto order_id = stream_entity_id(event.stream_id);
      const auto& state = order.value();
      if (type == registration::order::order_confirmed::type) {
        if (auto created = deliver(aggregate_kind::seat_assignments, event,
                                   registration::seat_assignments::id_for_order(order_id),
                                   registration::seat_assignments::create_seat_assignments{order_id, state.seats});
            !created)
          return created;
        if (state.promo)
          return deliver(aggregate_kind::promo_code, event,
                         discounts::promo_code::stream_id(state.conference_id, state.promo->code),
                         discounts::promo_code::commit_promo_code_use{order_id});
      } else if (state.promo) {
        return deliver(aggregate_kind::promo_code, event,
                       discounts::promo_code::stream_id(state.conference_id, state.promo->code),
                       discounts::promo_code::release_promo_code_use{order_id});
      }
    }
    return {};
  }

  /// The order as it was when `event` happened.
  result<registration::order::state> order_as_of(const recorded_event& event) {
    auto stream = events_.read_stream(event.stream_id);
    if (!stream)
      return stream.error();
    auto state = registration::order::decider::initial_state();
    for (const auto& earlier : stream.value()) {
      if (earlier.version > event.version)
        break;
      auto decoded = decode<registration::order::event>(earlier.event, registration::order::upcasters());
      if (!decoded)
        return persistence::persistence_error{decoded.error().message};
      state = registration::order::evolve(std::move(state), decoded.value());
    }
    return state;
  }

  template <class Command>
  result<void> deliver(aggregate_kind kind, const recorded_event& cause, const std::string& target, Command body) {
    metadata meta;
    from_json(cause.metadata, meta);
    auto reply = send_(kind, envelope_of(derived_uuid(std::string(Command::type), cause.event_id), target,
                                         {meta.correlation_id, cause.event_id, ""}, std::move(body), "policies"));
    // A refusal is the receiver's business answer (it is logged with the command); only silence fails.
    if (reply.status == command_reply::unavailable)
      return persistence::persistence_error{std::string(Command::type) + " to " + target + ": " + reply.message};
    return {};
  }

  persistence::event_store& events_;
  command_sender send_;
};

} // namespace

std::shared_ptr<event_handler> projection_handler(persistence::read_models::projections& projections,
                                                  std::string name) {
  return std::make_shared<projection>(projections, std::move(name));
}

persistence::result<void> rebuild_projection(persistence::read_models::projections& projections,
                                             persistence::event_store& events, const std::string& name) {
  if (auto begun = projections.begin_rebuild(name); !begun)
    return begun;
  persistence::global_cursor cursor;
  for (;;) {
    auto batch = events.read_all(cursor, 500);
    if (!batch)
      return batch.error();
    if (!batch.value().empty()) {
      if (auto applied = projections.apply_rebuild(name, batch.value()); !applied)
        return applied;
      cursor = batch.value().back().cursor();
      continue;
    }
    auto swapped = projections.finish_rebuild(name);
    if (!swapped)
      return swapped.error();
    if (!swapped.value())
      return persistence::persistence_error{"rebuild of " + name + ": the log ended before the live tables' cursor"};
    return {};
  }
}

std::shared_ptr<event_handler> message_log_handler(persistence::message_log& log,
                                                   persistence::checkpoint_store& checkpoints) {
  return std::make_shared<message_logger>(log, checkpoints);
}

std::shared_ptr<event_handler> policy_handler(persistence::checkpoint_store& checkpoints,
                                              persistence::event_store& events, command_sender send) {
  return std::make_shared<policies>(checkpoints, events, std::move(send));
}

} // namespace contoso::actors
