#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/registration/registration_process.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::registration::registration_process;
using namespace std::chrono_literals;
using contoso::testing::fixed_context;
using contoso::testing::fixed_now;

namespace {

const std::string order_id = "00000000-0000-4000-8000-0000000000b1";
const std::string conference_id = "00000000-0000-4000-8000-0000000000a0";
const std::string payment_id = "00000000-0000-4000-8000-0000000000c1";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";

const std::vector<seat_quantity> two_general{{general, 2}};
const instant expiry = fixed_now() + 15min;

// ---- inputs, with fixed ids (each event's id names it)

event_message<order::order_placed> placed(instant expires_at = expiry) {
  return {order_id, 1, metadata{order_id, "", "register-1"},
          order::order_placed{conference_id, two_general, expires_at, "ABC123", std::nullopt}, "event-placed"};
}
event_message<order::order_updated> updated(std::vector<seat_quantity> seats, std::int64_t version = 3) {
  return {order_id, version, metadata{order_id, "", "register-2"}, order::order_updated{std::move(seats)},
          "event-updated-" + std::to_string(version)};
}
event_message<seats_availability::seats_reserved> reserved(const std::string& by_command,
                                                           std::vector<seat_quantity> details,
                                                           std::string event_id = "event-reserved") {
  std::vector<seat_quantity> taken;
  for (const auto& line : details)
    taken.push_back({line.seat_type_id, -line.quantity});
  return {conference_id, 7, metadata{order_id, by_command, by_command},
          seats_availability::seats_reserved{order_id, std::move(details), std::move(taken)}, std::move(event_id)};
}
event_message<payments::payment::payment_completed> paid(std::string event_id = "event-paid") {
  return {payment_id, 2, metadata{order_id, "", "complete-1"},
          payments::payment::payment_completed{order_id, conference_id, money::from_cents(20000)},
          std::move(event_id)};
}
event_message<order::order_confirmed> confirmed(std::int64_t version = 5) {
  return {order_id, version, metadata{order_id, "", "confirm-1"}, order::order_confirmed{}, "event-confirmed"};
}
command_message<expire_registration_process> fired(const std::string& deadline_id) {
  return {deadline_id, order_id, metadata{order_id, "", ""}, expire_registration_process{}};
}

// ---- expected commands (their fresh ids are checked apart)

command to_order(order::command body, const std::string& caused_by) {
  return command_message<order::command>{"", order_id, metadata{order_id, caused_by, ""}, std::move(body)};
}
command to_seats(seats_availability::command body, const std::string& caused_by) {
  return command_message<seats_availability::command>{"", conference_id, metadata{order_id, caused_by, ""},
                                                      std::move(body)};
}
command reserve(std::vector<seat_quantity> seats, const std::string& caused_by) {
  return to_seats(seats_availability::make_seat_reservation{order_id, std::move(seats)}, caused_by);
}
command cancel(const std::string& caused_by) {
  return to_seats(seats_availability::cancel_seat_reservation{order_id}, caused_by);
}
command commit(const std::string& caused_by) {
  return to_seats(seats_availability::commit_seat_reservation{order_id}, caused_by);
}

std::string id_of(const command& sent) {
  return std::visit([](const auto& m) { return m.id; }, sent);
}
command without_id(command sent) {
  std::visit([](auto& m) { m.id.clear(); }, sent);
  return sent;
}

/// A registration process driven one input at a time, remembering what it sent.
class process {
public:
  /// Feeds an input whose reaction is not under test.
  process& given(const input& message) {
    feed(message);
    return *this;
  }
  /// Feeds the input under test.
  process& when(const input& message) {
    before_ = state_;
    last_ = feed(message);
    return *this;
  }

