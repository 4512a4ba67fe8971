#pragma once
/// What the aggregate shell needs to know of each decider besides decide/evolve: its kind (the stream
/// category and admin type name), the upcasters its stored events go through, what it answers a command
/// with besides the events (`answer`, JSON: null for most), the schema version of
/// its snapshots: raise it whenever the state's JSON shape changes, and recovery ignores the older
/// snapshots (folding the whole stream instead) and replaces them; and how its batches are written
/// (`max_batch`, `write`): most append their events alone.

#include <cstddef>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/aggregate_kind.hpp"
#include "actors/journal.hpp"
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

/// How most aggregates write their batches; a specialization hides what it does otherwise.
struct default_hooks {
  /// No bound of its own: the runtime's `max_batch` holds.
  static constexpr std::size_t max_batch = std::numeric_limits<std::size_t>::max();

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

/// Most aggregates have never changed an event's shape.
inline const upcasters& no_upcasters() {
  static const upcasters none;
  return none;
}

/// Most aggregates answer with their events alone.
template <class State>
nlohmann::json no_answer(const State&) {
  return nullptr;
}

#define CONTOSO_AGGREGATE_TRAITS(DECIDER, KIND, UPCAST, ANSWER, SNAPSHOT_VERSION)                                     \
  template <>                                                                                                          \
  struct aggregate_traits<DECIDER> : default_hooks {                                                                   \
    static constexpr aggregate_kind kind = aggregate_kind::KIND;                                                       \
    static constexpr const char* name = #KIND;                                                                         \
    static constexpr std::string_view category = #KIND;                                                                \
    static constexpr int snapshot_version = SNAPSHOT_VERSION;                                                          \
    static const upcasters& upcast() { return UPCAST; }                                                                \
    static nlohmann::json answer(const DECIDER::state& current) { return ANSWER(current); }                            \
  };

// The order's snapshot version 2: its state gained the latest payment.
CONTOSO_AGGREGATE_TRAITS(registration::order::decider, order, registration::order::upcasters(),
                         registration::order::answer, 2)
CONTOSO_AGGREGATE_TRAITS(registration::seats_availability::decider, seats_availability, no_upcasters(), no_answer, 1)
CONTOSO_AGGREGATE_TRAITS(registration::seat_assignments::decider, seat_assignments, no_upcasters(), no_answer, 1)
CONTOSO_AGGREGATE_TRAITS(payments::payment::decider, payment, no_upcasters(), no_answer, 1)
CONTOSO_AGGREGATE_TRAITS(discounts::promo_code::decider, promo_code, no_upcasters(), discounts::promo_code::answer, 1)

#undef CONTOSO_AGGREGATE_TRAITS

/// Conference Management is CRUD: each batch saves the conference's rows, from the state its events lead
/// to, with the events in one transaction; one command per batch, so that a slug clash (`slug_taken`)
/// refuses only its own command.
template <>
struct aggregate_traits<management::conference::decider> : default_hooks {
  static constexpr aggregate_kind kind = aggregate_kind::conference;
  static constexpr const char* name = "conference";
  static constexpr std::string_view category = "conference";
  static constexpr int snapshot_version = 1;
  static constexpr std::size_t max_batch = 1;
  static const upcasters& upcast() { return no_upcasters(); }
  static nlohmann::json answer(const management::conference::state& current) { return no_answer(current); }
  static batch_write write(const management::conference::state& after, append_request request);
};

/// Calls `visit(decider{})` for every aggregate's decider.
template <class Visit>
void for_each_decider(Visit visit) {
  visit(registration::order::decider{});
  visit(registration::seats_availability::decider{});
  visit(registration::seat_assignments::decider{});
  visit(payments::payment::decider{});
  visit(discounts::promo_code::decider{});
  visit(management::conference::decider{});
}

/// The id after the category of a stream id `<category>-<id>`.
inline std::string stream_entity_id(const std::string& stream_id) {
  auto dash = stream_id.find('-');
  return dash == std::string::npos ? stream_id : stream_id.substr(dash + 1);
}

/// Whether `stream_id` is a stream of `Decider`'s aggregate (`<category>-<id>`).
template <class Decider>
bool is_stream_of(const std::string& stream_id) {
  constexpr auto category = aggregate_traits<Decider>::category;
  return stream_id.size() > category.size() && stream_id.compare(0, category.size(), category) == 0
         && stream_id[category.size()] == '-';
}

} // namespace contoso::actors
