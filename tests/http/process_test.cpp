/// The conference binary as a real process on loopback, against a scratch PostgreSQL database.

#include <chrono>
#include <future>

#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/http/conference_server.hpp"
#include "tests/http/free_port.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using contoso::testing::child_process;
using contoso::testing::conference_server;
using contoso::testing::eventually;
using contoso::testing::free_port;
using contoso::testing::scratch_database;

namespace {

/// Nothing listens on port 1 of loopback: connecting fails at once.
const std::string unreachable_database = "host=127.0.0.1 port=1 dbname=nowhere connect_timeout=2";

nlohmann::json error_of(const httplib::Result& answer) {
  REQUIRE(answer);
  CHECK(answer->get_header_value("Content-Type") == "application/json");
  auto body = nlohmann::json::parse(answer->body);
  REQUIRE(body.is_object());
  REQUIRE(body.contains("error"));
  CHECK(body["error"]["message"].is_string());
  return body["error"];
}

/// A session on the test database that can hold a lock while the server waits for it.
class lock_holder {
public:
  explicit lock_holder(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
    REQUIRE(PQstatus(connection_) == CONNECTION_OK);
  }
  ~lock_holder() { PQfinish(connection_); }

  /// Runs a statement; fails the test when it does not succeed.
  void run(const std::string& sql) {
    auto* outcome = PQexec(connection_, sql.c_str());
    auto status = PQresultStatus(outcome);
    PQclear(outcome);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
  }

  /// The first column of the first row of a query.
  std::string value(const std::string& sql) {
    auto* outcome = PQexec(connection_, sql.c_str());
    std::string text = PQresultStatus(outcome) == PGRES_TUPLES_OK && PQntuples(outcome) > 0 ? PQgetvalue(outcome, 0, 0) : "";
    PQclear(outcome);
    return text;
  }

private:
  PGconn* connection_;
};

bool accepts_connections(int port) {
  httplib::Client client{"127.0.0.1", port};
  client.set_connection_timeout(1, 0);
  return static_cast<bool>(client.Get("/healthz"));
}

} // namespace

TEST_CASE("http: /healthz answers 200 with status ok", "[http][process]") {
  conference_server server{unreachable_database};
  auto answer = server.client().Get("/healthz");
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(nlohmann::json::parse(answer->body) == nlohmann::json{{"status", "ok"}});
}

TEST_CASE("http: /readyz answers 200 once serve has applied the migrations", "[http][process]") {
  scratch_database database;
  conference_server server{database.url()};
  auto answer = server.client().Get("/readyz");
  REQUIRE(answer);
  CHECK(answer->status == 200);
}

TEST_CASE("http: /readyz answers 503 unavailable in the contract shape when the database is unreachable",
          "[http][process]") {
  conference_server server{unreachable_database};
  auto answer = server.client().Get("/readyz");
  REQUIRE(answer);
  CHECK(answer->status == 503);
  CHECK(error_of(answer)["code"] == "unavailable");
}

TEST_CASE("http: while the database is unreachable, reads and commands answer 503 unavailable and the server stays "
          "up",
          "[http][process]") {
  conference_server server{unreachable_database, {"--db-timeout-ms", "1000"}};
  auto client = server.client();
  auto listed = client.Get("/api/conferences");
  REQUIRE(listed);
  CHECK(listed->status == 503);
  CHECK(error_of(listed)["code"] == "unavailable");
  auto created = client.Post("/api/conferences",
                             R"({"name":"Contoso Days","description":"Talks","location":"Redmond","slug":"down_db",)"
                             R"("startDate":"2027-05-01","endDate":"2027-05-03",)"
                             R"("owner":{"name":"Ann","email":"ann@example.com"}})",
                             "application/json");
  REQUIRE(created);
  CHECK(created->status == 503);
  CHECK(error_of(created)["code"] == "unavailable");
  auto alive = client.Get("/healthz");
  REQUIRE(alive);
  CHECK(alive->status == 200);
}

