/// The composition root: reads the settings, builds every layer from them and runs the command.
/// Exit codes: 0 done, 1 could not do it (database unreachable for migrate, cannot listen), 2 invalid
/// settings or arguments.

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "actors/runtime.hpp"
#include "config/loader.hpp"
#include "domain/ids.hpp"
#include "http/api.hpp"
#include "http/logger.hpp"
#include "http/openapi.hpp"
#include "http/routes/api_routes.hpp"
#include "http/routes/operations.hpp"
#include "http/routes/pages.hpp"
#include "http/schema_migration.hpp"
#include "http/server.hpp"
#include "persistence/database.hpp"
#include "persistence/pg/checkpoint_store.hpp"
#include "persistence/pg/cluster_store.hpp"
#include "persistence/pg/conference_store.hpp"
#include "persistence/pg/dead_letter_store.hpp"
#include "persistence/pg/deadline_store.hpp"
#include "persistence/pg/event_store.hpp"
#include "persistence/pg/idempotency_store.hpp"
#include "persistence/pg/log_statistics.hpp"
#include "persistence/pg/message_log.hpp"
#include "persistence/pg/process_store.hpp"
#include "persistence/pg/read_models.hpp"
#include "persistence/pg/snapshot_store.hpp"
#include "persistence/pg/wakeup.hpp"

extern char** environ;

namespace {

using namespace contoso;

std::map<std::string, std::string> environment_variables() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry; ++entry) {
    std::string variable{*entry};
    auto equals = variable.find('=');
    if (equals != std::string::npos)
      variables[variable.substr(0, equals)] = variable.substr(equals + 1);
  }
  return variables;
}

/// Blocks SIGTERM and SIGINT in the calling thread and so in every thread it starts afterwards; call it
/// before anything starts a thread, so that only `shutdown_on_signal` ever receives them.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

/// Waits for SIGTERM or SIGINT on its own thread, marks the node leaving, hands its work over and then
/// stops the server.
class shutdown_on_signal {
public:
  shutdown_on_signal(const sigset_t& signals, http::server& target, const http::logger& log)
    : target_(target), log_(log), signals_(signals) {
    waiter_ = std::thread([this] { wait(); });
  }

  /// Set while leaving: /readyz answers 503 from then on.
  const std::atomic<bool>& leaving() const { return leaving_; }

  /// What to do on the signal while the server still serves (a cluster node hands its shards over).
  void before_stopping(std::function<void()> hand_over) {
    std::lock_guard<std::mutex> guard{mutex_};
    hand_over_ = std::move(hand_over);
  }

  /// Call once `run` returned.
  ~shutdown_on_signal() {
    {
      std::lock_guard<std::mutex> guard{mutex_};
      served_ = true;
    }
    changed_.notify_all();
    if (!signalled_)
      pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
  }

private:
  void wait() {
    int number = 0;
    sigwait(&signals_, &number);
    signalled_ = true;
    leaving_ = true;
    std::unique_lock<std::mutex> lock{mutex_};
    if (served_)
      return;
    if (hand_over_) {
      log_.info(std::string{"received "} + (number == SIGINT ? "SIGINT" : "SIGTERM") + ": leaving the cluster");
      auto hand_over = hand_over_;
      lock.unlock();
      hand_over();
      lock.lock();
    }
    log_.info(std::string{"received "} + (number == SIGINT ? "SIGINT" : "SIGTERM") +
              ": no new connections; finishing requests in flight");
    // A stop that lands before the server began listening is lost, so repeat it until run() returned.
    while (!served_) {
      target_.stop();
      changed_.wait_for(lock, std::chrono::milliseconds(50));
    }
  }

  http::server& target_;
  const http::logger& log_;
  sigset_t signals_{};
  std::thread waiter_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool served_ = false;
  std::atomic<bool> signalled_{false};
  std::atomic<bool> leaving_{false};
  std::function<void()> hand_over_;
};

persistence::database_settings database_settings(const config::settings& settings) {
  return {settings.database.url, settings.database.pool_size, settings.database.call_timeout};
}

actors::runtime_settings runtime_settings(const config::settings& settings) {
  actors::runtime_settings chosen;
  chosen.policy = {settings.registration.reservation_timeout, settings.registration.expiry_buffer,
                   settings.registration.max_seats_per_line};
  chosen.snapshot_every = settings.runtime.snapshot_every;
  chosen.passivate_after = settings.runtime.passivate_after;
  chosen.handler_max_attempts = settings.runtime.handler_max_attempts;
  chosen.subscription_poll = settings.runtime.subscription_poll;
  if (settings.cluster.node_port) {
    actors::cluster_settings cluster;
    cluster.node_id = random_uuid();
    cluster.node_host = settings.cluster.node_host;
    cluster.node_port = *settings.cluster.node_port;
    cluster.http_address = settings.http.host + ":" + std::to_string(settings.http.port);
    cluster.seeds = settings.cluster.seeds;
    cluster.member_timeout = settings.cluster.member_timeout;
    // Three beats within the timeout, so that one late beat on a busy machine does not read as down.
    cluster.heartbeat = std::min(std::chrono::milliseconds(1000), cluster.member_timeout / 3);
    cluster.shard_count = settings.cluster.shard_count;
    chosen.cluster = std::move(cluster);
  }
  return chosen;
}

