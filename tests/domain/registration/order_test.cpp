#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "domain/ids.hpp"
#include "domain/registration/order.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::registration::order;
using contoso::testing::given;

namespace {

namespace controls {

const std::string order_id = "00000000-0000-4000-8000-0000000000c1";
const std::string conference_id = "00000000-0000-4000-8000-0000000000c2";
const std::string other_conference_id = "00000000-0000-4000-8000-0000000000c3";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string conference_pass = "00000000-0000-4000-8000-0000000000a2";
const std::string workshop = "00000000-0000-4000-8000-0000000000a3";

money usd(const char* amount) { return *money::parse(amount); }

/// The order side's copy of the conference's seat types.
std::vector<seat_type_price> seat_types() {
  return {{general, "General admission", usd("199")},
          {conference_pass, "Conference pass", usd("50")},
          {workshop, "Workshop", usd("500")}};
}

instant placed_at() { return testing::fixed_now(); }
instant expires_at() { return placed_at() + std::chrono::minutes(15); }

register_to_conference place(std::vector<seat_quantity> seats, std::optional<promo_terms> promo = std::nullopt) {
  return register_to_conference{order_id, conference_id, std::move(seats), seat_types(), std::move(promo)};
}

update_seats update_to(std::vector<seat_quantity> seats) { return update_seats{std::move(seats), seat_types()}; }

order_placed placed(std::vector<seat_quantity> seats, std::optional<promo_terms> promo = std::nullopt) {
  return order_placed{conference_id, std::move(seats), expires_at(), "AAAAAB", std::move(promo)};
}

order_totals_calculated totals(std::vector<order_line> lines, money discount = {}) {
  money gross;
  for (const auto& line : lines)
    gross += line.line_total;
  return order_totals_calculated{std::move(lines), discount, gross - discount, gross - discount == money{}};
}

order_line general_line(int quantity) {
  return {general, "General admission", quantity, usd("199"), usd("199") * quantity};
}
order_line pass_line(int quantity) { return {conference_pass, "Conference pass", quantity, usd("50"), usd("50") * quantity}; }

/// Placed with 2 general admissions and 1 conference pass: $448.
std::vector<event> placed_order() {
  return {placed({{general, 2}, {conference_pass, 1}}), totals({general_line(2), pass_line(1)})};
}

std::vector<event> reserved_order() {
  auto history = placed_order();
  history.push_back(order_reservation_completed{expires_at(), {{general, 2}, {conference_pass, 1}}});
  return history;
}

std::vector<event> with(std::vector<event> history, std::vector<event> more) {
  history.insert(history.end(), more.begin(), more.end());
  return history;
}

} // namespace controls

using namespace controls;

} // namespace

TEST_CASE("order: placing an order records it and prices it", "[domain][order]") {
  given<decider> placing({});
  placing.when(place({{general, 2}, {conference_pass, 1}, {workshop, 0}}))
    .then({placed({{general, 2}, {conference_pass, 1}}), totals({general_line(2), pass_line(1)})});

  const auto& decided = std::get<order_placed>(placing.decided().value().front());
  CHECK(decided.access_code.size() == access_code_length);
  CHECK(decided.access_code.find_first_not_of(access_code_alphabet) == std::string::npos);
  CHECK(format_instant(decided.reservation_auto_expiration) == "2026-11-23T10:15:00Z");
  CHECK(placing.state().status == order_status::pending);
  CHECK(placing.state().totals.total == usd("448"));
}

TEST_CASE("order: the reservation expiry follows the policy's timeout", "[domain][order]") {
  auto ctx = testing::fixed_context();
  ctx.policy.reservation_timeout = std::chrono::seconds(60);
  given<decider> placing({}, ctx);
  placing.when(place({{general, 1}}));
  REQUIRE(placing.decided().ok());
  CHECK(format_instant(placing.state().reservation_expires_at) == "2026-11-23T10:01:00Z");
}

