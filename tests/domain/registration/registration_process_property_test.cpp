// A randomized, seeded check of the registration process against the real Order, SeatsAvailability and
// Payment deciders. Set REGISTRATION_PROCESS_SEED=<seed> to replay one printed seed.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/registration_process.hpp"
#include "domain/registration/seats_availability.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace std::chrono_literals;
namespace process = contoso::registration::registration_process;
namespace payment = contoso::payments::payment;

namespace {

const std::string order_id = "00000000-0000-4000-8000-0000000000b1";
const std::string conference_id = "00000000-0000-4000-8000-0000000000a0";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";
/// General seats cost 100; workshop seats are free, so an order of workshop seats only is free.
const std::vector<seat_type_price> prices{{general, "General", money::from_cents(10000)},
                                          {workshop, "Workshop", money{}}};
const std::vector<std::string> rivals{"00000000-0000-4000-8000-0000000000d1", "00000000-0000-4000-8000-0000000000d2"};

/// How a run ended, to show that the generator reaches every interesting path.
struct tally_of_endings {
  int confirmed_paid = 0;
  int confirmed_free = 0;
  int confirmed_after_reacquiry = 0;
  int attention = 0;
  int expired_unpaid = 0;
  int rejected_at_placement = 0;
  int paid_while_reserving = 0;
};

/// When the simulated registrant may change the order's seats. `any_time` includes a change racing a
/// MarkSeatsAsReserved already on its way: the order then applies the older reservation's seats over the
/// newer request (Order cannot tell them apart yet; see the test at the end of this file).

/// One order's life: the real deciders execute every command, their events reach the process through an
/// event log read with lag, replays and lost reactions; commands reach each aggregate in order but late,
/// sometimes twice (deduplicated by id, as the store does).
class world {
public:
  /// `tracing`: keep a readable account of every step (for replaying a failed seed).
  world(std::uint32_t seed, bool tracing) : random_(seed), tracing_(tracing) {}

  void run() {
    set_up_seats();
    place_order();
    for (int step = 0; step < 120; ++step)
      random_step();
    drain();
    check_the_end();
  }

  const std::vector<std::string>& problems() const { return problems_; }
  std::string trace() const {
    std::ostringstream out;
    for (const auto& line : trace_)
      out << line << '\n';
    return out.str();
  }
  void count_ending(tally_of_endings& endings) const {
    if (rejected_at_placement_)
      ++endings.rejected_at_placement;
    if (paid_while_reserving_)
      ++endings.paid_while_reserving;
    switch (order_.status) {
    case order::order_status::confirmed:
      if (reacquired_)
        ++endings.confirmed_after_reacquiry;
      else if (paid_)
        ++endings.confirmed_paid;
      else
        ++endings.confirmed_free;
      break;
    case order::order_status::attention:
      ++endings.attention;
      break;
    case order::order_status::expired:
      if (!paid_)
        ++endings.expired_unpaid;
      break;
    default:
      break;
    }
  }

private:
  // ---- the pieces of the simulation

  context ctx() {
    context c;
    c.now = now_;
    c.new_id = [this] { return next_id(); };
    c.new_access_code = [] { return std::string{"ABC123"}; };
    return c;
  }
  std::string next_id() {
    auto digits = std::to_string(++ids_);
    return "10000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
  }
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(random_); }
  template <class Describe>
  void note(Describe describe) {
    if (tracing_)
      trace_.push_back("[" + format_instant(now_) + "] " + describe());
  }
  void problem(const std::string& what) { problems_.push_back(what); }

  std::vector<seat_quantity> random_seats() {
    std::vector<seat_quantity> seats;
    while (seats.empty()) {
      if (int n = pick(0, 3); n > 0)
        seats.push_back({general, n});
      if (int n = pick(0, 2); n > 0)
        seats.push_back({workshop, n});
    }
    return seats;
  }

  template <class Body>
  void record(const std::string& source_id, std::int64_t version, const metadata& caused, Body body) {
    log_.push_back({event_message<Body>{source_id, version, caused, std::move(body), next_id()}, now_});
  }

