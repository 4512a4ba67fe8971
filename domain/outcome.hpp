#pragma once
/// The result of a decision: a value, or a rejection that names one of the contract's error codes.
/// Rejections are expected business outcomes: they are returned, never thrown and never logged as errors.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/expected.hpp"

namespace contoso {

/// The enumerators *are* the API's error codes (../API.md §2); `to_string` gives the wire spelling.
enum class error_code {
  bad_request,
  unauthorized,
  forbidden,
  not_found,
  payload_too_large,
  unsupported_media_type,
  validation_failed,
  too_many_requests,
  unavailable,
  slug_taken,
  conference_was_published,
  promo_code_exists,
  promo_code_invalid,
  idempotency_key_reused,
  order_exists,
  order_confirmed,
  order_expired,
  order_rejected,
  reservation_pending,
  partially_reserved,
  registrant_missing,
  payment_finished,
};

/// Every enumerator, in declaration order (kept in step with the enum by a test).
inline constexpr error_code all_error_codes[] = {
  error_code::bad_request,        error_code::unauthorized,
  error_code::forbidden,          error_code::not_found,
  error_code::payload_too_large,  error_code::unsupported_media_type,
  error_code::validation_failed,  error_code::too_many_requests,
  error_code::unavailable,        error_code::slug_taken,
  error_code::conference_was_published, error_code::promo_code_exists,
  error_code::promo_code_invalid, error_code::idempotency_key_reused,
  error_code::order_exists,       error_code::order_confirmed,
  error_code::order_expired,      error_code::order_rejected,
  error_code::reservation_pending, error_code::partially_reserved,
  error_code::registrant_missing, error_code::payment_finished,
};

std::string_view to_string(error_code code);
std::optional<error_code> error_code_from_string(std::string_view text);

/// Field name (camelCase, as on the wire) -> human sentence.
using field_messages = std::map<std::string, std::string>;

/// Why a command was refused.
struct rejection {
  error_code code;
  std::string message;
  field_messages fields; ///< only for validation_failed

  auto tie() const { return std::tie(code, message, fields); }
};

/// A value of T, or a rejection.
template <class T>
using outcome = expected<T, rejection>;

/// A rejection with a code and a sentence.
inline rejection reject(error_code code, std::string message) {
  return rejection{code, std::move(message), {}};
}

} // namespace contoso