TEST_CASE("order: updating the seats records them and reprices, and the expiry stays", "[domain][order]") {
  given<decider> updating(placed_order(), testing::fixed_context(placed_at() + std::chrono::minutes(5)));
  updating.when(update_to({{general, 1}, {workshop, 1}}))
    .then({order_updated{{{general, 1}, {workshop, 1}}},
           totals({general_line(1), {workshop, "Workshop", 1, usd("500"), usd("500")}})});
  CHECK(updating.state().reservation_expires_at == expires_at());
  CHECK(updating.state().access_code == "AAAAAB");
  CHECK(updating.state().status == order_status::pending);
}

TEST_CASE("order: an update prices with the order's own prices, never a later price", "[domain][order]") {
  auto raised = update_to({{general, 3}});
  raised.seat_types[0].price = usd("299");
  given<decider>(placed_order())
    .when(raised)
    .then({order_updated{{{general, 3}}}, totals({general_line(3)})});
}

TEST_CASE("order: an update keeps the promo code the order was placed with", "[domain][order]") {
  promo_terms ten_off{"TENOFF", amount_off{usd("10")}, {}};
  auto history = std::vector<event>{placed({{general, 1}}, ten_off), totals({general_line(1)}, usd("10"))};
  given<decider>(history).when(update_to({{general, 2}})).then({order_updated{{{general, 2}}}, totals({general_line(2)}, usd("20"))});
}

TEST_CASE("order: updating to the seats already asked for changes nothing", "[domain][order]") {
  given<decider>(placed_order()).when(update_to({{conference_pass, 1}, {general, 2}})).then_nothing();
}

TEST_CASE("order: seats of an order that was never placed cannot be updated", "[domain][order]") {
  given<decider>({}).when(update_to({{general, 1}})).then_rejected(error_code::not_found);
}

TEST_CASE("order: placing an existing order again with the same seats and code is a replay", "[domain][order]") {
  given<decider>(placed_order()).when(place({{conference_pass, 1}, {general, 2}})).then_nothing();
  given<decider>(reserved_order()).when(place({{general, 2}, {conference_pass, 1}, {workshop, 0}})).then_nothing();
  given<decider>(with(reserved_order(), {order_confirmed{}})).when(place({{general, 2}, {conference_pass, 1}})).then_nothing();
  promo_terms ten_off{"TENOFF", amount_off{usd("10")}, {}};
  given<decider>({placed({{general, 1}}, ten_off), totals({general_line(1)}, usd("10"))})
    .when(place({{general, 1}}, ten_off))
    .then_nothing();
}

TEST_CASE("order: placing an existing order with other seats or another code is refused", "[domain][order]") {
  SECTION("other seats") {
    given<decider>(placed_order()).when(place({{general, 1}})).then_rejected(error_code::order_exists);
  }
  SECTION("a code where it had none") {
    given<decider>(placed_order())
      .when(place({{general, 2}, {conference_pass, 1}}, promo_terms{"TENOFF", amount_off{usd("10")}, {}}))
      .then_rejected(error_code::order_exists);
  }
  SECTION("no code where it had one") {
    promo_terms ten_off{"TENOFF", amount_off{usd("10")}, {}};
    given<decider>({placed({{general, 1}}, ten_off), totals({general_line(1)}, usd("10"))})
      .when(place({{general, 1}}))
      .then_rejected(error_code::order_exists);
  }
  SECTION("but seats invalid on their face are a validation failure first") {
    given<decider>(placed_order()).when(place({{general, -1}})).then_rejected(error_code::validation_failed);
  }
}

TEST_CASE("order: lines and seats follow the conference's seat-type order, not the request's", "[domain][order]") {
  given<decider> placing({});
  placing.when(place({{workshop, 1}, {general, 2}}))
    .then({placed({{general, 2}, {workshop, 1}}),
           totals({general_line(2), {workshop, "Workshop", 1, usd("500"), usd("500")}})});
  given<decider>({placed({{general, 2}, {workshop, 1}}), totals({general_line(2), {workshop, "Workshop", 1, usd("500"), usd("500")}})})
    .when(mark_seats_as_reserved{expires_at(), {{workshop, 1}, {general, 2}}, 1})
    .then({order_reservation_completed{expires_at(), {{general, 2}, {workshop, 1}}}});
}

