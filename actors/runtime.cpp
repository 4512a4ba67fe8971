#include "actors/runtime.hpp"

#include <map>
#include <set>

#include <caf/io/middleman.hpp>

#include "actors/aggregate_actor.hpp"
#include "actors/aggregate_factory.hpp"
#include "actors/cluster_membership.hpp"
#include "actors/handlers.hpp"
#include "actors/journal_worker.hpp"
#include "actors/message_types.hpp"
#include "actors/registration_processes.hpp"
#include "actors/replies.hpp"
#include "actors/subscription_actor.hpp"
#include "actors/upcast.hpp"

namespace contoso::actors {

namespace {

caf::actor_system_config make_config(const runtime_settings& settings) {
  caf::actor_system_config config;
  add_message_types(config);
  // A hot actor (the SeatsAvailability of a popular conference) yields its thread this often.
  config.set("scheduler.max-throughput", settings.max_throughput);
  if (settings.scheduler_threads > 0)
    config.set("scheduler.max-threads", settings.scheduler_threads);
  config.set("logger.verbosity", caf::atom("quiet"));
  if (settings.cluster) {
    config.load<caf::io::middleman>();
    // Both are off in CAF 0.17 by default: without them a silent peer would never count as lost.
    config.set("middleman.heartbeat-interval", caf::timespan{settings.cluster->heartbeat});
    config.set("middleman.connection-timeout", caf::timespan{settings.cluster->member_timeout});
  }
  return config;
}

struct waker_state {
  static inline const char* name = "waker";
};

/// Spawn it `detached`: it waits for NOTIFYs that events committed and wakes every subscription, so
/// they follow within milliseconds instead of a poll interval.
caf::behavior waker(caf::stateful_actor<waker_state>* self, persistence::wakeup* wakeup,
                    std::vector<caf::actor> subscriptions) {
  self->send(self, listen_atom::value);
  return {
    [=](listen_atom) {
      if (wakeup->listen()) {
        auto woken = wakeup->wait(std::chrono::milliseconds(200));
        if (woken && woken.value())
          for (const auto& subscription : subscriptions)
            self->send(subscription, wake_atom::value);
        self->send(self, listen_atom::value);
      } else {
        self->delayed_send(self, std::chrono::seconds(1), listen_atom::value); // the database is away
      }
    },
  };
}

} // namespace

struct runtime::impl {
  runtime_settings settings;
  runtime_stores stores;
  batch_stores batches;
  caf::actor_system_config config;
  caf::actor_system system;
  caf::actor gateway;    ///< a cluster node's: what other nodes reach it through
  caf::actor membership; ///< a cluster node's
  std::shared_ptr<cluster_view_cell> seen_cluster = std::make_shared<cluster_view_cell>();
  caf::actor journal;
  std::map<aggregate_kind, caf::actor> directories;
  caf::actor process_directory;
  std::vector<caf::actor> subscriptions;
  std::map<std::string, std::shared_ptr<event_handler>> handlers; ///< by subscription name
  std::map<std::string, caf::actor> subscription_of;                ///< by subscription name
  std::set<std::string> rebuildable;                                ///< the projections
  std::vector<caf::actor> services; ///< the deadline actor and the waker

