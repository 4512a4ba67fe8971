// The contract of the conference store (Conference Management's rows saved with the conference's
// events in one transaction), run against PostgreSQL.
#include <algorithm>
#include <string>

#include "domain/ids.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_stores;
namespace conference = contoso::management::conference;

namespace {

date day(const char* text) { return *parse_date(text); }

conference::state created(const std::string& id, const std::string& slug,
                          const std::string& email = "Owner@Example.com") {
  conference::state state;
  state.phase = conference::publication::never_published;
  state.conference_id = id;
  state.slug = slug;
  state.details = conference::conference_details{
    "CQRS Summit", "Two days of events", "Redmond", "Ship it", "#cqrs", day("2026-12-01"), day("2026-12-02")};
  state.owner = conference::owner_details{"Ada Owner", email};
  state.access_code = "AbC123";
  return state;
}

std::vector<new_event> events(const std::string& type, int count = 1) {
  std::vector<new_event> batch;
  for (int i = 0; i < count; ++i)
    batch.push_back(new_event{stored_event{type, 1, {{"n", i}}}, nlohmann::json::object(), random_uuid()});
  return batch;
}

std::int64_t stream_length(scratch_stores& stores, const std::string& conference_id) {
  auto stream = stores.events.read_stream(conference_stream(conference_id));
  REQUIRE(stream.ok());
  return static_cast<std::int64_t>(stream.value().size());
}

std::optional<stored_conference> find(scratch_stores& stores, const std::string& conference_id) {
  auto found = stores.conferences.find(conference_id);
  REQUIRE(found.ok());
  return found.value();
}

} // namespace

TEST_CASE("conference store: a save writes the conference's row, its seat types and its events together, "
          "and find reads them back",
          "[persistence][conference_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  CHECK_FALSE(find(stores, id).has_value());

  auto state = created(id, "cqrs_2026");
  auto saved = stores.conferences.save(state, 0, events("ConferenceCreated"), "cmd-create", id);
  REQUIRE(saved.ok());
  CHECK(saved.value().what == conference_save_result::appended);
  CHECK(saved.value().version == 1);
  REQUIRE(saved.value().events.size() == 1);
  CHECK(saved.value().events.front().stream_id == "conference-" + id);
  CHECK(stream_length(stores, id) == 1);

  state.phase = conference::publication::unpublished;
  state.details.tagline = "";
  state.seat_types = {conference::seat_type{random_uuid(), "Full pass", "Both days", 100, money::from_cents(19999), 1},
                      conference::seat_type{random_uuid(), "Workshop", "", 0, money::from_cents(0), 0}};
  auto edited = stores.conferences.save(state, 1, events("SeatCreated", 2), "cmd-seats", id);
  REQUIRE(edited.ok());
  CHECK(edited.value().what == conference_save_result::appended);
  CHECK(edited.value().version == 3);

  auto found = find(stores, id);
  REQUIRE(found.has_value());
  CHECK(found->version == 3);
  CHECK(found->state == state);
  CHECK(stream_length(stores, id) == 3);

  SECTION("removed seat types are gone and the rest keep their order") {
    state.seat_types.erase(state.seat_types.begin());
    state.seat_types.push_back(
      conference::seat_type{random_uuid(), "Dinner", "Evening", 50, money::from_cents(4550), 2});
    REQUIRE(stores.conferences.save(state, 3, events("DraftSeatTypeDeleted"), "cmd-delete", id).ok());
    auto after = find(stores, id);
    REQUIRE(after.has_value());
    CHECK(after->state.seat_types == state.seat_types);
  }
}

TEST_CASE("conference store: a save expecting another version is a conflict, and a repeated command id is a "
          "duplicate answered with the earlier events, neither writes anything",
          "[persistence][conference_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  const auto original = created(id, "repeat_me");
  REQUIRE(stores.conferences.save(original, 0, events("ConferenceCreated"), "cmd-create", id).ok());
  auto changed = original;
  changed.details.name = "Renamed";

  SECTION("conflict") {
    auto stale = stores.conferences.save(changed, 0, events("ConferenceUpdated"), "cmd-edit", id);
    REQUIRE(stale.ok());
    CHECK(stale.value().what == conference_save_result::conflict);
    CHECK(stale.value().version == 1);
  }
  SECTION("duplicate") {
    auto repeated = stores.conferences.save(changed, 1, events("ConferenceUpdated"), "cmd-create", id);
    REQUIRE(repeated.ok());
    CHECK(repeated.value().what == conference_save_result::duplicate);
    CHECK(repeated.value().version == 1);
    REQUIRE(repeated.value().events.size() == 1);
    CHECK(repeated.value().events.front().event.type == "ConferenceCreated");
  }
  auto found = find(stores, id);
  REQUIRE(found.has_value());
  CHECK(found->state == original);
  CHECK(found->version == 1);
  CHECK(stream_length(stores, id) == 1);
}

