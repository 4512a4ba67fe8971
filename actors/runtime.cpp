#include "actors/runtime.hpp"

#include <map>
#include <set>
#include <thread>

#include <caf/io/middleman.hpp>

#include "actors/aggregate_actor.hpp"
#include "actors/aggregate_factory.hpp"
#include "actors/cluster_membership.hpp"
#include "actors/cluster_routing.hpp"
#include "actors/handlers.hpp"
#include "actors/journal_worker.hpp"
#include "actors/message_types.hpp"
#include "actors/registration_processes.hpp"
#include "actors/replies.hpp"
#include "actors/singletons.hpp"
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
  caf::actor journal;
  std::map<aggregate_kind, caf::actor> directories; ///< this node's
  caf::actor process_directory;                     ///< this node's
  /// Where each actor type's messages go, by type name: on a node alone its directory, in a cluster its
  /// router (which finds the home).
  std::map<std::string, caf::actor> routes;
  // A cluster node's.
  std::shared_ptr<shard_homes> homes;
  std::shared_ptr<routing_counters> routing = std::make_shared<routing_counters>();
  std::shared_ptr<singleton_leadership> leadership;
  std::vector<caf::actor> routers;
  caf::actor gateway;    ///< what other nodes reach this one through
  caf::actor membership;
  caf::actor keeper;     ///< of the singletons' leases
  std::shared_ptr<cluster_view_cell> seen_cluster = std::make_shared<cluster_view_cell>();
  std::vector<caf::actor> subscriptions;
  std::map<std::string, std::shared_ptr<event_handler>> handlers; ///< by subscription name
  std::map<std::string, caf::actor> subscription_of;                ///< by subscription name
  std::set<std::string> rebuildable;                                ///< the projections
  std::vector<caf::actor> services; ///< the deadline actor and the waker

  impl(runtime_stores given, runtime_settings chosen)
    : settings(std::move(chosen)), stores(given), batches{stores.events, stores.conferences},
      config(make_config(settings)), system(config) {
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
    // Instances are spawned on their first message, after `routes` below is complete.
    process_directory = system.spawn(directory, process_factory([this] {
                                       process_environment env;
                                       env.journal = journal;
                                       env.order_directory = route_of(aggregate_kind::order);
                                       env.seats_directory = route_of(aggregate_kind::seats_availability);
                                       env.promo_code_directory = route_of(aggregate_kind::promo_code);
                                       env.policy = settings.policy;
                                       env.passivate_after =
                                         std::chrono::duration_cast<caf::timespan>(settings.passivate_after);
                                       return env;
                                     }));
    routes = local_directories();
    if (settings.cluster) {
      try {
        join_cluster();
      } catch (const std::runtime_error&) {
        stop_actors();
        throw;
      }
    }
    if (settings.follow_log) {
      start_subscriptions();
      if (!settings.cluster)
        resend_owed({}); // in a cluster each node wakes those of the shards it takes
    }
  }

  /// This node's directories by type name.
  std::map<std::string, caf::actor> local_directories() const {
    std::map<std::string, caf::actor> found;
    for (const auto& [kind, actor] : directories)
      found.emplace(to_string(kind), actor);
    found.emplace(registration_process_type, process_directory);
    return found;
  }

  caf::actor route_of(aggregate_kind kind) const { return routes.at(std::string(to_string(kind))); }

  /// Routes every type through a router, publishes the gateway on the node port and starts the
  /// membership; throws std::runtime_error when the port cannot be bound.
  void join_cluster() {
    const auto& cluster = *settings.cluster;
    homes = std::make_shared<shard_homes>(cluster.node_id, cluster.shard_count);
    for (auto& [type, local] : routes) {
      routers.push_back(spawn_router(system, type, local, homes, routing));
      local = routers.back();
    }
    gateway = spawn_gateway(system, cluster.node_id, local_directories(), homes);
    membership = start_membership(system, gateway, cluster, stores.members, stores.shards, seen_cluster, homes,
                                  [this](const std::vector<int>& taken, const std::vector<int>& lost) {
                                    shards_moved(taken, lost);
                                  });
  }

  /// On the membership's thread: the actors of lost shards stop (the new home recovers them from the
  /// store); the processes of taken shards that still owe commands send them.
  void shards_moved(const std::vector<int>& taken, const std::vector<int>& lost) {
    if (!lost.empty())
      for (const auto& [type, local] : local_directories())
        caf::anon_send(local, passivate_atom::value, static_cast<std::int32_t>(homes->shard_count()),
                       std::vector<std::int32_t>(lost.begin(), lost.end()));
    if (!taken.empty() && settings.follow_log)
      resend_owed(std::set<int>(taken.begin(), taken.end()));
  }

  std::vector<std::string> singleton_names() const {
    std::vector<std::string> names;
    for (const auto& [name, handler] : handlers)
      names.push_back(name);
    names.emplace_back(deadlines_singleton);
    return names;
  }

  void start_subscriptions() {
    if (settings.cluster)
      leadership = std::make_shared<singleton_leadership>();
    auto follow = [&](std::shared_ptr<event_handler> handler, std::function<persistence::result<void>()> rebuild) {
      subscription_settings chosen;
      chosen.handler = handler;
      chosen.events = &stores.events;
      chosen.poll = settings.subscription_poll;
      chosen.max_attempts = settings.handler_max_attempts;
      chosen.rebuild = std::move(rebuild);
      chosen.leadership = leadership;
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
                            return send(route_of(kind), std::move(command), std::chrono::seconds(30));
                          }),
           {});
    const auto processes = routes.at(registration_process_type);
    follow(registration_process_handler(system, processes, stores.checkpoints), {});
    services.push_back(system.spawn<caf::detached>(deadline_actor, &stores.deadlines, processes,
                                                   std::chrono::duration_cast<caf::timespan>(settings.subscription_poll),
                                                   std::shared_ptr<const singleton_leadership>(leadership)));
    services.push_back(system.spawn<caf::detached>(waker, &stores.wakeup, subscriptions));
    if (settings.cluster)
      keeper = start_singleton_keeper(system, stores.leases, singleton_names(), leadership, settings.cluster->heartbeat);
  }

  /// Processes that saved commands but stopped before sending them send them now (on recovery); in a
  /// cluster, those of the `shards` this node took.
  void resend_owed(const std::set<int>& shards) {
    auto owing = stores.processes.with_owed(1000);
    if (!owing)
      return;
    for (const auto& record : owing.value())
      if (shards.empty() || shards.count(homes->shard_of(record.process_id)))
        caf::anon_send(process_directory, inspect_atom::value, record.process_id);
  }

  /// Where messages for an actor type go; a null handle for an unknown type.
  caf::actor route_of(const std::string& type) const {
    auto found = routes.find(type);
    return found == routes.end() ? caf::actor{} : found->second;
  }

  command_reply send(const caf::actor& destination, command_envelope command, std::chrono::milliseconds timeout) {
    caf::scoped_actor self{system};
    command_reply reply = unavailable_reply("no answer within " + std::to_string(timeout.count()) + " ms");
    self->request(destination, timeout, command_atom::value, std::move(command))
      .receive([&](command_reply& answer) { reply = std::move(answer); },
               [&](caf::error& failed) { reply = unavailable_reply(system.render(failed)); });
    return reply;
  }

  /// Hands this node's work over: its singletons finish the batch they hold (the actors they wait for
  /// still answer here) and stop, and their leases go; then it takes no more messages for its shards, its
  /// actors finish what they hold and stop (for at most `drain_for`), and the shards are released for
  /// their next homes. Messages for them meanwhile wait in the routers and go there.
  void leave(std::chrono::milliseconds drain_for) {
    caf::scoped_actor self{system};
    self->request(membership, std::chrono::seconds(5), leave_atom::value).receive([] {}, [](caf::error&) {});
    stop_singletons();
    homes->stop_taking();
    std::vector<std::int32_t> all(homes->shard_count());
    for (std::int32_t shard = 0; shard < homes->shard_count(); ++shard)
      all[shard] = shard;
    for (const auto& [type, local] : local_directories())
      self->send(local, passivate_atom::value, homes->shard_count(), all);
    const auto until = std::chrono::steady_clock::now() + drain_for;
    while (std::chrono::steady_clock::now() < until && live_here() > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    self->request(membership, std::chrono::seconds(10), release_atom::value).receive([](bool) {}, [](caf::error&) {});
  }

  /// Stops the subscriptions, the deadline actor and the waker once each has finished the batch it holds
  /// (the actors they wait for are still there), then gives the singletons' leases back. The keeper goes
  /// first, so that they stop running here and end their work at the next batch.
  void stop_singletons() {
    caf::scoped_actor self{system};
    if (keeper) {
      self->send_exit(keeper, caf::exit_reason::user_shutdown);
      self->wait_for(keeper);
    }
    for (auto* group : {&services, &subscriptions}) {
      for (const auto& actor : *group)
        self->send_exit(actor, caf::exit_reason::user_shutdown);
      for (const auto& actor : *group)
        self->wait_for(actor);
      group->clear();
    }
    if (keeper) {
      stores.leases.release_all(); // the keeper, its only other user, has stopped
      keeper = {};
    }
  }

  /// How many actors live on this node.
  std::size_t live_here() {
    caf::scoped_actor self{system};
    std::size_t count = 0;
    for (const auto& [type, local] : local_directories())
      self->request(local, std::chrono::seconds(1), list_atom::value)
        .receive([&](const std::vector<std::string>& ids) { count += ids.size(); }, [](caf::error&) {});
    return count;
  }

  void stop_actors() {
    stop_singletons();
    if (membership) {
      caf::scoped_actor self{system};
      self->send_exit(membership, caf::exit_reason::user_shutdown);
      self->wait_for(membership);
      // The others need not wait out the member timeout to know this node is gone.
      (void)stores.members.heartbeat(settings.cluster->node_id, persistence::member_status::down);
    }
    if (gateway)
      caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    for (auto& actor : routers)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(process_directory, caf::exit_reason::user_shutdown);
    for (auto& [kind, actor] : directories)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(journal, caf::exit_reason::user_shutdown);
  }

  ~impl() { stop_actors(); }
};

