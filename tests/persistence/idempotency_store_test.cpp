// The PostgreSQL idempotency key store: claims, replays, releases and expiry, on real PostgreSQL.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "domain/ids.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/connection.hpp"
#include "persistence/pg/idempotency_store.hpp"
#include "tests/support/scratch_database.hpp"

using namespace contoso;
using namespace contoso::persistence;

namespace {

constexpr std::chrono::seconds patient{3600};

struct migrated {
  testing::scratch_database scratch;
  database db{database_settings{scratch.url()}};
  pg::idempotency_store keys{db};

  migrated() { REQUIRE(db.migrate().ok()); }

  /// Moves every key's claim time back by `age`, as if it had been claimed that long ago.
  void age_keys(std::chrono::seconds age) {
    auto conn = pg::connection::open(scratch.url(), std::chrono::seconds(5));
    conn->exec("UPDATE idempotency_keys SET created_at = created_at - $1::bigint * interval '1 second'",
               {std::to_string(age.count())});
  }
};

idempotent_answer created() {
  return idempotent_answer{201, "application/json", {{"Location", "/api/orders/1"}}, R"({"id":1})"};
}

} // namespace

TEST_CASE("idempotency store: given a claimed and completed key, when it is claimed again, then the stored answer "
          "comes back with the first request's hash",
          "[persistence][idempotency]") {
  migrated store;
  const auto key = random_uuid();
  auto first = store.keys.claim("POST /things caller", key, "hash-a", patient);
  REQUIRE(first.ok());
  CHECK(first.value().what == idempotency_claim::claimed);

  SECTION("while the first request runs, a second one finds it in flight") {
    auto second = store.keys.claim("POST /things caller", key, "hash-a", patient);
    REQUIRE(second.ok());
    CHECK(second.value().what == idempotency_claim::in_flight);
    CHECK(second.value().request_hash == "hash-a");
  }
  SECTION("once answered, a repeat gets the answer, with its status, headers and body") {
    REQUIRE(store.keys.complete("POST /things caller", key, created()).ok());
    auto again = store.keys.claim("POST /things caller", key, "hash-b", patient);
    REQUIRE(again.ok());
    CHECK(again.value().what == idempotency_claim::answered);
    CHECK(again.value().request_hash == "hash-a");
    REQUIRE(again.value().answer);
    CHECK(again.value().answer->status == 201);
    CHECK(again.value().answer->content_type == "application/json");
    CHECK(again.value().answer->headers == created().headers);
    CHECK(again.value().answer->body == R"({"id":1})");
  }
  SECTION("another scope holds its own keys") {
    auto elsewhere = store.keys.claim("POST /things someone-else", key, "hash-a", patient);
    REQUIRE(elsewhere.ok());
    CHECK(elsewhere.value().what == idempotency_claim::claimed);
  }
  SECTION("a released claim may be claimed again") {
    REQUIRE(store.keys.release("POST /things caller", key).ok());
    auto again = store.keys.claim("POST /things caller", key, "hash-b", patient);
    REQUIRE(again.ok());
    CHECK(again.value().what == idempotency_claim::claimed);
  }
}

TEST_CASE("idempotency store: given many concurrent first requests with one key, then exactly one claims it",
          "[persistence][idempotency]") {
  migrated store;
  const auto key = random_uuid();
  std::atomic<int> claimed{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> requests;
  for (int i = 0; i < 8; ++i)
    requests.emplace_back([&] {
      auto outcome = store.keys.claim("POST /things caller", key, "hash", patient);
      if (!outcome.ok())
        ++failed;
      else if (outcome.value().what == idempotency_claim::claimed)
        ++claimed;
    });
  for (auto& request : requests)
    request.join();
  CHECK(failed == 0);
  CHECK(claimed == 1);
}

TEST_CASE("idempotency store: given old keys, then an abandoned claim may be taken over and forgetting removes only "
          "keys older than the age",
          "[persistence][idempotency]") {
  migrated store;
  const auto abandoned = random_uuid();
  const auto answered = random_uuid();
  REQUIRE(store.keys.claim("scope", abandoned, "hash", patient).ok());
  REQUIRE(store.keys.claim("scope", answered, "hash", patient).ok());
  REQUIRE(store.keys.complete("scope", answered, created()).ok());
  store.age_keys(std::chrono::seconds(120));

  auto taken_over = store.keys.claim("scope", abandoned, "hash", std::chrono::seconds(60));
  REQUIRE(taken_over.ok());
  CHECK(taken_over.value().what == idempotency_claim::claimed);
  auto still_answered = store.keys.claim("scope", answered, "hash", std::chrono::seconds(60));
  REQUIRE(still_answered.ok());
  CHECK(still_answered.value().what == idempotency_claim::answered);

  auto forgotten = store.keys.forget_older_than(std::chrono::seconds(60));
  REQUIRE(forgotten.ok());
  CHECK(forgotten.value() == 1);
  auto fresh = store.keys.claim("scope", answered, "other", patient);
  REQUIRE(fresh.ok());
  CHECK(fresh.value().what == idempotency_claim::claimed);
}
