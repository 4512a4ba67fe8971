// LISTEN/NOTIFY wakeups for followers of the global order.
#include "domain/ids.hpp"
#include "persistence/pg/wakeup.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;

TEST_CASE("wakeup: given a listener, when events are appended, then its wait returns true, and without an append it "
          "times out with false",
          "[persistence][wakeup]") {
  testing::scratch_stores stores;
  pg::wakeup wakeup({stores.scratch.url()});
  REQUIRE(wakeup.listen().ok());

  auto quiet = wakeup.wait(std::chrono::milliseconds(100));
  REQUIRE(quiet.ok());
  CHECK_FALSE(quiet.value());

  REQUIRE(stores.events.append("order-" + random_uuid(), 0, {new_event{stored_event{"OrderPlaced", 1, {}}, {}, ""}},
                               random_uuid())
            .ok());
  auto woken = wakeup.wait(std::chrono::seconds(30));
  REQUIRE(woken.ok());
  CHECK(woken.value());

  auto quiet_again = wakeup.wait(std::chrono::milliseconds(100));
  REQUIRE(quiet_again.ok());
  CHECK_FALSE(quiet_again.value());
}

TEST_CASE("wakeup: a conflicting append, which commits nothing, wakes nobody", "[persistence][wakeup]") {
  testing::scratch_stores stores;
  pg::wakeup wakeup({stores.scratch.url()});
  REQUIRE(wakeup.listen().ok());
  auto conflict = stores.events.append("order-" + random_uuid(), 5,
                                       {new_event{stored_event{"OrderPlaced", 1, {}}, {}, ""}}, random_uuid());
  REQUIRE(conflict.ok());
  REQUIRE(conflict.value().what == append_result::conflict);
  auto quiet = wakeup.wait(std::chrono::milliseconds(200));
  REQUIRE(quiet.ok());
  CHECK_FALSE(quiet.value());
}

TEST_CASE("wakeup: an unreachable server is a persistence_error, not an exception", "[persistence][wakeup]") {
  pg::wakeup wakeup({"host=/nonexistent/contoso port=1 dbname=postgres", 1, std::chrono::milliseconds(300)});
  auto waited = wakeup.wait(std::chrono::milliseconds(10));
  CHECK_FALSE(waited.ok());
}
