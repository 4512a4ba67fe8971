#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/management/conference.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::management::conference;
using contoso::testing::given;

namespace {

const std::string conference_id = "00000000-0000-4000-8000-0000000000c2";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string workshop = "00000000-0000-4000-8000-0000000000a2";

money usd(const char* amount) { return *money::parse(amount); }
date day(const char* text) { return *parse_date(text); }

create_conference create() {
  return create_conference{conference_id, "CQRS Summit", "Two days of event sourcing.", "Redmond", "Decide, evolve",
                           "#cqrs", "cqrs_2026", "2026-12-01", "2026-12-02", "Ann Owner", "ann@example.com"};
}

conference_details details() {
  return {"CQRS Summit", "Two days of event sourcing.", "Redmond", "Decide, evolve", "#cqrs",
          day("2026-12-01"), day("2026-12-02")};
}

update_conference edit() {
  return update_conference{"CQRS Summit 2026", "Two days of event sourcing.", "Seattle", "", "", "2026-12-01",
                           "2026-12-03"};
}

event created() {
  return conference_created{conference_id, "cqrs_2026", details(), {"Ann Owner", "ann@example.com"}, "AAAAAB"};
}

event draft(const std::string& id, const char* name, int quantity, const char* price) {
  return draft_seat_type_saved{id, name, "", quantity, usd(price)};
}

event published() { return conference_published{conference_id}; }

field_messages fields_of_create(create_conference cmd) {
  given<decider> creating({});
  creating.when(cmd).then_rejected(error_code::validation_failed);
  return creating.decided().error().fields;
}

} // namespace

TEST_CASE("conference: a conference is created unpublished with an access code", "[domain][conference]") {
  given<decider> creating({});
  creating.when(create()).then({created()});
  CHECK(creating.state().phase == publication::never_published);
  CHECK_FALSE(is_published(creating.state().phase));
  CHECK_FALSE(was_ever_published(creating.state().phase));
  CHECK(creating.state().access_code == "AAAAAB");
}

TEST_CASE("conference: creating validates the slug", "[domain][conference]") {
  for (auto slug : {"cqrs-2026", "cqrs 2026", "caf\xC3\xA9"}) {
    auto cmd = create();
    cmd.slug = slug;
    CHECK(fields_of_create(cmd)
          == field_messages{{"slug", "The field Slug must match the regular expression '^[A-Za-z0-9_]+$'."}});
  }
  auto none = create();
  none.slug = "";
  CHECK(fields_of_create(none) == field_messages{{"slug", "The Slug field is required."}});
}

TEST_CASE("conference: creating validates the dates", "[domain][conference]") {
  SECTION("the end may not come before the start") {
    auto reversed = create();
    reversed.start_date = "2026-12-02";
    reversed.end_date = "2026-12-01";
    CHECK(fields_of_create(reversed) == field_messages{{"endDate", "The EndDate must not be before the StartDate."}});
  }
  SECTION("a one-day conference ends the day it starts") {
    auto one_day = create();
    one_day.end_date = one_day.start_date;
    CHECK(given<decider>({}).when(one_day).decided().ok());
  }
  SECTION("an impossible day") {
    auto impossible = create();
    impossible.start_date = "2026-02-30";
    CHECK(fields_of_create(impossible) == field_messages{{"startDate", "The StartDate field is not a valid date."}});
  }
  SECTION("a missing day") {
    auto missing = create();
    missing.end_date = "";
    CHECK(fields_of_create(missing) == field_messages{{"endDate", "The EndDate field is required."}});
  }
}

TEST_CASE("conference: creating validates the owner's email", "[domain][conference]") {
  auto bad = create();
  bad.owner_email = "ann@example";
  CHECK(fields_of_create(bad) == field_messages{{"owner.email", "The OwnerEmail field is not a valid e-mail address."}});
  auto missing = create();
  missing.owner_email = "";
  missing.owner_name = "";
  CHECK(fields_of_create(missing)
        == field_messages{{"owner.email", "The OwnerEmail field is required."},
                          {"owner.name", "The OwnerName field is required."}});
}

TEST_CASE("conference: text lengths count code points and required texts are required", "[domain][conference]") {
  std::string two_hundred_e_acute;
  for (int i = 0; i < 200; ++i)
    two_hundred_e_acute += "\xC3\xA9";
  auto longest = create();
  longest.name = two_hundred_e_acute;
  longest.location = two_hundred_e_acute;
  CHECK(given<decider>({}).when(longest).decided().ok());

  auto too_long = create();
  too_long.name = two_hundred_e_acute + "x";
  too_long.description = std::string(4001, 'd');
  too_long.tagline = std::string(201, 't');
  CHECK(fields_of_create(too_long)
        == field_messages{{"name", "The field Name must be a string with a maximum length of 200."},
                          {"description", "The field Description must be a string with a maximum length of 4000."},
                          {"tagline", "The field Tagline must be a string with a maximum length of 200."}});

  auto empty = create();
  empty.name = "";
  empty.description = " ";
  empty.location = "";
  CHECK(fields_of_create(empty)
        == field_messages{{"name", "The Name field is required."},
                          {"description", "The Description field is required."},
                          {"location", "The Location field is required."}});
}