  impl(runtime_stores given, runtime_settings chosen)
    : settings(std::move(chosen)), stores(given), batches{stores.events, stores.conferences},
      config(make_config(settings)), system(config) {
    if (settings.cluster) {
      // First, so that a node port in use stops the start before any other actor runs.
      gateway = spawn_gateway(system, settings.cluster->node_id);
      try {
        membership = start_membership(system, gateway, *settings.cluster, stores.members, stores.shards,
                                      seen_cluster);
      } catch (const std::runtime_error&) {
        caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
        throw;
      }
    }
    const journal_stores journaled{stores.events, stores.snapshots, stores.messages, stores.processes, batches};
    caf::scoped_execution_unit context{&system};
    journal = caf::actor_pool::make(
      &context, settings.journal_workers,
      [this, journaled] { return system.spawn<caf::detached>(journal_worker, journaled); },
      caf::actor_pool::round_robin());
    auto environment = [this] {
      aggregate_environment env;
      env.journal = journal;
      env.policy = settings.policy;
      env.snapshot_every = settings.snapshot_every;
      env.passivate_after = std::chrono::duration_cast<caf::timespan>(settings.passivate_after);
      env.max_batch = settings.max_batch;
      return env;
    };
    for_each_decider([&](auto decider) {
      constexpr auto kind = aggregate_traits<decltype(decider)>::kind;
      directories.emplace(kind, system.spawn(directory, aggregate_factory(kind, environment)));
    });
    process_directory = system.spawn(directory, process_factory([this] {
                                       process_environment env;
                                       env.journal = journal;
                                       env.order_directory = directories.at(aggregate_kind::order);
                                       env.seats_directory = directories.at(aggregate_kind::seats_availability);
                                       env.promo_code_directory = directories.at(aggregate_kind::promo_code);
                                       env.policy = settings.policy;
                                       env.passivate_after =
                                         std::chrono::duration_cast<caf::timespan>(settings.passivate_after);
                                       return env;
                                     }));
    if (settings.follow_log) {
      start_subscriptions();
      resend_owed();
    }
  }

  void start_subscriptions() {
    auto follow = [&](std::shared_ptr<event_handler> handler, std::function<persistence::result<void>()> rebuild) {
      subscription_settings chosen;
      chosen.handler = handler;
      chosen.events = &stores.events;
      chosen.poll = settings.subscription_poll;
      chosen.max_attempts = settings.handler_max_attempts;
      chosen.rebuild = std::move(rebuild);
      chosen.dead_letter = [this](const std::string& name, const persistence::recorded_event& event,
                                  const std::string& error, int attempts) {
        (void)stores.dead_letters.add(persistence::dead_letter{name, event, error, attempts});
      };
      if (chosen.rebuild)
        rebuildable.insert(handler->name());
      handlers.emplace(handler->name(), handler);
      subscriptions.push_back(system.spawn<caf::detached>(subscription, chosen));
      subscription_of.emplace(handler->name(), subscriptions.back());
    };
    for (const char* name : {persistence::read_models::projection_names::conferences,
                             persistence::read_models::projection_names::orders,
                             persistence::read_models::projection_names::payments,
                             persistence::read_models::projection_names::promo_codes})
      follow(projection_handler(stores.projections, name),
             [this, name] { return rebuild_projection(stores.projections, stores.events, name); });
    follow(message_log_handler(stores.messages, stores.checkpoints), {});
    follow(policy_handler(stores.checkpoints, stores.events,
                          [this](aggregate_kind kind, command_envelope command) {
                            return send(directories.at(kind), std::move(command), std::chrono::seconds(30));
                          }),
           {});
    follow(registration_process_handler(system, process_directory, stores.checkpoints), {});
    services.push_back(system.spawn<caf::detached>(deadline_actor, &stores.deadlines, process_directory,
                                                   std::chrono::duration_cast<caf::timespan>(settings.subscription_poll)));
    services.push_back(system.spawn<caf::detached>(waker, &stores.wakeup, subscriptions));
  }

  /// Processes that saved commands but stopped before sending them send them now (on recovery).
  void resend_owed() {
    auto owing = stores.processes.with_owed(1000);
    if (!owing)
      return;
    for (const auto& record : owing.value())
      caf::anon_send(process_directory, inspect_atom::value, record.process_id);
  }

  /// The directory of an actor type; a null handle for an unknown type.
  caf::actor directory_of(const std::string& type) const {
    if (type == registration_process_type)
      return process_directory;
    auto kind = aggregate_kind_from_string(type);
    return kind ? directories.at(*kind) : caf::actor{};
  }

  command_reply send(const caf::actor& directory, command_envelope command, std::chrono::milliseconds timeout) {
    caf::scoped_actor self{system};
    command_reply reply = unavailable_reply("no answer within " + std::to_string(timeout.count()) + " ms");
    self->request(directory, timeout, command_atom::value, std::move(command))
      .receive([&](command_reply& answer) { reply = std::move(answer); },
               [&](caf::error& failed) { reply = unavailable_reply(system.render(failed)); });
    return reply;
  }

