#include "domain/payments/payment.hpp"

#include <type_traits>

#include <nlohmann/json.hpp>

#include "domain/validation.hpp"

namespace contoso::payments::payment {

// ---- JSON

namespace {

constexpr std::pair<payment_status, std::string_view> status_names[] = {
  {payment_status::none, "none"},
  {payment_status::initiated, "initiated"},
  {payment_status::completed, "completed"},
  {payment_status::rejected, "rejected"},
};

payment_status status_from(const nlohmann::json& j) {
  auto text = j.get<std::string>();
  for (const auto& [status, name] : status_names)
    if (name == text)
      return status;
  throw nlohmann::json::type_error::create(302, "unknown payment status '" + text + "'", &j);
}

} // namespace

std::string_view to_string(payment_status status) {
  for (const auto& [candidate, name] : status_names)
    if (candidate == status)
      return name;
  throw std::logic_error("payment_status out of range");
}

void to_json(nlohmann::json& j, const state& s) {
  j = {{"status", to_string(s.status)},
       {"orderId", s.order_id},
       {"conferenceId", s.conference_id},
       {"description", s.description},
       {"amount", s.amount}};
}
void from_json(const nlohmann::json& j, state& s) {
  s.status = status_from(j.at("status"));
  j.at("orderId").get_to(s.order_id);
  j.at("conferenceId").get_to(s.conference_id);
  j.at("description").get_to(s.description);
  j.at("amount").get_to(s.amount);
}

void to_json(nlohmann::json& j, const initiate_third_party_processor_payment& c) {
  j = {{"paymentId", c.payment_id},
       {"orderId", c.order_id},
       {"conferenceId", c.conference_id},
       {"description", c.description},
       {"amount", c.amount}};
}
void from_json(const nlohmann::json& j, initiate_third_party_processor_payment& c) {
  j.at("paymentId").get_to(c.payment_id);
  j.at("orderId").get_to(c.order_id);
  j.at("conferenceId").get_to(c.conference_id);
  j.at("description").get_to(c.description);
  j.at("amount").get_to(c.amount);
}

void to_json(nlohmann::json& j, const complete_third_party_processor_payment& c) {
  j = {{"paymentId", c.payment_id}};
}
void from_json(const nlohmann::json& j, complete_third_party_processor_payment& c) {
  j.at("paymentId").get_to(c.payment_id);
}

void to_json(nlohmann::json& j, const cancel_third_party_processor_payment& c) {
  j = {{"paymentId", c.payment_id}};
}
void from_json(const nlohmann::json& j, cancel_third_party_processor_payment& c) {
  j.at("paymentId").get_to(c.payment_id);
}

void to_json(nlohmann::json& j, const payment_initiated& e) {
  j = {{"orderId", e.order_id},
       {"conferenceId", e.conference_id},
       {"description", e.description},
       {"amount", e.amount}};
}
void from_json(const nlohmann::json& j, payment_initiated& e) {
  j.at("orderId").get_to(e.order_id);
  j.at("conferenceId").get_to(e.conference_id);
  j.at("description").get_to(e.description);
  j.at("amount").get_to(e.amount);
}

void to_json(nlohmann::json& j, const payment_completed& e) {
  j = {{"orderId", e.order_id}, {"conferenceId", e.conference_id}, {"amount", e.amount}};
}
void from_json(const nlohmann::json& j, payment_completed& e) {
  j.at("orderId").get_to(e.order_id);
  j.at("conferenceId").get_to(e.conference_id);
  j.at("amount").get_to(e.amount);
}

void to_json(nlohmann::json& j, const payment_rejected& e) {
  j = {{"orderId", e.order_id}, {"conferenceId", e.conference_id}};
}
void from_json(const nlohmann::json& j, payment_rejected& e) {
  j.at("orderId").get_to(e.order_id);
  j.at("conferenceId").get_to(e.conference_id);
}

// ---- decide

namespace {

rejection not_found() { return reject(error_code::not_found, "No such payment."); }

rejection already_finished(payment_status status) {
  return reject(error_code::payment_finished,
                "The payment was already " + std::string{to_string(status)} + ".");
}

outcome<std::vector<event>> decide_initiate(const state& current,
                                            const initiate_third_party_processor_payment& cmd) {
  validator check;
  check.required("orderId", "OrderId", cmd.order_id)
    .required("conferenceId", "ConferenceId", cmd.conference_id)
    .check(cmd.amount > money{}, "amount", "The amount must be greater than zero.");
  if (!check.empty())
    return check.to_rejection();
  payment_initiated initiated{cmd.order_id, cmd.conference_id, cmd.description, cmd.amount};
  if (current.status == payment_status::none)
    return std::vector<event>{initiated};
  if (initiated.tie() == std::tie(current.order_id, current.conference_id, current.description, current.amount))
    return std::vector<event>{};
  return reject(error_code::bad_request, "The payment was already initiated with other terms.");
}

outcome<std::vector<event>> decide_complete(const state& current) {
  switch (current.status) {
  case payment_status::none:
    return not_found();
  case payment_status::initiated:
    return std::vector<event>{payment_completed{current.order_id, current.conference_id, current.amount}};
  case payment_status::completed:
    return std::vector<event>{};
  case payment_status::rejected:
    return already_finished(current.status);
  }
  return not_found();
}

outcome<std::vector<event>> decide_cancel(const state& current) {
  switch (current.status) {
  case payment_status::none:
    return not_found();
  case payment_status::initiated:
    return std::vector<event>{payment_rejected{current.order_id, current.conference_id}};
  case payment_status::rejected:
    return std::vector<event>{};
  case payment_status::completed:
    return already_finished(current.status);
  }
  return not_found();
}

} // namespace

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context&) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, initiate_third_party_processor_payment>)
        return decide_initiate(current, c);
      else if constexpr (std::is_same_v<type, complete_third_party_processor_payment>)
        return decide_complete(current);
      else
        return decide_cancel(current);
    },
    cmd);
}

state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, payment_initiated>) {
        current.status = payment_status::initiated;
        current.order_id = e.order_id;
        current.conference_id = e.conference_id;
        current.description = e.description;
        current.amount = e.amount;
      } else if constexpr (std::is_same_v<type, payment_completed>) {
        current.status = payment_status::completed;
      } else {
        current.status = payment_status::rejected;
      }
    },
    happened);
  return current;
}

} // namespace contoso::payments::payment
