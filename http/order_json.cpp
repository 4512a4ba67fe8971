#include "http/order_json.hpp"

#include "domain/time.hpp"

namespace contoso::http {

using persistence::read_models::order_view;
using persistence::read_models::payment_view;
using persistence::read_models::person;
using persistence::read_models::seat_assignments_view;

nlohmann::json person_json(const person& someone) {
  return {{"firstName", someone.first_name}, {"lastName", someone.last_name}, {"email", someone.email}};
}

nlohmann::json order_json(const order_view& order) {
  auto lines = nlohmann::json::array();
  for (const auto& line : order.lines)
    lines.push_back({{"seatTypeId", line.seat_type_id},
                     {"seatTypeName", line.seat_type_name},
                     {"requested", line.requested},
                     {"reserved", line.reserved ? nlohmann::json(*line.reserved) : nlohmann::json(nullptr)},
                     {"unitPrice", line.unit_price},
                     {"lineTotal", line.line_total}});
  return {{"orderId", order.order_id},
          {"conferenceId", order.conference_id},
          {"conferenceSlug", order.conference_slug},
          {"status", order.status},
          {"version", order.version},
          {"accessCode", order.access_code},
          {"lines", lines},
          {"promoCode", order.promo_code ? nlohmann::json(*order.promo_code) : nlohmann::json(nullptr)},
          {"discount", order.discount},
          {"total", order.total},
          {"isFreeOfCharge", order.is_free_of_charge},
          {"reservationExpiresAt", format_instant(order.reservation_expires_at)},
          {"registrant", order.registrant ? person_json(*order.registrant) : nlohmann::json(nullptr)},
          {"paymentId", order.payment_id ? nlohmann::json(*order.payment_id) : nlohmann::json(nullptr)}};
}

nlohmann::json payment_json(const payment_view& payment) {
  return {{"paymentId", payment.payment_id},
          {"orderId", payment.order_id},
          {"amount", payment.amount},
          {"description", payment.description},
          {"status", payment.status}};
}

nlohmann::json seat_assignments_json(const seat_assignments_view& assignments) {
  auto seats = nlohmann::json::array();
  for (const auto& seat : assignments.seats)
    seats.push_back({{"position", seat.position},
                     {"seatTypeId", seat.seat_type_id},
                     {"seatTypeName", seat.seat_type_name},
                     {"attendee", seat.attendee ? person_json(*seat.attendee) : nlohmann::json(nullptr)}});
  return {{"assignmentsId", assignments.assignments_id}, {"seats", seats}};
}

} // namespace contoso::http