  /// The input under test sent exactly these commands (in this order), each with a fresh id.
  process& then_sends(const std::vector<command>& expected) {
    nlohmann::json got = nlohmann::json::array();
    nlohmann::json want = nlohmann::json::array();
    for (const auto& sent : last_) {
      CHECK_FALSE(id_of(sent).empty());
      got.push_back(encode_command(without_id(sent)));
    }
    for (const auto& one : expected)
      want.push_back(encode_command(one));
    CHECK(got == want);
    std::set<std::string> distinct;
    for (const auto& sent : all_sent_)
      distinct.insert(id_of(sent));
    CHECK(distinct.size() == all_sent_.size());
    return *this;
  }
  /// The input under test changed nothing and sent nothing.
  void then_unchanged() {
    CHECK(last_.empty());
    CHECK(nlohmann::json(state_) == nlohmann::json(before_));
  }

  template <class Phase>
  const Phase& in() const {
    REQUIRE(std::holds_alternative<Phase>(state_.phase));
    return std::get<Phase>(state_.phase);
  }
  completion ended() const { return in<completed>().how; }
  const registration_process::state& state() const { return state_; }

  /// The id of the last MakeSeatReservation sent so far.
  std::string last_reservation() const {
    for (auto it = all_sent_.rbegin(); it != all_sent_.rend(); ++it)
      if (const auto* seats = std::get_if<command_message<seats_availability::command>>(&*it))
        if (std::holds_alternative<seats_availability::make_seat_reservation>(seats->body))
          return seats->id;
    FAIL("no MakeSeatReservation was sent");
    return {};
  }
  std::string deadline_id() const {
    REQUIRE(state_.deadline.has_value());
    return state_.deadline->id;
  }

private:
  std::vector<command> feed(const input& message) {
    auto answer = react(state_, message, ctx_);
    state_ = answer.state;
    all_sent_.insert(all_sent_.end(), answer.commands.begin(), answer.commands.end());
    return answer.commands;
  }

  context ctx_ = fixed_context();
  registration_process::state state_ = initial_state();
  registration_process::state before_;
  std::vector<command> last_;
  std::vector<command> all_sent_;
};

/// Placed, and all its seats reserved.
process reservation_received_with(std::vector<seat_quantity> seats = two_general) {
  process p;
  p.given(placed());
  p.given(reserved(p.last_reservation(), std::move(seats)));
  return p;
}

/// Placed, seats reserved, paid.
process payment_received_process() {
  auto p = reservation_received_with();
  p.given(paid());
  return p;
}

/// Placed, seats reserved, then released by the deadline before any payment.
process expired_process() {
  auto p = reservation_received_with();
  p.given(fired(p.deadline_id()));
  return p;
}

} // namespace

// ---- DOMAIN.md's table, one test per row

TEST_CASE("registration process: new, OrderPlaced with its expiry already past: completed, sends RejectOrder",
          "[domain][registration_process]") {
  process p;
  p.when(placed(fixed_now() - 1s)).then_sends({to_order(order::reject_order{}, "event-placed")});
  CHECK(p.ended() == completion::rejected);
  CHECK_FALSE(p.state().deadline.has_value());

  process at_expiry;
  at_expiry.when(placed(fixed_now())).then_sends({to_order(order::reject_order{}, "event-placed")});
}

TEST_CASE("registration process: new, OrderPlaced: awaiting reservation, sends MakeSeatReservation and sets the "
          "deadline at expiry + buffer",
          "[domain][registration_process]") {
  process p;
  p.when(placed()).then_sends({reserve(two_general, "event-placed")});
  CHECK(p.in<awaiting_reservation>().reservation_command_id == p.last_reservation());
  REQUIRE(p.state().deadline.has_value());
  CHECK(p.state().deadline->due == expiry + 840s);
  CHECK_FALSE(p.state().deadline->id.empty());
  CHECK(p.state().reservation_expiration == expiry);
}

