/// `Idempotency-Key` (API §2, §7) on a route made for the test, in an in-process server, with the key
/// store on a scratch PostgreSQL database.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
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
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;
using contoso::testing::error_code_of;
using contoso::testing::eventually;

namespace {

/// Where the route's calls wait while it is closed, so that the test decides when a first request ends.
class gate {
public:
  /// Holds the calls that reach the gate from now on, until `open`.
  void close() {
    std::lock_guard<std::mutex> guard{mutex_};
    closed_ = true;
  }

  /// Lets every held call go on, and the later ones through.
  void open() {
    {
      std::lock_guard<std::mutex> guard{mutex_};
      closed_ = false;
    }
    changed_.notify_all();
  }

  /// Called by the route: counts the call, then waits while the gate is closed.
  void pass() {
    std::unique_lock<std::mutex> lock{mutex_};
    ++reached_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !closed_; });
  }

  /// Waits (up to 30 s) until `calls` calls have reached the gate; false when they did not.
  bool reached_by(std::size_t calls) {
    std::unique_lock<std::mutex> lock{mutex_};
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return reached_ >= calls; });
  }

  /// How many calls have reached the gate.
  std::size_t reached() {
    std::lock_guard<std::mutex> guard{mutex_};
    return reached_;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = false;
  std::size_t reached_ = 0;
};

/// The key store, noting which request threads found their key held by a request still running: a
/// repeat asks again until the first answers, so the test can see that every repeat is waiting.
class watched_keys : public persistence::idempotency_store {
public:
  explicit watched_keys(persistence::idempotency_store& inner) : inner_(inner) {}

  persistence::result<persistence::idempotency_claim> claim(const std::string& scope, const std::string& key,
                                                            const std::string& request_hash,
                                                            std::chrono::seconds abandon_after) override {
    auto found = inner_.claim(scope, key, request_hash, abandon_after);
    if (found.ok() && found.value().what == persistence::idempotency_claim::in_flight) {
      std::lock_guard<std::mutex> guard{mutex_};
      waiting_.insert(std::this_thread::get_id());
    }
    return found;
  }
  persistence::result<void> complete(const std::string& scope, const std::string& key,
                                     const persistence::idempotent_answer& answer) override {
    return inner_.complete(scope, key, answer);
  }
  persistence::result<void> release(const std::string& scope, const std::string& key) override {
    return inner_.release(scope, key);
  }
  persistence::result<std::int64_t> forget_older_than(std::chrono::seconds age) override {
    return inner_.forget_older_than(age);
  }

  /// How many request threads have found their key in flight.
  std::size_t waiting() {
    std::lock_guard<std::mutex> guard{mutex_};
    return waiting_.size();
  }

private:
  persistence::idempotency_store& inner_;
  std::mutex mutex_;
  std::set<std::thread::id> waiting_;
};

/// A route that creates a thing per call it runs, numbered, and refuses a body with `"refuse": true`.
struct creating_route {
  testing::scratch_database scratch;
  persistence::database db{persistence::database_settings{scratch.url()}};
  persistence::pg::idempotency_store stored_keys{db};
  watched_keys keys{stored_keys};
  std::atomic<int> created{0};
  gate hold;
  std::unique_ptr<testing::serving> running;

  creating_route() {
    REQUIRE(db.migrate().ok());
    running = std::make_unique<testing::serving>([this](http::server& routes) {
      routes.add({"POST", "/things/{group}", http::body_kind::json,
                  http::idempotent(keys, std::chrono::seconds(10), "POST /things/{group}",
                                   [this](const http::request& incoming) {
                                     if (incoming.json.value("refuse", false))
                                       return http::json_reply(422, {{"error", {{"code", "validation_failed"}}}});
                                     hold.pass();
                                     auto number = ++created;
                                     auto answer = http::json_reply(201, {{"number", number}});
                                     answer.headers.emplace_back("Location", "/things/" + std::to_string(number));
                                     return answer;
                                   })});
    });
  }

  // A test that failed while the gate was closed must not leave requests held: the server's stop waits for them.
  ~creating_route() { hold.open(); }

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
  creating_route route;
  httplib::Headers with_key = {{"Idempotency-Key", random_uuid()}};
  auto send = [&] {
    return std::async(std::launch::async, [&] {
      auto answer = route.post("/things/a", R"({"name": "x"})", with_key);
      return answer ? std::make_pair(answer->status, answer->body) : std::make_pair(0, std::string{});
    });
  };
  route.hold.close();
  std::vector<std::future<std::pair<int, std::string>>> answers;
  answers.push_back(send());
  REQUIRE(route.hold.reached_by(1));

  // The first request is inside the route: three repeats arrive while it runs.
  for (int i = 0; i < 3; ++i)
    answers.push_back(send());
  // Each of the four is either inside the route or waiting for it. Checked, not required, so that a
  // failure still opens the gate below and the requests end at once.
  CHECK(eventually([&] { return route.keys.waiting() + route.hold.reached() >= 4; }));
  CHECK(route.keys.waiting() == 3);
  CHECK(route.hold.reached() == 1);
  route.hold.open();

  std::vector<std::pair<int, std::string>> seen;
  for (auto& answer : answers)
    seen.push_back(answer.get());
  CHECK(route.created == 1);
  for (const auto& [status, body] : seen) {
    CHECK(status == 201);
    CHECK(body == seen.front().second);
  }
}