TEST_CASE("conference: an edit changes the details and never the publishing state", "[domain][conference]") {
  auto edited = conference_details{"CQRS Summit 2026", "Two days of event sourcing.", "Seattle", "", "",
                                   day("2026-12-01"), day("2026-12-03")};
  given<decider> editing({created(), published()});
  editing.when(edit()).then({conference_updated{conference_id, edited}});
  CHECK(editing.state().phase == publication::published);
  CHECK(editing.state().details == edited);
  CHECK(editing.state().slug == "cqrs_2026");

  given<decider> unpublished({created()});
  unpublished.when(edit()).then({conference_updated{conference_id, edited}});
  CHECK(unpublished.state().phase == publication::never_published);

  given<decider>({created(), conference_updated{conference_id, edited}}).when(edit()).then_nothing();
  given<decider>({}).when(edit()).then_rejected(error_code::not_found);
}

TEST_CASE("conference: the first publish announces every existing seat type, then the conference", "[domain][conference]") {
  given<decider> publishing({created(), draft(general, "General", 100, "199"), draft(workshop, "Workshop", 20, "500"),
                             draft(general, "General admission", 120, "199")});
  publishing.when(publish_conference{})
    .then({seat_created{conference_id, general, "General admission", "", 120, usd("199"), 1},
           seat_created{conference_id, workshop, "Workshop", "", 20, usd("500"), 1}, published()});
  CHECK(is_published(publishing.state().phase));
  CHECK(was_ever_published(publishing.state().phase));
}

TEST_CASE("conference: publishing again, or after an unpublish, announces no seat types", "[domain][conference]") {
  auto history = std::vector<event>{created(), draft(general, "General", 100, "199"),
                                    seat_created{conference_id, general, "General", "", 100, usd("199"), 1}, published()};
  given<decider>(history).when(publish_conference{}).then_nothing();
  history.push_back(conference_unpublished{conference_id});
  given<decider> republishing(history);
  republishing.when(publish_conference{}).then({published()});
}

TEST_CASE("conference: unpublishing hides it but it stays ever published", "[domain][conference]") {
  given<decider> unpublishing({created(), published()});
  unpublishing.when(unpublish_conference{}).then({conference_unpublished{conference_id}});
  CHECK_FALSE(is_published(unpublishing.state().phase));
  CHECK(was_ever_published(unpublishing.state().phase));
  given<decider>({created()}).when(unpublish_conference{}).then_nothing();
}

TEST_CASE("conference: seat types are announced only after the first publish, with increasing revisions", "[domain][conference]") {
  SECTION("before: drafts only") {
    given<decider>({created()})
      .when(create_seat_type{general, "General", "Main hall", 100, usd("199")})
      .then({draft_seat_type_saved{general, "General", "Main hall", 100, usd("199")}});
    given<decider>({created(), draft(general, "General", 100, "199")})
      .when(update_seat_type{general, "General", "", 90, usd("199")})
      .then({draft(general, "General", 90, "199")});
  }
  SECTION("after: SeatCreated, then SeatUpdated with the next revision and the absolute quantity") {
    auto history = std::vector<event>{created(), published()};
    given<decider> creating(history);
    creating.when(create_seat_type{workshop, "Workshop", "", 20, usd("500")})
      .then({seat_created{conference_id, workshop, "Workshop", "", 20, usd("500"), 1}});

    history.push_back(seat_created{conference_id, workshop, "Workshop", "", 20, usd("500"), 1});
    given<decider> updating(history);
    updating.when(update_seat_type{workshop, "Workshop", "", 15, usd("500")})
      .then({seat_updated{conference_id, workshop, "Workshop", "", 15, usd("500"), 2}});

    history.push_back(seat_updated{conference_id, workshop, "Workshop", "", 15, usd("500"), 2});
    history.push_back(conference_unpublished{conference_id});
    given<decider>(history)
      .when(update_seat_type{workshop, "Workshop", "", 15, usd("450")})
      .then({seat_updated{conference_id, workshop, "Workshop", "", 15, usd("450"), 3}});
    given<decider>(history).when(update_seat_type{workshop, "Workshop", "", 15, usd("500")}).then_nothing();
  }
  SECTION("a seat type drafted before the first publish continues from revision 1") {
    given<decider>({created(), draft(general, "General", 100, "199"),
                    seat_created{conference_id, general, "General", "", 100, usd("199"), 1}, published()})
      .when(update_seat_type{general, "General", "", 150, usd("199")})
      .then({seat_updated{conference_id, general, "General", "", 150, usd("199"), 2}});
  }
}

