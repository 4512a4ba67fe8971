#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::registration;
using namespace contoso::registration::seat_assignments;
using contoso::testing::given;

namespace {

const std::string order_id = "00000000-0000-4000-8000-0000000000b1";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";

const attendee ann{"Ann", "Smith", "ann@example.com"};
const attendee bob{"Bob", "Jones", "bob@example.com"};

/// An order of two general seats and one workshop seat: positions 0 and 1 general, 2 workshop.
event created() { return seat_assignments_created{order_id, {{0, general}, {1, general}, {2, workshop}}}; }
event assigned(int position, const std::string& seat_type_id, const attendee& who) {
  return seat_assigned{position, seat_type_id, who};
}

} // namespace

TEST_CASE("seat assignments: a confirmed order gets one position per seat, numbered in seat-type order",
          "[domain][seat_assignments]") {
  given<decider>({}).when(create_seat_assignments{order_id, {{general, 2}, {workshop, 1}}}).then({created()});
}

TEST_CASE("seat assignments: creating them again creates nothing, under the same id", "[domain][seat_assignments]") {
  given<decider>({created()})
    .when(create_seat_assignments{order_id, {{general, 2}, {workshop, 1}}})
    .then_nothing();
  CHECK(id_for_order(order_id) == id_for_order(order_id));
  CHECK(is_uuid(id_for_order(order_id)));
  CHECK(id_for_order(order_id) != id_for_order("00000000-0000-4000-8000-0000000000b2"));
}

TEST_CASE("seat assignments: assigning an empty seat assigns it", "[domain][seat_assignments]") {
  given<decider>({created()}).when(assign_seat{2, ann}).then({assigned(2, workshop, ann)});
}

TEST_CASE("seat assignments: a new e-mail address unassigns the seat, then assigns it", "[domain][seat_assignments]") {
  given<decider>({created(), assigned(0, general, ann)})
    .when(assign_seat{0, bob})
    .then({seat_unassigned{0}, assigned(0, general, bob)});
}

TEST_CASE("seat assignments: the same e-mail address with another name updates the assignment",
          "[domain][seat_assignments]") {
  attendee renamed{"Anne", "Smith-Jones", "ANN@example.com"};
  given<decider> history({created(), assigned(1, general, ann)});
  history.when(assign_seat{1, renamed}).then({seat_assignment_updated{1, renamed}});
  CHECK(history.state().seats.at(1).attendee == renamed);
}

TEST_CASE("seat assignments: assigning the same attendee again changes nothing", "[domain][seat_assignments]") {
  given<decider>({created(), assigned(1, general, ann)}).when(assign_seat{1, ann}).then_nothing();
  attendee shouting{"Ann", "Smith", "ANN@EXAMPLE.COM"};
  given<decider>({created(), assigned(1, general, ann)}).when(assign_seat{1, shouting}).then_nothing();
}

TEST_CASE("seat assignments: one e-mail address may hold several seats", "[domain][seat_assignments]") {
  given<decider>({created(), assigned(0, general, ann)}).when(assign_seat{1, ann}).then({assigned(1, general, ann)});
}

TEST_CASE("seat assignments: an attendee without a valid e-mail address is refused", "[domain][seat_assignments]") {
  for (const auto* email : {"", "ann", "ann@example"}) {
    given<decider> attempt({created()});
    attempt.when(assign_seat{0, attendee{"Ann", "Smith", email}}).then_rejected(error_code::validation_failed);
    CHECK(attempt.decided().error().fields.count("email") == 1);
  }
}

TEST_CASE("seat assignments: a position the order does not have is refused", "[domain][seat_assignments]") {
  for (int position : {-1, 3}) {
    given<decider> assigning({created()});
    assigning.when(assign_seat{position, ann}).then_rejected(error_code::validation_failed);
    CHECK(assigning.decided().error().fields.count("position") == 1);

    given<decider> unassigning({created()});
    unassigning.when(unassign_seat{position}).then_rejected(error_code::validation_failed);
    CHECK(unassigning.decided().error().fields.count("position") == 1);
  }
}

TEST_CASE("seat assignments: unassigning an assigned seat empties it", "[domain][seat_assignments]") {
  given<decider> history({created(), assigned(2, workshop, bob)});
  history.when(unassign_seat{2}).then({seat_unassigned{2}});
  CHECK_FALSE(history.state().seats.at(2).attendee.has_value());
}

TEST_CASE("seat assignments: unassigning an empty seat changes nothing", "[domain][seat_assignments]") {
  given<decider>({created()}).when(unassign_seat{0}).then_nothing();
}

TEST_CASE("seat assignments: seats cannot be assigned before the assignments exist", "[domain][seat_assignments]") {
  given<decider>({}).when(assign_seat{0, ann}).then_rejected(error_code::not_found);
  given<decider>({}).when(unassign_seat{0}).then_rejected(error_code::not_found);
}

TEST_CASE("seat assignments: every event round-trips through its stored form", "[domain][seat_assignments][codec]") {
  std::vector<event> all{created(), assigned(1, general, ann), seat_unassigned{1}, seat_assignment_updated{2, bob}};
  for (const auto& original : all) {
    auto decoded = decode<event>(encode(original));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == original);
  }
  CHECK(encode(created()).data.at("seats").at(2) == nlohmann::json{{"position", 2}, {"seatType", workshop}});
}

TEST_CASE("seat assignments: every command round-trips through its stored form",
          "[domain][seat_assignments][codec]") {
  std::vector<command> all{create_seat_assignments{order_id, {{general, 2}}}, assign_seat{1, bob}, unassign_seat{2}};
  for (const auto& original : all) {
    auto decoded = decode<command>(encode(original));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == original);
  }
}

TEST_CASE("seat assignments: a snapshot of the state round-trips", "[domain][seat_assignments][codec]") {
  auto current = decider::evolve(decider::evolve(decider::initial_state(), created()), assigned(1, general, ann));
  CHECK(nlohmann::json(current).get<state>() == current);
  CHECK(nlohmann::json(current).at("seats").at(0).at("attendee").is_null());
}

TEST_CASE("seat assignments: stored events ignore unknown fields and name a missing one",
          "[domain][seat_assignments][codec]") {
  auto stored = encode(event{assigned(1, general, ann)});
  stored.data["addedLater"] = 1;
  auto decoded = decode<event>(stored);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == assigned(1, general, ann));

  stored.data.at("attendee").erase("email");
  auto missing = decode<event>(stored);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == error_code::bad_request);
  CHECK_THAT(missing.error().message, Catch::Contains("SeatAssigned") && Catch::Contains("email"));
}