TEST_CASE("order: a full reservation completes it and leaves the totals alone", "[domain][order]") {
  given<decider> reserving(placed_order());
  reserving.when(mark_seats_as_reserved{expires_at(), {{conference_pass, 1}, {general, 2}}, 1})
    .then({order_reservation_completed{expires_at(), {{general, 2}, {conference_pass, 1}}}});
  CHECK(reserving.state().status == order_status::reserved);
  CHECK(reserving.state().totals.total == usd("448"));
}

TEST_CASE("order: marking seats reserved with fewer seats than requested is a partial reservation", "[domain][order]") {
  SECTION("some seats: totals over what was reserved, one line per requested seat type") {
    given<decider> partial(placed_order());
    partial.when(mark_seats_as_reserved{expires_at(), {{general, 1}}, 1})
      .then({order_partially_reserved{expires_at(), {{general, 1}}}, totals({general_line(1), pass_line(0)})});
    CHECK(partial.state().status == order_status::partially_reserved);
    CHECK(partial.state().seats == std::vector<seat_quantity>{{general, 1}});
    CHECK(partial.state().requested == std::vector<seat_quantity>{{general, 2}, {conference_pass, 1}});
  }
  SECTION("no seats at all") {
    given<decider>(placed_order())
      .when(mark_seats_as_reserved{expires_at(), {}, 1})
      .then({order_partially_reserved{expires_at(), {}}, totals({general_line(0), pass_line(0)})});
  }
  SECTION("the same reservation again changes nothing") {
    given<decider>(with(placed_order(), {order_partially_reserved{expires_at(), {{general, 1}}},
                                         totals({general_line(1), pass_line(0)})}))
      .when(mark_seats_as_reserved{expires_at(), {{general, 1}}, 1})
      .then_nothing();
  }
}

TEST_CASE("order: asking again for the seats of a partial reservation re-reserves them", "[domain][order]") {
  given<decider>(with(placed_order(), {order_partially_reserved{expires_at(), {{general, 1}}},
                                       totals({general_line(1), pass_line(0)})}))
    .when(update_to({{general, 2}, {conference_pass, 1}}))
    .then({order_updated{{{general, 2}, {conference_pass, 1}}}, totals({general_line(2), pass_line(1)})});
}

TEST_CASE("order: asking for exactly the seats a partial reservation got re-reserves them", "[domain][order]") {
  given<decider>(with(placed_order(), {order_partially_reserved{expires_at(), {{general, 1}}},
                                       totals({general_line(1), pass_line(0)})}))
    .when(update_to({{general, 1}}))
    .then({order_updated{{{general, 1}}}, totals({general_line(1)})});
}

TEST_CASE("order: a reservation's answer to a request that an update superseded changes nothing", "[domain][order]") {
  auto updated = with(placed_order(), {order_updated{{{general, 3}}}, totals({general_line(3)})});
  given<decider>(updated).when(mark_seats_as_reserved{expires_at(), {{general, 2}, {conference_pass, 1}}, 1}).then_nothing();
  given<decider> current(updated);
  current.when(mark_seats_as_reserved{expires_at(), {{general, 3}}, 2})
    .then({order_reservation_completed{expires_at(), {{general, 3}}}});
  CHECK(current.state().status == order_status::reserved);
}

TEST_CASE("order: a reserved order is confirmed once, however often it is asked", "[domain][order]") {
  given<decider>(reserved_order()).when(confirm_order{}).then({order_confirmed{}});
  given<decider>(with(reserved_order(), {order_confirmed{}})).when(confirm_order{}).then_nothing();
}

