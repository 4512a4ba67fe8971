#include "actors/handlers.hpp"

#include <utility>

#include "actors/aggregate_traits.hpp"
#include "actors/checkpointed_handler.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/ids.hpp"
#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"

namespace contoso::actors {

namespace {

using persistence::recorded_event;
using persistence::result;

class policies : public checkpointed {
public:
  policies(persistence::checkpoint_store& checkpoints, persistence::event_store& events, command_sender send)
    : checkpointed(checkpoints, "policies"), events_(events), send_(std::move(send)) {}

private:
  result<void> on(const recorded_event& event) override {
    if (is_stream_of<management::conference::decider>(event.stream_id))
      return on_conference(event);
    if (is_stream_of<registration::order::decider>(event.stream_id))
      return on_order(event);
    return {};
  }

  /// A published seat type's quota goes to SeatsAvailability.
  result<void> on_conference(const recorded_event& event) {
    namespace conference = management::conference;
    auto decoded = decode<conference::event>(event.event);
    if (!decoded)
      return persistence::persistence_error{decoded.error().message};
    auto add_seats = [&](const auto& seat) {
      return deliver(aggregate_kind::seats_availability, event, seat.conference_id,
                     registration::seats_availability::add_seats{seat.seat_type_id, seat.quantity, seat.revision});
    };
    if (const auto* created = std::get_if<conference::seat_created>(&decoded.value()))
      return add_seats(*created);
    if (const auto* updated = std::get_if<conference::seat_updated>(&decoded.value()))
      return add_seats(*updated);
    return {};
  }

  /// A payment the order started is asked of the processor; a confirmed order gets its seat assignments
  /// and commits its promo-code use; an expired one gives the use back.
  result<void> on_order(const recorded_event& event) {
    namespace order = registration::order;
    auto decoded = decode<order::event>(event.event);
    if (!decoded)
      return persistence::persistence_error{decoded.error().message};
    if (const auto* started = std::get_if<order::order_payment_started>(&decoded.value()))
      return deliver(aggregate_kind::payment, event, started->payment_id,
                     payments::payment::initiate_third_party_processor_payment{
                       started->payment_id, stream_entity_id(event.stream_id), started->conference_id,
                       started->description, started->amount});
    const bool confirmed = std::holds_alternative<order::order_confirmed>(decoded.value());
    if (!confirmed && !std::holds_alternative<order::order_expired>(decoded.value()))
      return {};
    auto as_of = order_as_of(event);
    if (!as_of)
      return as_of.error();
    const auto order_id = stream_entity_id(event.stream_id);
    const auto& state = as_of.value();
    if (confirmed) {
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
      // Read from the store, not the subscription: the stream's own upcasters apply, as in recovery.
      auto decoded = decode<registration::order::event>(earlier.event,
                                                        aggregate_traits<registration::order::decider>::upcast());
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

std::shared_ptr<event_handler> policy_handler(persistence::checkpoint_store& checkpoints,
                                              persistence::event_store& events, command_sender send) {
  return std::make_shared<policies>(checkpoints, events, std::move(send));
}

} // namespace contoso::actors
