#pragma once
/// What the aggregate shell needs to know of each decider besides decide/evolve, one specialization per
/// decider: its kind and name (the stream category and admin type name), the upcasters its stored events
/// go through, what it answers a command with besides the events (`answer`, JSON), the schema version of
/// its snapshots (raise it whenever the state's JSON shape changes: recovery ignores the older snapshots,
/// folds the whole stream instead and replaces them), and how its batches are written (`max_batch`,
/// `write`). `for_each_decider` is the one list of the aggregates; the kinds' names and the runtime's
/// directories derive from it.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/aggregate_kind.hpp"
#include "actors/local_messages.hpp"
#include "domain/codec.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"
#include "persistence/conference_store.hpp"
#include "persistence/event_store.hpp"

namespace contoso::actors {

template <class Decider>
struct aggregate_traits;

/// The stores an aggregate's batches are written to: the event store, and the rows a CRUD aggregate
/// saves with its events.
struct batch_stores {
  persistence::event_store& events;
  persistence::conference_store& conferences;
};

/// One group commit: the events of every command in a batch, each naming its command.
struct append_request {
  std::string stream_id;
  std::int64_t expected_version = 0;
  std::vector<persistence::new_event> events;
};

/// What most aggregates have; a specialization hides what it does otherwise.
struct default_hooks {
  static constexpr int snapshot_version = 1;
  /// No bound of its own: the runtime's `max_batch` holds.
  static constexpr std::size_t max_batch = std::numeric_limits<std::size_t>::max();

  /// No event has changed its shape.
  static const upcasters& upcast() {
    static const upcasters none;
    return none;
  }

  /// It answers with its events alone.
  template <class State>
  static nlohmann::json answer(const State& /*current*/) {
    return nullptr;
  }

  /// Appends the batch's events alone; `after` is the state they lead to.
  template <class State>
  static batch_write write(const State& /*after*/, append_request request) {
    return [request = std::move(request)](const batch_stores& stores) mutable {
      return append_outcome{
        stores.events.append(request.stream_id, request.expected_version, std::move(request.events), ""),
        std::nullopt};
    };
  }
};

template <>
struct aggregate_traits<registration::order::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::order;
  static constexpr const char* name = "order";
  /// 2: the state gained the latest payment.
  static constexpr int snapshot_version = 2;
  static const upcasters& upcast() { return registration::order::upcasters(); }
  static nlohmann::json answer(const registration::order::state& current) {
    return registration::order::answer(current);
  }
};

template <>
struct aggregate_traits<registration::seats_availability::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::seats_availability;
  static constexpr const char* name = "seats_availability";
};

template <>
struct aggregate_traits<registration::seat_assignments::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::seat_assignments;
  static constexpr const char* name = "seat_assignments";
};

template <>
struct aggregate_traits<payments::payment::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::payment;
  static constexpr const char* name = "payment";
};

template <>
struct aggregate_traits<discounts::promo_code::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::promo_code;
  static constexpr const char* name = "promo_code";
  static nlohmann::json answer(const discounts::promo_code::state& current) {
    return discounts::promo_code::answer(current);
  }
};

/// Conference Management is CRUD: each batch saves the conference's rows, from the state its events lead
/// to, with the events in one transaction; one command per batch, so that a slug clash (`slug_taken`)
/// refuses only its own command.
template <>
struct aggregate_traits<management::conference::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::conference;
  static constexpr const char* name = "conference";
  static constexpr std::size_t max_batch = 1;
  static batch_write write(const management::conference::state& after, append_request request);
};

/// Calls `visit(decider{})` for every aggregate's decider, in the order of `aggregate_kind`.
template <class Visit>
void for_each_decider(Visit visit) {
  visit(registration::order::decider{});
  visit(registration::seats_availability::decider{});
  visit(registration::seat_assignments::decider{});
  visit(payments::payment::decider{});
  visit(discounts::promo_code::decider{});
  visit(management::conference::decider{});
}

/// Calls `visit(decider{})` for the decider of `kind`.
template <class Visit>
void visit_decider(aggregate_kind kind, Visit visit) {
  for_each_decider([&](auto decider) {
    if (aggregate_traits<decltype(decider)>::kind == kind)
      visit(decider);
  });
}

/// The id after the category of a stream id `<category>-<id>`.
inline std::string stream_entity_id(const std::string& stream_id) {
  auto dash = stream_id.find('-');
  return dash == std::string::npos ? stream_id : stream_id.substr(dash + 1);
}

/// Whether `stream_id` is a stream of `Decider`'s aggregate (`<category>-<id>`).
template <class Decider>
bool is_stream_of(const std::string& stream_id) {
  constexpr std::string_view category = aggregate_traits<Decider>::name;
  return stream_id.size() > category.size() && stream_id.compare(0, category.size(), category) == 0
         && stream_id[category.size()] == '-';
}

} // namespace contoso::actors
