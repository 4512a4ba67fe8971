// The database object: migrations, readiness and the connection pool, on real PostgreSQL.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "persistence/pg/migrations.hpp"
#include "persistence/pg/pool.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
using contoso::testing::scratch_database;

namespace {

std::unique_ptr<pg::connection> connect(const std::string& url) {
  return pg::connection::open(url, std::chrono::seconds(10));
}

/// A TCP port that accepts connections (the kernel completes the handshake) but never answers:
/// a server that hangs.
class silent_server {
public:
  silent_server() {
    socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(socket_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(socket_, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~silent_server() { ::close(socket_); }
  silent_server(const silent_server&) = delete;
  silent_server& operator=(const silent_server&) = delete;

  std::string url() const { return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=postgres"; }

private:
  int socket_ = -1;
  int port_ = 0;
};

} // namespace

TEST_CASE("migrations: given a fresh database, migrating applies every migration once, and migrating again "
          "applies none",
          "[persistence][migrations]") {
  scratch_database scratch;
  database db({scratch.url()});
  auto first = db.migrate();
  REQUIRE(first.ok());
  CHECK(first.value() == static_cast<int>(pg::migrations().size()));
  auto second = db.migrate();
  REQUIRE(second.ok());
  CHECK(second.value() == 0);

  auto conn = connect(scratch.url());
  auto recorded = conn->exec("SELECT version, name FROM schema_migrations ORDER BY version");
  REQUIRE(recorded.size() == static_cast<int>(pg::migrations().size()));
  for (int row = 0; row < recorded.size(); ++row) {
    CHECK(recorded.int64(row, 0) == pg::migrations()[static_cast<std::size_t>(row)].number);
    CHECK(recorded.text(row, 1) == pg::migrations()[static_cast<std::size_t>(row)].name);
  }
}

TEST_CASE("migrations: the embedded migrations are numbered in strictly ascending order and named after their "
          "number",
          "[persistence][migrations]") {
  int previous = 0;
  for (const auto& step : pg::migrations()) {
    CHECK(step.number > previous);
    previous = step.number;
    CHECK(std::stoi(std::string(step.name.substr(0, 3))) == step.number);
    CHECK_FALSE(step.sql.empty());
  }
}

TEST_CASE("migrations: given a fresh database, when two processes migrate it at once, then both succeed and "
          "each migration is applied exactly once",
          "[persistence][migrations]") {
  scratch_database scratch;
  database first({scratch.url()});
  database second({scratch.url()});
  std::mutex mutex;
  std::condition_variable go;
  bool started = false;
  result<int> first_result = persistence_error{"not run"};
  result<int> second_result = persistence_error{"not run"};
  auto migrate_when_told = [&](database& db, result<int>& out) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      go.wait(lock, [&] { return started; });
    }
    out = db.migrate();
  };
  std::thread a(migrate_when_told, std::ref(first), std::ref(first_result));
  std::thread b(migrate_when_told, std::ref(second), std::ref(second_result));
  {
    std::lock_guard<std::mutex> lock(mutex);
    started = true;
  }
  go.notify_all();
  a.join();
  b.join();

  REQUIRE(first_result.ok());
  REQUIRE(second_result.ok());
  CHECK(first_result.value() + second_result.value() == static_cast<int>(pg::migrations().size()));
  CHECK((first_result.value() == 0 || second_result.value() == 0));
  auto conn = connect(scratch.url());
  CHECK(conn->exec("SELECT count(*) FROM schema_migrations").int64(0, 0)
        == static_cast<std::int64_t>(pg::migrations().size()));
}

TEST_CASE("migrations: seat type events logged under their conference are filed again under their seat type",
          "[persistence][migrations]") {
  scratch_database scratch;
  database db({scratch.url()});
  REQUIRE(db.migrate().ok());
  auto conn = connect(scratch.url());
  const auto conference_id = random_uuid();
  const auto seat_type_id = random_uuid();
  // Rows as the message log wrote them before SeatCreated and SeatUpdated had their own source.
  for (const auto* type : {"SeatCreated", "SeatUpdated", "ConferencePublished"})
    conn->exec("INSERT INTO messages (kind, message_id, type, source_id, data) VALUES ('event', $1, $2, $3, $4::jsonb)",
               {random_uuid(), std::string{type}, conference_id,
                nlohmann::json{{"conferenceId", conference_id}, {"seatTypeId", seat_type_id}}.dump()});
  conn->exec("DELETE FROM schema_migrations WHERE name = '012_seat_type_message_source'");
  auto applied = db.migrate();
  REQUIRE(applied.ok());
  CHECK(applied.value() == 1);

  auto filed = conn->exec("SELECT type, source_id FROM messages ORDER BY position");
  REQUIRE(filed.size() == 3);
  CHECK(filed.text(0, 1) == seat_type_id);
  CHECK(filed.text(1, 1) == seat_type_id);
  CHECK(filed.text(2, 1) == conference_id);
}

TEST_CASE("readiness: a database is not ready before migrating and ready after", "[persistence][readiness]") {
  scratch_database scratch;
  database db({scratch.url()});
  CHECK_FALSE(db.ready());
  REQUIRE(db.migrate().ok());
  CHECK(db.ready());

  SECTION("a migration recorded as missing makes it unready again") {
    auto conn = connect(scratch.url());
    conn->exec("DELETE FROM schema_migrations WHERE version = $1",
               {std::to_string(pg::migrations().back().number)});
    CHECK_FALSE(db.ready());
  }
}

TEST_CASE("readiness: an unreachable server is not ready, and calls fail with a persistence_error",
          "[persistence][readiness]") {
  SECTION("nothing listens on the socket") {
    database db({"host=/nonexistent/contoso port=1 dbname=postgres", 2, std::chrono::milliseconds(500)});
    CHECK_FALSE(db.ready());
    auto migrated = db.migrate();
    REQUIRE_FALSE(migrated.ok());
    CHECK_FALSE(migrated.error().message.empty());
    CHECK(db.usage().in_use == 0);
  }
  SECTION("the server accepts the connection but never answers: the call timeout ends the wait") {
    silent_server hanging;
    database db({hanging.url(), 2, std::chrono::milliseconds(300)});
    CHECK_FALSE(db.ready());
    pg::event_store events(db);
    auto read = events.read_stream("order-" + random_uuid(), 1);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message.find("timed out") != std::string::npos);
  }
}

TEST_CASE("pool: given a pooled connection the server terminated, the next call gets a fresh connection and "
          "succeeds",
          "[persistence][pool]") {
  scratch_database scratch;
  database db({scratch.url(), 1, std::chrono::seconds(5)});
  REQUIRE(db.migrate().ok());
  pg::event_store events(db);
  REQUIRE(events.read_stream("order-" + random_uuid(), 1).ok());

  auto admin = connect(scratch.url());
  auto terminated = admin->exec("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                                {scratch.name()});
  REQUIRE(terminated.size() == 1);
  REQUIRE(terminated.text(0, 0) == "t");

  auto appended = events.append("order-" + random_uuid(), 0, {new_event{stored_event{"OrderPlaced", 1, {}}, {}, ""}},
                                random_uuid());
  REQUIRE(appended.ok());
  CHECK(appended.value().what == append_result::appended);
  CHECK(db.usage().replaced == 1);
  CHECK(db.usage().in_use == 0);
}

TEST_CASE("pool: given every connection lent out, a call waits at most the call timeout and then fails with a "
          "persistence_error",
          "[persistence][pool]") {
  scratch_database scratch;
  database db({scratch.url(), 1, std::chrono::milliseconds(200)});
  REQUIRE(db.migrate().ok());
  pg::event_store events(db);
  {
    auto held = db.connections().acquire();
    CHECK(db.usage().in_use == 1);
    auto read = events.read_stream("order-" + random_uuid(), 1);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message == "timed out waiting for a database connection");
    CHECK(db.usage().waits == 1);
  }
  CHECK(db.usage().in_use == 0);
  CHECK(events.read_stream("order-" + random_uuid(), 1).ok());
  CHECK(db.usage().size == 1);
}

TEST_CASE("pool: a call that fails inside a transaction leaves its connection clean for the next call",
          "[persistence][pool]") {
  scratch_database scratch;
  database db({scratch.url(), 1, std::chrono::seconds(5)});
  REQUIRE(db.migrate().ok());
  auto pid = db.connections().run([](pg::connection& conn) { return conn.backend_pid(); });
  REQUIRE(pid.ok());
  auto failed = db.connections().run([](pg::connection& conn) {
    conn.exec("BEGIN");
    conn.exec("SELECT 1 / 0");
  });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message.find("division by zero") != std::string::npos);
  auto next = db.connections().run([](pg::connection& conn) {
    return std::make_pair(conn.backend_pid(), PQtransactionStatus(conn.native()) == PQTRANS_IDLE);
  });
  REQUIRE(next.ok());
  CHECK(next.value().first == pid.value());
  CHECK(next.value().second);
  CHECK(db.usage().replaced == 0);
}