TEST_CASE("registration process: awaiting reservation or reservation received, OrderUpdated: awaiting reservation, "
          "sends a new MakeSeatReservation",
          "[domain][registration_process]") {
  std::vector<seat_quantity> changed{{general, 1}, {workshop, 1}};
  SECTION("while awaiting the reservation") {
    process p;
    p.given(placed());
    auto first = p.last_reservation();
    p.when(updated(changed)).then_sends({reserve(changed, "event-updated-3")});
    CHECK(p.in<awaiting_reservation>().reservation_command_id == p.last_reservation());
    CHECK(p.last_reservation() != first);
    CHECK(p.state().requested == changed);
  }
  SECTION("once the reservation was received") {
    auto p = reservation_received_with();
    p.when(updated(changed)).then_sends({reserve(changed, "event-updated-3")});
    CHECK(p.in<awaiting_reservation>().reservation_command_id == p.last_reservation());
  }
  SECTION("the deadline stays where the original expiry put it") {
    auto p = reservation_received_with();
    auto before = p.state().deadline;
    p.when(updated(changed));
    CHECK(p.state().deadline == before);
  }
}

TEST_CASE("registration process: awaiting reservation, SeatsReserved caused by the remembered command: reservation "
          "received, sends MarkSeatsAsReserved with the original expiry",
          "[domain][registration_process]") {
  std::vector<seat_quantity> one{{general, 1}};
  process p;
  p.given(placed());
  p.when(reserved(p.last_reservation(), one))
    .then_sends({to_order(order::mark_seats_as_reserved{expiry, one, 1}, "event-reserved")});
  CHECK(p.in<reservation_received>().reserved == one);
}

TEST_CASE("registration process: any state, SeatsReserved caused by an older command or repeated: unchanged, sends "
          "nothing",
          "[domain][registration_process]") {
  SECTION("an older command's answer while awaiting the new one") {
    process p;
    p.given(placed());
    auto older = p.last_reservation();
    p.given(updated({{general, 5}}));
    p.when(reserved(older, two_general)).then_unchanged();
  }
  SECTION("a repeat once the reservation was received") {
    process p;
    p.given(placed());
    auto answer = reserved(p.last_reservation(), two_general);
    p.given(answer);
    p.when(answer).then_unchanged();
  }
  SECTION("a repeat once paid") {
    auto p = payment_received_process();
    p.when(reserved(p.last_reservation(), two_general)).then_unchanged();
  }
  SECTION("a late answer once expired") {
    auto p = expired_process();
    p.when(reserved(p.last_reservation(), two_general)).then_unchanged();
  }
  SECTION("an older answer while re-acquiring") {
    auto p = expired_process();
    auto older = p.last_reservation();
    p.given(paid());
    p.when(reserved(older, two_general)).then_unchanged();
  }
}

TEST_CASE("registration process: reservation received, PaymentCompleted: payment received, sends ConfirmOrder",
          "[domain][registration_process]") {
  auto p = reservation_received_with();
  p.when(paid()).then_sends({to_order(order::confirm_order{}, "event-paid")});
  CHECK(p.in<payment_received>().reserved == two_general);
}

TEST_CASE("registration process: reservation received or payment received, OrderConfirmed: completed, sends "
          "CommitSeatReservation and drops the deadline",
          "[domain][registration_process]") {
  SECTION("paid") {
    auto p = payment_received_process();
    p.when(confirmed()).then_sends({commit("event-confirmed")});
    CHECK(p.ended() == completion::confirmed);
    CHECK_FALSE(p.state().deadline.has_value());
  }
  SECTION("confirmed without a payment") {
    auto p = reservation_received_with();
    p.when(confirmed()).then_sends({commit("event-confirmed")});
    CHECK(p.ended() == completion::confirmed);
    CHECK_FALSE(p.state().deadline.has_value());
  }
}

