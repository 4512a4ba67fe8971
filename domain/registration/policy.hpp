#pragma once
/// The registration settings the domain obeys, as plain values (filled from config by the composition root).

#include <chrono>

namespace contoso::registration {

struct policy {
  /// How long an order's seats are held: reservationExpiresAt = placedAt + reservation_timeout.
  std::chrono::seconds reservation_timeout{900};
  /// Extra time after expiry before the process releases the held seats.
  std::chrono::seconds release_buffer{840};
  /// Most seats of one type in one order.
  int max_seats_per_line = 20;
};

} // namespace contoso::registration
