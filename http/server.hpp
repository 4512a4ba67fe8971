#pragma once
/// The HTTP edge over cpp-httplib: a fixed pool of request threads, a table of routes, and the checks
/// every route shares, in the contract's order (API.md §7): 413 and 415 before parsing, 400 for
/// malformed JSON, then the route's handler. Unknown paths answer 404 and known paths with another
/// method 405, both in the contract's error shape. Every answer is counted and logged.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/logger.hpp"
#include "http/metrics.hpp"
#include "http/route.hpp"

namespace contoso::http {

/// Where the server listens and how much it takes on.
struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  /// Requests served at once; further connections wait in the queue.
  std::size_t threads = 8;
  /// Larger bodies, chunked or not, answer 413.
  std::size_t max_body_bytes = 64 * 1024;
};

/// The HTTP listener and its route table.
class server {
public:
  server(server_options options, const logger& log);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Adds a route; patterns are matched in the order they were added.
  void add(route entry);

  /// A check run before routing on every request whose path is `prefix` or lies under it; an answer
  /// stops the request there, so that a caller without credentials cannot tell which paths exist.
  using guard = std::function<std::optional<reply>(const request&)>;
  void guard_prefix(std::string prefix, guard check);

  /// Every route's method and pattern, in the order they were added.
  std::vector<std::pair<std::string, std::string>> routes() const;

  /// Adds a source of further metric families to the metrics' exposition.
  void add_metrics(request_metrics::collector source);

  /// Opens the listening socket; false when the address cannot be bound.
  bool bind();

  /// `http://host:port`, valid after `bind`.
  std::string url() const;

  /// Serves until `stop`; returns once every accepted request has been answered.
  void run();

  /// Stops accepting connections. Callable from any thread; a call before `run` began has no effect,
  /// so a caller that must be sure repeats it until `run` returned.
  void stop();

  /// Counts and latencies of every answer so far.
  const request_metrics& metrics() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace contoso::http
