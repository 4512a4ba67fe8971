#pragma once
/// Every setting of the running system as plain values. `config::load` fills them from flags, the
/// environment, a JSON config file and defaults; `http/main.cpp` hands the parts down to the layers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace contoso::config {

/// Where the HTTP edge listens and how many requests it serves at once.
struct http_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  /// Size of the fixed pool of request threads.
  std::size_t threads = 8;
  /// Bearer token for /api/admin/*; none leaves the admin API disabled (every call 401).
  std::optional<std::string> admin_token;
};

/// The PostgreSQL connection pool.
struct database_settings {
  /// libpq connection string.
  std::string url;
  std::size_t pool_size = 8;
  /// Longest a single database call may take before it counts as failed.
  std::chrono::milliseconds call_timeout{5000};
};

/// The registration rules that are policy rather than code.
struct registration_settings {
  std::chrono::seconds reservation_timeout{900};
  std::chrono::seconds expiry_buffer{840};
  int max_seats_per_line = 20;
};

/// How this node joins others; no node port means a single node.
struct cluster_settings {
  std::optional<std::uint16_t> node_port;
  /// The address the node port binds to and other nodes reach it at.
  std::string node_host = "127.0.0.1";
  /// `host:port` of nodes to join.
  std::vector<std::string> seeds;
  /// Shards the actor ids are hashed into; every node of a cluster must use the same count.
  int shard_count = 64;
  /// A member whose heartbeat is older than this counts as down for everyone.
  std::chrono::milliseconds member_timeout{3000};
};

/// Tuning of actors and subscriptions.
struct runtime_settings {
  /// Events appended to a stream between two snapshots of it.
  int snapshot_every = 100;
  /// Idle time after which an actor stops; its next message recreates it.
  std::chrono::seconds passivate_after{300};
  /// Failures of one message in one handler before it goes to the dead letters.
  int handler_max_attempts = 5;
  /// How often a subscription looks for new events when no notification woke it.
  std::chrono::milliseconds subscription_poll{500};
};

/// How much the process writes to stderr.
enum class log_level { error, warn, info, debug };

/// Everything, grouped by the layer that reads it.
struct settings {
  http_settings http;
  database_settings database;
  registration_settings registration;
  cluster_settings cluster;
  runtime_settings runtime;
  log_level logging = log_level::info;
};

} // namespace contoso::config
