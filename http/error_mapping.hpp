#pragma once
/// The only mapping from the contract's error codes to HTTP statuses and error bodies (API.md §2):
/// `{"error": {"code", "message", "fields"?}}`.

#include <string>
#include <string_view>

#include "domain/outcome.hpp"
#include "persistence/result.hpp"
#include "http/route.hpp"

namespace contoso::http {

/// The status the contract gives a code.
int status_of(error_code code);

/// The contract's answer to a rejection; `fields` appear only when there are some.
reply error_reply(const rejection& why);

/// The contract's answer to a code with a sentence.
reply error_reply(error_code code, std::string message);

/// The answer for a status the edge produces by itself without a contract code (405, 414, 500, ...),
/// or for a contract status produced by the HTTP library (400, 404, 413), in the same body shape.
reply error_reply_for_status(int status);

/// 503 `unavailable`: a store or an actor did not answer in time.
reply unavailable();

/// The answer to a store call that failed: when the store refused a value of the request itself (a NUL
/// character, text that is not UTF-8), 422 `validation_failed`, since asking again cannot help; else 503.
reply store_failure(const persistence::persistence_error& why);

/// 405 with the methods the path does allow.
reply method_not_allowed_reply(const std::string& allowed);

} // namespace contoso::http
