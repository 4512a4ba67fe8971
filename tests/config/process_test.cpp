#include <catch2/catch.hpp>

#include "tests/support/child_process.hpp"

using contoso::testing::child_process;

TEST_CASE("config: conference with a non-numeric port exits 2 with a message naming the flag", "[config][process]") {
  child_process conference{{CONFERENCE_BINARY, "--http-port", "abc"}};
  REQUIRE(conference.wait_for(std::chrono::seconds(30)) == 2);
  CHECK_THAT(conference.standard_error(), Catch::Contains("--http-port") && Catch::Contains("abc"));
}

TEST_CASE("config: conference refuses a bad environment value with exit code 2", "[config][process]") {
  child_process conference{{CONFERENCE_BINARY, "migrate"}, {{"CONFERENCE_DB_POOL_SIZE", "-3"}}};
  REQUIRE(conference.wait_for(std::chrono::seconds(30)) == 2);
  CHECK_THAT(conference.standard_error(), Catch::Contains("CONFERENCE_DB_POOL_SIZE"));
}

TEST_CASE("config: conference --help prints every environment variable and exits 0", "[config][process]") {
  child_process conference{{CONFERENCE_BINARY, "--help"}};
  REQUIRE(conference.wait_for(std::chrono::seconds(30)) == 0);
  auto help = conference.standard_output();
  for (const auto* name : {"CONFERENCE_DB_URL", "CONFERENCE_HTTP_PORT", "CONFERENCE_ADMIN_TOKEN", "CONFERENCE_SEEDS",
                           "CONFERENCE_HTTP_THREADS", "CONFERENCE_LOG_LEVEL"})
    CHECK_THAT(help, Catch::Contains(name));
}
