/// The administration API (API.md §5) end to end: `conference serve` as a child process with an admin
/// token, against a scratch database. Commands are driven through an actor runtime in this process on
/// the same database, so the server sees their events in the log and starts their actors on demand.

#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/runtime.hpp"
#include "domain/ids.hpp"
#include "domain/message.hpp"
#include "domain/registration/seats_availability.hpp"
#include "persistence/database.hpp"
#include "tests/http/conference_server.hpp"
#include "tests/http/error_body.hpp"
#include "tests/actors/runtime_fixture.hpp"
#include "tests/actors/runtime_pg_stores.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;
using contoso::testing::error_code_of;
using contoso::testing::conference_server;
using contoso::testing::scratch_database;

/// The log is followed asynchronously: tests wait (with a deadline) for the state they expect.
using contoso::testing::eventually;

namespace {

const std::string token = "admin-secret-token";

/// A node with the admin token, an actor runtime of our own on its database for commands, and a client.
struct admin_node {
  scratch_database scratch;
  conference_server server{scratch.url(), {"--admin-token", token, "--handler-max-attempts", "1",
                                           "--subscription-poll-ms", "50"}};
  httplib::Client client = server.client();
  persistence::database db{persistence::database_settings{scratch.url()}};
  testing::runtime_pg_stores stores{db};
  std::unique_ptr<actors::runtime> commands;

  admin_node() {
    // The server migrated the schema before it answered /healthz; only aggregates run here, so that the
    // server alone follows the log.
    actors::runtime_settings settings;
    settings.follow_log = false;
    commands = std::make_unique<actors::runtime>(stores.bundle(), settings);
  }

  /// Sets the quota of a seat type of a conference's availability: one command, one event.
  void set_quota(const std::string& conference_id, const std::string& seat_type, int seats, std::int64_t revision) {
    using variant = std::variant<registration::seats_availability::add_seats>;
    command_message<variant> message{random_uuid(), conference_id, {conference_id, "", ""},
                                     variant{registration::seats_availability::add_seats{seat_type, seats, revision}}};
    auto answer = commands->send(actors::aggregate_kind::seats_availability, actors::envelope(message, "test"));
    REQUIRE(answer.status == actors::command_reply::accepted);
  }

  httplib::Result get(const std::string& path) { return client.Get(path.c_str(), {{"Authorization", "Bearer " + token}}); }
  httplib::Result post(const std::string& path) {
    return client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, "", "application/json");
  }

  /// The JSON body of a 200 answer.
  nlohmann::json get_json(const std::string& path) {
    auto answer = get(path);
    REQUIRE(answer);
    INFO(path << " -> " << answer->status << ' ' << answer->body);
    REQUIRE(answer->status == 200);
    return nlohmann::json::parse(answer->body);
  }

  /// Runs a statement on the node's database; fails the test when it does not succeed.
  void sql(const std::string& statement) {
    auto* conn = PQconnectdb(scratch.url().c_str());
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    auto* outcome = PQexec(conn, statement.c_str());
    auto status = PQresultStatus(outcome);
    PQclear(outcome);
    PQfinish(conn);
    REQUIRE(status == PGRES_COMMAND_OK);
  }
};

nlohmann::json find_by(const nlohmann::json& list, const std::string& field, const nlohmann::json& value) {
  for (const auto& item : list)
    if (item.contains(field) && item.at(field) == value)
      return item;
  return nullptr;
}

} // namespace

TEST_CASE("admin: given no admin token configured, then every admin call is 401, whatever the token", "[http][admin]") {
  scratch_database scratch;
  conference_server server{scratch.url()};
  auto client = server.client();
  for (const char* path : {"/api/admin/cluster", "/api/admin/actors", "/api/admin/nowhere"}) {
    INFO(path);
    CHECK(client.Get(path)->status == 401);
    auto guessed = client.Get(path, {{"Authorization", "Bearer anything"}});
    CHECK(guessed->status == 401);
    CHECK(error_code_of(guessed) == "unauthorized");
  }
}

TEST_CASE("admin: given a token, then the token is checked before routing: a wrong one is 401 on known and unknown "
          "paths, the right one gets 404 for an unknown path",
          "[http][admin]") {
  scratch_database scratch;
  conference_server server{scratch.url(), {"--admin-token", token}};
  auto client = server.client();
  CHECK(client.Get("/api/admin/cluster")->status == 401);
  CHECK(client.Get("/api/admin/cluster", {{"Authorization", "Bearer wrong"}})->status == 401);
  CHECK(client.Get("/api/admin/cluster", {{"Authorization", "Bearer " + token + "x"}})->status == 401);
  CHECK(client.Get("/api/admin/cluster", {{"Authorization", "Basic " + token}})->status == 401);
  auto unknown = client.Get("/api/admin/no/such/thing");
  CHECK(unknown->status == 401);
  CHECK(error_code_of(unknown) == "unauthorized");
  CHECK(client.Post("/api/admin/actors/order/x/passivate", "", "application/json")->status == 401);
  auto found = client.Get("/api/admin/no/such/thing", {{"Authorization", "Bearer " + token}});
  CHECK(found->status == 404);
  CHECK(error_code_of(found) == "not_found");
  CHECK(client.Get("/api/admin/cluster", {{"Authorization", "Bearer " + token}})->status == 200);
}