TEST_CASE("registration process: awaiting reservation or reservation received, deadline: expired, sends RejectOrder "
          "and CancelSeatReservation",
          "[domain][registration_process]") {
  SECTION("awaiting the reservation") {
    process p;
    p.given(placed());
    auto deadline = p.deadline_id();
    p.when(fired(deadline)).then_sends({to_order(order::reject_order{}, deadline), cancel(deadline)});
    CHECK(p.in<expired>().seats == two_general);
    CHECK_FALSE(p.state().deadline.has_value());
  }
  SECTION("reservation received") {
    std::vector<seat_quantity> one{{general, 1}};
    auto p = reservation_received_with(one);
    auto deadline = p.deadline_id();
    p.when(fired(deadline)).then_sends({to_order(order::reject_order{}, deadline), cancel(deadline)});
    CHECK(p.in<expired>().seats == one);
    CHECK_FALSE(p.state().deadline.has_value());
  }
}

TEST_CASE("registration process: payment received, deadline: the money is taken, confirmation proceeds and nothing "
          "is sent",
          "[domain][registration_process]") {
  auto p = payment_received_process();
  p.when(fired(p.deadline_id())).then_sends({});
  CHECK(p.in<payment_received>().reserved == two_general);
  CHECK_FALSE(p.state().deadline.has_value());
  p.when(confirmed()).then_sends({commit("event-confirmed")});
  CHECK(p.ended() == completion::confirmed);
}

TEST_CASE("registration process: expired, PaymentCompleted after expiry: reacquiring, sends MakeSeatReservation for "
          "the order's seats",
          "[domain][registration_process]") {
  auto p = expired_process();
  p.when(paid()).then_sends({reserve(two_general, "event-paid")});
  CHECK(p.in<reacquiring>().reservation_command_id == p.last_reservation());
  CHECK(p.in<reacquiring>().seats == two_general);
}

TEST_CASE("registration process: reacquiring, SeatsReserved with all seats: completed, sends ConfirmOrder after "
          "re-acquiry and CommitSeatReservation",
          "[domain][registration_process]") {
  auto p = expired_process();
  p.given(paid());
  p.when(reserved(p.last_reservation(), two_general, "event-reacquired"))
    .then_sends({to_order(order::confirm_order{true}, "event-reacquired"), commit("event-reacquired")});
  CHECK(p.ended() == completion::confirmed);
}

TEST_CASE("registration process: reacquiring, SeatsReserved with fewer seats: completed, sends CancelSeatReservation "
          "and FlagOrderForAttention",
          "[domain][registration_process]") {
  auto p = expired_process();
  p.given(paid());
  p.when(reserved(p.last_reservation(), {{general, 1}}, "event-reacquired"));
  p.then_sends({cancel("event-reacquired"),
                to_order(order::flag_order_for_attention{
                           "Paid after its seats were released or changed, and they could not all be reserved again."},
                         "event-reacquired")});
  CHECK(p.ended() == completion::attention);
}

TEST_CASE("registration process: completed, any repeat: unchanged, sends nothing", "[domain][registration_process]") {
  auto confirmed_process = payment_received_process();
  confirmed_process.given(confirmed());
  auto reservation = confirmed_process.last_reservation();
  auto deadline = payment_received_process().deadline_id();

  auto rejected_process = process{};
  rejected_process.given(placed(fixed_now() - 1s));

  auto attention_process = expired_process();
  attention_process.given(paid());
  attention_process.given(reserved(attention_process.last_reservation(), {}, "event-reacquired"));

  for (auto* p : {&confirmed_process, &rejected_process, &attention_process}) {
    REQUIRE(std::holds_alternative<completed>(p->state().phase));
    p->when(placed()).then_unchanged();
    p->when(updated({{general, 1}}, 9)).then_unchanged();
    p->when(reserved(reservation, two_general)).then_unchanged();
    p->when(paid()).then_unchanged();
    p->when(paid("event-paid-again")).then_unchanged();
    p->when(confirmed(9)).then_unchanged();
    p->when(fired(deadline)).then_unchanged();
  }
}

TEST_CASE("registration process: none exists, SeatsReserved for an unknown reservation: sends CancelSeatReservation",
          "[domain][registration_process]") {
  auto ctx = fixed_context();
  auto orphan = reserved("someone-elses-command", two_general, "event-orphan");
  auto sent = react_to_orphan(orphan, ctx);
  REQUIRE(sent.size() == 1);
  CHECK(encode_command(without_id(sent.front())) == encode_command(cancel("event-orphan")));

  process p;
  p.when(orphan).then_sends({cancel("event-orphan")});
  CHECK(std::holds_alternative<not_started>(p.state().phase));
}

