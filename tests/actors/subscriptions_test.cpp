// Subscriptions: a poison message goes to the dead letters and the rest flows on; a dead letter can be
// retried; a projection rebuilt from the whole log answers as before.
#include "domain/management/conference.hpp"
#include "persistence/pg/event_store.hpp"
#include "tests/actors/runtime_fixture.hpp"

using namespace contoso;
using contoso::actors::aggregate_kind;
using contoso::actors::command_reply;
using contoso::testing::runtime_fixture;
using contoso::testing::eventually;

namespace {

contoso::actors::runtime_settings quick_to_give_up() {
  contoso::actors::runtime_settings settings;
  settings.handler_max_attempts = 2;
  settings.subscription_poll = std::chrono::milliseconds(100);
  return settings;
}

management::conference::create_conference conference_named(const std::string& id, const std::string& slug) {
  return {id, "Contoso Days", "Talks", "Redmond", "", "", slug, "2027-05-01", "2027-05-03", "Ann", "ann@example.com"};
}

} // namespace

TEST_CASE("subscriptions: given a malformed SeatCreated in the log, then the policies dead-letter it after their "
          "attempts, later events are still handled, and a retry of the corrected letter succeeds and removes it",
          "[actors][subscriptions]") {
  runtime_fixture given{quick_to_give_up()};
  persistence::pg::event_store events{given.db};
  const auto broken_conference = random_uuid();
  REQUIRE(events
            .append("conference-" + broken_conference, 0,
                    {persistence::new_event{stored_event{"SeatCreated", 1, {{"conferenceId", broken_conference}}}, {}, "", ""}},
                    random_uuid())
            .ok());

  const auto conference = random_uuid();
  const auto slug = "later_" + random_access_code();
  REQUIRE(given.send(aggregate_kind::conference, conference, conference_named(conference, slug)).status
          == command_reply::accepted);

  REQUIRE(eventually([&] {
    auto letters = given.runtime->dead_letters();
    if (!letters.ok())
      return false;
    for (const auto& entry : letters.value())
      if (entry.letter.subscription == "policies")
        return true;
    return false;
  }));
  // The conference created after the poison message reached the message log all the same.
  CHECK(eventually([&] {
    return given.scalar("SELECT count(*) FROM messages WHERE kind = 'event' AND type = 'ConferenceCreated'") == 1;
  }));

  std::int64_t letter_id = 0;
  auto letters = given.runtime->dead_letters();
  REQUIRE(letters.ok());
  for (const auto& entry : letters.value())
    if (entry.letter.subscription == "policies") {
      letter_id = entry.id;
      CHECK(entry.letter.attempts == 2);
      CHECK(entry.letter.message.event.type == "SeatCreated");
      CHECK_FALSE(entry.letter.error.empty());
    }
  SECTION("retrying it unchanged fails again and keeps it") {
    CHECK_FALSE(given.runtime->retry_dead_letter(letter_id).ok());
    CHECK(given.scalar("SELECT count(*) FROM dead_letters WHERE id = $1", {std::to_string(letter_id)}) == 1);
  }
  SECTION("retrying it once corrected delivers its command and removes it") {
    const auto seat_type = random_uuid();
    given.scalar("UPDATE dead_letters SET data = $2::jsonb WHERE id = $1 RETURNING 1",
                 {std::to_string(letter_id),
                  nlohmann::json{{"conferenceId", broken_conference}, {"seatTypeId", seat_type}, {"name", "Full"},
                                 {"description", ""}, {"quantity", 5}, {"price", 10}, {"revision", 1}}
                    .dump()});
    auto retried = given.runtime->retry_dead_letter(letter_id);
    REQUIRE(retried.ok());
    CHECK(retried.value());
    CHECK(given.scalar("SELECT count(*) FROM dead_letters WHERE id = $1", {std::to_string(letter_id)}) == 0);
    CHECK(given.scalar("SELECT count(*) FROM events WHERE stream_id = $1 AND type = 'AvailableSeatsChanged'",
                       {"seats_availability-" + broken_conference})
          == 1);
  }
  CHECK_FALSE(given.runtime->retry_dead_letter(987654321).value());
}

TEST_CASE("subscriptions: given conferences in the read model, when the conferences projection is rebuilt from the "
          "log, then it answers the same and its subscription runs on",
          "[actors][subscriptions]") {
  runtime_fixture given{quick_to_give_up()};
  std::vector<std::string> slugs;
  for (int i = 0; i < 3; ++i) {
    const auto id = random_uuid();
    slugs.push_back("rebuilt_" + random_access_code());
    REQUIRE(given.send(aggregate_kind::conference, id, conference_named(id, slugs.back())).status
            == command_reply::accepted);
    REQUIRE(given.send(aggregate_kind::conference, id, management::conference::publish_conference{}).status
            == command_reply::accepted);
  }
  auto published = [&] {
    auto listed = given.views.published_conferences();
    return listed.ok() ? listed.value().size() : 0;
  };
  REQUIRE(eventually([&] { return published() == 3; }));

  REQUIRE(given.runtime->rebuild("conferences"));
  CHECK_FALSE(given.runtime->rebuild("no_such_projection"));
  CHECK_FALSE(given.runtime->rebuild("policies"));
  REQUIRE(eventually([&] {
    for (const auto& status : given.runtime->subscriptions())
      if (status["name"] == "conferences")
        return status["status"] == "running";
    return false;
  }));
  CHECK(published() == 3);
  for (const auto& slug : slugs)
    CHECK(given.views.conference_by_slug(slug).value().has_value());

  const auto id = random_uuid();
  REQUIRE(given.send(aggregate_kind::conference, id, conference_named(id, "after_" + random_access_code())).status
          == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::conference, id, management::conference::publish_conference{}).status
          == command_reply::accepted);
  CHECK(eventually([&] { return published() == 4; }));
}