TEST_CASE("admin: given commands to an aggregate, then its actor is inspected with its version and state, listed "
          "while live, and gone from the list after passivation",
          "[http][admin]") {
  admin_node node;
  const auto conference = random_uuid();
  node.set_quota(conference, random_uuid(), 10, 1);
  node.set_quota(conference, random_uuid(), 5, 1);

  auto detail = node.get_json("/api/admin/actors/seats_availability/" + conference);
  CHECK(detail.at("type") == "seats_availability");
  CHECK(detail.at("id") == conference);
  CHECK(detail.at("node") == "127.0.0.1:" + std::to_string(node.server.port()));
  CHECK(detail.at("version") == 2);
  CHECK(detail.at("snapshotVersion").is_number_integer());
  CHECK(detail.contains("state"));
  CHECK(detail.at("pendingDeadlines").is_array());

  auto listed = node.get_json("/api/admin/actors?type=seats_availability");
  auto entry = find_by(listed, "id", conference);
  REQUIRE(entry.is_object());
  CHECK(entry.at("type") == "seats_availability");
  CHECK(entry.at("node") == detail.at("node"));
  CHECK(entry.at("version") == 2);
  CHECK(entry.at("mailbox").is_number_integer());
  CHECK(entry.at("lastActiveAt").is_string());
  CHECK(find_by(node.get_json("/api/admin/actors"), "id", conference).is_object());

  auto cluster = node.get_json("/api/admin/cluster");
  CHECK(cluster.at("self") == detail.at("node"));
  REQUIRE(cluster.at("nodes").size() == 1);
  CHECK(cluster.at("nodes")[0].at("id") == cluster.at("self"));
  CHECK(cluster.at("nodes")[0].at("address") == cluster.at("self"));
  CHECK(cluster.at("nodes")[0].at("status") == "up");
  CHECK(cluster.at("nodes")[0].at("actors").get<int>() >= 1);

  auto passivated = node.post("/api/admin/actors/seats_availability/" + conference + "/passivate");
  REQUIRE(passivated);
  CHECK(passivated->status == 202);
  CHECK(eventually([&] {
    return find_by(node.get_json("/api/admin/actors?type=seats_availability"), "id", conference).is_null();
  }));
  // It comes back with its state on the next message.
  CHECK(node.get_json("/api/admin/actors/seats_availability/" + conference).at("version") == 2);
}

TEST_CASE("admin: given malformed actor requests, then unknown types are 404 and bad ids, types and limits are 400",
          "[http][admin]") {
  admin_node node;
  const auto id = random_uuid();
  CHECK(node.get("/api/admin/actors/spaceship/" + id)->status == 404);
  CHECK(node.post("/api/admin/actors/spaceship/" + id + "/passivate")->status == 404);
  CHECK(node.get("/api/admin/actors/order/not-a-uuid")->status == 400);
  CHECK(node.post("/api/admin/actors/order/not-a-uuid/passivate")->status == 400);
  CHECK(node.get("/api/admin/actors?type=spaceship")->status == 400);
  for (const char* limit : {"0", "-1", "ten", "1.5"}) {
    INFO(limit);
    CHECK(node.get(std::string("/api/admin/actors?limit=") + limit)->status == 400);
  }
  for (int i = 0; i < 3; ++i)
    node.get_json("/api/admin/actors/order/" + random_uuid());
  CHECK(node.get_json("/api/admin/actors?limit=2").size() == 2);
}

TEST_CASE("admin: given a stream with events, then the stream lists them in version order with the contract's "
          "fields, and an unknown stream is 404",
          "[http][admin]") {
  admin_node node;
  const auto conference = random_uuid();
  node.set_quota(conference, random_uuid(), 10, 1);
  node.set_quota(conference, random_uuid(), 20, 1);
  auto events = node.get_json("/api/admin/streams/seats_availability-" + conference);
  REQUIRE(events.size() == 2);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& event = events[i];
    CHECK(event.at("version") == i + 1);
    CHECK(event.at("position").is_number_integer());
    CHECK(event.at("type").is_string());
    CHECK(event.at("schemaVersion").is_number_integer());
    CHECK(event.at("data").is_object());
    CHECK(event.at("metadata").is_object());
    CHECK(event.at("recordedAt").is_string());
  }
  CHECK(events[0].at("position") < events[1].at("position"));
  CHECK(node.get("/api/admin/streams/seats_availability-" + random_uuid())->status == 404);
}

