#pragma once
/// The kinds of actor the runtime hosts, by the names the admin API and stream ids use.

#include <array>
#include <optional>
#include <string_view>

namespace contoso::actors {

enum class aggregate_kind { order, seats_availability, seat_assignments, payment, promo_code, conference };

inline constexpr std::array<aggregate_kind, 6> all_aggregate_kinds{
  aggregate_kind::order,   aggregate_kind::seats_availability, aggregate_kind::seat_assignments,
  aggregate_kind::payment, aggregate_kind::promo_code,         aggregate_kind::conference};

/// The stream category and admin type name, e.g. `seats_availability`.
std::string_view to_string(aggregate_kind kind);
std::optional<aggregate_kind> aggregate_kind_from_string(std::string_view name);

/// The admin type name of the registration process actors (one per order).
inline constexpr const char* registration_process_type = "registration_process";

} // namespace contoso::actors
