#pragma once
/// What the aggregate shell needs to know of each decider besides decide/evolve: its kind (the stream
/// category and admin type name) and the upcasters its stored events go through.

#include "actors/aggregate_kind.hpp"
#include "domain/codec.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"

namespace contoso::actors {

template <class Decider>
struct aggregate_traits;

/// Most aggregates have never changed an event's shape.
inline const upcasters& no_upcasters() {
  static const upcasters none;
  return none;
}

#define CONTOSO_AGGREGATE_TRAITS(DECIDER, KIND, UPCAST)                                                               \
  template <>                                                                                                          \
  struct aggregate_traits<DECIDER> {                                                                                   \
    static constexpr aggregate_kind kind = aggregate_kind::KIND;                                                       \
    static constexpr const char* name = #KIND;                                                                         \
    static constexpr std::string_view category = #KIND;                                                                \
    static const upcasters& upcast() { return UPCAST; }                                                                \
  };

CONTOSO_AGGREGATE_TRAITS(registration::order::decider, order, registration::order::upcasters())
CONTOSO_AGGREGATE_TRAITS(registration::seats_availability::decider, seats_availability, no_upcasters())
CONTOSO_AGGREGATE_TRAITS(registration::seat_assignments::decider, seat_assignments, no_upcasters())
CONTOSO_AGGREGATE_TRAITS(payments::payment::decider, payment, no_upcasters())
CONTOSO_AGGREGATE_TRAITS(discounts::promo_code::decider, promo_code, no_upcasters())
CONTOSO_AGGREGATE_TRAITS(management::conference::decider, conference, no_upcasters())

#undef CONTOSO_AGGREGATE_TRAITS

} // namespace contoso::actors