TEST_CASE("conference: seat types are validated with field messages", "[domain][conference]") {
  given<decider> invalid({created()});
  invalid.when(create_seat_type{general, "G", std::string(251, 'd'), 100001, usd("50000.01")})
    .then_rejected(error_code::validation_failed);
  CHECK(invalid.decided().error().fields
        == field_messages{{"name", "The field Name must be a string with a minimum length of 2 and a maximum length of 70."},
                          {"description", "The field Description must be a string with a maximum length of 250."},
                          {"quantity", "The field Quantity must be between 0 and 100000."},
                          {"price", "The field Price must be between 0 and 50000."}});
  given<decider> negative({created()});
  negative.when(create_seat_type{general, "General", "", -1, usd("-1")}).then_rejected(error_code::validation_failed);
  CHECK(negative.decided().error().fields.size() == 2);
  given<decider>({created()})
    .when(create_seat_type{general, "GA", "", 0, usd("0")})
    .then({draft_seat_type_saved{general, "GA", "", 0, money{}}});
  given<decider>({created()}).when(update_seat_type{general, "General", "", 1, usd("1")}).then_rejected(error_code::not_found);
}

TEST_CASE("conference: a seat type can be deleted only while the conference was never published", "[domain][conference]") {
  given<decider> deleting({created(), draft(general, "General", 100, "199")});
  deleting.when(delete_seat_type{general}).then({draft_seat_type_deleted{general}});
  CHECK(deleting.state().seat_types.empty());

  auto history = std::vector<event>{created(), draft(general, "General", 100, "199"),
                                    seat_created{conference_id, general, "General", "", 100, usd("199"), 1}, published()};
  given<decider>(history).when(delete_seat_type{general}).then_rejected(error_code::conference_was_published);
  history.push_back(conference_unpublished{conference_id});
  given<decider>(history).when(delete_seat_type{general}).then_rejected(error_code::conference_was_published);
}

TEST_CASE("conference codec: events, commands and state round-trip with all fields", "[domain][codec][conference]") {
  std::vector<event> events{created(),
                            conference_updated{conference_id, details()},
                            published(),
                            conference_unpublished{conference_id},
                            seat_created{conference_id, general, "General", "Main hall", 100, usd("199.5"), 1},
                            seat_updated{conference_id, general, "General", "Main hall", 90, usd("199.5"), 2},
                            draft_seat_type_saved{general, "General", "Main hall", 100, usd("199")},
                            draft_seat_type_deleted{general}};
  for (const auto& e : events) {
    auto decoded = decode<event>(encode(e));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == e);
  }
  std::vector<command> commands{create(), edit(), publish_conference{}, unpublish_conference{},
                                create_seat_type{general, "General", "Main hall", 100, usd("199")},
                                update_seat_type{general, "General", "Main hall", 90, usd("199")},
                                delete_seat_type{general}};
  for (const auto& c : commands) {
    auto decoded = decode<command>(encode(c));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == c);
  }
  CHECK(encode(events[4]).data
        == nlohmann::json{{"conferenceId", conference_id}, {"seatTypeId", general}, {"name", "General"},
                          {"description", "Main hall"}, {"quantity", 100}, {"price", 199.5}, {"revision", 1}});
  given<decider> full({created(), draft(general, "General", 100, "199"),
                       seat_created{conference_id, general, "General", "", 100, usd("199"), 1}, published()});
  CHECK(nlohmann::json(full.state()).get<state>() == full.state());
}

TEST_CASE("conference: seat type events are published under the seat type's id, the others under the conference's",
          "[domain][conference]") {
  const std::string conference_id = "c-1";
  const std::string seat_type_id = "s-1";
  CHECK(published_source_id(seat_created{conference_id, seat_type_id, "General", "", 10, money{}, 1}, conference_id)
        == seat_type_id);
  CHECK(published_source_id(seat_updated{conference_id, seat_type_id, "General", "", 20, money{}, 2}, conference_id)
        == seat_type_id);
  CHECK(published_source_id(conference_published{conference_id}, conference_id) == conference_id);
  CHECK(published_source_id(draft_seat_type_deleted{seat_type_id}, conference_id) == conference_id);
}
