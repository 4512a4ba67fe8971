#include <map>
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "config/loader.hpp"

using namespace contoso::config;

namespace {

/// Loader inputs with an in-memory file system.
struct fixture {
  std::vector<std::string> args;
  std::map<std::string, std::string> environment;
  std::map<std::string, std::string> files;

  std::variant<invocation, load_error> load_now() const {
    auto copy = files;
    return load(inputs{args, environment, "/srv/conference",
                       [copy](const std::string& path) -> std::optional<std::string> {
                         auto found = copy.find(path);
                         if (found == copy.end())
                           return std::nullopt;
                         return found->second;
                       }});
  }

  settings loaded() const {
    auto result = load_now();
    if (auto* error = std::get_if<load_error>(&result))
      FAIL("unexpected load error: " << error->message);
    return std::get<invocation>(result).values;
  }

  std::string failure() const {
    auto result = load_now();
    if (auto* error = std::get_if<load_error>(&result))
      return error->message;
    FAIL("the inputs were accepted");
    return {};
  }
};

} // namespace

TEST_CASE("config: with no inputs every setting has its documented default", "[config]") {
  auto values = fixture{}.loaded();
  CHECK(values.http.host == "127.0.0.1");
  CHECK(values.http.port == 8080);
  CHECK(values.http.threads == 8);
  CHECK_FALSE(values.http.admin_token.has_value());
  CHECK(values.database.url == "host=/srv/conference/var/pg/run port=54329 user=postgres dbname=conference");
  CHECK(values.database.pool_size == 8);
  CHECK(values.database.call_timeout == std::chrono::milliseconds(5000));
  CHECK(values.registration.reservation_timeout == std::chrono::seconds(900));
  CHECK(values.registration.expiry_buffer == std::chrono::seconds(840));
  CHECK(values.registration.max_seats_per_line == 20);
  CHECK_FALSE(values.cluster.node_port.has_value());
  CHECK(values.cluster.seeds.empty());
  CHECK(values.cluster.node_host == "127.0.0.1");
  CHECK(values.cluster.shard_count == 64);
  CHECK(values.cluster.member_timeout == std::chrono::milliseconds(3000));
  CHECK(values.runtime.snapshot_every == 100);
  CHECK(values.runtime.passivate_after == std::chrono::seconds(300));
  CHECK(values.runtime.handler_max_attempts == 5);
  CHECK(values.runtime.subscription_poll == std::chrono::milliseconds(500));
  CHECK(values.logging == log_level::info);
}

TEST_CASE("config: a flag beats the environment, which beats the file, which beats the default", "[config]") {
  fixture inputs;
  inputs.files["/etc/conference.json"] =
      R"({"httpPort": 9001, "dbPoolSize": 3, "reservationTimeoutSeconds": 60, "logLevel": "debug"})";
  inputs.args = {"--config", "/etc/conference.json", "--http-port=9003", "--max-seats-per-line", "7"};
  inputs.environment = {{"CONFERENCE_HTTP_PORT", "9002"},
                        {"CONFERENCE_DB_POOL_SIZE", "4"},
                        {"CONFERENCE_MAX_SEATS_PER_LINE", "5"},
                        {"CONFERENCE_LOG_LEVEL", "warn"}};
  auto values = inputs.loaded();

  SECTION("all four sources set: the flag wins") {
    CHECK(values.http.port == 9003);
    CHECK(values.registration.max_seats_per_line == 7);
  }
  SECTION("no flag: the environment wins over the file") {
    CHECK(values.database.pool_size == 4);
    CHECK(values.logging == log_level::warn);
  }
  SECTION("only the file: the file wins over the default") {
    CHECK(values.registration.reservation_timeout == std::chrono::seconds(60));
  }
  SECTION("nothing: the default") {
    CHECK(values.http.threads == 8);
  }
}

TEST_CASE("config: the config file may also be named by CONFERENCE_CONFIG, and --config beats it", "[config]") {
  fixture inputs;
  inputs.files["/a.json"] = R"({"httpHost": "0.0.0.0"})";
  inputs.files["/b.json"] = R"({"httpHost": "10.0.0.1"})";
  inputs.environment["CONFERENCE_CONFIG"] = "/a.json";
  CHECK(inputs.loaded().http.host == "0.0.0.0");
  inputs.args = {"--config=/b.json"};
  CHECK(inputs.loaded().http.host == "10.0.0.1");
}

