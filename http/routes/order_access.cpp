#include "http/routes/order_access.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"

namespace contoso::http::registrant {

instant now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

std::string canonical_id(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

std::optional<std::string> path_uuid(const request& from, const std::string& name) {
  auto found = from.path_params.find(name);
  if (found == from.path_params.end() || !is_uuid(found->second))
    return std::nullopt;
  return canonical_id(found->second);
}

reply malformed_id(const std::string& name) {
  return error_reply(error_code::bad_request, "The path parameter " + name + " must be a UUID.");
}

reply unavailable() {
  return error_reply(error_code::unavailable, "The system could not take the request now; try again.");
}

std::optional<std::int64_t> min_version(const request& from, bool& malformed) {
  malformed = false;
  auto found = from.query.find("minVersion");
  if (found == from.query.end())
    return std::nullopt;
  const auto& text = found->second;
  // Up to 18 digits: no overflow of int64, and no version is ever that large.
  if (text.empty() || text.size() > 18
      || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    malformed = true;
    return std::nullopt;
  }
  return std::stoll(text);
}

std::optional<order_snapshot> order_state(api_context& api, const std::string& order_id) {
  auto inspection = api.runtime.inspect(actors::aggregate_kind::order, order_id, api.command_timeout);
  if (!inspection || !inspection->contains("state"))
    return std::nullopt;
  try {
    return order_snapshot{inspection->at("state").get<registration::order::state>(),
                          inspection->at("version").get<std::int64_t>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
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
    return unavailable();
  if (!order.value())
    return json_reply(status, {{"orderId", order_id}, {"status", "pending"}, {"version", version}});
  return json_reply(status, order_json(*order.value()));
}

} // namespace contoso::http::registrant