// ---- beyond the table

TEST_CASE("registration process: a free order is confirmed by the order itself and the process commits its seats",
          "[domain][registration_process]") {
  auto p = reservation_received_with();
  p.when(confirmed(4)).then_sends({commit("event-confirmed")});
  CHECK(p.ended() == completion::confirmed);
}

TEST_CASE("registration process: a duplicate PaymentCompleted is ignored", "[domain][registration_process]") {
  auto p = payment_received_process();
  p.when(paid()).then_unchanged();
  p.when(paid("event-paid-twice")).then_unchanged();

  auto reacquiring_process = expired_process();
  reacquiring_process.given(paid());
  reacquiring_process.when(paid("event-paid-twice")).then_unchanged();
}

TEST_CASE("registration process: a SeatsReserved from an older command is ignored", "[domain][registration_process]") {
  auto p = reservation_received_with();
  auto older = p.last_reservation();
  p.given(updated({{general, 4}}));
  p.when(reserved(older, two_general, "event-late")).then_unchanged();
  p.when(reserved(p.last_reservation(), {{general, 4}}, "event-current"))
    .then_sends({to_order(order::mark_seats_as_reserved{expiry, {{general, 4}}, 2}, "event-current")});
}

TEST_CASE("registration process: a replayed order event changes nothing", "[domain][registration_process]") {
  auto p = reservation_received_with();
  p.given(updated({{general, 4}}, 3));
  p.given(updated({{general, 1}}, 4));
  p.when(updated({{general, 4}}, 3)).then_unchanged();
  CHECK(p.state().requested == std::vector<seat_quantity>{{general, 1}});
}

TEST_CASE("registration process: a deadline that is not the pending one changes nothing",
          "[domain][registration_process]") {
  auto p = reservation_received_with();
  p.when(fired("some-other-deadline")).then_unchanged();
  auto deadline = p.deadline_id();
  p.given(fired(deadline));
  p.when(fired(deadline)).then_unchanged();
}

TEST_CASE("registration process: a payment completing while changed seats are being reserved confirms once they are "
          "all held",
          "[domain][registration_process]") {
  std::vector<seat_quantity> changed{{general, 3}};
  SECTION("all held: the order is told and confirmed") {
    auto p = reservation_received_with();
    p.given(updated(changed));
    p.when(paid()).then_sends({});
    CHECK_FALSE(p.in<paid_awaiting_reservation>().reservation_command_id.empty());
    p.when(fired(p.deadline_id())).then_sends({});
    p.when(reserved(p.last_reservation(), changed, "event-reserved-changed"))
      .then_sends({to_order(order::mark_seats_as_reserved{expiry, changed, 2}, "event-reserved-changed"),
                   to_order(order::confirm_order{}, "event-reserved-changed")});
    CHECK(p.in<payment_received>().reserved == changed);
  }
  SECTION("fewer held: the seats are released and the order flagged") {
    auto p = payment_received_process();
    p.given(updated(changed));
    CHECK_FALSE(p.in<paid_awaiting_reservation>().reservation_command_id.empty());
    p.when(reserved(p.last_reservation(), two_general, "event-reserved-changed"))
      .then_sends({cancel("event-reserved-changed"),
                   to_order(order::flag_order_for_attention{"Paid after its seats were released or changed, and they "
                                                            "could not all be reserved again."},
                            "event-reserved-changed")});
    CHECK(p.ended() == completion::attention);
  }
}