TEST_CASE("admin: given logged messages, then the message log filters by kind, type and source, pages with an "
          "exclusive after and a limit, and refuses malformed filters with 400",
          "[http][admin]") {
  admin_node node;
  const auto conference = random_uuid();
  const auto other = random_uuid();
  for (int revision = 1; revision <= 3; ++revision)
    node.set_quota(conference, random_uuid(), 10 * revision, revision);
  node.set_quota(other, random_uuid(), 1, 1);
  const auto ours = "/api/admin/messages?kind=event&sourceId=" + conference;
  REQUIRE(eventually([&] { return node.get_json(ours).size() == 3; }));

  auto events = node.get_json(ours);
  for (const auto& message : events) {
    CHECK(message.at("kind") == "event");
    CHECK(message.at("sourceId") == conference);
    CHECK(message.at("type").is_string());
    CHECK(message.at("correlationId").is_string());
    CHECK(message.at("causationId").is_string());
    CHECK(message.at("data").is_object());
    CHECK(message.at("recordedAt").is_string());
  }
  CHECK(events[0].at("position") < events[1].at("position"));
  CHECK(events[1].at("position") < events[2].at("position"));

  SECTION("after is exclusive and limit caps the page") {
    auto first = events[0].at("position").get<std::int64_t>();
    auto rest = node.get_json(ours + "&after=" + std::to_string(first));
    REQUIRE(rest.size() == 2);
    CHECK(rest[0] == events[1]);
    auto one = node.get_json(ours + "&limit=1");
    REQUIRE(one.size() == 1);
    CHECK(one[0] == events[0]);
    CHECK(node.get_json(ours + "&limit=5000").size() == 3);
  }
  SECTION("type and kind filter") {
    const auto type = events[0].at("type").get<std::string>();
    for (const auto& message : node.get_json("/api/admin/messages?type=" + type))
      CHECK(message.at("type") == type);
    for (const auto& message : node.get_json("/api/admin/messages?kind=command"))
      CHECK(message.at("kind") == "command");
    CHECK(node.get_json("/api/admin/messages?kind=event&sourceId=" + other).size() <= 1);
  }
  SECTION("malformed filters are 400 bad_request") {
    for (const char* query : {"kind=commands", "after=abc", "after=-1", "after=1.5", "limit=0", "limit=x",
                              "sourceId=not-a-uuid"}) {
      INFO(query);
      auto refused = node.get(std::string("/api/admin/messages?") + query);
      CHECK(refused->status == 400);
      CHECK(error_code_of(refused) == "bad_request");
    }
  }
}

TEST_CASE("admin: given the running subscriptions, then projections list name, position, lag and status, and a "
          "rebuild is accepted and returns to running",
          "[http][admin]") {
  admin_node node;
  node.set_quota(random_uuid(), random_uuid(), 10, 1);
  auto listed = node.get_json("/api/admin/projections");
  for (const char* name : {"conferences", "orders", "payments", "promo_codes"}) {
    INFO(name);
    auto projection = find_by(listed, "name", name);
    REQUIRE(projection.is_object());
    CHECK(projection.at("position").is_number_integer());
    CHECK(projection.at("lag").is_number_integer());
    CHECK(projection.at("status").is_string());
  }
  CHECK(eventually([&] {
    auto orders = find_by(node.get_json("/api/admin/projections"), "name", "orders");
    return orders.at("lag") == 0 && orders.at("status") == "running";
  }));

  auto rebuild = node.post("/api/admin/projections/orders/rebuild");
  REQUIRE(rebuild);
  CHECK(rebuild->status == 202);
  CHECK(eventually([&] {
    return find_by(node.get_json("/api/admin/projections"), "name", "orders").at("status") == "running";
  }));
  CHECK(node.post("/api/admin/projections/nothing/rebuild")->status == 404);
}

