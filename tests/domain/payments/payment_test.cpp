#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/payments/payment.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::payments::payment;
using contoso::testing::given;

namespace {

const std::string payment_id = "00000000-0000-4000-8000-0000000000c1";
const std::string order_id = "00000000-0000-4000-8000-0000000000b1";
const std::string conference_id = "00000000-0000-4000-8000-0000000000a0";
const money amount = money::from_cents(39900);

initiate_third_party_processor_payment initiate() {
  return {payment_id, order_id, conference_id, "Seats for order b1", amount};
}
event initiated() { return payment_initiated{order_id, conference_id, "Seats for order b1", amount}; }
event completed() { return payment_completed{order_id, conference_id, amount}; }
event rejected() { return payment_rejected{order_id, conference_id}; }

} // namespace

TEST_CASE("payment: initiating a payment records its order, conference, description and amount",
          "[domain][payment]") {
  given<decider>({}).when(initiate()).then({initiated()});
}

TEST_CASE("payment: initiating the same payment again changes nothing, with other terms it is refused",
          "[domain][payment]") {
  given<decider>({initiated()}).when(initiate()).then_nothing();
  auto other = initiate();
  other.amount = money::from_cents(100);
  given<decider>({initiated()}).when(other).then_rejected(error_code::bad_request);
}

TEST_CASE("payment: a payment needs an order, a conference and a positive amount", "[domain][payment]") {
  auto invalid = initiate();
  invalid.order_id.clear();
  invalid.amount = money{};
  given<decider> attempt({});
  attempt.when(invalid).then_rejected(error_code::validation_failed);
  CHECK(attempt.decided().error().fields.count("orderId") == 1);
  CHECK(attempt.decided().error().fields.count("amount") == 1);
}

TEST_CASE("payment: the processor's acceptance completes the payment", "[domain][payment]") {
  given<decider>({initiated()}).when(complete_third_party_processor_payment{payment_id}).then({completed()});
}

TEST_CASE("payment: the processor's rejection rejects the payment", "[domain][payment]") {
  given<decider>({initiated()}).when(cancel_third_party_processor_payment{payment_id}).then({rejected()});
}

TEST_CASE("payment: completing twice is completing once", "[domain][payment]") {
  given<decider>({initiated(), completed()}).when(complete_third_party_processor_payment{payment_id}).then_nothing();
}

TEST_CASE("payment: rejecting twice is rejecting once", "[domain][payment]") {
  given<decider>({initiated(), rejected()}).when(cancel_third_party_processor_payment{payment_id}).then_nothing();
}

TEST_CASE("payment: a rejection after the completion is refused", "[domain][payment]") {
  given<decider>({initiated(), completed()})
    .when(cancel_third_party_processor_payment{payment_id})
    .then_rejected(error_code::payment_finished);
}

TEST_CASE("payment: a completion after the rejection is refused", "[domain][payment]") {
  given<decider>({initiated(), rejected()})
    .when(complete_third_party_processor_payment{payment_id})
    .then_rejected(error_code::payment_finished);
}

TEST_CASE("payment: answering a payment that was never initiated is not found", "[domain][payment]") {
  given<decider>({}).when(complete_third_party_processor_payment{payment_id}).then_rejected(error_code::not_found);
  given<decider>({}).when(cancel_third_party_processor_payment{payment_id}).then_rejected(error_code::not_found);
}

TEST_CASE("payment: every event round-trips through its stored form", "[domain][payment][codec]") {
  for (const auto& original : {initiated(), completed(), rejected()}) {
    auto decoded = decode<event>(encode(original));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == original);
  }
  CHECK(encode(completed()).data
        == nlohmann::json{{"orderId", order_id}, {"conferenceId", conference_id}, {"amount", 399}});
}

TEST_CASE("payment: every command round-trips through its stored form", "[domain][payment][codec]") {
  std::vector<command> all{initiate(), complete_third_party_processor_payment{payment_id},
                           cancel_third_party_processor_payment{payment_id}};
  for (const auto& original : all) {
    auto decoded = decode<command>(encode(original));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == original);
  }
}

TEST_CASE("payment: a snapshot of the state round-trips", "[domain][payment][codec]") {
  auto current = decider::evolve(decider::evolve(decider::initial_state(), initiated()), completed());
  CHECK(nlohmann::json(current).get<state>() == current);
  CHECK(nlohmann::json(current).at("status") == "completed");
}

TEST_CASE("payment: stored events ignore unknown fields and name a missing one", "[domain][payment][codec]") {
  auto stored = encode(completed());
  stored.data["addedLater"] = true;
  auto decoded = decode<event>(stored);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == completed());

  stored.data.erase("orderId");
  auto missing = decode<event>(stored);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == error_code::bad_request);
  CHECK_THAT(missing.error().message, Catch::Contains("PaymentCompleted") && Catch::Contains("orderId"));
}