TEST_CASE("registration process: a payment for a partially reserved order releases the seats and flags it",
          "[domain][registration_process]") {
  auto p = reservation_received_with({{general, 1}});
  p.when(paid()).then_sends({cancel("event-paid"),
                             to_order(order::flag_order_for_attention{"Paid after its seats were released or changed, "
                                                                      "and they could not all be reserved again."},
                                      "event-paid")});
  CHECK(p.ended() == completion::attention);
  CHECK_FALSE(p.state().deadline.has_value());
}

TEST_CASE("registration process: an order confirmed before its expiry reached it gets its seats back",
          "[domain][registration_process]") {
  auto p = expired_process();
  p.when(confirmed()).then_sends({reserve(two_general, "event-confirmed")});
  p.when(reserved(p.last_reservation(), two_general, "event-reacquired"))
    .then_sends({to_order(order::confirm_order{true}, "event-reacquired"), commit("event-reacquired")});
  CHECK(p.ended() == completion::confirmed);
}

TEST_CASE("registration process: inputs are routed to the process of their order", "[domain][registration_process]") {
  CHECK(process_id(placed()) == order_id);
  CHECK(process_id(updated(two_general)) == order_id);
  CHECK(process_id(reserved("c", two_general)) == order_id);
  CHECK(process_id(paid()) == order_id);
  CHECK(process_id(confirmed()) == order_id);
  CHECK(process_id(fired("d")) == order_id);
}

// ---- codecs

TEST_CASE("registration process: the state round-trips through JSON in every phase",
          "[domain][registration_process][codec]") {
  std::vector<phase> phases{not_started{},
                            awaiting_reservation{"make-1"},
                            reservation_received{"make-1", two_general},
                            payment_received{two_general},
                            paid_awaiting_reservation{"make-2"},
                            expired{two_general},
                            reacquiring{"make-3", two_general},
                            completed{completion::confirmed},
                            completed{completion::rejected},
                            completed{completion::attention}};
  for (const auto& current : phases) {
    order::register_to_conference registering{order_id, conference_id, {{general, 2}}, {{general, "General", money::from_cents(10000)}},
                                              std::nullopt};
    registration_process::state full{order_id, conference_id, {{general, 2}, {workshop, 1}}, expiry, 4, 3,
                                     deadline{"deadline-1", expiry + 840s}, current,
                                     placement{place_order{registering, "SAVE10"}, placement::step::registering,
                                               "register-9", true}};
    auto saved = nlohmann::json(full);
    CHECK(saved.get<registration_process::state>() == full);
    full.deadline.reset();
    full.placement.reset();
    CHECK(nlohmann::json(full).get<registration_process::state>() == full);
  }
  CHECK(nlohmann::json(initial_state()).get<registration_process::state>() == initial_state());
}

TEST_CASE("registration process: the state refuses a saved form with a missing field or an unknown phase",
          "[domain][registration_process][codec]") {
  auto p = reservation_received_with();
  auto saved = nlohmann::json(p.state());
  saved["addedLater"] = true;
  CHECK(saved.get<registration_process::state>() == p.state());

  auto no_phase_field = saved;
  no_phase_field.at("phase").erase("reserved");
  CHECK_THROWS_AS(no_phase_field.get<registration_process::state>(), nlohmann::json::exception);
  auto unknown = saved;
  unknown.at("phase").at("name") = "dreaming";
  CHECK_THROWS_WITH(unknown.get<registration_process::state>(), Catch::Contains("dreaming"));
}

TEST_CASE("registration process: every command it sends round-trips through its saved form",
          "[domain][registration_process][codec]") {
  std::vector<command> all{to_order(order::mark_seats_as_reserved{expiry, two_general, 1}, "e1"),
                           to_order(order::reject_order{}, "e2"),
                           to_order(order::confirm_order{true}, "e3"),
                           to_order(order::flag_order_for_attention{"why"}, "e4"),
                           reserve(two_general, "e5"),
                           cancel("e6"),
                           commit("e7")};
  for (auto original : all) {
    std::visit([](auto& m) { m.id = "00000000-0000-4000-8000-000000000099"; }, original);
    auto saved = encode_command(original);
    saved["addedLater"] = 1;
    auto decoded = decode_command(saved);
    REQUIRE(decoded.ok());
    CHECK(encode_command(decoded.value()) == encode_command(original));
    CHECK((decoded.value() == original));
  }
  CHECK(encode_command(cancel("e6")).at("target") == "seatsAvailability");
  CHECK(encode_command(cancel("e6")).at("type") == "CancelSeatReservation");
}

