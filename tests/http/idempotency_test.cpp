/// `Idempotency-Key` (API §2, §7) on a route made for the test, in an in-process server, with the key
/// store on a scratch PostgreSQL database.

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "http/idempotency.hpp"
#include "http/json_io.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/idempotency_store.hpp"
#include "tests/http/error_body.hpp"
#include "tests/http/serving.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;
using contoso::testing::error_code_of;

namespace {

/// A route that creates a thing per call it runs, numbered, and refuses a body with `"refuse": true`.
struct creating_route {
  testing::scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};
  persistence::pg::idempotency_store keys{db};
  std::atomic<int> created{0};
  std::chrono::milliseconds work{0};
  std::unique_ptr<testing::serving> running;

  explicit creating_route(std::chrono::milliseconds takes = std::chrono::milliseconds(0)) : work(takes) {
    REQUIRE(db.migrate().ok());
    running = std::make_unique<testing::serving>([this](http::server& routes) {
      routes.add({"POST", "/things/{group}", http::body_kind::json,
                  http::idempotent(keys, std::chrono::seconds(10), "POST /things/{group}",
                                   [this](const http::request& incoming) {
                                     if (incoming.json.value("refuse", false))
                                       return http::json_reply(422, {{"error", {{"code", "validation_failed"}}}});
                                     // Holds the request open so that concurrent repeats arrive while it runs.
                                     std::this_thread::sleep_for(work);
                                     auto number = ++created;
                                     auto answer = http::json_reply(201, {{"number", number}});
                                     answer.headers.emplace_back("Location", "/things/" + std::to_string(number));
                                     return answer;
                                   })});
    });
  }

  httplib::Result post(const std::string& path, const std::string& body, const httplib::Headers& headers) {
    return running->client().Post(path.c_str(), headers, body, "application/json");
  }
};

} // namespace

TEST_CASE("idempotency: given a request with a key, when it is repeated, then the first answer comes back and the "
          "route does not run again",
          "[http][idempotency]") {
  creating_route route;
  const auto key = random_uuid();
  httplib::Headers with_key = {{"Idempotency-Key", key}, {"Authorization", "Basic b3duZXI6Y29kZQ=="}};
  auto first = route.post("/things/a", R"({"name": "x", "size": 2})", with_key);
  REQUIRE(first);
  CHECK(first->status == 201);
  CHECK(route.created == 1);

  SECTION("the same body, in another key order and spacing, replays status, headers and body") {
    auto again = route.post("/things/a", R"({"size":2,"name":"x"})", with_key);
    REQUIRE(again);
    CHECK(again->status == 201);
    CHECK(again->body == first->body);
    CHECK(again->get_header_value("Location") == first->get_header_value("Location"));
    CHECK(route.created == 1);
  }
  SECTION("the key in upper case is the same key") {
    std::string upper = key;
    for (auto& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto again = route.post("/things/a", R"({"name": "x", "size": 2})",
                            {{"Idempotency-Key", upper}, {"Authorization", "Basic b3duZXI6Y29kZQ=="}});
    REQUIRE(again);
    CHECK(again->body == first->body);
    CHECK(route.created == 1);
  }
  SECTION("another body with the same key is 422 idempotency_key_reused and runs nothing") {
    auto other = route.post("/things/a", R"({"name": "y", "size": 2})", with_key);
    REQUIRE(other);
    CHECK(other->status == 422);
    CHECK(error_code_of(other) == "idempotency_key_reused");
    CHECK(route.created == 1);
  }
  SECTION("another resource of the same route with the same key is 422 idempotency_key_reused") {
    auto other = route.post("/things/b", R"({"name": "x", "size": 2})", with_key);
    REQUIRE(other);
    CHECK(other->status == 422);
    CHECK(error_code_of(other) == "idempotency_key_reused");
  }
  SECTION("another caller's credentials make another scope, where the key is new") {
    auto other = route.post("/things/a", R"({"name": "x", "size": 2})",
                            {{"Idempotency-Key", key}, {"Authorization", "Basic c29tZW9uZTplbHNl"}});
    REQUIRE(other);
    CHECK(other->status == 201);
    CHECK(route.created == 2);
  }
}

TEST_CASE("idempotency: given requests without a key or with a malformed one, then each runs or is refused with 400",
          "[http][idempotency]") {
  creating_route route;
  SECTION("without a key every request runs") {
    CHECK(route.post("/things/a", "{}", {})->status == 201);
    CHECK(route.post("/things/a", "{}", {})->status == 201);
    CHECK(route.created == 2);
  }
  SECTION("a key that is not a UUID is 400 bad_request and runs nothing") {
    for (const char* malformed : {"not-a-uuid", "00000000-0000-0000-0000-00000000000g", "12345678-1234-1234-1234-1234567890ab-x"}) {
      auto answer = route.post("/things/a", "{}", {{"Idempotency-Key", malformed}});
      REQUIRE(answer);
      CHECK(answer->status == 400);
      CHECK(error_code_of(answer) == "bad_request");
    }
    CHECK(route.created == 0);
  }
}

TEST_CASE("idempotency: given a first answer that is not a success, then it is not kept and the key may be used "
          "for a corrected request",
          "[http][idempotency]") {
  creating_route route;
  httplib::Headers with_key = {{"Idempotency-Key", random_uuid()}};
  auto refused = route.post("/things/a", R"({"refuse": true})", with_key);
  REQUIRE(refused);
  CHECK(refused->status == 422);
  auto corrected = route.post("/things/a", R"({"refuse": false})", with_key);
  REQUIRE(corrected);
  CHECK(corrected->status == 201);
  CHECK(route.created == 1);
}

TEST_CASE("idempotency: given concurrent first requests with one key, then the route runs once and all get its "
          "answer",
          "[http][idempotency]") {
  creating_route route{std::chrono::milliseconds(300)};
  httplib::Headers with_key = {{"Idempotency-Key", random_uuid()}};
  std::vector<std::future<std::pair<int, std::string>>> answers;
  for (int i = 0; i < 4; ++i)
    answers.push_back(std::async(std::launch::async, [&] {
      auto answer = route.post("/things/a", R"({"name": "x"})", with_key);
      return answer ? std::make_pair(answer->status, answer->body) : std::make_pair(0, std::string{});
    }));
  std::vector<std::pair<int, std::string>> seen;
  for (auto& answer : answers)
    seen.push_back(answer.get());
  CHECK(route.created == 1);
  for (const auto& [status, body] : seen) {
    CHECK(status == 201);
    CHECK(body == seen.front().second);
  }
}