TEST_CASE("order: an order is confirmed only once its seats are reserved", "[domain][order]") {
  given<decider>(placed_order()).when(confirm_order{}).then_rejected(error_code::reservation_pending);
  given<decider>(with(placed_order(), {order_partially_reserved{expires_at(), {}}, totals({general_line(0), pass_line(0)})}))
    .when(confirm_order{})
    .then_rejected(error_code::partially_reserved);
  given<decider>({}).when(confirm_order{}).then_rejected(error_code::not_found);
}

TEST_CASE("order: an expired order is confirmed only after its seats were re-acquired", "[domain][order]") {
  auto expired = with(reserved_order(), {order_expired{}});
  given<decider>(expired).when(confirm_order{}).then_rejected(error_code::order_expired);
  given<decider>(expired).when(confirm_order{true}).then({order_confirmed{}});
}

TEST_CASE("order: rejecting an order expires it once", "[domain][order]") {
  given<decider>(placed_order()).when(reject_order{}).then({order_expired{}});
  given<decider>(reserved_order()).when(reject_order{}).then({order_expired{}});
  given<decider>(with(reserved_order(), {order_expired{}})).when(reject_order{}).then_nothing();
}

TEST_CASE("order: rejecting a confirmed order is refused", "[domain][order]") {
  given<decider>(with(reserved_order(), {order_confirmed{}})).when(reject_order{}).then_rejected(error_code::order_confirmed);
}

TEST_CASE("order: a paid order whose seats could not be re-acquired is flagged for attention", "[domain][order]") {
  auto expired = with(reserved_order(), {order_expired{}});
  given<decider> flagging(expired);
  flagging.when(flag_order_for_attention{"seats gone"}).then({order_flagged_for_attention{"seats gone"}});
  CHECK(flagging.state().status == order_status::attention);
  given<decider>(with(expired, {order_flagged_for_attention{"seats gone"}}))
    .when(flag_order_for_attention{"seats gone"})
    .then_nothing();
  given<decider>(with(expired, {order_flagged_for_attention{"seats gone"}})).when(reject_order{}).then_nothing();
}

TEST_CASE("order: a confirmed order whose released seats could not be taken back is flagged for attention",
          "[domain][order]") {
  given<decider> flagging(with(reserved_order(), {order_confirmed{}}));
  flagging.when(flag_order_for_attention{"seats gone"}).then({order_flagged_for_attention{"seats gone"}});
  CHECK(flagging.state().status == order_status::attention);
}