TEST_CASE("registration process: a saved command with a missing field is a clear rejection",
          "[domain][registration_process][codec]") {
  auto saved = encode_command(reserve(two_general, "e5"));
  auto no_seats = saved;
  no_seats.at("data").erase("seats");
  auto decoded = decode_command(no_seats);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().code == error_code::bad_request);
  CHECK_THAT(decoded.error().message, Catch::Contains("MakeSeatReservation") && Catch::Contains("seats"));

  auto no_target = saved;
  no_target.erase("target");
  REQUIRE_FALSE(decode_command(no_target).ok());
  CHECK_THAT(decode_command(no_target).error().message, Catch::Contains("target"));

  auto elsewhere = saved;
  elsewhere["target"] = "payment";
  CHECK_FALSE(decode_command(elsewhere).ok());
}

TEST_CASE("registration process: ExpireRegistrationProcess round-trips through its stored form",
          "[domain][registration_process][codec]") {
  using expiry_command = std::variant<expire_registration_process>;
  auto stored = encode(expiry_command{expire_registration_process{}});
  CHECK(stored.type == "ExpireRegistrationProcess");
  auto decoded = decode<expiry_command>(stored);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == expiry_command{expire_registration_process{}});
}

// ---- placing an order with a promo code

namespace {

const std::string promo_code_id = discounts::promo_code::stream_id(conference_id, "SAVE10");
const promo_terms save10{"SAVE10", percent_off{10}, {}};

command_message<place_order> placing(std::string command_id = "place-1") {
  order::register_to_conference registering{order_id, conference_id, two_general, {{general, "General", money::from_cents(10000)}},
                                            std::nullopt};
  return {std::move(command_id), order_id, metadata{order_id, "", ""}, place_order{registering, "SAVE10"}};
}

command to_promo_code(discounts::promo_code::command body, const std::string& caused_by) {
  return command_message<discounts::promo_code::command>{"", promo_code_id, metadata{order_id, caused_by, ""},
                                                         std::move(body)};
}

command_answer accepted(const std::string& command_id, bool changed, std::string answer = "null") {
  return {command_id, std::nullopt, changed, 1, std::move(answer)};
}
command_answer refused(const std::string& command_id, error_code code) {
  return {command_id, rejection{code, "refused", {}}, false, 0, "null"};
}

/// Drives a placement: each reaction's commands, and what it answered.
struct placement_run {
  context ctx = fixed_context();
  registration_process::state state = initial_state();
  reaction last;

  placement_run& on(const input& message) {
    last = react(state, message, ctx);
    state = last.state;
    return *this;
  }
  placement_run& on(const command_answer& answered) {
    last = react(state, answered, ctx);
    state = last.state;
    return *this;
  }
  std::string sent_id() const {
    REQUIRE(last.commands.size() == 1);
    return id_of(last.commands.front());
  }
  nlohmann::json sent() const {
    auto listed = nlohmann::json::array();
    for (const auto& one : last.commands)
      listed.push_back(encode_command(without_id(one)));
    return listed;
  }
};

nlohmann::json encoded(const std::vector<command>& commands) {
  auto listed = nlohmann::json::array();
  for (const auto& one : commands)
    listed.push_back(encode_command(one));
  return listed;
}

} // namespace

