#pragma once
/// What the registrant route files share: answering a malformed id, and waiting for the eventually
/// consistent order view to catch up with a command the caller just sent (read-your-writes where the
/// contract asks for it).

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "actors/aggregate_kind.hpp"
#include "actors/commands.hpp"
#include "domain/ids.hpp"
#include "domain/registration/order.hpp"
#include "domain/time.hpp"
#include "http/api.hpp"
#include "http/request_params.hpp"
#include "http/route.hpp"

namespace contoso::http::registrant {

/// 400 for a path parameter that is not a UUID.
reply malformed_id(const std::string& name);

/// The order view once it has reached `version` (or the latest after `within`).
persistence::result<std::optional<persistence::read_models::order_view>>
order_at_version(api_context& api, const std::string& order_id, std::int64_t version,
                 std::chrono::milliseconds within = view_wait);

/// The order view as the answer to a command that produced `version`: 202/200 with the order once the
/// view shows it, or with what is known when it has not caught up in time.
reply order_answer(api_context& api, int status, const std::string& order_id, std::int64_t version);

} // namespace contoso::http::registrant