  void execute_on_order(const order::command& cmd, const metadata& meta) {
    auto decided = order::decide(order_, cmd, ctx());
    note([&] {
      return "order <- " + std::visit([](const auto& c) { return std::string{c.type}; }, cmd)
             + (decided.ok() ? "" : " refused: " + decided.error().message);
    });
    if (!decided.ok())
      return;
    metadata caused{order_id, meta.causation_id, meta.command_id};
    for (const auto& happened : decided.value()) {
      if (std::holds_alternative<order::order_confirmed>(happened)) {
        // Held, or already sold: the commit may overtake the confirmation (they go to two aggregates).
        auto secured = tally(held_for_order());
        for (const auto& [type, quantity] : committed_)
          secured[type] += quantity;
        if (secured != tally(order_.seats))
          problem("the order was confirmed without its seats held");
      }
      order_ = order::evolve(order_, happened);
      ++order_version_;
      if (const auto* placed = std::get_if<order::order_placed>(&happened))
        record(order_id, order_version_, caused, *placed);
      else if (const auto* updated = std::get_if<order::order_updated>(&happened))
        record(order_id, order_version_, caused, *updated);
      else if (const auto* confirmed = std::get_if<order::order_confirmed>(&happened))
        record(order_id, order_version_, caused, *confirmed);
    }
  }

  void execute_on_seats(const seats_availability::command& cmd, const metadata& meta) {
    auto decided = seats_availability::decide(seats_, cmd, ctx());
    if (!decided.ok())
      return problem("seats availability refused a command: " + decided.error().message);
    for (const auto& happened : decided.value()) {
      if (const auto* committed = std::get_if<seats_availability::seats_reservation_committed>(&happened);
          committed && committed->reservation_id == order_id)
        for (const auto& line : held_for_order())
          committed_[line.seat_type_id] += line.quantity;
      seats_ = seats_availability::evolve(seats_, happened);
      ++seats_version_;
      if (const auto* reserved = std::get_if<seats_availability::seats_reserved>(&happened);
          reserved && reserved->reservation_id == order_id)
        record(conference_id, seats_version_, metadata{order_id, meta.causation_id, meta.command_id}, *reserved);
    }
  }

  std::vector<seat_quantity> held_for_order() const {
    std::vector<seat_quantity> held;
    if (auto it = seats_.pending.find(order_id); it != seats_.pending.end())
      for (const auto& [type, quantity] : it->second)
        held.push_back({type, quantity});
    return held;
  }

  /// Delivers the oldest command of a queue; a redelivery of one already executed is deduplicated.
  template <class Body>
  void deliver(std::deque<command_message<Body>>& queue) {
    if (queue.empty())
      return;
    auto next = queue.front();
    if (!chance(0.1))
      queue.pop_front();
    if (!executed_.insert(next.id).second)
      return;
    metadata meta{next.meta.correlation_id, next.id, next.id};
    if constexpr (std::is_same_v<Body, order::command>)
      execute_on_order(next.body, meta);
    else
      execute_on_seats(next.body, meta);
  }

  /// The process reacts; the actor layer saves state and owed commands as JSON, then sends them.
  void react_to(const process::input& message, const std::string& what) {
    auto answer = process::react(process_, message, ctx());
    process_ = answer.state;
    // Now and then the actor restarts and loads the state it saved.
    if (chance(0.2))
      process_ = nlohmann::json(answer.state).get<process::state>();
    note([&] { return "process <- " + what + " => " + nlohmann::json(process_).at("phase").dump(); });
    if (std::holds_alternative<process::paid_awaiting_reservation>(process_.phase))
      paid_while_reserving_ = true;
    if (const auto* done = std::get_if<process::completed>(&process_.phase);
        done && done->how == process::completion::rejected)
      rejected_at_placement_ = true;
    for (const auto& sent : answer.commands) {
      auto saved = process::decode_command(process::encode_command(sent));
      if (!saved.ok())
        return problem("a sent command did not survive its saved form: " + saved.error().message);
      if (const auto* to_order = std::get_if<command_message<order::command>>(&saved.value())) {
        if (std::holds_alternative<order::confirm_order>(to_order->body)
            && std::get<order::confirm_order>(to_order->body).seats_reacquired)
          reacquired_ = true;
        order_queue_.push_back(*to_order);
      } else {
        seats_queue_.push_back(std::get<command_message<seats_availability::command>>(saved.value()));
      }
    }
  }

  void read_log() {
    if (read_ == log_.size())
      return;
    // A crash before the reaction was saved: the same event comes again later.
    if (chance(0.05))
      return;
    react_to(log_[read_].message, "event #" + std::to_string(read_));
    ++read_;
  }

  void replay_log() {
    if (read_ == 0)
      return;
    auto index = std::size_t(pick(0, int(read_) - 1));
    react_to(log_[index].message, "replayed event #" + std::to_string(index));
  }

