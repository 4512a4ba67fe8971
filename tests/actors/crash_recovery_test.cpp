// Crash recovery with real processes: the runtime runs in `runtime_host`, which kills itself with
// SIGKILL at a fault point (actors/fault_injection.hpp); a second run over the same database, with the
// same script (a client retrying with the same command ids), must leave every order consistent: no
// seat held twice or leaked, no event written twice, read models equal to a rebuild from scratch.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "domain/payments/payment.hpp"
#include "persistence/pg/event_store.hpp"
#include "tests/actors/command_lines.hpp"
#include "tests/actors/registration_controls.hpp"
#include "tests/support/child_process.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;

namespace {

/// A script of command lines in a file of its own, removed with the object.
class script_file {
public:
  script_file() {
    char name[] = "/tmp/conference-script-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path_ = name;
  }
  ~script_file() { std::remove(path_.c_str()); }
  script_file(const script_file&) = delete;
  script_file& operator=(const script_file&) = delete;

  template <class Command>
  void command(aggregate_kind kind, const std::string& id, Command body, std::string command_id = random_uuid()) {
    add(command_line(kind, addressed(id, std::move(body), std::move(command_id))));
  }
  void await_reservation(const std::string& order_id) { add(await_reservation_line(order_id)); }

  const std::string& path() const { return path_; }
  std::size_t size() const { return size_; }

private:
  void add(const nlohmann::json& line) {
    std::ofstream{path_, std::ios::app} << line.dump() << "\n";
    ++size_;
  }

