#pragma once
/// HAProxy in front of nodes under test, on a free loopback port, configured by `haproxy_config` of
/// scripts/lib/haproxy.sh (the one place that configuration is written) and killed when the object goes
/// away. Its target defines CONFERENCE_SOURCE_DIR, where scripts/ is found.

#include <stdexcept>
#include <string>
#include <vector>

#include <httplib.h>

#include "tests/http/free_port.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"

namespace contoso::testing {

class balancer {
public:
  /// Balances over the nodes listening on `http_ports`; returns once it answers /readyz with 200, that
  /// is once its health checks found a node ready. Throws, with HAProxy's output, when it does not.
  explicit balancer(const std::vector<int>& http_ports) : port_(free_port()), process_(arguments(port_, http_ports)) {
    auto client = this->client();
    bool ready = false;
    eventually([&] {
      auto answer = client.Get("/readyz");
      ready = answer && answer->status == 200;
      return ready || !process_.running();
    });
    if (!ready)
      throw std::runtime_error((process_.running() ? "HAProxy did not answer /readyz with 200 within 30 s"
                                                   : "HAProxy exited") +
                               std::string("; its output:\n") + process_.standard_error() +
                               process_.standard_output());
  }

  /// A client of the balancer that waits long enough for HAProxy to try every node (4 attempts).
  httplib::Client client() const {
    httplib::Client client{"127.0.0.1", port_};
    client.set_keep_alive(true);
    client.set_read_timeout(150, 0);
    return client;
  }

  child_process& process() { return process_; }

private:
  static std::vector<std::string> arguments(int port, const std::vector<int>& http_ports) {
    std::vector<std::string> all{"/bin/bash", "-c", "source \"$0\" && exec_haproxy <(haproxy_config \"$@\")",
                                 CONFERENCE_SOURCE_DIR "/scripts/lib/haproxy.sh", std::to_string(port)};
    for (auto http_port : http_ports)
      all.push_back("127.0.0.1:" + std::to_string(http_port));
    return all;
  }

  int port_;
  child_process process_;
};

} // namespace contoso::testing