  ~impl() {
    if (membership) {
      caf::scoped_actor self{system};
      self->send_exit(membership, caf::exit_reason::user_shutdown);
      self->wait_for(membership);
      // The others need not wait out the member timeout to know this node is gone.
      (void)stores.members.heartbeat(settings.cluster->node_id, persistence::member_status::down);
      caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    }
    for (auto& actor : services)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    for (auto& actor : subscriptions)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(process_directory, caf::exit_reason::user_shutdown);
    for (auto& [kind, actor] : directories)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(journal, caf::exit_reason::user_shutdown);
  }
};

runtime::runtime(runtime_stores stores, runtime_settings settings)
  : impl_(std::make_unique<impl>(stores, std::move(settings))) {}

runtime::~runtime() = default;

command_reply runtime::send(aggregate_kind kind, command_envelope command, std::chrono::milliseconds timeout) {
  return impl_->send(impl_->directories.at(kind), std::move(command), timeout);
}

command_reply runtime::send_to_process(command_envelope command, std::chrono::milliseconds timeout) {
  return impl_->send(impl_->process_directory, std::move(command), timeout);
}

std::vector<nlohmann::json> runtime::subscriptions(std::chrono::milliseconds timeout) {
  caf::scoped_actor self{impl_->system};
  std::vector<nlohmann::json> found;
  for (const auto& subscription : impl_->subscriptions)
    self->request(subscription, timeout, status_atom::value)
      .receive([&](const std::string& text) { found.push_back(nlohmann::json::parse(text)); }, [](caf::error&) {});
  return found;
}

bool runtime::rebuild(const std::string& projection) {
  auto found = impl_->subscription_of.find(projection);
  if (found == impl_->subscription_of.end() || !impl_->rebuildable.count(projection))
    return false;
  caf::anon_send(found->second, rebuild_atom::value);
  return true;
}

persistence::result<std::vector<persistence::dead_letter_entry>> runtime::dead_letters(std::size_t limit) {
  return impl_->stores.dead_letters.list(limit);
}

persistence::result<bool> runtime::retry_dead_letter(std::int64_t id) {
  auto taken = impl_->stores.dead_letters.take_for_retry(id);
  if (!taken)
    return taken.error();
  if (!taken.value())
    return false;
  const auto& letter = taken.value()->letter;
  auto handler = impl_->handlers.find(letter.subscription);
  if (handler == impl_->handlers.end())
    return persistence::persistence_error{"no subscription named " + letter.subscription};
  if (auto retried = handler->second->retry(upcast(letter.message)); !retried)
    return retried.error();
  auto removed = impl_->stores.dead_letters.remove(id);
  if (!removed)
    return removed.error();
  return true;
}

std::optional<std::string> runtime::node_id() const {
  if (!impl_->settings.cluster)
    return std::nullopt;
  return impl_->settings.cluster->node_id;
}

cluster_view runtime::cluster() const { return impl_->seen_cluster->read(); }

std::vector<std::string> runtime::actor_types() {
  std::vector<std::string> types;
  for_each_decider([&](auto decider) { types.emplace_back(aggregate_traits<decltype(decider)>::name); });
  types.emplace_back(registration_process_type);
  return types;
}

std::vector<std::string> runtime::live(const std::string& type, std::chrono::milliseconds timeout) {
  std::vector<std::string> ids;
  auto directory = impl_->directory_of(type);
  if (!directory)
    return ids;
  caf::scoped_actor self{impl_->system};
  self->request(directory, timeout, list_atom::value)
    .receive([&](std::vector<std::string>& found) { ids = std::move(found); }, [](caf::error&) {});
  return ids;
}

std::optional<actor_inspection> runtime::inspect(const std::string& type, const std::string& id,
                                                 std::chrono::milliseconds timeout) {
  std::optional<actor_inspection> found;
  auto directory = impl_->directory_of(type);
  if (!directory)
    return found;
  caf::scoped_actor self{impl_->system};
  self->request(directory, timeout, inspect_atom::value, id)
    .receive([&](const std::string& text) { found = nlohmann::json::parse(text); }, [](caf::error&) {});
  return found;
}

bool runtime::passivate(const std::string& type, const std::string& id) {
  auto directory = impl_->directory_of(type);
  if (!directory)
    return false;
  caf::anon_send(directory, passivate_atom::value, id);
  return true;
}

} // namespace contoso::actors
