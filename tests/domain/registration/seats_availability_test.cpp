#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/registration/seats_availability.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::registration::seats_availability;
using contoso::testing::given;

namespace {

const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";
const std::string order_a = "00000000-0000-4000-8000-0000000000b1";
const std::string order_b = "00000000-0000-4000-8000-0000000000b2";

/// A seat type's first quota, as its SeatCreated (revision 1) brings it.
event quota(const std::string& seat_type_id, int seats, std::int64_t revision = 1) {
  return available_seats_changed{{{seat_type_id, seats}}, {{seat_type_id, seats, revision}}};
}

event held(const std::string& reservation_id, std::vector<seat_quantity> seats) {
  std::vector<seat_quantity> taken;
  for (const auto& s : seats)
    taken.push_back({s.seat_type_id, -s.quantity});
  return seats_reserved{reservation_id, seats, taken};
}

} // namespace

TEST_CASE("seats availability: reserving fewer seats than are left reserves them all", "[domain][seats_availability]") {
  given<decider>({quota(general, 10)})
    .when(make_seat_reservation{order_a, {{general, 4}}})
    .then({seats_reserved{order_a, {{general, 4}}, {{general, -4}}}});
}

TEST_CASE("seats availability: reserving more seats than are left is capped at what is left", "[domain][seats_availability]") {
  given<decider>({quota(general, 10), held(order_b, {{general, 7}})})
    .when(make_seat_reservation{order_a, {{general, 5}}})
    .then({seats_reserved{order_a, {{general, 3}}, {{general, -3}}}});
}

TEST_CASE("seats availability: re-reserving under the same id adjusts the hold", "[domain][seats_availability]") {
  auto history = std::vector<event>{quota(general, 10), quota(workshop, 5), held(order_a, {{general, 4}})};
  SECTION("to more seats") {
    given<decider>(history)
      .when(make_seat_reservation{order_a, {{general, 6}}})
      .then({seats_reserved{order_a, {{general, 6}}, {{general, -2}}}});
  }
  SECTION("to fewer seats, giving the rest back") {
    given<decider>(history)
      .when(make_seat_reservation{order_a, {{general, 1}}})
      .then({seats_reserved{order_a, {{general, 1}}, {{general, 3}}}});
  }
  SECTION("to other seat types, releasing the old ones") {
    given<decider>(history)
      .when(make_seat_reservation{order_a, {{workshop, 2}}})
      .then({seats_reserved{order_a, {{workshop, 2}}, {{general, 4}, {workshop, -2}}}});
  }
  SECTION("to more seats than are left, keeping what it held") {
    given<decider> more(history);
    more.when(make_seat_reservation{order_a, {{general, 15}}})
      .then({seats_reserved{order_a, {{general, 10}}, {{general, -6}}}});
    CHECK(more.state().seat_types.at(general).remaining == 0);
  }
}

TEST_CASE("seats availability: with a quota of 10 and 6 held, a reservation gets at most the other 4", "[domain][seats_availability]") {
  auto history = std::vector<event>{quota(general, 10), quota(workshop, 12), held(order_b, {{general, 6}})};
  SECTION("reserving 4 gets 4") {
    given<decider>(history)
      .when(make_seat_reservation{order_a, {{general, 4}, {workshop, 12}}})
      .then({seats_reserved{order_a, {{general, 4}, {workshop, 12}}, {{general, -4}, {workshop, -12}}}});
  }
  SECTION("reserving 5 gets 4") {
    given<decider>(history)
      .when(make_seat_reservation{order_a, {{general, 5}, {workshop, 12}}})
      .then({seats_reserved{order_a, {{general, 4}, {workshop, 12}}, {{general, -4}, {workshop, -12}}}});
  }
}

TEST_CASE("seats availability: an unknown seat type reserves nothing", "[domain][seats_availability]") {
  given<decider>({quota(general, 10)})
    .when(make_seat_reservation{order_a, {{workshop, 3}, {general, 1}}})
    .then({seats_reserved{order_a, {{general, 1}}, {{general, -1}}}});
}

TEST_CASE("seats availability: cancelling or committing an unknown reservation changes nothing", "[domain][seats_availability]") {
  given<decider>({quota(general, 10), held(order_b, {{general, 2}})})
    .when(cancel_seat_reservation{order_a})
    .then_nothing();
  given<decider>({quota(general, 10), held(order_b, {{general, 2}})})
    .when(commit_seat_reservation{order_a})
    .then_nothing();
  given<decider>({quota(general, 10), held(order_a, {{general, 2}}), seats_reservation_cancelled{order_a, {{general, 2}}}})
    .when(cancel_seat_reservation{order_a})
    .then_nothing();
}