TEST_CASE("event store (pg): the stream type is the stream id's category", "[persistence][event_store]") {
  testing::scratch_stores stores;
  const auto stream = "seats_availability-" + random_uuid();
  REQUIRE(stores.events.append(stream, 0, {new_event{stored_event{"SeatsReserved", 1, {}}, {}, ""}}, "").ok());
  auto conn = connect(stores.scratch.url());
  CHECK(conn->exec("SELECT stream_type FROM events WHERE stream_id = $1", {stream}).text(0, 0)
        == "seats_availability");
}

TEST_CASE("pool: a value the database cannot hold fails as invalid input, writes nothing, and the next call "
          "succeeds",
          "[persistence][pool]") {
  scratch_database scratch;
  database db({scratch.url(), 1, std::chrono::seconds(5)});
  REQUIRE(db.migrate().ok());
  pg::event_store events(db);
  const auto stream = "order-" + random_uuid();
  // A NUL in a text parameter (which libpq would cut off), in JSON text (jsonb refuses \u0000), and
  // bytes that are not UTF-8.
  const nlohmann::json with_nul{{"name", std::string{"a\0b", 3}}};
  auto nul_in_id = events.append(std::string{"order-\0x", 8}, 0, {new_event{stored_event{"OrderPlaced", 1, {}}, {}, ""}},
                                 random_uuid());
  auto nul_in_json = events.append(stream, 0, {new_event{stored_event{"OrderPlaced", 1, with_nul}, {}, ""}}, random_uuid());
  auto not_utf8 = events.read_stream("order-\xff", 1);
  for (const auto* failed : {&nul_in_id, &nul_in_json}) {
    REQUIRE_FALSE(failed->ok());
    CHECK(failed->error().invalid_input());
  }
  REQUIRE_FALSE(not_utf8.ok());
  CHECK(not_utf8.error().invalid_input());

  auto read = events.read_stream(stream, 1);
  REQUIRE(read.ok());
  CHECK(read.value().empty());
  auto appended = events.append(stream, 0, {new_event{stored_event{"OrderPlaced", 1, {{"name", "ab"}}}, {}, ""}},
                                random_uuid());
  REQUIRE(appended.ok());
  CHECK(appended.value().what == append_result::appended);
}
