#pragma once
/// The only mapping from the contract's error codes to HTTP statuses and error bodies (API.md §2):
/// `{"error": {"code", "message", "fields"?}}`.

#include <string>
#include <string_view>

#include "domain/outcome.hpp"
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

/// 405 with the methods the path does allow.
reply method_not_allowed_reply(const std::string& allowed);

} // namespace contoso::http