  std::string path_;
  std::size_t size_ = 0;
};

/// How the host runs: short reservations, so unpaid orders expire within the test.
struct host_timing {
  int reservation_timeout_s = 3;
  int release_buffer_s = 1;
};

/// Starts `runtime_host` on the scratch database with `script`, the fault point armed when given.
void start_host(std::optional<child_process>& host, const runtime_fixture& given, const std::string& script,
                host_timing timing, const std::string& fault = "") {
  std::map<std::string, std::string> environment{{"CONFERENCE_DB_URL", given.scratch.url()}};
  if (!fault.empty())
    environment["CONFERENCE_FAULT_POINT"] = fault;
  host.emplace(std::vector<std::string>{CONFERENCE_RUNTIME_HOST, "--commands", script, "--reservation-timeout-s",
                                        std::to_string(timing.reservation_timeout_s), "--release-buffer-s",
                                        std::to_string(timing.release_buffer_s), "--poll-ms", "100"},
               environment);
}

/// The host's reply lines so far.
std::vector<nlohmann::json> replies(const child_process& host) {
  std::vector<nlohmann::json> found;
  std::istringstream out{host.standard_output()};
  std::string line;
  while (std::getline(out, line))
    if (auto parsed = nlohmann::json::parse(line, nullptr, false); !parsed.is_discarded())
      found.push_back(parsed);
  return found;
}

/// Stops the host gracefully, which must exit 0.
void stop_host(child_process& host) {
  host.signal(SIGTERM);
  auto code = host.wait_for(std::chrono::seconds(30));
  INFO(host.standard_error());
  REQUIRE(code == 0);
}

/// An order of the script and what the script does with it.
struct scripted_order {
  std::string id = random_uuid();
  std::string seat_type;
  int seats = 0;
  enum ending { paid, confirmed_free, left_unpaid, payment_abandoned } end = paid;
  std::string payment_id = random_uuid();
  std::string confirm_command_id = random_uuid(); ///< of the registrant's ConfirmOrder (free orders)
};

/// Six orders: two paid, one free and confirmed, three left to expire (one with a payment started).
std::vector<scripted_order> orders_of(const published_conference& conference) {
  return {{random_uuid(), conference.full, 2, scripted_order::paid},
          {random_uuid(), conference.full, 1, scripted_order::paid},
          {random_uuid(), conference.full, 2, scripted_order::left_unpaid},
          {random_uuid(), conference.free, 2, scripted_order::confirmed_free},
          {random_uuid(), conference.free, 1, scripted_order::left_unpaid},
          {random_uuid(), conference.full, 1, scripted_order::payment_abandoned}};
}

void write_script(script_file& script, const published_conference& conference,
                  const std::vector<scripted_order>& orders) {
  for (const auto& order : orders) {
    script.command(aggregate_kind::order, order.id, place(conference, order.id, order.seat_type, order.seats));
    if (order.end == scripted_order::left_unpaid && order.seat_type == conference.free)
      continue; // not even waiting for the reservation
    script.await_reservation(order.id);
    if (order.end == scripted_order::left_unpaid)
      continue;
    script.command(aggregate_kind::order, order.id, order::assign_registrant_details{"Ada", "Lovelace", "ada@example.com"});
    if (order.end == scripted_order::confirmed_free) {
      script.command(aggregate_kind::order, order.id, order::confirm_order{}, order.confirm_command_id);
      continue;
    }
    script.command(aggregate_kind::payment, order.payment_id,
                   payments::payment::initiate_third_party_processor_payment{
                     order.payment_id, order.id, conference.id, "seats", money::from_cents(10000 * order.seats)});
    if (order.end == scripted_order::paid)
      script.command(aggregate_kind::payment, order.payment_id,
                     payments::payment::complete_third_party_processor_payment{order.payment_id});
  }
}

/// Whether the whole system is at rest: every order final, no command owed, no deadline pending,
/// every subscription and projection through the last event.
bool settled(runtime_fixture& given, const std::vector<scripted_order>& orders) {
  for (const auto& order : orders) {
    auto view = given.views.order(order.id);
    if (!view.ok() || !view.value()
        || (view.value()->status != "confirmed" && view.value()->status != "expired"
            && view.value()->status != "rejected"))
      return false;
  }
  const std::string last = "(SELECT tx, position FROM events ORDER BY tx DESC, position DESC LIMIT 1)";
  return given.scalar("SELECT count(*) FROM process_owed_commands") == 0
         && given.scalar("SELECT count(*) FROM deadlines") == 0
         && given.scalar("SELECT count(*) FROM checkpoints WHERE (tx, position) = " + last) == 3
         && given.scalar("SELECT count(*) FROM projections WHERE (tx, position) = " + last) == 4;
}

std::int64_t events_for(runtime_fixture& given, const std::string& type, const std::string& stream_id) {
  return given.scalar("SELECT count(*) FROM events WHERE type = $1 AND stream_id = $2", {type, stream_id});
}

std::int64_t reservation_events(runtime_fixture& given, const std::string& type, const std::string& order_id) {
  return given.scalar("SELECT count(*) FROM events WHERE type = $1 AND data->>'reservationId' = $2",
                      {type, order_id});
}

/// Every read-model table's rows, in a stable order.
std::string read_model_contents(runtime_fixture& given) {
  std::string contents;
  for (const char* table : {"rm_conferences", "rm_seat_types", "rm_orders", "rm_order_lines", "rm_seat_assignments",
                            "rm_payments", "rm_promo_codes", "rm_promo_code_uses"})
    contents += std::string(table) + ":\n"
                + given.text(std::string("SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM ")
                             + table + " t")
                + "\n";
  return contents;
}

/// Replays the whole log into fresh read-model tables and swaps them in.
void rebuild_read_models(runtime_fixture& given) {
  persistence::pg::read_model_projections projections{given.db};
  persistence::pg::event_store events{given.db};
  for (const char* name : {persistence::read_models::projection_names::conferences,
                           persistence::read_models::projection_names::orders,
                           persistence::read_models::projection_names::payments,
                           persistence::read_models::projection_names::promo_codes}) {
    REQUIRE(projections.begin_rebuild(name).ok());
    persistence::global_cursor cursor;
    for (;;) {
      auto batch = events.read_all(cursor, 200);
      REQUIRE(batch.ok());
      if (batch.value().empty())
        break;
      REQUIRE(projections.apply_rebuild(name, batch.value()).ok());
      cursor = batch.value().back().cursor();
    }
    auto finished = projections.finish_rebuild(name);
    REQUIRE(finished.ok());
    REQUIRE(finished.value());
  }
}

/// Checks every order, the seats, the events and the read models of a settled system whose host has
/// stopped.
void check_consistent(runtime_fixture& given, const published_conference& conference,
                      const std::vector<scripted_order>& orders, const std::vector<nlohmann::json>& last_replies) {
  std::map<std::string, int> sold;
  for (const auto& order : orders) {
    INFO("order " << order.id << " (ending " << order.end << ")");
    auto view = given.views.order(order.id).value();
    REQUIRE(view);
    const auto stream = "order-" + order.id;
    const bool paid = given.scalar("SELECT count(*) FROM events WHERE type = 'PaymentCompleted' AND data->>'orderId' = $1",
                                   {order.id})
                      > 0;
    // A repeated command is answered as it was the first time, so the last run's answer is the answer.
    const bool confirmed_by_registrant =
      std::any_of(last_replies.begin(), last_replies.end(), [&](const nlohmann::json& reply) {
        return reply.value("command", "") == order.confirm_command_id
               && reply.value("status", -1) == actors::command_reply::accepted;
      });
    CHECK(paid == (order.end == scripted_order::paid));
    // An order the process first saw after its expiry is refused outright: `rejected`, no seats held.
    const bool expired = view->status == "expired" || view->status == "rejected";
    if (order.end == scripted_order::paid)
      CHECK(view->status == "confirmed"); // the quota is ample, so a late payment re-acquires its seats
    else if (order.end != scripted_order::confirmed_free)
      CHECK(expired);
    else if (confirmed_by_registrant)
      CHECK(view->status == "confirmed");
    else
      CHECK(expired);

    CHECK(events_for(given, "OrderPlaced", stream) == 1);
    const bool confirmed = view->status == "confirmed";
    CHECK(events_for(given, "OrderConfirmed", stream) == (confirmed ? 1 : 0));
    CHECK(reservation_events(given, "SeatsReservationCommitted", order.id) == (confirmed ? 1 : 0));
    CHECK(given.scalar("SELECT count(*) FROM events WHERE type = 'SeatAssignmentsCreated' AND data->>'orderId' = $1",
                       {order.id})
          == (confirmed ? 1 : 0));
    const auto phase = given.text("SELECT state->'phase'->>'name' FROM processes WHERE process_id = $1", {order.id});
    CHECK(phase == (view->status == "expired" ? "expired" : "completed"));
    if (confirmed) {
      for (const auto& line : view->lines)
        sold[line.seat_type_id] += line.reserved.value_or(0);
    } else {
      CHECK(events_for(given, "OrderExpired", stream) == 1);
      if (view->status == "expired")
        CHECK(reservation_events(given, "SeatsReservationCancelled", order.id) >= 1);
    }
  }

  // No command's events were appended twice: a command's events are one run of versions, and no
  // command here produces two events of one type (but publishing, which emits a SeatCreated per seat
  // type, and which ran once, before any host).
  CHECK(given.scalar("SELECT count(*) FROM (SELECT 1 FROM events WHERE command_id <> '' GROUP BY stream_id, command_id"
                     " HAVING max(version) - min(version) + 1 <> count(*)) repeated")
        == 0);
  CHECK(given.scalar("SELECT count(*) FROM (SELECT 1 FROM events WHERE command_id <> '' AND type <> 'SeatCreated'"
                     " GROUP BY stream_id, command_id, type HAVING count(*) > 1) repeated")
        == 0);

  // The message log holds every event once (its key allows no more).
  CHECK(given.scalar("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM messages m"
                     " WHERE m.kind = 'event' AND m.message_id = e.event_id::text)")
        == 0);

  // SeatsAvailability, recovered from the store by a fresh runtime: nothing held, exactly the
  // confirmed orders' seats sold.
  actors::runtime_settings quiet;
  quiet.follow_log = false;
  given.runtime = std::make_unique<actors::runtime>(given.stores.bundle(), quiet);
  auto seats = given.runtime->inspect(aggregate_kind::seats_availability, conference.id);
  REQUIRE(seats);
  INFO("seats availability: " << seats->dump());
  CHECK((*seats)["state"]["pending"].empty());
  for (const auto& type : {conference.full, conference.free}) {
    const auto& capacity = (*seats)["state"]["seatTypes"][type];
    CHECK(capacity["quota"].get<int>() - capacity["remaining"].get<int>() == sold[type]);
    CHECK(available(given, conference, type) == capacity["remaining"].get<int>());
  }
  given.runtime.reset();

  const auto live = read_model_contents(given);
  rebuild_read_models(given);
  CHECK(read_model_contents(given) == live);
}

} // namespace