TEST_CASE("http: /metrics counts requests by route, method and status, and shows the pool", "[http][process]") {
  scratch_database database;
  conference_server server{database.url(), {"--db-pool-size", "3"}};
  auto client = server.client();
  for (int i = 0; i < 3; ++i)
    REQUIRE(client.Get("/healthz")->status == 200);
  REQUIRE(client.Get("/no/such/path")->status == 404);
  auto answer = client.Get("/metrics");
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK_THAT(answer->get_header_value("Content-Type"), Catch::StartsWith("text/plain; version=0.0.4"));
  const auto& text = answer->body;
  // The startup wait polled /healthz too, so its count is at least the three sent here.
  CHECK_THAT(text, Catch::Contains("# TYPE conference_http_requests_total counter"));
  CHECK_THAT(text, Catch::Contains("conference_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} "));
  CHECK_THAT(text, Catch::Contains("conference_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("# TYPE conference_http_request_duration_seconds histogram"));
  CHECK_THAT(text, Catch::Contains("conference_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} "));
  CHECK_THAT(text, Catch::Contains("conference_http_request_duration_seconds_count{route=\"/healthz\"} "));
  CHECK_THAT(text, Catch::Contains("conference_db_pool_size 3\n"));
  CHECK_THAT(text, Catch::Contains("conference_db_pool_in_use "));
  CHECK_THAT(text, Catch::Contains("conference_db_pool_waits_total "));
  CHECK_THAT(text, Catch::Contains("conference_db_pool_replaced_total "));

  auto count_line = [&](const std::string& body) {
    auto prefix = std::string{"conference_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} "};
    auto at = body.find(prefix);
    REQUIRE(at != std::string::npos);
    return std::stoi(body.substr(at + prefix.size()));
  };
  auto before = count_line(text);
  REQUIRE(client.Get("/healthz")->status == 200);
  CHECK(count_line(client.Get("/metrics")->body) == before + 1);
}

TEST_CASE("http: an unknown path answers 404 not_found in the contract shape", "[http][process]") {
  conference_server server{unreachable_database};
  auto client = server.client();
  for (const auto* path : {"/nope", "/api/nothing/here", "/healthz/extra"}) {
    auto answer = client.Get(path);
    REQUIRE(answer);
    CHECK(answer->status == 404);
    CHECK(error_of(answer)["code"] == "not_found");
  }
}

TEST_CASE("http: another method on a known path answers 405 with Allow and a JSON error", "[http][process]") {
  conference_server server{unreachable_database};
  auto answer = server.client().Delete("/healthz");
  REQUIRE(answer);
  CHECK(answer->status == 405);
  CHECK(answer->get_header_value("Allow") == "GET");
  CHECK(error_of(answer)["code"] == "method_not_allowed");
}

TEST_CASE("http: a body over 64 KiB answers 413 payload_too_large, plain or chunked", "[http][process]") {
  conference_server server{unreachable_database};
  auto client = server.client();
  const std::string too_large(64 * 1024 + 1, 'x');

  SECTION("with Content-Length") {
    auto answer = client.Post("/healthz", too_large, "application/json");
    REQUIRE(answer);
    CHECK(answer->status == 413);
    CHECK(error_of(answer)["code"] == "payload_too_large");
  }
  SECTION("chunked") {
    auto answer = client.Post(
        "/healthz",
        [&](std::size_t offset, httplib::DataSink& sink) {
          if (offset < too_large.size())
            sink.write(too_large.data() + offset, std::min<std::size_t>(4096, too_large.size() - offset));
          else
            sink.done();
          return true;
        },
        "application/json");
    REQUIRE(answer);
    CHECK(answer->status == 413);
    CHECK(error_of(answer)["code"] == "payload_too_large");
  }
  // The oversized body was consumed: the same connection still serves requests.
  auto after = client.Get("/healthz");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("http: bad requests never crash the server or answer 5xx", "[http][process]") {
  conference_server server{unreachable_database};
  auto client = server.client();
  std::vector<httplib::Result> answers;
  answers.push_back(client.Post("/healthz", "{", "application/json"));
  answers.push_back(client.Post("/nope", std::string(200000, '{'), "application/json"));
  answers.push_back(client.Put("/healthz", "--x\r\n\r\n", "multipart/form-data; boundary=x"));
  answers.push_back(client.Get("/%00%ff%0a"));
  answers.push_back(client.Options("/healthz"));
  for (const auto& answer : answers) {
    REQUIRE(answer);
    CHECK(answer->status >= 400);
    CHECK(answer->status < 500);
    error_of(answer);
  }
  CHECK(server.client().Get("/healthz")->status == 200);
  CHECK(server.process().running());
}

TEST_CASE("http: SIGTERM stops the server with exit code 0 after answering what it accepted", "[http][process]") {
  conference_server server{unreachable_database};
  auto client = server.client();
  REQUIRE(client.Get("/healthz")->status == 200);
  server.process().signal(SIGTERM);
  REQUIRE(server.process().wait_for(std::chrono::seconds(30)) == 0);
  CHECK_THAT(server.process().standard_error(), Catch::Contains("received SIGTERM") && Catch::Contains("stopped"));
  CHECK_FALSE(server.client().Get("/healthz"));
}

TEST_CASE("http: a request in flight when SIGTERM arrives is answered before the process exits 0",
          "[http][process]") {
  scratch_database database;
  conference_server server{database.url(), {"--db-timeout-ms", "60000"}};
  // /readyz reads schema_migrations; while another session holds that table locked, it waits.
  lock_holder holder{database.url()};
  holder.run("BEGIN");
  holder.run("LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE");
  auto in_flight = std::async(std::launch::async, [&] { return server.client().Get("/readyz"); });
  auto waiting = [&] {
    return holder.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                        "wait_event_type = 'Lock'") == "1";
  };
  REQUIRE(eventually(waiting));

  server.process().signal(SIGTERM);
  REQUIRE(eventually([&] { return !accepts_connections(server.port()); }));
  CHECK(server.process().running());

  holder.run("COMMIT");
  auto answer = in_flight.get();
  REQUIRE(answer);
  CHECK(answer->status == 200);
  REQUIRE(server.process().wait_for(std::chrono::seconds(30)) == 0);
}

TEST_CASE("http: SIGINT stops the server with exit code 0 too", "[http][process]") {
  conference_server server{unreachable_database};
  server.process().signal(SIGINT);
  REQUIRE(server.process().wait_for(std::chrono::seconds(30)) == 0);
}

TEST_CASE("http: serve prints the URL it listens on and logs one line per request", "[http][process]") {
  conference_server server{unreachable_database};
  REQUIRE(server.client().Get("/nope")->status == 404);
  server.process().signal(SIGTERM);
  REQUIRE(server.process().wait_for(std::chrono::seconds(30)) == 0);
  CHECK_THAT(server.process().standard_output(), Catch::Contains("listening on http://127.0.0.1:"));
  CHECK_THAT(server.process().standard_error(), Catch::Contains(" info GET /nope 404 "));
}

TEST_CASE("http: a second server on a port in use exits 1 instead of sharing the port", "[http][process]") {
  conference_server first{unreachable_database};
  child_process second{{CONFERENCE_BINARY, "serve", "--http-port", std::to_string(first.port()), "--db-url",
                        unreachable_database}};
  REQUIRE(second.wait_for(std::chrono::seconds(30)) == 1);
  CHECK_THAT(second.standard_error(), Catch::Contains("cannot listen"));
}

TEST_CASE("http: conference migrate applies the migrations once, and a second run applies 0", "[http][process]") {
  scratch_database database;
  child_process first{{CONFERENCE_BINARY, "migrate", "--db-url", database.url()}};
  REQUIRE(first.wait_for(std::chrono::seconds(60)) == 0);
  CHECK_THAT(first.standard_output(), Catch::Matches("applied [1-9][0-9]* migrations\n"));
  child_process second{{CONFERENCE_BINARY, "migrate"}, {{"CONFERENCE_DB_URL", database.url()}}};
  REQUIRE(second.wait_for(std::chrono::seconds(60)) == 0);
  CHECK(second.standard_output() == "applied 0 migrations\n");
}

TEST_CASE("http: conference migrate exits non-zero with a message when the database is unreachable",
          "[http][process]") {
  child_process migrate{{CONFERENCE_BINARY, "migrate", "--db-url", unreachable_database}};
  auto code = migrate.wait_for(std::chrono::seconds(60));
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK_THAT(migrate.standard_error(), Catch::Contains("cannot apply migrations"));
}