TEST_CASE("config: every kind of value reaches its setting", "[config]") {
  fixture inputs;
  inputs.args = {"--db-url",      "host=/tmp dbname=x", "--admin-token", "s3cret",
                 "--node-port",   "4000",               "--seeds",       "a:4001,b.example:4002",
                 "--db-timeout-ms=250", "--subscription-poll-ms=20", "--expiry-buffer-seconds=0",
                 "--node-host", "node1.example", "--shard-count", "16", "--member-timeout-ms", "1500"};
  auto values = inputs.loaded();
  CHECK(values.cluster.node_host == "node1.example");
  CHECK(values.cluster.shard_count == 16);
  CHECK(values.cluster.member_timeout == std::chrono::milliseconds(1500));
  CHECK(values.database.url == "host=/tmp dbname=x");
  CHECK(values.http.admin_token == std::optional<std::string>{"s3cret"});
  CHECK(values.cluster.node_port == std::optional<std::uint16_t>{4000});
  CHECK(values.cluster.seeds == std::vector<std::string>{"a:4001", "b.example:4002"});
  CHECK(values.database.call_timeout == std::chrono::milliseconds(250));
  CHECK(values.runtime.subscription_poll == std::chrono::milliseconds(20));
  CHECK(values.registration.expiry_buffer == std::chrono::seconds(0));
}

TEST_CASE("config: seeds may be a JSON array in the file", "[config]") {
  fixture inputs;
  inputs.files["/c.json"] = R"({"seeds": ["n1:4001", "n2:4001"], "nodePort": "4001"})";
  inputs.args = {"--config", "/c.json"};
  auto values = inputs.loaded();
  CHECK(values.cluster.seeds == std::vector<std::string>{"n1:4001", "n2:4001"});
  CHECK(values.cluster.node_port == std::optional<std::uint16_t>{4001});
}

TEST_CASE("config: an empty environment variable counts as unset", "[config]") {
  fixture inputs;
  inputs.environment = {{"CONFERENCE_ADMIN_TOKEN", ""}, {"CONFERENCE_HTTP_PORT", ""}};
  auto values = inputs.loaded();
  CHECK_FALSE(values.http.admin_token.has_value());
  CHECK(values.http.port == 8080);
}

TEST_CASE("config: the command is serve unless migrate or help is asked for", "[config]") {
  auto command_of = [](std::vector<std::string> args) {
    fixture inputs;
    inputs.args = std::move(args);
    auto result = inputs.load_now();
    REQUIRE(std::holds_alternative<invocation>(result));
    return std::get<invocation>(result).what;
  };
  CHECK(command_of({}) == command::serve);
  CHECK(command_of({"serve", "--http-port", "1"}) == command::serve);
  CHECK(command_of({"--http-port", "1", "migrate"}) == command::migrate);
  CHECK(command_of({"--help"}) == command::help);
  CHECK(command_of({"serve", "-h"}) == command::help);
}