TEST_CASE("crash recovery: given a host killed with SIGKILL at a fault point in the middle of six orders (and, "
          "for some points, killed again while it recovers), when it is started again and the client repeats its "
          "commands, then every order ends consistent, no seat is held twice or leaked, no event is written twice, "
          "and the read models equal a rebuild from scratch",
          "[actors][crash]") {
  // The first run's fault, and the second run's (empty: the second run is the last).
  const auto faults = GENERATE(table<std::string, std::string>({{"process_saved:4", ""},
                                                                 {"process_saved:10", "process_saved:2"},
                                                                 {"process_saved:19", ""},
                                                                 {"aggregate_appended:6", ""},
                                                                 {"aggregate_appended:22", "aggregate_appended:3"},
                                                                 {"handler_handled:12", ""},
                                                                 {"handler_handled:24", ""},
                                                                 {"projection_applied:8", ""},
                                                                 {"projection_applied:20", ""}}));
  INFO("fault points " << std::get<0>(faults) << ", then " << std::get<1>(faults));
  runtime_fixture given;
  auto conference = publish(given, 10, 10);
  given.runtime.reset(); // the host is the only runtime on the database from here on
  const auto orders = orders_of(conference);
  script_file script;
  write_script(script, conference, orders);
  std::optional<child_process> host;

  std::string killed; // how far each killed run got, shown if a check below fails
  for (const auto& fault : {std::get<0>(faults), std::get<1>(faults)}) {
    if (fault.empty())
      continue;
    start_host(host, given, script.path(), {}, fault);
    auto code = host->wait_for(std::chrono::seconds(60));
    INFO("replies: " << host->standard_output() << "\nerrors: " << host->standard_error());
    REQUIRE(code == 128 + SIGKILL);
    killed += fault + ": killed after " + std::to_string(replies(*host).size()) + " of "
              + std::to_string(script.size()) + " script lines\n";
  }
  INFO(killed);

  start_host(host, given, script.path(), {});
  { // when the host does not answer every line: whether it still runs, and how far the followers got
    const bool answered = eventually([&] { return replies(*host).size() == script.size(); });
    const auto exited = host->wait_for(std::chrono::milliseconds(0));
    INFO("host " << (exited ? "exited with " + std::to_string(*exited) : std::string("still running")));
    INFO("replies: " << host->standard_output() << "\nerrors: " << host->standard_error() << "\nprocesses:\n"
                     << given.text("SELECT string_agg(process_id || ' ' || (state->'phase')::text || ' owes '"
                                   " || (SELECT count(*) FROM process_owed_commands o WHERE o.process_id = p.process_id),"
                                   " E'\\n') FROM processes p")
                     << "\nevents up to " << given.text("SELECT max(tx)::text || '/' || max(position) FROM events")
                     << ", followers at:\n"
                     << given.text("SELECT string_agg(subscription || ' ' || tx::text || '/' || position, E'\\n')"
                                   " FROM (SELECT subscription, tx, position FROM checkpoints UNION ALL"
                                   " SELECT name, tx, position FROM projections) f"));
    REQUIRE(answered);
  }
  for (const auto& reply : replies(*host)) {
    INFO(reply.dump());
    CHECK(reply.value("status", 0) != actors::command_reply::unavailable);
    CHECK_FALSE(reply.contains("error"));
  }
  REQUIRE(eventually([&] { return settled(given, orders); }, std::chrono::seconds(60)));
  const auto last_replies = replies(*host);
  stop_host(*host);

  check_consistent(given, conference, orders, last_replies);
}

