#pragma once
/// The contract's JSON of what a registrant sees of an order (API.md §4): the order, its payment and its
/// seat assignments. Money goes out as JSON numbers with at most two decimals (`money`'s own codec), so
/// `30.27` stays exactly `30.27` on the wire.

#include <nlohmann/json.hpp>

#include "persistence/read_models/order_queries.hpp"

namespace contoso::http {

/// `{orderId, conferenceId, conferenceSlug, status, version, accessCode, lines: [{seatTypeId, seatTypeName,
/// requested, reserved, unitPrice, lineTotal}], promoCode, discount, total, isFreeOfCharge,
/// reservationExpiresAt, registrant|null, paymentId|null}`; `reserved` is null until the reservation's
/// outcome is known.
nlohmann::json order_json(const persistence::read_models::order_view& order);

/// `{paymentId, orderId, amount, description, status}`
nlohmann::json payment_json(const persistence::read_models::payment_view& payment);

/// `{assignmentsId, seats: [{position, seatTypeId, seatTypeName, attendee|null}]}`
nlohmann::json seat_assignments_json(const persistence::read_models::seat_assignments_view& assignments);

/// `{firstName, lastName, email}`
nlohmann::json person_json(const persistence::read_models::person& someone);

} // namespace contoso::http