  /// The deadline row fires once due, and perhaps again (a crash before its deletion was saved). The
  /// process is assumed to lag its events by less than the release buffer: events older than the buffer
  /// at the due time have been read before the deadline fires.
  bool fire_deadline() {
    if (!process_.deadline || now_ < process_.deadline->due)
      return false;
    auto cutoff = process_.deadline->due - ctx().policy.release_buffer;
    for (auto i = read_; i < log_.size(); ++i)
      if (log_[i].recorded_at <= cutoff)
        return false;
    fired_.push_back(process_.deadline->id);
    react_to(command_message<process::expire_registration_process>{process_.deadline->id, order_id,
                                                                   metadata{order_id, "", ""}, {}},
             "deadline");
    return true;
  }

  void refire_deadline() {
    if (fired_.empty())
      return;
    auto id = fired_[std::size_t(pick(0, int(fired_.size()) - 1))];
    react_to(command_message<process::expire_registration_process>{id, order_id, metadata{order_id, "", ""}, {}},
             "deadline again");
  }

  // ---- the registrant, the processor and the rest of the world

  void set_up_seats() {
    execute_on_seats(seats_availability::add_seats{general, pick(0, 6), 1}, {});
    execute_on_seats(seats_availability::add_seats{workshop, pick(0, 4), 1}, {});
    if (chance(0.5))
      rival_reserves();
  }

  void place_order() {
    auto seats = random_seats();
    execute_on_order(order::register_to_conference{order_id, conference_id, seats, prices, std::nullopt},
                     metadata{order_id, "", "register-0"});
    execute_on_order(order::assign_registrant_details{"Ann", "Smith", "ann@example.com"},
                     metadata{order_id, "", "registrant-0"});
  }

  void update_order() {
    execute_on_order(order::update_seats{random_seats(), prices}, metadata{order_id, "", next_id()});
  }

  /// The registrant asks to pay: the order decides (a free order is confirmed at once), and a payment it
  /// starts is initiated with the processor, as the policy does.
  void pay() {
    std::vector<std::string> rejected;
    if (payment_.status == payment::payment_status::rejected)
      rejected.push_back(payment_id_);
    const auto before = order_.payment;
    execute_on_order(order::start_payment{"seats", rejected}, metadata{order_id, "", next_id()});
    if (order_.payment == before)
      return;
    payment_id_ = order_.payment->payment_id;
    auto decided = payment::decide({}, payment::initiate_third_party_processor_payment{payment_id_, order_id,
                                                                                        conference_id, "seats",
                                                                                        order_.payment->amount},
                                   ctx());
    if (!decided.ok())
      return problem("the payment could not start: " + decided.error().message);
    if (order_.payment->amount != order_.totals.total)
      return problem("the payment asks for another amount than the order's total");
    payment_ = payment::evolve({}, decided.value().front());
    answer_after_ = now_ + (chance(0.3) ? std::chrono::minutes(pick(15, 40)) : std::chrono::minutes(pick(0, 5)));
    note([&] { return "payment initiated for " + order_.totals.total.to_string(); });
  }

  void answer_payment(bool accept) {
    if (payment_.status != payment::payment_status::initiated)
      return;
    payment::command answer = payment::cancel_third_party_processor_payment{payment_id_};
    if (accept)
      answer = payment::complete_third_party_processor_payment{payment_id_};
    auto decided = payment::decide(payment_, answer, ctx());
    if (!decided.ok())
      return problem("the processor's answer was refused: " + decided.error().message);
    for (const auto& happened : decided.value()) {
      payment_ = payment::evolve(payment_, happened);
      if (const auto* completed = std::get_if<payment::payment_completed>(&happened)) {
        paid_ = true;
        record(payment_id_, 2, metadata{order_id, "", next_id()}, *completed);
      }
    }
    note([&] { return std::string{accept ? "payment accepted" : "payment rejected"}; });
  }

  void rival_reserves() {
    auto rival = rivals[std::size_t(pick(0, 1))];
    if (chance(0.3))
      execute_on_seats(seats_availability::cancel_seat_reservation{rival}, {});
    else
      execute_on_seats(seats_availability::make_seat_reservation{rival, {{general, pick(0, 4)}, {workshop, pick(0, 2)}}},
                       {});
  }

  void random_step() {
    switch (pick(0, 15)) {
    case 0:
      now_ += std::chrono::seconds(pick(0, 90));
      break;
    case 1:
      if (chance(0.3))
        now_ += std::chrono::seconds(pick(0, 900));
      break;
    case 2:
    case 3:
      deliver(order_queue_);
      break;
    case 4:
    case 5:
      deliver(seats_queue_);
      break;
    case 6:
    case 7:
    case 8:
      read_log();
      break;
    case 9:
      if (chance(0.5))
        replay_log();
      else
        refire_deadline();
      break;
    case 10:
      fire_deadline();
      break;
    case 11:
      if (chance(0.3))
        update_order();
      break;
    case 12:
    case 13:
      pay();
      break;
    case 14:
      // A slow processor answers long after the payment started, perhaps after the seats were released.
      if (now_ >= answer_after_)
        answer_payment(chance(0.75));
      break;
    case 15:
      if (chance(0.5))
        rival_reserves();
      break;
    }
  }

