#include "http/routes/payments.hpp"

#include <thread>
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

/// The order's state once its reservation is no longer under way (or after `view_wait`), with the
/// reason a payment cannot start now, if any.
struct payable {
  order_snapshot order;
  std::optional<rejection> refusal;
};

std::optional<payable> wait_until_payable(api_context& api, const std::string& order_id) {
  const auto give_up = std::chrono::steady_clock::now() + view_wait;
  for (;;) {
    auto order = order_state(api, order_id);
    if (!order)
      return std::nullopt;
    auto refusal = registration::order::payment_refusal(order->state, now());
    if (!refusal || refusal->code != error_code::reservation_pending || std::chrono::steady_clock::now() >= give_up)
      return payable{*order, refusal};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

/// A free order is confirmed at once, with no payment.
reply confirm_free_order(api_context& api, const request& from, const std::string& order_id) {
  auto answer = send_command(api, aggregate_kind::order, order_id, registration::order::confirm_order{}, from, order_id,
                             derived_uuid("ConfirmOrder", order_id));
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  return order_answer(api, 200, order_id, answer.version);
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

  auto ready = wait_until_payable(api, *order_id);
  if (!ready)
    return unavailable();
  if (ready->refusal)
    return error_reply(*ready->refusal);
  const auto& order = ready->order.state;
  if (order.totals.total == money{})
    return confirm_free_order(api, from, *order_id);

  // At most one live payment: the latest one answers while the processor has not; after a rejection
  // the next one is derived from it, so requests racing for a new payment all land on the same one.
  auto current = api.orders_view.order(*order_id);
  if (!current.ok() || !current.value())
    return unavailable();
  const auto previous = current.value()->payment_id;
  if (previous) {
    auto latest = api.orders_view.payment(*previous);
    if (!latest.ok())
      return store_failure(latest.error());
    if (latest.value() && latest.value()->status == "initiated")
      return payment_started(201, latest.value()->payment_id, latest.value()->amount);
  }
  const auto payment_id = derived_uuid("payment", *order_id + "/" + previous.value_or("first"));
  auto description = "Registration for " + current.value()->conference_slug + ", order " + order.access_code;
  auto answer = send_command(api, aggregate_kind::payment, payment_id,
                             payment::initiate_third_party_processor_payment{payment_id, *order_id, order.conference_id,
                                                                             description, order.totals.total},
                             from, *order_id, derived_uuid("InitiateThirdPartyProcessorPayment", payment_id));
  if (answer.status != command_reply::accepted)
    return failure_reply(answer);
  // Read-your-writes: the payment and the order's link to it are visible once the answer is out.
  poll_until([&] { return api.orders_view.order(*order_id); },
             [&](const auto& seen) { return seen && seen->payment_id == payment_id; }, view_wait);
  poll_until([&] { return api.orders_view.payment(payment_id); }, [](const auto& seen) { return seen.has_value(); },
             view_wait);
  return payment_started(201, payment_id, order.totals.total);
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