int migrate(const config::settings& settings) {
  persistence::database database{database_settings(settings)};
  auto applied = database.migrate();
  if (!applied.ok()) {
    auto message = applied.error().message;
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::cerr << "conference: cannot apply migrations: " << message << '\n';
    return 1;
  }
  std::cout << "applied " << applied.value() << " migrations" << std::endl;
  return 0;
}

int serve(const config::settings& settings) {
  auto stop_signals = block_stop_signals();
  signal(SIGPIPE, SIG_IGN);
  http::logger log{settings.logging};
  persistence::database database{database_settings(settings)};
  http::server server{{settings.http.host, settings.http.port, settings.http.threads}, log};
  shutdown_on_signal shutdown{stop_signals, server, log};
  http::register_operations_routes(server, {server.metrics(), database, shutdown.leaving()});
  http::register_openapi_routes(server);
  http::register_page_routes(server);

  if (!server.bind()) {
    log.error("cannot listen on " + server.url() + ": address in use or not available");
    return 1;
  }
  // Connections wait in the listen backlog until the schema is up to date or known to be unreachable.
  http::schema_migration migration{database, log};
  // Each store once, shared by the actors and the edge; declared before the runtime, so they outlive it.
  persistence::pg::event_store events{database};
  persistence::pg::snapshot_store snapshots{database};
  persistence::pg::message_log messages{database};
  persistence::pg::checkpoint_store checkpoints{database};
  persistence::pg::deadline_store deadlines{database};
  persistence::pg::process_store processes{database};
  persistence::pg::conference_store conferences{database};
  persistence::pg::dead_letter_store dead_letters{database};
  persistence::pg::read_model_projections projections{database};
  persistence::pg::wakeup wakeup{database.settings()};
  const auto chosen = runtime_settings(settings);
  // The cluster's heartbeats and shard moves have a connection of their own: a pool busy with requests
  // must not delay a beat past the member timeout, or a live node would read as down.
  auto cluster_connection = database_settings(settings);
  cluster_connection.pool_size = 1;
  persistence::database cluster_database{cluster_connection};
  persistence::pg::membership_store members{cluster_database};
  persistence::pg::shard_ownership_store shards{cluster_database};
  persistence::pg::singleton_leases leases{database.settings(), chosen.cluster ? chosen.cluster->node_id : ""};
  // The actors start once the schema is there; they stop after the server answered its last request.
  std::optional<actors::runtime> started;
  try {
    started.emplace(actors::runtime_stores{events, snapshots, messages, checkpoints, deadlines, processes, conferences,
                                           dead_letters, projections, wakeup, members, shards, leases},
                    chosen);
  } catch (const std::runtime_error& failed) {
    log.error(failed.what());
    return 1;
  }
  auto& runtime = *started;
  shutdown.before_stopping([&runtime] { runtime.leave(); });
  persistence::pg::read_model_queries views{database};
  persistence::pg::idempotency_store idempotency_keys{database};
  persistence::pg::log_statistics log_statistics{database};
  http::api_parts parts;
  parts.runtime = &runtime;
  parts.database = &database;
  parts.conferences_view = &views;
  parts.orders_view = &views;
  parts.projections = &projections;
  parts.conferences = &conferences;
  parts.events = &events;
  parts.messages = &messages;
  parts.idempotency_keys = &idempotency_keys;
  parts.log_statistics = &log_statistics;
  parts.policy = chosen.policy;
  parts.admin_token = settings.http.admin_token;
  http::api_context api{parts};
  http::register_api_routes(server, api);
  std::cout << "listening on " << server.url() << std::endl;
  log.info("listening on " + server.url() + " with " + std::to_string(settings.http.threads) + " request threads");
  server.run();
  log.info("stopped");
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  std::error_code ignored;
  auto working_directory = std::filesystem::current_path(ignored).string();
  auto loaded = config::load({std::vector<std::string>(argv + 1, argv + argc), environment_variables(),
                              working_directory, config::read_file_from_disk});
  if (auto* error = std::get_if<config::load_error>(&loaded)) {
    std::cerr << "conference: " << error->message << '\n';
    return 2;
  }
  const auto& invocation = std::get<config::invocation>(loaded);
  switch (invocation.what) {
    case config::command::help:
      std::cout << config::help_text(working_directory);
      return 0;
    case config::command::migrate:
      return migrate(invocation.values);
    case config::command::serve:
      return serve(invocation.values);
  }
  return 1;
}