TEST_CASE("registration process: a placement with a promo code first holds a use of the code for the order",
          "[domain][registration_process]") {
  placement_run run;
  run.on(placing());
  CHECK(run.sent() == encoded({to_promo_code(discounts::promo_code::hold_promo_code_use{order_id}, "place-1")}));
  CHECK(awaits(run.state, run.sent_id()));
  CHECK_FALSE(run.last.placed.has_value());
  SECTION("the placement is saved with the process, so a recovered process goes on with it") {
    auto saved = nlohmann::json(run.state).get<registration_process::state>();
    CHECK(nlohmann::json(saved) == nlohmann::json(run.state));
    CHECK(awaits(saved, run.sent_id()));
  }
}

TEST_CASE("registration process: a held use's terms price the order's registration, the order's answer ends the "
          "placement and the order keeps the use",
          "[domain][registration_process]") {
  placement_run run;
  run.on(placing());
  auto hold = run.sent_id();
  run.on(accepted(hold, true, nlohmann::json(save10).dump()));
  auto priced = placing().body.registration;
  priced.promo = save10;
  CHECK(run.sent() == encoded({to_order(priced, hold)}));
  CHECK_FALSE(awaits(run.state, hold));
  auto registering = run.sent_id();
  CHECK(awaits(run.state, registering));

  run.on(accepted(registering, true));
  CHECK(run.last.commands.empty());
  REQUIRE(run.last.placed.has_value());
  CHECK_FALSE(run.last.placed->refused.has_value());
  CHECK_FALSE(run.state.placement.has_value());
}

TEST_CASE("registration process: a refused hold ends the placement with the code's refusal and sends nothing more",
          "[domain][registration_process]") {
  placement_run run;
  run.on(placing());
  run.on(refused(run.sent_id(), error_code::promo_code_invalid));
  CHECK(run.last.commands.empty());
  REQUIRE(run.last.placed.has_value());
  REQUIRE(run.last.placed->refused.has_value());
  CHECK(run.last.placed->refused->code == error_code::promo_code_invalid);
  CHECK_FALSE(run.state.placement.has_value());
}

TEST_CASE("registration process: a use held for a placement the order did not take is given back",
          "[domain][registration_process]") {
  auto until_registered = [](bool newly_held) {
    placement_run run;
    run.on(placing());
    run.on(accepted(run.sent_id(), newly_held, nlohmann::json(save10).dump()));
    return run;
  };
  SECTION("the order refused the placement") {
    auto run = until_registered(true);
    auto registering = run.sent_id();
    run.on(refused(registering, error_code::order_exists));
    CHECK(run.sent() == encoded({to_promo_code(discounts::promo_code::release_promo_code_use{order_id}, registering)}));
    REQUIRE(run.last.placed.has_value());
    CHECK(run.last.placed->refused->code == error_code::order_exists);
  }
  SECTION("the order had been placed before (a replay) and did not take this use") {
    auto run = until_registered(true);
    auto registering = run.sent_id();
    run.on(accepted(registering, false));
    CHECK(run.sent() == encoded({to_promo_code(discounts::promo_code::release_promo_code_use{order_id}, registering)}));
  }
  SECTION("a use the order already held is its own and stays with it") {
    auto run = until_registered(false);
    run.on(refused(run.sent_id(), error_code::validation_failed));
    CHECK(run.last.commands.empty());
    REQUIRE(run.last.placed.has_value());
  }
}

TEST_CASE("registration process: an answer no step waits for changes nothing", "[domain][registration_process]") {
  placement_run run;
  run.on(placing());
  auto before = nlohmann::json(run.state);
  run.on(accepted("some-other-command", true, nlohmann::json(save10).dump()));
  CHECK(run.last.commands.empty());
  CHECK_FALSE(run.last.placed.has_value());
  CHECK(nlohmann::json(run.state) == before);
}

TEST_CASE("registration process: a placement repeated after the process completed is still carried out",
          "[domain][registration_process]") {
  placement_run run;
  run.on(placed(fixed_now() - 1s)); // completed: rejected at once
  REQUIRE(std::holds_alternative<completed>(run.state.phase));
  run.on(placing());
  CHECK(run.sent() == encoded({to_promo_code(discounts::promo_code::hold_promo_code_use{order_id}, "place-1")}));
}