TEST_CASE("conference store: a slug taken by another conference in any case is refused, and neither the row "
          "nor the events are written",
          "[persistence][conference_store]") {
  scratch_stores stores;
  const auto first = random_uuid();
  const auto second = random_uuid();
  REQUIRE(stores.conferences.save(created(first, "Summit"), 0, events("ConferenceCreated"), "cmd-1", first).ok());
  const auto rows_before = stores.event_rows();

  auto clash = stores.conferences.save(created(second, "sUMMIT"), 0, events("ConferenceCreated"), "cmd-2", second);
  REQUIRE(clash.ok());
  CHECK(clash.value().what == conference_save_result::slug_taken);
  CHECK_FALSE(find(stores, second).has_value());
  CHECK(stream_length(stores, second) == 0);
  CHECK(stores.event_rows() == rows_before);

  SECTION("the same conference saving its own slug again is no clash") {
    auto own = stores.conferences.save(created(first, "Summit"), 1, events("ConferenceUpdated"), "cmd-3", first);
    REQUIRE(own.ok());
    CHECK(own.value().what == conference_save_result::appended);
  }
}

TEST_CASE("conference store: a conference is found by its slug in any case, and by its owner's email in any "
          "case with the exact access code",
          "[persistence][conference_store]") {
  scratch_stores stores;
  const auto first = random_uuid();
  const auto second = random_uuid();
  const auto other_owner = random_uuid();
  REQUIRE(stores.conferences.save(created(first, "Cqrs_Summit"), 0, events("ConferenceCreated"), "c1", first).ok());
  REQUIRE(stores.conferences.save(created(second, "Ddd_Days"), 0, events("ConferenceCreated"), "c2", second).ok());
  const auto elsewhere = created(other_owner, "Elsewhere", "someone@else.org");
  REQUIRE(stores.conferences.save(elsewhere, 0, events("ConferenceCreated"), "c3", other_owner).ok());

  auto by_slug = stores.conferences.find_by_slug("cqrs_SUMMIT");
  REQUIRE(by_slug.ok());
  REQUIRE(by_slug.value().has_value());
  CHECK(by_slug.value()->state.conference_id == first);
  CHECK(by_slug.value()->state.slug == "Cqrs_Summit");
  auto no_slug = stores.conferences.find_by_slug("cqrs");
  REQUIRE(no_slug.ok());
  CHECK_FALSE(no_slug.value().has_value());

  auto owned = stores.conferences.find_by_owner("owner@EXAMPLE.com", "AbC123");
  REQUIRE(owned.ok());
  auto expected = std::vector<std::string>{first, second};
  std::sort(expected.begin(), expected.end());
  CHECK(owned.value() == expected);
  auto wrong_case_code = stores.conferences.find_by_owner("owner@example.com", "abc123");
  REQUIRE(wrong_case_code.ok());
  CHECK(wrong_case_code.value().empty());
  auto other = stores.conferences.find_by_owner("SOMEONE@else.org", "AbC123");
  REQUIRE(other.ok());
  CHECK(other.value() == std::vector<std::string>{other_owner});
}

TEST_CASE("conference store (pg): a save whose transaction fails after the events were appended leaves no events "
          "and no row behind",
          "[persistence][conference_store]") {
  scratch_stores stores;
  const auto id = random_uuid();
  auto state = created(id, "half_way");
  // The seat_types table refuses a negative quantity: the failure comes after the append and the row.
  state.seat_types = {conference::seat_type{random_uuid(), "Broken", "", -1, money::from_cents(100), 0}};
  auto failed = stores.conferences.save(state, 0, events("ConferenceCreated", 3), "cmd-broken", id);
  CHECK_FALSE(failed.ok());
  CHECK(stores.event_rows() == 0);
  CHECK_FALSE(find(stores, id).has_value());

  auto retried = stores.conferences.save(created(id, "half_way"), 0, events("ConferenceCreated"), "cmd-broken", id);
  REQUIRE(retried.ok());
  CHECK(retried.value().what == conference_save_result::appended);
}