TEST_CASE("order: registrant details are recorded once", "[domain][order]") {
  given<decider> assigning(reserved_order());
  assigning.when(assign_registrant_details{"Ada", "Lovelace", "ada@example.com"})
    .then({order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"}});
  REQUIRE(assigning.state().registrant.has_value());
  CHECK(assigning.state().registrant->email == "ada@example.com");
  given<decider>(with(reserved_order(), {order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"}}))
    .when(assign_registrant_details{"Ada", "Lovelace", "ada@example.com"})
    .then_nothing();
}

TEST_CASE("order: registrant details need a first name, a last name and a valid email", "[domain][order]") {
  given<decider> missing(reserved_order());
  missing.when(assign_registrant_details{"Ada", "", "not an email"}).then_rejected(error_code::validation_failed);
  CHECK(missing.decided().error().fields
        == field_messages{{"lastName", "The LastName field is required."},
                          {"email", "The Email field is not a valid e-mail address."}});

  given<decider> blank(reserved_order());
  blank.when(assign_registrant_details{" ", "Lovelace", ""}).then_rejected(error_code::validation_failed);
  CHECK(blank.decided().error().fields
        == field_messages{{"firstName", "The FirstName field is required."}, {"email", "The Email field is required."}});
}

TEST_CASE("order: seats cannot change once the reservation has expired", "[domain][order]") {
  SECTION("at the expiry time") {
    given<decider>(placed_order(), testing::fixed_context(expires_at()))
      .when(update_to({{general, 1}}))
      .then_rejected(error_code::order_expired);
  }
  SECTION("after the order expired") {
    given<decider>(with(placed_order(), {order_expired{}}), testing::fixed_context(placed_at() + std::chrono::minutes(1)))
      .when(update_to({{general, 1}}))
      .then_rejected(error_code::order_expired);
  }
  SECTION("nor the registrant of an expired order") {
    given<decider>(with(placed_order(), {order_expired{}}))
      .when(assign_registrant_details{"Ada", "Lovelace", "ada@example.com"})
      .then_rejected(error_code::order_expired);
  }
}

TEST_CASE("order: a confirmed order cannot change", "[domain][order]") {
  auto confirmed = with(reserved_order(), {order_confirmed{}});
  given<decider>(confirmed).when(update_to({{general, 1}})).then_rejected(error_code::order_confirmed);
  given<decider>(confirmed)
    .when(assign_registrant_details{"Ada", "Lovelace", "ada@example.com"})
    .then_rejected(error_code::order_confirmed);
  given<decider>(confirmed)
    .when(mark_seats_as_reserved{expires_at(), {{general, 1}}, 1})
    .then_rejected(error_code::order_confirmed);
}

TEST_CASE("order: an order stays with its conference", "[domain][order]") {
  auto elsewhere = place({{general, 1}});
  elsewhere.conference_id = other_conference_id;
  given<decider>(placed_order()).when(elsewhere).then_rejected(error_code::order_exists);
}

TEST_CASE("order: seat lines are validated with field messages", "[domain][order]") {
  SECTION("a negative quantity") {
    given<decider> negative({});
    negative.when(place({{general, -1}, {conference_pass, 1}})).then_rejected(error_code::validation_failed);
    CHECK(negative.decided().error().fields
          == field_messages{{"seats[0].quantity", "The field Quantity must be between 0 and 20."}});
  }
  SECTION("more than the maximum per line") {
    given<decider> too_many({});
    too_many.when(place({{general, 21}})).then_rejected(error_code::validation_failed);
    CHECK(too_many.decided().error().fields
          == field_messages{{"seats[0].quantity", "The field Quantity must be between 0 and 20."}});
  }
  SECTION("the maximum per line itself is fine") {
    given<decider> twenty({});
    twenty.when(place({{general, 20}}));
    CHECK(twenty.decided().ok());
  }
  SECTION("an unknown seat type") {
    given<decider> unknown({});
    unknown.when(place({{general, 1}, {"00000000-0000-4000-8000-0000000000ff", 1}}))
      .then_rejected(error_code::validation_failed);
    CHECK(unknown.decided().error().fields
          == field_messages{{"seats[1].seatTypeId", "The seat type is not offered by this conference."}});
  }
  SECTION("a seat type listed twice") {
    given<decider> twice({});
    twice.when(place({{general, 1}, {general, 1}})).then_rejected(error_code::validation_failed);
    CHECK(twice.decided().error().fields.count("seats[1].seatTypeId") == 1);
  }
  SECTION("no quantity above zero") {
    for (auto seats : {std::vector<seat_quantity>{}, std::vector<seat_quantity>{{general, 0}, {workshop, 0}}}) {
      given<decider> empty({});
      empty.when(place(seats)).then_rejected(error_code::validation_failed);
      CHECK(empty.decided().error().fields == field_messages{{"seats", "One or more items are required."}});
      CHECK(empty.decided().error().message == "One or more items are required.");
    }
  }
  SECTION("on an update too, before the order's state is considered") {
    given<decider> invalid(with(reserved_order(), {order_confirmed{}}));
    invalid.when(update_to({{general, 0}})).then_rejected(error_code::validation_failed);
  }
}

TEST_CASE("order: a promo code's terms are priced into the placed order", "[domain][order]") {
  promo_terms half_off{"HALF", percent_off{50}, {general}};
  given<decider>({})
    .when(place({{general, 1}, {conference_pass, 1}}, half_off))
    .then({placed({{general, 1}, {conference_pass, 1}}, half_off),
           totals({general_line(1), pass_line(1)}, usd("99.5"))});
}

TEST_CASE("order: a free order is free of charge", "[domain][order]") {
  promo_terms all_off{"FREE", percent_off{100}, {}};
  given<decider> free({});
  free.when(place({{conference_pass, 2}}, all_off));
  REQUIRE(free.decided().ok());
  const auto& calculated = std::get<order_totals_calculated>(free.decided().value().back());
  CHECK(calculated.total == money{});
  CHECK(calculated.is_free_of_charge);
}

TEST_CASE("order: a payment starts only for a reserved, unexpired order with a registrant", "[domain][order]") {
  auto refusal = [](std::vector<event> history, instant now = placed_at()) {
    given<decider> order(std::move(history), testing::fixed_context(now));
    order.when(start_payment{"seats", {}});
    return order.decided().ok() ? std::string{"none"} : std::string{to_string(order.decided().error().code)};
  };
  auto registrant = order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"};
  CHECK(refusal(with(reserved_order(), {registrant})) == "none");
  CHECK(refusal(with(reserved_order(), {registrant}), expires_at() - std::chrono::milliseconds(1)) == "none");
  CHECK(refusal(with(reserved_order(), {registrant}), expires_at()) == "order_expired");
  CHECK(refusal(reserved_order()) == "registrant_missing");
  CHECK(refusal(with(placed_order(), {registrant})) == "reservation_pending");
  CHECK(refusal(with(placed_order(), {order_partially_reserved{expires_at(), {}}, totals({general_line(0), pass_line(0)})}))
        == "partially_reserved");
  CHECK(refusal(placed_order(), expires_at()) == "order_expired");
  CHECK(refusal(with(reserved_order(), {registrant, order_expired{}})) == "order_expired");
  CHECK(refusal(with(reserved_order(), {registrant, order_confirmed{}}), expires_at()) == "order_confirmed");
  CHECK(refusal({}) == "not_found");
}

TEST_CASE("order: starting a payment starts one of the order's total, asking again answers the live one",
          "[domain][order]") {
  auto payable = with(reserved_order(), {order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"}});
  const auto total = std::get<order_totals_calculated>(payable[1]).total;
  const auto first_id = testing::fixed_context().new_id();
  SECTION("the first request starts a payment of the total, named by a fresh id") {
    given<decider>(payable)
      .when(start_payment{"Registration", {}})
      .then({order_payment_started{first_id, conference_id, total, "Registration"}});
  }
  SECTION("while it is live, asking again changes nothing and the answer is that payment") {
    auto started = with(payable, {order_payment_started{"payment-1", conference_id, total, "Registration"}});
    given<decider> again(started);
    again.when(start_payment{"Registration", {"some-other-payment"}}).then_nothing();
    CHECK(answer(again.state())
          == nlohmann::json{{"status", "reserved"}, {"payment", {{"paymentId", "payment-1"}, {"amount", total}}}});
  }
  SECTION("after the processor rejected it, a new payment starts") {
    auto started = with(payable, {order_payment_started{"payment-1", conference_id, total, "Registration"}});
    given<decider>(started)
      .when(start_payment{"Registration", {"payment-1"}})
      .then({order_payment_started{first_id, conference_id, total, "Registration"}});
  }
  SECTION("an order with no payment answers none") {
    CHECK(answer(given<decider>(payable).state()).at("payment").is_null());
  }
}

TEST_CASE("order: asking to pay for a free order confirms it with no payment", "[domain][order]") {
  promo_terms all_off{"FREE", percent_off{100}, {}};
  given<decider> free({});
  free.when(place({{conference_pass, 2}}, all_off));
  REQUIRE(free.decided().ok());
  auto history = free.decided().value();
  history.push_back(order_reservation_completed{expires_at(), {{conference_pass, 2}}});
  history.push_back(order_registrant_assigned{"Ada", "Lovelace", "ada@example.com"});
  given<decider> paying(history);
  paying.when(start_payment{"Registration", {}}).then({order_confirmed{}});
  CHECK(answer(order::evolve(paying.state(), order_confirmed{})).at("status") == "confirmed");
}