runtime::runtime(runtime_stores stores, runtime_settings settings)
  : impl_(std::make_unique<impl>(stores, std::move(settings))) {}

runtime::~runtime() = default;

command_reply runtime::send(aggregate_kind kind, command_envelope command, std::chrono::milliseconds timeout) {
  return impl_->send(impl_->route_of(kind), std::move(command), timeout);
}

command_reply runtime::send_to_process(command_envelope command, std::chrono::milliseconds timeout) {
  return impl_->send(impl_->route_of(registration_process_type), std::move(command), timeout);
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

void runtime::leave(std::chrono::milliseconds drain_for) {
  if (!impl_->membership)
    return;
  // On a thread of its own: a thread that used a scoped actor keeps a reference to the actor system's
  // logger until it ends, and the system waits for that reference when it shuts down.
  std::thread([this, drain_for] { impl_->leave(drain_for); }).join();
}

std::optional<std::string> runtime::home_of(const std::string& id) const {
  if (!impl_->homes)
    return std::nullopt;
  const int shard = impl_->homes->shard_of(id);
  for (const auto& owner : impl_->seen_cluster->read().shards)
    if (owner.shard == shard)
      return owner.node_id;
  return std::nullopt;
}

std::vector<node_actors> runtime::live_everywhere(const std::string& type, std::chrono::milliseconds timeout) {
  std::vector<node_actors> found;
  found.push_back({node_id().value_or(""), live(type, timeout)});
  if (!impl_->homes)
    return found;
  caf::scoped_actor self{impl_->system};
  for (const auto& [node, gateway] : impl_->homes->gateways())
    self->request(gateway, timeout, list_atom::value, type)
      .receive([&, id = node](std::vector<std::string>& ids) { found.push_back({id, std::move(ids)}); },
               [](caf::error&) {});
  return found;
}

std::map<std::string, std::string> runtime::singletons() const {
  if (!impl_->leadership)
    return {};
  auto holders = impl_->stores.members.singleton_holders(impl_->singleton_names());
  return holders ? holders.value() : std::map<std::string, std::string>{};
}

routing_figures runtime::routing() const { return impl_->routing->read(); }

std::vector<std::string> runtime::actor_types() {
  std::vector<std::string> types;
  for_each_decider([&](auto decider) { types.emplace_back(aggregate_traits<decltype(decider)>::name); });
  types.emplace_back(registration_process_type);
  return types;
}

std::vector<std::string> runtime::live(const std::string& type, std::chrono::milliseconds timeout) {
  std::vector<std::string> ids;
  auto directory = impl_->route_of(type); // a router lists its own node's
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
  auto directory = impl_->route_of(type);
  if (!directory)
    return found;
  caf::scoped_actor self{impl_->system};
  self->request(directory, timeout, inspect_atom::value, id)
    .receive([&](const std::string& text) { found = nlohmann::json::parse(text); }, [](caf::error&) {});
  return found;
}

bool runtime::passivate(const std::string& type, const std::string& id) {
  auto directory = impl_->route_of(type);
  if (!directory)
    return false;
  caf::anon_send(directory, passivate_atom::value, id);
  return true;
}

} // namespace contoso::actors
