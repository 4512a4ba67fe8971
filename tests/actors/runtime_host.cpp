/// Test support, not a product: the actor runtime as a process of its own, for the crash-recovery
/// tests (crash_recovery_test.cpp), which kill it with SIGKILL at fault points and start it again.
/// It stands in for the HTTP server until that exists.
///
///   CONFERENCE_DB_URL=... runtime_host [--commands FILE] [--reservation-timeout-s N]
///                                      [--release-buffer-s N] [--poll-ms N]
///
/// It runs the command lines of command_lines.hpp, one per line, printing one reply line each
/// (flushed). With `--commands FILE` it runs the file's lines and then keeps running (subscriptions,
/// processes, deadlines) until SIGTERM or SIGINT; without, it reads standard input and stops at its
/// end. Either way a stop is graceful and exits 0. Bad usage or an unusable database exits 2.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "actors/runtime.hpp"
#include "persistence/database.hpp"
#include "tests/actors/command_lines.hpp"
#include "tests/actors/runtime_pg_stores.hpp"
#include "tests/support/eventually.hpp"

using namespace contoso;

namespace {

struct host_options {
  std::optional<std::string> commands;
  actors::runtime_settings runtime;
};

std::optional<host_options> parse(int argc, char** argv) try {
  host_options chosen;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--commands")
      chosen.commands = value;
    else if (flag == "--reservation-timeout-s")
      chosen.runtime.policy.reservation_timeout = std::chrono::seconds(std::stol(value));
    else if (flag == "--release-buffer-s")
      chosen.runtime.policy.release_buffer = std::chrono::seconds(std::stol(value));
    else if (flag == "--poll-ms")
      chosen.runtime.subscription_poll = std::chrono::milliseconds(std::stol(value));
    else
      return std::nullopt;
  }
  if (argc % 2 == 0)
    return std::nullopt;
  return chosen;
} catch (const std::logic_error&) { // a number that is not one
  return std::nullopt;
}

/// Lines from a file descriptor, given up on as soon as `stopping` is set (a blocking read would not).
class line_reader {
public:
  explicit line_reader(int fd) : fd_(fd) {}

  /// The next line; nullopt at the end of the input or once `stopping`.
  std::optional<std::string> next(const std::atomic<bool>& stopping) {
    while (!stopping) {
      if (auto end = buffer_.find('\n'); end != std::string::npos) {
        auto line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return line;
      }
      if (ended_) {
        if (buffer_.empty())
          return std::nullopt;
        return std::exchange(buffer_, std::string());
      }
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0)
        continue;
      char chunk[4096];
      auto got = read(fd_, chunk, sizeof chunk);
      if (got > 0)
        buffer_.append(chunk, static_cast<std::size_t>(got));
      else
        ended_ = true;
    }
    return std::nullopt;
  }

private:
  int fd_;
  std::string buffer_;
  bool ended_ = false;
};

/// Waits (up to 30 s) until the order's reservation was answered; the process's phase then, or the last
/// one seen ("unknown" when there was none).
std::string await_reservation(actors::runtime& runtime, const std::string& order_id) {
  std::string phase = "unknown";
  testing::eventually([&] {
    auto process = runtime.inspect_process(order_id);
    if (!process)
      return false;
    phase = (*process)["state"]["phase"].value("name", "unknown");
    return phase != "new" && phase != "awaitingReservation" && phase != "paidAwaitingReservation";
  });
  return phase;
}

nlohmann::json run(actors::runtime& runtime, const std::string& text) {
  auto line = nlohmann::json::parse(text, nullptr, false);
  if (line.is_discarded() || !line.is_object())
    return {{"error", "not a JSON object"}};
  try {
    if (line.contains("awaitReservation")) {
      const auto order_id = line["awaitReservation"].get<std::string>();
      return {{"awaitReservation", order_id}, {"phase", await_reservation(runtime, order_id)}};
    }
    auto kind = actors::aggregate_kind_from_string(line.at("kind").get<std::string>());
    if (!kind)
      return {{"error", "unknown kind " + line["kind"].dump()}};
    auto command = testing::envelope_of(line);
    const auto id = command.id;
    return testing::reply_line(id, runtime.send(*kind, std::move(command)));
  } catch (const nlohmann::json::exception& malformed) {
    return {{"error", malformed.what()}};
  }
}

} // namespace

int main(int argc, char** argv) {
  auto options = parse(argc, argv);
  const char* url = std::getenv("CONFERENCE_DB_URL");
  if (!options || url == nullptr) {
    std::cerr << "usage: CONFERENCE_DB_URL=... runtime_host [--commands FILE] [--reservation-timeout-s N]"
                 " [--release-buffer-s N] [--poll-ms N]\n";
    return 2;
  }
  int input = STDIN_FILENO;
  if (options->commands) {
    input = open(options->commands->c_str(), O_RDONLY | O_CLOEXEC);
    if (input < 0) {
      std::cerr << "runtime_host: cannot read " << *options->commands << "\n";
      return 2;
    }
  }

  // Blocked before any thread starts, so every thread inherits the mask and only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  persistence::database db{persistence::database_settings{url}};
  if (auto migrated = db.migrate(); !migrated) {
    std::cerr << "runtime_host: " << migrated.error().message << "\n";
    return 2;
  }
  testing::runtime_pg_stores stores{db};
  actors::runtime runtime{stores.bundle(), options->runtime};

  std::atomic<bool> stopping{false};
  std::thread reader([&] {
    line_reader lines{input};
    while (auto text = lines.next(stopping))
      if (!text->empty())
        std::cout << run(runtime, *text).dump() << std::endl;
    if (!options->commands)
      kill(getpid(), SIGTERM); // the end of standard input is the end of the work
  });
  int received = 0;
  sigwait(&stop_signals, &received);
  stopping = true;
  reader.join(); // within a poll interval, or the line in progress's timeout
  return 0;
}