  /// Lets everything in flight arrive: the processor answers, queues empty, the log is read, the deadline
  /// fires.
  void drain() {
    answer_payment(chance(0.75));
    for (int round = 0; round < 1000; ++round) {
      bool quiet = order_queue_.empty() && seats_queue_.empty() && read_ == log_.size();
      while (!order_queue_.empty())
        deliver(order_queue_);
      while (!seats_queue_.empty())
        deliver(seats_queue_);
      while (read_ < log_.size())
        read_log();
      if (quiet) {
        if (!process_.deadline)
          return;
        now_ = std::max(now_, process_.deadline->due);
        fire_deadline();
      }
    }
    problem("the simulation never settled");
  }

  void check_the_end() {
    using order::order_status;
    auto status = order_.status;
    if (status != order_status::confirmed && status != order_status::expired && status != order_status::attention)
      problem("the order ended " + std::string{order::to_string(status)});
    if (!held_for_order().empty())
      problem("seats are still held for the order at the end");
    if (status == order_status::confirmed && committed_ != tally(order_.seats))
      problem("the confirmed order's committed seats are not its seats");
    if (status != order_status::confirmed && !committed_.empty())
      problem("seats were sold to an order that is not confirmed");
    if (paid_ && status != order_status::confirmed && status != order_status::attention)
      problem("a completed payment was lost: the order ended " + std::string{order::to_string(status)});
  }

  struct logged {
    process::input message;
    instant recorded_at;
  };

  std::mt19937 random_;
  bool tracing_;
  instant now_ = contoso::testing::fixed_now();
  int ids_ = 0;

  order::state order_;
  std::int64_t order_version_ = 0;
  seats_availability::state seats_;
  std::int64_t seats_version_ = 0;
  payment::state payment_;
  std::string payment_id_;
  instant answer_after_{};
  std::map<std::string, int> committed_;

  process::state process_ = process::initial_state();
  std::deque<command_message<order::command>> order_queue_;
  std::deque<command_message<seats_availability::command>> seats_queue_;
  std::set<std::string> executed_;
  std::vector<logged> log_;
  std::size_t read_ = 0;
  std::vector<std::string> fired_;

  bool paid_ = false;
  bool reacquired_ = false;
  bool paid_while_reserving_ = false;
  bool rejected_at_placement_ = false;
  std::vector<std::string> problems_;
  std::vector<std::string> trace_;
};

} // namespace

/// Runs `runs` worlds from seed `first` on; returns the first problem found (with a replayable trace).
std::optional<std::string> first_problem(std::uint32_t first, int runs,
                                         tally_of_endings& endings) {
  for (int run = 0; run < runs; ++run) {
    auto seed = first + std::uint32_t(run);
    world w(seed, false);
    w.run();
    w.count_ending(endings);
    if (!w.problems().empty()) {
      world traced(seed, true);
      traced.run();
      return w.problems().front() + "\nreplay with REGISTRATION_PROCESS_SEED=" + std::to_string(seed) + "\n"
             + traced.trace();
    }
  }
  return std::nullopt;
}

TEST_CASE("registration process: whatever the interleaving, no order is confirmed without its seats, no seats stay "
          "held for an expired order, and no payment is lost",
          "[domain][registration_process][property]") {
  std::uint32_t first = 20261123;
  // Seat changes may race a reservation's answer at any point; the rarest bad interleavings (a Mark
  // for a superseded request) needed thousands of runs to show up, hence the count.
  int runs = 5000;
  if (const char* only = std::getenv("REGISTRATION_PROCESS_SEED")) {
    first = std::uint32_t(std::stoul(only));
    runs = 1;
  }
  tally_of_endings endings;
  auto problem = first_problem(first, runs, endings);
  if (problem)
    FAIL(*problem);
  if (runs > 1) {
    // The generator must reach every path the properties are about, or they prove little.
    CHECK(endings.confirmed_paid > 0);
    CHECK(endings.confirmed_free > 0);
    CHECK(endings.confirmed_after_reacquiry > 0);
    CHECK(endings.attention > 0);
    CHECK(endings.expired_unpaid > 0);
    CHECK(endings.rejected_at_placement > 0);
    CHECK(endings.paid_while_reserving > 0);
  }
}
