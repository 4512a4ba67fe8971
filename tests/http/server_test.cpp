/// The server class in this process, with routes made for the test: the checks every route shares,
/// and what a stop does to a request in flight.

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/json_io.hpp"
#include "http/server.hpp"
#include "tests/http/serving.hpp"

using namespace contoso::http;
using contoso::testing::serving;

namespace {

nlohmann::json error_of(const httplib::Result& answer) {
  REQUIRE(answer);
  auto body = nlohmann::json::parse(answer->body);
  REQUIRE(body.contains("error"));
  return body["error"];
}

void echo_routes(server& routes) {
  routes.add({"POST", "/echo/{name}", body_kind::json, [](const request& incoming) {
                return json_reply(200, {{"name", incoming.path_params.at("name")},
                                        {"count", incoming.json.at("count").get<int>()}});
              }});
  routes.add({"GET", "/broken", body_kind::none,
              [](const request&) -> reply { throw std::runtime_error("a bug in a handler"); }});
}

} // namespace

TEST_CASE("http server: a JSON route gets its path parameters and parsed body", "[http]") {
  serving running{echo_routes};
  auto answer = running.client().Post("/echo/abc", R"({"count": 3})", "application/json; charset=utf-8");
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(nlohmann::json::parse(answer->body) == nlohmann::json{{"name", "abc"}, {"count", 3}});
}

TEST_CASE("http server: a path matches a pattern segment by segment, a parameter taking one whole segment",
          "[http]") {
  serving running{[](server& routes) {
    routes.add({"GET", "/things/{id}/parts/{part}", body_kind::none, [](const request& incoming) {
                  return json_reply(200, {{"id", incoming.path_params.at("id")},
                                          {"part", incoming.path_params.at("part")}});
                }});
    routes.add({"PUT", "/things/{id}/parts/{part}", body_kind::none,
                [](const request&) { return json_reply(200, nlohmann::json::object()); }});
  }};
  auto client = running.client();
  auto long_id = std::string(7000, 'a');
  auto answer = client.Get(("/things/" + long_id + "/parts/p.1").c_str());
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(nlohmann::json::parse(answer->body) == nlohmann::json{{"id", long_id}, {"part", "p.1"}});
  for (const auto* path : {"/things//parts/p", "/things/a/parts", "/things/a/parts/p/extra", "/things/a/bits/p"})
    CHECK(client.Get(path)->status == 404);
  auto wrong_method = client.Delete("/things/a/parts/b");
  CHECK(wrong_method->status == 405);
  CHECK(wrong_method->get_header_value("Allow") == "GET, PUT");
}

TEST_CASE("http server: a JSON route answers 415 for another or a missing media type", "[http]") {
  serving running{echo_routes};
  auto client = running.client();
  auto answer = client.Post("/echo/a", R"({"count": 3})", "text/plain");
  CHECK(answer->status == 415);
  CHECK(error_of(answer)["code"] == "unsupported_media_type");
  answer = client.Post("/echo/a", "count=3", "application/x-www-form-urlencoded");
  CHECK(answer->status == 415);
}

TEST_CASE("http server: malformed JSON answers 400 bad_request", "[http]") {
  serving running{echo_routes};
  auto client = running.client();
  for (const auto* body : {"{\"count\": ", "not json", "", "{\"count\": \"\xff\"}"}) {
    auto answer = client.Post("/echo/a", body, "application/json");
    CHECK(answer->status == 400);
    CHECK(error_of(answer)["code"] == "bad_request");
  }
}

TEST_CASE("http server: a body of the wrong JSON shape answers 400, not 500", "[http]") {
  serving running{echo_routes};
  auto answer = running.client().Post("/echo/a", R"({"count": "three"})", "application/json");
  CHECK(answer->status == 400);
  CHECK(error_of(answer)["code"] == "bad_request");
}

TEST_CASE("http server: a failing handler answers 500 in the contract shape and the server goes on", "[http]") {
  serving running{echo_routes};
  auto client = running.client();
  auto answer = client.Get("/broken");
  CHECK(answer->status == 500);
  CHECK(error_of(answer)["code"] == "internal");
  CHECK(client.Post("/echo/b", R"({"count": 1})", "application/json")->status == 200);
}

TEST_CASE("http server: the size limit comes before the media type check", "[http]") {
  serving running{echo_routes};
  auto answer = running.client().Post("/echo/a", std::string(64 * 1024 + 1, ' '), "text/plain");
  CHECK(answer->status == 413);
  CHECK(error_of(answer)["code"] == "payload_too_large");
}

TEST_CASE("http server: a body of exactly 64 KiB is read", "[http]") {
  serving running{echo_routes};
  auto body = R"({"count": 5})" + std::string(64 * 1024 - 12, ' ');
  REQUIRE(body.size() == 64 * 1024);
  auto answer = running.client().Post("/echo/a", body, "application/json");
  CHECK(answer->status == 200);
}

TEST_CASE("http server: stopping answers the request in flight before run() returns", "[http]") {
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false;
  bool release = false;
  serving running{[&](server& routes) {
    routes.add({"GET", "/slow", body_kind::none, [&](const request&) {
                  std::unique_lock<std::mutex> lock{mutex};
                  entered = true;
                  changed.notify_all();
                  changed.wait(lock, [&] { return release; });
                  return json_reply(200, {{"slow", true}});
                }});
  }};
  auto in_flight = std::async(std::launch::async, [&] { return running.client().Get("/slow"); });
  {
    std::unique_lock<std::mutex> lock{mutex};
    REQUIRE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return entered; }));
  }
  running.request_stop();
  CHECK_FALSE(running.client().Get("/slow"));
  {
    std::lock_guard<std::mutex> guard{mutex};
    release = true;
  }
  changed.notify_all();
  running.stop();
  auto answer = in_flight.get();
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(answer->body == R"({"slow":true})");
}
