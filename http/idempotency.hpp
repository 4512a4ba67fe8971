#pragma once
/// `Idempotency-Key` for routes that create something (API §2, §7). Wrap the route's handler:
///
///   {"POST", "/api/conferences", body_kind::json,
///    idempotent(api, "POST /api/conferences", create_conference)}
///
/// - Without the header the request runs as usual; a header that is not a UUID is 400 `bad_request`.
/// - The key is scoped to `scope_name` (the route) and a hash of the caller's `Authorization` header.
/// - The first request with a key claims it and runs; a 2xx answer is stored and replayed, status,
///   headers and body, to every repeat for at least 24 h. Other answers are not kept, so the client may
///   correct its request and retry with the same key.
/// - A repeat with another body (compared as canonical JSON) or another path → 422 `idempotency_key_reused`.
/// - A repeat that arrives while the first is still running waits for its answer (up to the command
///   timeout; then 503 `unavailable`), so concurrent first requests never both run.

#include <chrono>
#include <string>

#include "http/api.hpp"
#include "http/route.hpp"

namespace contoso::http {

/// How long an answered key is replayed (the contract's "at least 24 h").
inline constexpr std::chrono::hours idempotency_retention{24};

/// `inner` made idempotent by key; `api` must outlive the handler.
handler idempotent(api_context& api, std::string scope_name, handler inner);

/// The same over a key store; a repeat waits at most `patience` for a first request still running.
handler idempotent(persistence::idempotency_store& keys, std::chrono::milliseconds patience, std::string scope_name,
                   handler inner);

} // namespace contoso::http
