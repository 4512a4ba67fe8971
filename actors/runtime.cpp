#include "actors/runtime.hpp"

#include <map>

#include "actors/aggregate_actor.hpp"
#include "actors/aggregates.hpp"
#include "actors/message_types.hpp"
#include "persistence/pg/event_store.hpp"
#include "persistence/pg/message_log.hpp"
#include "persistence/pg/snapshot_store.hpp"

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
  return config;
}

} // namespace

struct runtime::impl {
  runtime_settings settings;
  persistence::pg::event_store events;
  persistence::pg::snapshot_store snapshots;
  persistence::pg::message_log messages;
  caf::actor_system_config config;
  caf::actor_system system;
  caf::actor journal;
  std::map<aggregate_kind, caf::actor> directories;

  impl(persistence::database& db, runtime_settings chosen)
    : settings(std::move(chosen)), events(db), snapshots(db), messages(db), config(make_config(settings)),
      system(config) {
    const journal_stores stores{events, snapshots, messages};
    caf::scoped_execution_unit context{&system};
    journal = caf::actor_pool::make(
      &context, settings.journal_workers,
      [this, stores] { return system.spawn<caf::detached>(journal_worker, stores); },
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
    for (auto kind : all_aggregate_kinds)
      directories.emplace(kind, system.spawn(directory, aggregate_factory(kind, environment)));
  }

  ~impl() {
    for (auto& [kind, actor] : directories)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(journal, caf::exit_reason::user_shutdown);
  }
};

runtime::runtime(persistence::database& db, runtime_settings settings)
  : impl_(std::make_unique<impl>(db, std::move(settings))) {}

runtime::~runtime() = default;

command_reply runtime::send(aggregate_kind kind, command_envelope command, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{impl_->system};
  command_reply reply = unavailable_reply("no answer within " + std::to_string(timeout.count()) + " ms");
  self->request(impl_->directories.at(kind), timeout, command_atom::value, std::move(command))
    .receive([&](command_reply& answer) { reply = std::move(answer); },
             [&](caf::error& failed) { reply = unavailable_reply(impl_->system.render(failed)); });
  return reply;
}

std::vector<std::string> runtime::live(aggregate_kind kind, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{impl_->system};
  std::vector<std::string> ids;
  self->request(impl_->directories.at(kind), timeout, list_atom::value)
    .receive([&](std::vector<std::string>& found) { ids = std::move(found); }, [](caf::error&) {});
  return ids;
}

std::optional<actor_inspection> runtime::inspect(aggregate_kind kind, const std::string& id,
                                                 std::chrono::milliseconds timeout) {
  caf::scoped_actor self{impl_->system};
  std::optional<actor_inspection> found;
  self->request(impl_->directories.at(kind), timeout, inspect_atom::value, id)
    .receive([&](const std::string& text) { found = nlohmann::json::parse(text); }, [](caf::error&) {});
  return found;
}

void runtime::passivate(aggregate_kind kind, const std::string& id) {
  caf::anon_send(impl_->directories.at(kind), passivate_atom::value, id);
}

} // namespace contoso::actors
