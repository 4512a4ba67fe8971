#pragma once
/// An `http::server` in this process on a free loopback port, for tests of the edge with routes made
/// for the test.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "http/logger.hpp"
#include "http/server.hpp"
#include "tests/http/free_port.hpp"

namespace contoso::testing {

/// A server running on its own thread, stopped and joined at the end of the test.
class serving {
public:
  explicit serving(const std::function<void(http::server&)>& add_routes)
    : log_(contoso::config::log_level::error), port_(free_port()),
      server_({"127.0.0.1", static_cast<std::uint16_t>(port_), 4, 64 * 1024}, log_) {
    add_routes(server_);
    REQUIRE(server_.bind());
    runner_ = std::thread([this] {
      server_.run();
      returned_ = true;
    });
  }

  ~serving() { stop(); }

  /// One stop request, for a server known to be listening.
  void request_stop() { server_.stop(); }

  /// Stops and waits for run() to return; a stop before the server listens is lost, so it is repeated.
  void stop() {
    while (!returned_) {
      server_.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (runner_.joinable())
      runner_.join();
  }

  httplib::Client client() const {
    httplib::Client client{"127.0.0.1", port_};
    client.set_read_timeout(30, 0);
    return client;
  }

  const http::server& served() const { return server_; }

private:
  http::logger log_;
  int port_;
  http::server server_;
  std::thread runner_;
  std::atomic<bool> returned_{false};
};

} // namespace contoso::testing
