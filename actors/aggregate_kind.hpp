#pragma once
/// The kinds of actor the runtime hosts, by the names the admin API and stream ids use.

#include <optional>
#include <string_view>

namespace contoso::actors {

/// One per aggregate; its decider's `aggregate_traits` (actors/aggregate_traits.hpp) names it.
enum class aggregate_kind { order, seats_availability, seat_assignments, payment, promo_code, conference };

/// The stream category and admin type name, e.g. `seats_availability`.
std::string_view to_string(aggregate_kind kind);
std::optional<aggregate_kind> aggregate_kind_from_string(std::string_view name);

/// The admin type name of the registration process actors (one per order).
inline constexpr const char* registration_process_type = "registration_process";

} // namespace contoso::actors
