#pragma once
/// `conference serve` as a real child process on a free loopback port, for the end-to-end tests.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <httplib.h>

#include "tests/http/free_port.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"

namespace contoso::testing {

/// `conference serve` on a free port (or a given one), waited for until /healthz answers.
class conference_server {
public:
  /// `extra` arguments follow `serve`'s own; `environment` adds variables (e.g. a fault point).
  explicit conference_server(const std::string& database_url, std::vector<std::string> extra = {},
                             const std::map<std::string, std::string>& environment = {})
    : conference_server(free_port(), database_url, std::move(extra), environment) {}

  /// On `port`: a server started again where its clients (or a balancer) expect it.
  conference_server(int port, const std::string& database_url, std::vector<std::string> extra,
                    const std::map<std::string, std::string>& environment = {})
    : port_(port), process_(arguments(database_url, port_, std::move(extra)), environment) {
    auto client = this->client();
    bool answered = false;
    // A server that exited will never answer: its exit ends the wait too.
    eventually([&] {
      auto answer = client.Get("/healthz");
      answered = answer && answer->status == 200;
      return answered || !process_.running();
    });
    if (answered)
      return;
    // An exception, not a Catch assertion, so that the benchmarks can start servers too; a test that
    // meets it fails with its message.
    throw std::runtime_error((process_.running() ? "the server did not answer /healthz within 30 s"
                                                 : "the server exited before answering /healthz") +
                             std::string("; stderr:\n") + process_.standard_error());
  }

  /// A client that keeps its connection, so that one server thread serves its requests in order.
  httplib::Client client() const {
    httplib::Client client{"127.0.0.1", port_};
    client.set_keep_alive(true);
    client.set_read_timeout(30, 0);
    return client;
  }

  child_process& process() { return process_; }
  int port() const { return port_; }

private:
  static std::vector<std::string> arguments(const std::string& database_url, int port, std::vector<std::string> extra) {
    std::vector<std::string> all = {CONFERENCE_BINARY, "serve", "--http-port", std::to_string(port), "--db-url",
                                    database_url};
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  }

  int port_;
  child_process process_;
};

} // namespace contoso::testing