TEST_CASE("config: an invalid value names the setting and where it came from", "[config]") {
  fixture inputs;
  std::string message;
  SECTION("a non-numeric port on the command line") {
    inputs.args = {"--http-port", "abc"};
    message = inputs.failure();
    CHECK_THAT(message, Catch::Contains("--http-port") && Catch::Contains("command line") && Catch::Contains("abc"));
  }
  SECTION("a port out of range in the environment") {
    inputs.environment["CONFERENCE_HTTP_PORT"] = "70000";
    message = inputs.failure();
    CHECK_THAT(message, Catch::Contains("CONFERENCE_HTTP_PORT") && Catch::Contains("environment"));
  }
  SECTION("port zero") {
    inputs.args = {"--http-port=0"};
    message = inputs.failure();
    CHECK_THAT(message, Catch::Contains("--http-port"));
  }
  SECTION("a negative timeout in the config file") {
    inputs.files["/n.json"] = R"({"reservationTimeoutSeconds": -5})";
    inputs.args = {"--config", "/n.json"};
    message = inputs.failure();
    CHECK_THAT(message, Catch::Contains("reservationTimeoutSeconds") && Catch::Contains("/n.json"));
  }
  SECTION("a fractional number in the config file") {
    inputs.files["/f.json"] = R"({"dbTimeoutMs": 1.5})";
    inputs.args = {"--config", "/f.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("dbTimeoutMs"));
  }
  SECTION("a value of the wrong JSON type in the config file") {
    inputs.files["/t.json"] = R"({"httpThreads": true})";
    inputs.args = {"--config", "/t.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("httpThreads"));
  }
  SECTION("a negative timeout flag") {
    inputs.args = {"--db-timeout-ms", "-1"};
    CHECK_THAT(inputs.failure(), Catch::Contains("--db-timeout-ms"));
  }
  SECTION("an unknown log level") {
    inputs.environment["CONFERENCE_LOG_LEVEL"] = "loud";
    CHECK_THAT(inputs.failure(), Catch::Contains("CONFERENCE_LOG_LEVEL"));
  }
  SECTION("no shards, or a member timeout below half a second") {
    inputs.args = {"--shard-count", "0"};
    CHECK_THAT(inputs.failure(), Catch::Contains("--shard-count"));
    inputs.args = {"--member-timeout-ms", "100"};
    CHECK_THAT(inputs.failure(), Catch::Contains("--member-timeout-ms"));
  }
  SECTION("a seed without a port") {
    inputs.args = {"--seeds", "a:1,b"};
    CHECK_THAT(inputs.failure(), Catch::Contains("--seeds"));
  }
  SECTION("a trailing character after a number") {
    inputs.environment["CONFERENCE_DB_POOL_SIZE"] = "8x";
    CHECK_THAT(inputs.failure(), Catch::Contains("CONFERENCE_DB_POOL_SIZE"));
  }
}

TEST_CASE("config: unknown flags, missing values, bad files and unknown keys are refused", "[config]") {
  fixture inputs;
  SECTION("an unknown flag") {
    inputs.args = {"--http-prot", "80"};
    CHECK_THAT(inputs.failure(), Catch::Contains("unknown flag --http-prot"));
  }
  SECTION("a flag without its value") {
    inputs.args = {"--http-port"};
    CHECK_THAT(inputs.failure(), Catch::Contains("--http-port"));
  }
  SECTION("an unknown command") {
    inputs.args = {"serv"};
    CHECK_THAT(inputs.failure(), Catch::Contains("serv"));
  }
  SECTION("an unreadable config file") {
    inputs.args = {"--config", "/missing.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("/missing.json") && Catch::Contains("--config"));
  }
  SECTION("an unreadable config file named by the environment") {
    inputs.environment["CONFERENCE_CONFIG"] = "/missing.json";
    CHECK_THAT(inputs.failure(), Catch::Contains("/missing.json") && Catch::Contains("CONFERENCE_CONFIG"));
  }
  SECTION("a malformed config file") {
    inputs.files["/bad.json"] = R"({"httpPort": )";
    inputs.args = {"--config", "/bad.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("/bad.json") && Catch::Contains("not valid JSON"));
  }
  SECTION("a config file that is not an object") {
    inputs.files["/array.json"] = R"([1, 2])";
    inputs.args = {"--config", "/array.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("/array.json"));
  }
  SECTION("an unknown key in the config file") {
    inputs.files["/typo.json"] = R"({"httpPrt": 80})";
    inputs.args = {"--config", "/typo.json"};
    CHECK_THAT(inputs.failure(), Catch::Contains("httpPrt") && Catch::Contains("/typo.json"));
  }
}

TEST_CASE("config: messages are one line", "[config]") {
  fixture inputs;
  inputs.files["/bad.json"] = "{\n\"httpPort\":\n";
  inputs.args = {"--config", "/bad.json"};
  CHECK(inputs.failure().find('\n') == std::string::npos);
}

TEST_CASE("config: --help lists every setting's environment variable, flag and file key", "[config]") {
  auto help = help_text("/srv/conference");
  for (const auto* name :
       {"CONFERENCE_DB_URL", "CONFERENCE_HTTP_HOST", "CONFERENCE_HTTP_PORT", "CONFERENCE_ADMIN_TOKEN",
        "CONFERENCE_RESERVATION_TIMEOUT_SECONDS", "CONFERENCE_EXPIRY_BUFFER_SECONDS",
        "CONFERENCE_MAX_SEATS_PER_LINE", "CONFERENCE_NODE_PORT", "CONFERENCE_SEEDS", "CONFERENCE_DB_POOL_SIZE",
        "CONFERENCE_DB_TIMEOUT_MS", "CONFERENCE_HTTP_THREADS", "CONFERENCE_SNAPSHOT_EVERY",
        "CONFERENCE_PASSIVATE_AFTER_SECONDS", "CONFERENCE_HANDLER_MAX_ATTEMPTS", "CONFERENCE_SUBSCRIPTION_POLL_MS",
        "CONFERENCE_LOG_LEVEL", "CONFERENCE_CONFIG"})
    CHECK_THAT(help, Catch::Contains(name));
  CHECK_THAT(help, Catch::Contains("--http-port PORT") && Catch::Contains("key httpPort, default 8080"));
  CHECK_THAT(help, Catch::Contains("--reservation-timeout-seconds") &&
                       Catch::Contains("key reservationTimeoutSeconds, default 900"));
}

TEST_CASE("config: the sample config file loads", "[config]") {
  auto path = std::string{CONTOSO_SOURCE_DIR} + "/config/conference.sample.json";
  auto result = load(inputs{{"--config", path}, {}, "/srv", read_file_from_disk});
  if (auto* error = std::get_if<load_error>(&result))
    FAIL(error->message);
  CHECK(std::get<invocation>(result).values.http.port == 8080);
}

TEST_CASE("config: the README's settings table names every flag of --help", "[config]") {
  auto readme = read_file_from_disk(std::string{CONTOSO_SOURCE_DIR} + "/README.md");
  REQUIRE(readme.has_value());
  auto help = help_text("/srv");
  std::size_t at = 0;
  int flags = 0;
  while ((at = help.find("\n  --", at)) != std::string::npos) {
    auto start = at + 3;
    auto end = help.find(' ', start);
    auto flag = help.substr(start, end - start);
    CHECK_THAT(*readme, Catch::Contains("`" + flag + "`"));
    ++flags;
    at = end;
  }
  CHECK(flags == 21);
}