TEST_CASE("crash recovery: given an order whose expiry fell due while the host was down, when the host starts "
          "again, then the deadline fires, the order expires and its seats come back",
          "[actors][crash]") {
  const int stop = GENERATE(SIGTERM, SIGKILL);
  INFO("stopped with signal " << stop);
  runtime_fixture given;
  auto conference = publish(given, 10, 10);
  given.runtime.reset();
  const auto order_id = random_uuid();
  script_file script;
  script.command(aggregate_kind::order, order_id, place(conference, order_id, conference.full, 3));
  script.await_reservation(order_id);
  const host_timing timing{3, 1};
  std::optional<child_process> host;

  start_host(host, given, script.path(), timing);
  REQUIRE(eventually([&] { return replies(*host).size() == script.size(); }));
  REQUIRE(replies(*host).back()["phase"] == "reservationReceived");
  REQUIRE(order_status_is(given, order_id, "reserved"));
  host->signal(stop);
  REQUIRE(host->wait_for(std::chrono::seconds(30)) == (stop == SIGTERM ? 0 : 128 + SIGKILL));
  REQUIRE(given.scalar("SELECT count(*) FROM deadlines WHERE owner = $1", {order_id}) == 1);

  // While the host is down the deadline falls due and nothing happens.
  REQUIRE(eventually(
    [&] { return given.scalar("SELECT count(*) FROM deadlines WHERE owner = $1 AND due_at <= now()", {order_id}) == 1; }));
  CHECK(given.views.order(order_id).value()->status == "reserved");
  CHECK(available(given, conference, conference.full) == 7);

  script_file nothing;
  start_host(host, given, nothing.path(), timing);
  CHECK(order_status_is(given, order_id, "expired"));
  CHECK(eventually([&] { return available(given, conference, conference.full) == 10; }));
  CHECK(eventually([&] { return given.scalar("SELECT count(*) FROM deadlines") == 0; }));
  CHECK(given.text("SELECT state->'phase'->>'name' FROM processes WHERE process_id = $1", {order_id}) == "expired");
  CHECK(reservation_events(given, "SeatsReservationCancelled", order_id) == 1);
  CHECK(events_for(given, "OrderExpired", "order-" + order_id) == 1);
  stop_host(*host);
}

