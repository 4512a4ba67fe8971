#include "http/routes/order_access.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"

namespace contoso::http::registrant {

reply malformed_id(const std::string& name) {
  return error_reply(error_code::bad_request, "The path parameter " + name + " must be a UUID.");
}

persistence::result<std::optional<persistence::read_models::order_view>>
order_at_version(api_context& api, const std::string& order_id, std::int64_t version,
                 std::chrono::milliseconds within) {
  return poll_until([&] { return api.orders_view.order(order_id); },
                    [&](const auto& order) { return order && order->version >= version; }, within);
}

reply order_answer(api_context& api, int status, const std::string& order_id, std::int64_t version) {
  auto order = order_at_version(api, order_id, version);
  if (!order.ok())
    return store_failure(order.error());
  if (!order.value())
    return json_reply(status, {{"orderId", order_id}, {"status", "pending"}, {"version", version}});
  return json_reply(status, order_json(*order.value()));
}

} // namespace contoso::http::registrant