TEST_CASE("seats availability: cancelling a reservation returns its seats", "[domain][seats_availability]") {
  given<decider> cancel({quota(general, 10), quota(workshop, 5), held(order_a, {{general, 3}, {workshop, 1}})});
  cancel.when(cancel_seat_reservation{order_a})
    .then({seats_reservation_cancelled{order_a, {{general, 3}, {workshop, 1}}}});
  CHECK(cancel.state().seat_types.at(general).remaining == 10);
  CHECK(cancel.state().seat_types.at(workshop).remaining == 5);
  CHECK(cancel.state().pending.empty());
}

TEST_CASE("seats availability: committing a reservation sells its seats", "[domain][seats_availability]") {
  given<decider> commit({quota(general, 10), held(order_a, {{general, 3}})});
  commit.when(commit_seat_reservation{order_a}).then({seats_reservation_committed{order_a}});
  CHECK(commit.state().seat_types.at(general).remaining == 7);
  CHECK(commit.state().pending.empty());
}

TEST_CASE("seats availability: a quota revision applied twice changes the seats once", "[domain][seats_availability]") {
  given<decider> first({quota(general, 10)});
  first.when(add_seats{general, 15, 2})
    .then({available_seats_changed{{{general, 5}}, {{general, 15, 2}}}});

  auto after = std::vector<event>{quota(general, 10), available_seats_changed{{{general, 5}}, {{general, 15, 2}}}};
  given<decider>(after).when(add_seats{general, 15, 2}).then_nothing();
  given<decider>(after).when(remove_seats{general, 15, 2}).then_nothing();
  SECTION("an older revision arriving late changes nothing either") {
    given<decider>(after).when(remove_seats{general, 10, 1}).then_nothing();
  }
  SECTION("a newer revision sets the quota it carries, not a difference") {
    given<decider>(after).when(remove_seats{general, 12, 3})
      .then({available_seats_changed{{{general, -3}}, {{general, 12, 3}}}});
  }
}

TEST_CASE("seats availability: a new seat type's quota is added whole", "[domain][seats_availability]") {
  given<decider>({}).when(add_seats{general, 100, 1}).then({quota(general, 100)});
}

TEST_CASE("seats availability: cutting a quota below what is held leaves remaining negative and the holds untouched", "[domain][seats_availability]") {
  given<decider> cut({quota(general, 10), held(order_a, {{general, 8}})});
  cut.when(remove_seats{general, 5, 2}).then({available_seats_changed{{{general, -5}}, {{general, 5, 2}}}});
  auto after = cut.state();
  CHECK(after.seat_types.at(general).remaining == -3);
  CHECK(after.pending.at(order_a).at(general) == 8);

  SECTION("a new reservation then gets nothing") {
    given<decider>({quota(general, 10), held(order_a, {{general, 8}}),
                    available_seats_changed{{{general, -5}}, {{general, 5, 2}}}})
      .when(make_seat_reservation{order_b, {{general, 1}}})
      .then({seats_reserved{order_b, {}, {}}});
  }
  SECTION("and the holder can keep, but not grow, its hold") {
    given<decider>({quota(general, 10), held(order_a, {{general, 8}}),
                    available_seats_changed{{{general, -5}}, {{general, 5, 2}}}})
      .when(make_seat_reservation{order_a, {{general, 9}}})
      .then({seats_reserved{order_a, {{general, 8}}, {}}});
  }
}

TEST_CASE("seats availability: a state rebuilt from its snapshot carries on as before", "[domain][seats_availability]") {
  auto history = std::vector<event>{quota(general, 10), quota(workshop, 4), held(order_a, {{general, 6}, {workshop, 1}}),
                                    available_seats_changed{{{workshop, 2}}, {{workshop, 6, 2}}}};
  given<decider> original(history);
  auto snapshot = nlohmann::json(original.state());
  auto restored = snapshot.get<state>();
  CHECK(restored == original.state());

  auto from_snapshot = decider::decide(restored, make_seat_reservation{order_b, {{general, 5}}}, testing::fixed_context());
  REQUIRE(from_snapshot.ok());
  CHECK(from_snapshot.value() == std::vector<event>{seats_reserved{order_b, {{general, 4}}, {{general, -4}}}});
  auto repeat = decider::decide(restored, add_seats{workshop, 6, 2}, testing::fixed_context());
  REQUIRE(repeat.ok());
  CHECK(repeat.value().empty());
}