TEST_CASE("crash recovery: given a payment completed just before the host was killed and the order's expiry falling "
          "due while it was down, when the host starts again, then the order is confirmed and its seats sold",
          "[actors][crash]") {
  runtime_fixture given;
  auto conference = publish(given, 10, 10);
  given.runtime.reset();
  const std::vector<scripted_order> orders{{random_uuid(), conference.full, 2, scripted_order::paid}};
  script_file script;
  write_script(script, conference, orders);
  const host_timing timing{3, 1};
  std::optional<child_process> host;

  // The sixth append is the payment's completion: place, reserve, mark reserved, registrant, initiate, complete.
  start_host(host, given, script.path(), timing, "aggregate_appended:6");
  REQUIRE(host->wait_for(std::chrono::seconds(60)) == 128 + SIGKILL);
  REQUIRE(events_of_type(given, "PaymentCompleted") == 1);
  INFO("the process when killed: " << given.text("SELECT state::text FROM processes WHERE process_id = $1",
                                                 {orders[0].id}));
  REQUIRE(eventually([&] {
    return given.scalar("SELECT count(*) FROM deadlines WHERE owner = $1 AND due_at <= now()", {orders[0].id}) == 1;
  }));

  script_file nothing;
  start_host(host, given, nothing.path(), timing);
  REQUIRE(eventually([&] { return settled(given, orders); }, std::chrono::seconds(60)));
  stop_host(*host);

  check_consistent(given, conference, orders, {});
}

TEST_CASE("runtime host: given no commands file, when its standard input ends, then it stops gracefully with "
          "exit code 0",
          "[actors][crash]") {
  runtime_fixture given;
  given.runtime.reset();
  child_process host{{CONFERENCE_RUNTIME_HOST}, {{"CONFERENCE_DB_URL", given.scratch.url()}}}; // stdin: /dev/null

  auto code = host.wait_for(std::chrono::seconds(30));
  INFO(host.standard_error());
  CHECK(code == 0);
  CHECK(host.standard_output().empty());
}
