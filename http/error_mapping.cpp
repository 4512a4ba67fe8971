#include "http/error_mapping.hpp"

#include <algorithm>
#include <iterator>

namespace contoso::http {
namespace {

struct code_status {
  error_code code;
  int status;
};

/// Every code of the contract with its status; 409 is the status of every state conflict.
constexpr code_status statuses[] = {
  {error_code::bad_request, 400},
  {error_code::unauthorized, 401},
  {error_code::forbidden, 403},
  {error_code::not_found, 404},
  {error_code::payload_too_large, 413},
  {error_code::unsupported_media_type, 415},
  {error_code::validation_failed, 422},
  {error_code::promo_code_invalid, 422},
  {error_code::idempotency_key_reused, 422},
  {error_code::too_many_requests, 429},
  {error_code::unavailable, 503},
  {error_code::slug_taken, 409},
  {error_code::conference_was_published, 409},
  {error_code::promo_code_exists, 409},
  {error_code::order_exists, 409},
  {error_code::order_confirmed, 409},
  {error_code::order_expired, 409},
  {error_code::order_rejected, 409},
  {error_code::reservation_pending, 409},
  {error_code::partially_reserved, 409},
  {error_code::registrant_missing, 409},
  {error_code::payment_finished, 409},
};

/// Statuses the edge answers on its own that have no contract code.
struct edge_status {
  int status;
  const char* code;
  const char* message;
};

constexpr edge_status edge_statuses[] = {
  {405, "method_not_allowed", "This path does not accept that method."},
  {408, "request_timeout", "The request was not received in time."},
  {414, "uri_too_long", "The request URI is too long."},
  {416, "range_not_satisfiable", "The requested range cannot be served."},
  {500, "internal", "The server failed to handle the request."},
  {501, "not_implemented", "The server does not support this method."},
};

/// Sentences for contract codes when the edge has nothing more specific to say.
const char* default_message(error_code code) {
  switch (code) {
    case error_code::bad_request: return "The request is malformed.";
    case error_code::unauthorized: return "Missing or wrong credentials.";
    case error_code::forbidden: return "Not allowed.";
    case error_code::not_found: return "No such resource.";
    case error_code::payload_too_large: return "The request body is larger than 64 KiB.";
    case error_code::unsupported_media_type: return "The request body must be application/json.";
    case error_code::too_many_requests: return "Too many requests; try again later.";
    case error_code::unavailable: return "The service is temporarily unavailable.";
    default: return "The request cannot be carried out.";
  }
}

reply body_reply(int status, std::string_view code, std::string message, const field_messages& fields) {
  nlohmann::json error = {{"code", code}, {"message", std::move(message)}};
  if (!fields.empty())
    error["fields"] = fields;
  return reply{status, nlohmann::json{{"error", error}}.dump(), "application/json", {}};
}

} // namespace

int status_of(error_code code) {
  auto found = std::find_if(std::begin(statuses), std::end(statuses), [&](auto row) { return row.code == code; });
  if (found == std::end(statuses))
    throw std::logic_error("error code without a status: " + std::string{to_string(code)});
  return found->status;
}

reply error_reply(const rejection& why) {
  return body_reply(status_of(why.code), to_string(why.code), why.message, why.fields);
}

reply error_reply(error_code code, std::string message) {
  return body_reply(status_of(code), to_string(code), std::move(message), {});
}

reply error_reply_for_status(int status) {
  for (auto row : edge_statuses)
    if (row.status == status)
      return body_reply(status, row.code, row.message, {});
  for (auto row : statuses)
    if (row.status == status)
      return error_reply(row.code, default_message(row.code));
  return body_reply(status, status >= 500 ? "internal" : "bad_request", "The request cannot be served.", {});
}

reply unavailable() {
  return error_reply(error_code::unavailable, "The system could not take the request now; try again.");
}

reply store_failure(const persistence::persistence_error& why) {
  if (why.invalid_input())
    return error_reply(error_code::validation_failed, "A text in the request holds a character the system cannot store.");
  return unavailable();
}

reply method_not_allowed_reply(const std::string& allowed) {
  auto answer = error_reply_for_status(405);
  answer.headers.emplace_back("Allow", allowed);
  return answer;
}

} // namespace contoso::http
