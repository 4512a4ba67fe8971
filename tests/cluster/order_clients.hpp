#pragma once
/// Clients placing one-seat orders through a balancer, for the cluster tests (is anything lost?) and
/// the cluster bench (how many per second?).

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "domain/ids.hpp"
#include "tests/cluster/balancer.hpp"
#include "tests/cluster/published_conference.hpp"

namespace contoso::testing {

/// What the clients saw: the orders acknowledged (202) and every other answer.
struct client_log {
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::vector<std::string> failures;

  std::size_t acknowledged_count() {
    std::lock_guard lock{mutex};
    return acknowledged.size();
  }
};

/// `count` clients, each placing one order after the other until told to stop; stopped and joined when
/// the object goes away, so that a failed assertion never leaves a thread running.
class order_clients {
public:
  order_clients(const balancer& front, const published_conference& conference, client_log& log, int count) {
    for (int i = 0; i < count; ++i)
      threads_.emplace_back([&front, &conference, &log, this] {
        auto client = front.client();
        while (!stop_) {
          const auto order_id = random_uuid();
          auto answer =
            client.Post(conference.orders_path().c_str(), conference.order_of_one(order_id).dump(), "application/json");
          std::lock_guard lock{log.mutex};
          if (answer && answer->status == 202)
            log.acknowledged.push_back(order_id);
          else
            log.failures.push_back(order_id + ": " +
                                   (answer ? std::to_string(answer->status) + " " + answer->body
                                           : "no answer (" + httplib::to_string(answer.error()) + ")"));
        }
      });
  }

  order_clients(const order_clients&) = delete;
  order_clients& operator=(const order_clients&) = delete;

  ~order_clients() { stop(); }

  /// Lets each client finish the request it is in, then joins them.
  void stop() {
    stop_ = true;
    for (auto& thread : threads_)
      if (thread.joinable())
        thread.join();
  }

private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

} // namespace contoso::testing
