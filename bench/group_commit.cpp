/// The group commit of a hot SeatsAvailability, measured: N clients reserve seats of one conference at
/// once, first with batches of one command (a transaction per command), then with mailbox-drain
/// batches. Prints reservations per second and commands per append transaction for each.
///
///   CONFERENCE_DB_URL="host=... dbname=..." build/bench/group_commit_bench [clients] [per_client]
///
/// The database is migrated if needed; each run uses a conference of its own, so runs never collide.

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "actors/runtime.hpp"
#include "domain/ids.hpp"
#include "domain/registration/seats_availability.hpp"
#include "persistence/database.hpp"
#include "tests/actors/runtime_pg_stores.hpp"

namespace {

using namespace contoso;
namespace seats = registration::seats_availability;

template <class Command>
actors::command_envelope addressed(const std::string& conference, Command body) {
  return actors::envelope_of(random_uuid(), conference, {conference, "", ""}, std::move(body), "bench");
}

struct figures {
  double seconds = 0;
  std::size_t accepted = 0;
  std::size_t transactions = 0;
};

figures run(persistence::database& db, std::size_t max_batch, int clients, int per_client) {
  actors::runtime_settings settings;
  settings.follow_log = false; // the aggregate alone: no process would act on these reservations
  settings.max_batch = max_batch;
  testing::runtime_pg_stores stores{db};
  actors::runtime runtime{stores.bundle(), settings};
  const auto conference = random_uuid();
  const auto seat_type = random_uuid();
  runtime.send(actors::aggregate_kind::seats_availability,
               addressed(conference, seats::add_seats{seat_type, clients * per_client, 1}));

  std::vector<std::size_t> accepted(static_cast<std::size_t>(clients), 0);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client)
    threads.emplace_back([&, client] {
      for (int i = 0; i < per_client; ++i) {
        auto reply = runtime.send(actors::aggregate_kind::seats_availability,
                                  addressed(conference, seats::make_seat_reservation{random_uuid(), {{seat_type, 1}}}),
                                  std::chrono::seconds(30));
        if (reply.status == actors::command_reply::accepted)
          ++accepted[static_cast<std::size_t>(client)];
      }
    });
  for (auto& thread : threads)
    thread.join();
  figures measured;
  measured.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (auto count : accepted)
    measured.accepted += count;

  auto stream = stores.events.read_stream("seats_availability-" + conference, 2); // after the quota
  std::set<std::uint64_t> transactions;
  if (stream)
    for (const auto& event : stream.value())
      transactions.insert(event.tx);
  measured.transactions = transactions.size();
  return measured;
}

} // namespace

int main(int argc, char** argv) {
  const char* url = std::getenv("CONFERENCE_DB_URL");
  if (url == nullptr) {
    std::cerr << "usage: CONFERENCE_DB_URL=<libpq connection string> group_commit_bench [clients] [per_client]\n";
    return 2;
  }
  const int clients = argc > 1 ? std::atoi(argv[1]) : 20;
  const int per_client = argc > 2 ? std::atoi(argv[2]) : 50;
  if (clients < 1 || per_client < 1) {
    std::cerr << "clients and per_client must be positive integers\n";
    return 2;
  }
  persistence::database db{persistence::database_settings{url}};
  if (auto migrated = db.migrate(); !migrated) {
    std::cerr << "cannot migrate the database: " << migrated.error().message << "\n";
    return 1;
  }
  std::cout << clients << " clients x " << per_client << " reservations against one SeatsAvailability\n";
  for (std::size_t max_batch : {std::size_t{1}, std::size_t{500}}) {
    auto measured = run(db, max_batch, clients, per_client);
    std::cout << std::fixed << std::setprecision(1) << "max_batch=" << std::setw(3) << max_batch << ": "
              << measured.accepted << " reservations in " << std::setprecision(2) << measured.seconds << " s ("
              << std::setprecision(0) << measured.accepted / measured.seconds << "/s), " << measured.transactions
              << " append transactions, " << std::setprecision(1)
              << (measured.transactions ? double(measured.accepted) / double(measured.transactions) : 0.0)
              << " commands per transaction\n";
  }
  return 0;
}
