#pragma once
/// The actor runtime of one node: the CAF actor system with a directory per aggregate kind, the
/// journal workers that do the blocking store work, and (see below) subscriptions, registration
/// processes, projections and deadlines. This header hides CAF: the edge and the tests talk to the
/// actors through these blocking calls, each bounded by a timeout.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/aggregate_kind.hpp"
#include "actors/cluster_settings.hpp"
#include "actors/commands.hpp"
#include "domain/registration/policy.hpp"
#include "persistence/checkpoint_store.hpp"
#include "persistence/conference_store.hpp"
#include "persistence/dead_letter_store.hpp"
#include "persistence/deadline_store.hpp"
#include "persistence/event_store.hpp"
#include "persistence/message_log.hpp"
#include "persistence/process_store.hpp"
#include "persistence/read_models/projections.hpp"
#include "persistence/snapshot_store.hpp"
#include "persistence/wakeup.hpp"

namespace contoso::actors {

struct runtime_settings {
  registration::policy policy;
  /// Events appended to a stream between two snapshots of it.
  int snapshot_every = 100;
  /// Idle time after which an aggregate actor stops.
  std::chrono::milliseconds passivate_after = std::chrono::minutes(5);
  /// Failures of one message in one handler before it goes to the dead letters.
  int handler_max_attempts = 5;
  /// How often a subscription looks for events when no notification woke it.
  std::chrono::milliseconds subscription_poll{500};
  /// Detached threads doing blocking store work for the aggregate actors.
  std::size_t journal_workers = 4;
  /// Most commands one aggregate actor decides and appends in one transaction.
  std::size_t max_batch = 500;
  /// Messages an actor handles before its worker thread moves on to another actor.
  std::size_t max_throughput = 50;
  std::size_t scheduler_threads = 0; ///< 0: CAF's default (the number of cores)
  /// Whether subscriptions, processes and deadlines run; off, only the aggregates answer (for tests
  /// of the aggregate shell alone, where a process would cancel reservations no order made).
  bool follow_log = true;
  /// Set for a node of a cluster (a node port was given); unset, the node runs alone.
  std::optional<actors::cluster_settings> cluster;
};

/// The stores the actors work on and the wake-up of their subscriptions. The composition root builds
/// them once and shares the stores with the edge; every one must outlive the runtime.
struct runtime_stores {
  persistence::event_store& events;
  persistence::snapshot_store& snapshots;
  persistence::message_log& messages;
  persistence::checkpoint_store& checkpoints;
  persistence::deadline_store& deadlines;
  persistence::process_store& processes;
  persistence::conference_store& conferences;
  persistence::dead_letter_store& dead_letters;
  persistence::read_models::projections& projections;
  /// Used by the runtime's one waker alone, which wakes every subscription when events commit.
  persistence::wakeup& wakeup;
  /// The cluster's members and shard owners; used only by a node of a cluster.
  persistence::membership_store& members;
  persistence::shard_ownership_store& shards;
  /// The leases of the singletons this node may run; used only by a node of a cluster.
  persistence::singleton_leases& leases;
};

/// The live actors of one type on one node.
struct node_actors {
  std::string node_id; ///< empty for a node that runs alone
  std::vector<std::string> ids;
};

/// What an actor said of itself (API §5 `GET /api/admin/actors/{type}/{id}`).
using actor_inspection = nlohmann::json;

class runtime {
public:
  /// Starts the actor system on `stores`; throws std::runtime_error when a cluster node cannot publish
  /// itself on its node port.
  runtime(runtime_stores stores, runtime_settings settings);
  /// Stops every actor and waits for them.
  ~runtime();

  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  /// Sends one command to the aggregate it addresses and waits for its answer; `unavailable` when
  /// none came within `timeout` or the actor failed.
  command_reply send(aggregate_kind kind, command_envelope command,
                     std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Sends one command to the registration process of the order it addresses (a placement with a promo
  /// code) and waits for its answer, like `send`.
  command_reply send_to_process(command_envelope command,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// This node's id in its cluster; nullopt for a node that runs alone.
  std::optional<std::string> node_id() const;
  /// The cluster as this node last read it: the members (a lapsed heartbeat reads `down`) and the shards'
  /// owners; empty for a node that runs alone.
  cluster_view cluster() const;

  /// A cluster node's graceful leave: it reads `leaving` (others stop choosing it as a home), takes no more
  /// messages for its shards, lets its actors finish and stop (for at most `drain_for`), hands its shards
  /// and its singletons over. Nothing for a node alone.
  void leave(std::chrono::milliseconds drain_for = std::chrono::seconds(5));
  /// The node that owns the shard of actor `id` as last read; nullopt alone or when nobody owns it.
  std::optional<std::string> home_of(const std::string& id) const;
  /// The live actors of one type on every node this one reaches (itself first).
  std::vector<node_actors> live_everywhere(const std::string& type,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(2));
  /// Which node runs each singleton (subscriptions, `deadlines`): name -> node id; empty alone.
  std::map<std::string, std::string> singletons() const;
  /// What routing to other nodes cost so far.
  routing_figures routing() const;

  /// The actor types, as the admin API names them: every aggregate kind and `registration_process`.
  static std::vector<std::string> actor_types();

  /// The ids of the live actors of one type (none for an unknown type).
  std::vector<std::string> live(const std::string& type, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::vector<std::string> live(aggregate_kind kind, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return live(std::string(to_string(kind)), timeout);
  }
  /// The actor's own account of itself (`{type, id, version, snapshotVersion, mailbox, lastActiveAt, state,
  /// pendingDeadlines}`); it is started when not live. nullopt for an unknown type, on timeout or failure.
  std::optional<actor_inspection> inspect(const std::string& type, const std::string& id,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::optional<actor_inspection> inspect(aggregate_kind kind, const std::string& id,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return inspect(std::string(to_string(kind)), id, timeout);
  }
  /// The registration process of an order.
  std::optional<actor_inspection> inspect_process(const std::string& order_id,
                                                  std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return inspect(registration_process_type, order_id, timeout);
  }
  /// Stops the actor; its next message recreates it from the store. False for an unknown type.
  bool passivate(const std::string& type, const std::string& id);
  bool passivate(aggregate_kind kind, const std::string& id) { return passivate(std::string(to_string(kind)), id); }
  /// Starts rebuilding a projection (API §5); false for an unknown name.
  bool rebuild(const std::string& projection);
  /// The messages handlers gave up on, newest first.
  persistence::result<std::vector<persistence::dead_letter_entry>> dead_letters(std::size_t limit = 100);
  /// Hands a dead letter to its handler again; removed when that succeeds; false for an unknown id.
  persistence::result<bool> retry_dead_letter(std::int64_t id);
  /// Each subscription's `{name, position, status, error}`.
  std::vector<nlohmann::json> subscriptions(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace contoso::actors
