// Orders racing for the seats of one conference: placed at once through the order actors, reserved by
// the registration processes against the one SeatsAvailability, so no seat is sold twice.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/actors/registration_controls.hpp"

using namespace contoso;
using namespace contoso::testing;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;

namespace {

/// Places one order of `seats` Full seats per id, all at once (one thread per order); answers what the
/// order actors refused or did not answer, one line each (empty when every placement was accepted).
std::string place_concurrently(runtime_fixture& given, const published_conference& conference,
                               const std::vector<std::string>& order_ids, int seats) {
  std::vector<command_reply> replies(order_ids.size());
  std::vector<std::thread> registrants;
  for (std::size_t i = 0; i < order_ids.size(); ++i)
    registrants.emplace_back([&, i] {
      // Hundreds of placements at once on a small machine: wait for each answer as long as for the outcomes.
      replies[i] = given.send(aggregate_kind::order, order_ids[i],
                              place(conference, order_ids[i], conference.full, seats), random_uuid(),
                              std::chrono::seconds(30));
    });
  for (auto& registrant : registrants)
    registrant.join();
  std::string failures;
  for (std::size_t i = 0; i < replies.size(); ++i)
    if (replies[i].status != command_reply::accepted)
      failures += order_ids[i] + ": status " + std::to_string(replies[i].status) + " " + std::string(to_string(replies[i].code)) + " "
                  + replies[i].message + "\n";
  return failures;
}

struct outcome_counts {
  std::set<std::string> reserved_ids;
  int reserved = 0;
  int partially_reserved = 0;
  int partial_seats_reserved = 0; ///< seats the partial orders got, all lines together
};

/// How the orders read model shows the orders once each has its reservation's outcome (waiting for it).
outcome_counts reservation_outcomes(runtime_fixture& given, const std::vector<std::string>& order_ids) {
  outcome_counts counts;
  std::string unsettled;
  const bool settled = eventually([&] {
    counts = {};
    unsettled.clear();
    for (const auto& id : order_ids) {
      auto view = given.views.order(id);
      if (!view.ok() || !view.value()) {
        unsettled += id + " not in the read model\n";
        continue;
      }
      const auto& order = *view.value();
      if (order.status == "reserved") {
        ++counts.reserved;
        counts.reserved_ids.insert(id);
      } else if (order.status == "partiallyReserved") {
        ++counts.partially_reserved;
        for (const auto& line : order.lines)
          counts.partial_seats_reserved += line.reserved.value_or(0);
      } else {
        unsettled += id + " " + order.status + "\n";
      }
    }
    return unsettled.empty();
  });
  if (!settled) {
    for (const auto& subscription : given.runtime->subscriptions())
      unsettled += subscription.dump() + "\n";
    // What a follower of the log could not see yet, and which transactions held its horizon back.
    unsettled += "events: " + given.text("SELECT count(*) || ' up to position ' || coalesce(max(position), 0)"
                                         " || ', readable below xmin ' || pg_snapshot_xmin(pg_current_snapshot())"
                                         " FROM events")
                 + "\n";
    unsettled += "dead letters: "
                 + given.text("SELECT coalesce(string_agg(subscription || ' ' || type || ': ' || left(error, 160),"
                              " E'\\n'), 'none') FROM dead_letters")
                 + "\n";
    unsettled += "transactions holding an xid: "
                 + given.text("SELECT coalesce(string_agg(datname || ' ' || state || ' xid ' || backend_xid || ' since '"
                              " || xact_start || ': ' || left(query, 120), E'\\n'), 'none')"
                              " FROM pg_stat_activity WHERE backend_xid IS NOT NULL")
                 + "\n";
  }
  INFO(unsettled);
  REQUIRE(settled);
  return counts;
}

std::vector<std::string> fresh_ids(std::size_t count) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < count; ++i)
    ids.push_back(random_uuid());
  return ids;
}

/// The SeatsAvailability holds exactly `seats` Full seats for each order reserved in full, and nothing else.
void holds_only(const nlohmann::json& availability, const published_conference& conference,
                const std::set<std::string>& reserved, int seats) {
  CHECK(availability["pending"].size() == reserved.size());
  for (const auto& [reservation, lines] : availability["pending"].items()) {
    INFO("reservation " << reservation);
    CHECK(reserved.count(reservation) == 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["seatType"] == conference.full);
    CHECK(lines[0]["quantity"] == seats);
  }
}

/// Places `quota` orders of 2 Full seats at once against a quota of `quota`: exactly half are reserved
/// in full, the other half get nothing, and the availability holds exactly the reserved orders' seats.
void contend_for_half(int quota) {
  runtime_fixture given;
  auto conference = publish(given, quota);
  const auto order_ids = fresh_ids(static_cast<std::size_t>(quota));

  REQUIRE(place_concurrently(given, conference, order_ids, 2) == "");

  auto counts = reservation_outcomes(given, order_ids);
  CHECK(counts.reserved == quota / 2);
  CHECK(counts.partially_reserved == quota / 2);
  CHECK(counts.partial_seats_reserved == 0);
  CHECK(events_of_type(given, "SeatsReserved") == quota);

  auto availability = seats_availability(given, conference);
  CHECK(availability["seatTypes"][conference.full]["quota"] == quota);
  CHECK(availability["seatTypes"][conference.full]["remaining"] == 0);
  holds_only(availability, conference, counts.reserved_ids, 2);
  CHECK(eventually([&] { return available(given, conference, conference.full) == 0; }));
}

} // namespace

TEST_CASE("seat contention: given a seat type with a quota of 4, when 4 orders of 2 seats are placed at once, then "
          "exactly 2 are reserved in full and 2 get nothing, and the availability holds exactly the 4 seats",
          "[actors][contention]") {
  contend_for_half(4);
}

TEST_CASE("seat contention: given a seat type with a quota of 200, when 200 orders of 2 seats are placed at once, "
          "then exactly 100 are reserved in full and 100 get nothing, and no seat is held twice",
          "[actors][contention]") {
  contend_for_half(200);
}
