#pragma once
/// A payment through the (simulated) third-party processor (Payments): one per payment id, started for
/// an order's total and then answered once by the processor.
///
/// Invariants:
/// - A payment is initiated once, for a positive amount, an order and a conference. Initiating it again
///   with the same terms changes nothing; with other terms it is refused.
/// - The processor answers once: accepted (`PaymentCompleted`) or rejected (`PaymentRejected`). The same
///   answer again changes nothing; the other answer afterwards is refused (`payment_finished`).

#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/money.hpp"
#include "domain/outcome.hpp"

namespace contoso::payments::payment {
using contoso::operator==;
using contoso::operator!=;

/// `none`: not initiated yet; `initiated`: waiting for the processor's answer.
enum class payment_status { none, initiated, completed, rejected };

/// The wire spelling: "none", "initiated", "completed", "rejected".
std::string_view to_string(payment_status status);

struct state {
  payment_status status = payment_status::none;
  std::string order_id;
  std::string conference_id;
  std::string description;
  money amount;

  auto tie() const { return std::tie(status, order_id, conference_id, description, amount); }
};
/// Snapshots.
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- commands

/// Starts a payment of `amount` for an order (the order's total when the payment starts).
struct initiate_third_party_processor_payment {
  static constexpr std::string_view type = "InitiateThirdPartyProcessorPayment";
  static constexpr int schema_version = 1;
  std::string payment_id;
  std::string order_id;
  std::string conference_id;
  std::string description;
  money amount;

  auto tie() const { return std::tie(payment_id, order_id, conference_id, description, amount); }
};
void to_json(nlohmann::json& j, const initiate_third_party_processor_payment& c);
void from_json(const nlohmann::json& j, initiate_third_party_processor_payment& c);

/// The processor accepted the payment.
struct complete_third_party_processor_payment {
  static constexpr std::string_view type = "CompleteThirdPartyProcessorPayment";
  static constexpr int schema_version = 1;
  std::string payment_id;

  auto tie() const { return std::tie(payment_id); }
};
void to_json(nlohmann::json& j, const complete_third_party_processor_payment& c);
void from_json(const nlohmann::json& j, complete_third_party_processor_payment& c);

/// The processor rejected the payment.
struct cancel_third_party_processor_payment {
  static constexpr std::string_view type = "CancelThirdPartyProcessorPayment";
  static constexpr int schema_version = 1;
  std::string payment_id;

  auto tie() const { return std::tie(payment_id); }
};
void to_json(nlohmann::json& j, const cancel_third_party_processor_payment& c);
void from_json(const nlohmann::json& j, cancel_third_party_processor_payment& c);

using command = std::variant<initiate_third_party_processor_payment, complete_third_party_processor_payment,
                             cancel_third_party_processor_payment>;

// ---- events (source id: the payment id)

struct payment_initiated {
  static constexpr std::string_view type = "PaymentInitiated";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::string conference_id;
  std::string description;
  money amount;

  auto tie() const { return std::tie(order_id, conference_id, description, amount); }
};
void to_json(nlohmann::json& j, const payment_initiated& e);
void from_json(const nlohmann::json& j, payment_initiated& e);

/// The registration process of `order_id` follows this event.
struct payment_completed {
  static constexpr std::string_view type = "PaymentCompleted";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::string conference_id;
  money amount;

  auto tie() const { return std::tie(order_id, conference_id, amount); }
};
void to_json(nlohmann::json& j, const payment_completed& e);
void from_json(const nlohmann::json& j, payment_completed& e);

struct payment_rejected {
  static constexpr std::string_view type = "PaymentRejected";
  static constexpr int schema_version = 1;
  std::string order_id;
  std::string conference_id;

  auto tie() const { return std::tie(order_id, conference_id); }
};
void to_json(nlohmann::json& j, const payment_rejected& e);
void from_json(const nlohmann::json& j, payment_rejected& e);

using event = std::variant<payment_initiated, payment_completed, payment_rejected>;

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
state evolve(state current, const event& happened);

struct decider {
  using state = payment::state;
  using command = payment::command;
  using event = payment::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return payment::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return payment::evolve(std::move(s), e); }
};

} // namespace contoso::payments::payment
