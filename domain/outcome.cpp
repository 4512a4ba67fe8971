#include "domain/outcome.hpp"

namespace contoso {

std::string_view to_string(error_code code) {
  switch (code) {
    case error_code::bad_request: return "bad_request";
    case error_code::unauthorized: return "unauthorized";
    case error_code::forbidden: return "forbidden";
    case error_code::not_found: return "not_found";
    case error_code::payload_too_large: return "payload_too_large";
    case error_code::unsupported_media_type: return "unsupported_media_type";
    case error_code::validation_failed: return "validation_failed";
    case error_code::too_many_requests: return "too_many_requests";
    case error_code::unavailable: return "unavailable";
    case error_code::slug_taken: return "slug_taken";
    case error_code::conference_was_published: return "conference_was_published";
    case error_code::promo_code_exists: return "promo_code_exists";
    case error_code::promo_code_invalid: return "promo_code_invalid";
    case error_code::idempotency_key_reused: return "idempotency_key_reused";
    case error_code::order_exists: return "order_exists";
    case error_code::order_confirmed: return "order_confirmed";
    case error_code::order_expired: return "order_expired";
    case error_code::order_rejected: return "order_rejected";
    case error_code::reservation_pending: return "reservation_pending";
    case error_code::partially_reserved: return "partially_reserved";
    case error_code::registrant_missing: return "registrant_missing";
    case error_code::payment_finished: return "payment_finished";
  }
  throw std::logic_error("error_code out of range");
}

std::optional<error_code> error_code_from_string(std::string_view text) {
  for (auto code : all_error_codes)
    if (to_string(code) == text)
      return code;
  return std::nullopt;
}

} // namespace contoso