TEST_CASE("admin: given an event a handler cannot read, then it is listed as a dead letter with its error, and a "
          "retry that fails again keeps it",
          "[http][admin]") {
  admin_node node;
  const auto order = random_uuid();
  node.sql("INSERT INTO events (stream_id, stream_type, version, event_id, type, schema_version, data)"
           " VALUES ('order-" + order + "', 'order', 1, '" + random_uuid() +
           "', 'OrderPlaced', 1, '{\"seats\": \"not a list\"}')");
  nlohmann::json letter;
  REQUIRE(eventually([&] {
    for (const auto& entry : node.get_json("/api/admin/dead-letters"))
      if (entry.at("subscription") == "orders")
        letter = entry;
    return letter.is_object();
  }));
  CHECK(letter.at("id").is_number_integer());
  CHECK(letter.at("error").is_string());
  CHECK(letter.at("attempts").get<int>() >= 1);
  CHECK(letter.at("event").at("type") == "OrderPlaced");
  CHECK(letter.at("event").at("streamId") == "order-" + order);

  const auto id = std::to_string(letter.at("id").get<std::int64_t>());
  auto retried = node.post("/api/admin/dead-letters/" + id + "/retry");
  REQUIRE(retried);
  CHECK(retried->status == 200);
  auto outcome = nlohmann::json::parse(retried->body);
  CHECK(outcome.at("retried") == false);
  CHECK(outcome.at("error").is_string());
  CHECK(find_by(node.get_json("/api/admin/dead-letters"), "id", letter.at("id")).is_object());

  CHECK(node.post("/api/admin/dead-letters/999999/retry")->status == 404);
  CHECK(node.post("/api/admin/dead-letters/abc/retry")->status == 400);
  CHECK(node.get("/api/admin/dead-letters?limit=x")->status == 400);

  auto metrics = node.client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("conference_dead_letters ") != std::string::npos);
}

TEST_CASE("admin: given live actors and subscriptions, then /metrics has the actor, lag and dead letter gauges "
          "beside the request series",
          "[http][admin][metrics]") {
  admin_node node;
  node.get_json("/api/admin/actors/order/" + random_uuid());
  auto metrics = node.client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  const auto& text = metrics->body;
  CHECK(text.find("# TYPE conference_actors_live gauge") != std::string::npos);
  CHECK(text.find("conference_actors_live{type=\"order\"} 1") != std::string::npos);
  CHECK(text.find("# TYPE conference_subscription_lag gauge") != std::string::npos);
  CHECK(text.find("conference_subscription_lag{subscription=\"orders\"}") != std::string::npos);
  CHECK(text.find("# TYPE conference_dead_letters gauge") != std::string::npos);
  CHECK(text.find("conference_http_requests_total{route=\"/api/admin/actors/{type}/{id}\"") != std::string::npos);
  CHECK(text.find("conference_http_request_duration_seconds_bucket{route=\"/api/admin/actors/{type}/{id}\"") !=
        std::string::npos);
}

TEST_CASE("admin: given seat types added and edited after publishing, then SeatCreated and SeatUpdated are logged "
          "under the seat type's id with the conference's id in their data",
          "[http][admin]") {
  admin_node node;
  nlohmann::json conference_body{{"name", "Seats"},       {"description", "d"},           {"location", "l"},
                                 {"slug", "seats_" + random_access_code()}, {"startDate", "2027-01-01"},
                                 {"endDate", "2027-01-02"}, {"owner", {{"name", "O"}, {"email", "o@example.com"}}}};
  auto created = node.client.Post("/api/conferences", conference_body.dump(), "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto conference = nlohmann::json::parse(created->body);
  const auto conference_id = conference.at("id").get<std::string>();
  const auto path = "/api/management/conferences/" + conference_id;
  httplib::Headers owner{httplib::make_basic_authentication_header("o@example.com", conference.at("accessCode"))};
  REQUIRE(node.client.Post((path + "/publish").c_str(), owner, "", "application/json")->status == 200);
  const nlohmann::json seat_type{{"name", "General"}, {"description", ""}, {"quantity", 10}, {"price", 5}};
  auto added = node.client.Post((path + "/seat-types").c_str(), owner, seat_type.dump(), "application/json");
  REQUIRE(added);
  REQUIRE(added->status == 201);
  const auto seat_type_id = nlohmann::json::parse(added->body).at("id").get<std::string>();
  auto edited = seat_type;
  edited["quantity"] = 20;
  REQUIRE(node.client.Put((path + "/seat-types/" + seat_type_id).c_str(), owner, edited.dump(), "application/json")
            ->status
          == 200);

  for (const char* type : {"SeatCreated", "SeatUpdated"}) {
    INFO(type);
    const auto query = std::string("/api/admin/messages?kind=event&type=") + type + "&sourceId=" + seat_type_id;
    nlohmann::json found;
    REQUIRE(eventually([&] {
      found = node.get_json(query);
      return found.size() == 1;
    }));
    CHECK(found[0].at("sourceId") == seat_type_id);
    CHECK(found[0].at("data").at("conferenceId") == conference_id);
    CHECK(node.get_json(std::string("/api/admin/messages?kind=event&type=") + type + "&sourceId=" + conference_id).empty());
  }
}
