#include "http/routes/payments.hpp"

#include <variant>

#include <nlohmann/json.hpp>

#include "domain/payments/payment.hpp"
#include "domain/validation.hpp"
#include "http/body_reader.hpp"
#include "http/error_mapping.hpp"
#include "http/idempotency.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/routes/order_access.hpp"

namespace contoso::http {
namespace {

using actors::aggregate_kind;
using actors::command_reply;
using persistence::read_models::payment_view;
using namespace registrant;
namespace payment = payments::payment;

reply payment_not_found() { return error_reply(error_code::not_found, "No payment has this id."); }

/// `{paymentId, amount, paymentUrl}`: where the registrant goes to pay (the simulated processor's page).
reply payment_started(int status, const std::string& payment_id, money amount) {
  return json_reply(status, {{"paymentId", payment_id}, {"amount", amount}, {"paymentUrl", "/payment/" + payment_id}});
}

reply start_payment(api_context& api, const request& from) {
  auto order_id = path_uuid(from, "orderId");
  if (!order_id)
    return malformed_id("orderId");
  body_reader body{from.json};
  auto method = body.text("method");
  if (auto malformed = body.shape_error())
    return *malformed;
  auto known = api.orders_view.order(*order_id);
  if (!known.ok())
    return store_failure(known.error());
  if (!known.value())
    return error_reply(error_code::not_found, "No order has this id.");
  validator check;
  check.required("method", "Method", method.value_or(""));
  if (method && !method->empty())
    check.check(*method == "thirdParty", "method", "The payment method must be thirdParty.");
  if (!check.empty())
    return error_reply(check.to_rejection());

  // A reservation under way is waited for (API §4: `reservation_pending` after up to 5 s); the view
  // never runs ahead of the order, so once it shows the reservation's outcome the order knows it too.
  auto order = poll_until([&] { return api.orders_view.order(*order_id); },
                          [](const auto& seen) { return !seen || seen->status != "pending"; }, view_wait);
  if (!order.ok())
    return store_failure(order.error());
  if (!order.value())
    return unavailable();
  // The facts the order decides a new payment with: the processor rejected its latest payment.
  std::vector<std::string> rejected;
  if (const auto& latest = order.value()->payment_id) {
    auto payment = api.orders_view.payment(*latest);
    if (!payment.ok())
      return store_failure(payment.error());
    if (payment.value() && payment.value()->status == "rejected")
      rejected.push_back(*latest);
  }
  auto description = "Registration for " + order.value()->conference_slug + ", order " + order.value()->access_code;
  auto answer = send_command(api, aggregate_kind::order, *order_id,
                             registration::order::start_payment{std::move(description), std::move(rejected)}, from,
                             *order_id);
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  auto decided = nlohmann::json::parse(answer.answer);
  if (decided.at("status") == "confirmed") // a free order, confirmed with no payment
    return order_answer(api, 200, *order_id, answer.version);
  const auto payment_id = decided.at("payment").at("paymentId").get<std::string>();
  const auto amount = decided.at("payment").at("amount").get<money>();
  // Read-your-writes: the payment and the order's link to it are visible once the answer is out. When the
  // views lag further (their node was lost and another took them over), "try again" is the honest answer:
  // the same request then answers the same payment.
  auto visible = poll_until([&] { return api.orders_view.payment(payment_id); },
                            [](const auto& seen) { return seen.has_value(); }, view_wait);
  if (!visible.ok() || !visible.value())
    return unavailable();
  auto linked = poll_until([&] { return api.orders_view.order(*order_id); },
                           [&](const auto& seen) { return seen && seen->payment_id == payment_id; }, view_wait);
  if (!linked.ok() || !linked.value() || linked.value()->payment_id != payment_id)
    return unavailable();
  return payment_started(201, payment_id, amount);
}

/// The payment of the path's `paymentId`, or the answer to give instead (400, 404, 503).
std::variant<reply, payment_view> find_payment(api_context& api, const request& from) {
  auto payment_id = path_uuid(from, "paymentId");
  if (!payment_id)
    return malformed_id("paymentId");
  auto found = api.orders_view.payment(*payment_id);
  if (!found.ok())
    return store_failure(found.error());
  if (!found.value())
    return payment_not_found();
  return *found.value();
}

reply show_payment(api_context& api, const request& from) {
  auto found = find_payment(api, from);
  if (auto* refused = std::get_if<reply>(&found))
    return *refused;
  return json_reply(200, payment_json(std::get<payment_view>(found)));
}

/// The simulated processor's answer: accepted or rejected. The same answer again changes nothing; the
/// other one afterwards is refused by the payment (`payment_finished`).
template <class Answer>
reply answer_payment(api_context& api, const request& from) {
  auto found = find_payment(api, from);
  if (auto* refused = std::get_if<reply>(&found))
    return *refused;
  const auto& payment = std::get<payment_view>(found);
  auto answer = send_command(api, aggregate_kind::payment, payment.payment_id, Answer{payment.payment_id}, from,
                             payment.order_id);
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  auto settled = poll_until([&] { return api.orders_view.payment(payment.payment_id); },
                            [](const auto& seen) { return seen && seen->status != "initiated"; }, view_wait);
  if (!settled.ok() || !settled.value())
    return unavailable();
  return json_reply(200, payment_json(*settled.value()));
}

} // namespace

void register_payment_routes(server& routes, api_context& api) {
  auto* deps = &api;
  const route table[] = {
    {"POST", "/api/orders/{orderId}/payment", body_kind::json,
     idempotent(api, "POST /api/orders/{orderId}/payment",
                [deps](const request& from) { return start_payment(*deps, from); })},
    {"GET", "/api/payments/{paymentId}", body_kind::none,
     [deps](const request& from) { return show_payment(*deps, from); }},
    {"POST", "/api/payments/{paymentId}/accept", body_kind::none,
     [deps](const request& from) {
       return answer_payment<payment::complete_third_party_processor_payment>(*deps, from);
     }},
    {"POST", "/api/payments/{paymentId}/reject", body_kind::none,
     [deps](const request& from) {
       return answer_payment<payment::cancel_third_party_processor_payment>(*deps, from);
     }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
