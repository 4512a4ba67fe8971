#pragma once
/// A conference with one seat type, created and published through the HTTP API (API.md §3) of one node,
/// for the cluster tests and the cluster bench to place orders in. Throws when a step is refused.

#include <stdexcept>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "tests/support/eventually.hpp"

namespace contoso::testing {

struct published_conference {
  std::string id;
  std::string slug;
  std::string seat_type;

  /// The body of an order of `seats` seats, under the client's own `order_id` (so that a retry is a replay).
  nlohmann::json order_of(const std::string& order_id, int seats) const {
    return {{"orderId", order_id}, {"seats", {{{"seatTypeId", seat_type}, {"quantity", seats}}}}};
  }
  nlohmann::json order_of_one(const std::string& order_id) const { return order_of(order_id, 1); }
  std::string orders_path() const { return "/api/conferences/" + slug + "/orders"; }
};

/// Creates the conference, with `seats` seats (at most 100000) of one type, through the node listening
/// on `http_port`, publishes it and waits until the registrants' view shows it.
inline published_conference publish_conference(int http_port, int seats) {
  httplib::Client client{"127.0.0.1", http_port};
  client.set_read_timeout(30, 0);
  auto expect = [](const httplib::Result& answer, int status, const char* step) {
    if (!answer || answer->status != status)
      throw std::runtime_error(std::string(step) + " answered " +
                               (answer ? std::to_string(answer->status) + " " + answer->body : "nothing"));
    return nlohmann::json::parse(answer->body);
  };

  published_conference conference;
  conference.slug = "cluster_" + random_uuid().substr(0, 8);
  const nlohmann::json created_body = {{"name", "Cluster Days"},
                                       {"description", "Orders through a balancer"},
                                       {"location", "Loopback"},
                                       {"slug", conference.slug},
                                       {"startDate", "2027-05-01"},
                                       {"endDate", "2027-05-02"},
                                       {"owner", {{"name", "Ann Owner"}, {"email", "ann@example.com"}}}};
  auto created = expect(client.Post("/api/conferences", created_body.dump(), "application/json"), 201,
                        "POST /api/conferences");
  conference.id = created["id"].get<std::string>();
  client.set_basic_auth("ann@example.com", created["accessCode"].get<std::string>().c_str());
  const auto management = "/api/management/conferences/" + conference.id;
  const nlohmann::json seat_type_body = {{"name", "General"}, {"description", ""}, {"quantity", seats}, {"price", 10}};
  conference.seat_type = expect(client.Post((management + "/seat-types").c_str(), seat_type_body.dump(),
                                            "application/json"),
                                201, "POST seat-types")["id"]
                           .get<std::string>();
  expect(client.Post((management + "/publish").c_str(), "", "application/json"), 200, "POST publish");

  const bool shown = eventually([&] {
    auto answer = client.Get(("/api/conferences/" + conference.slug).c_str());
    return answer && answer->status == 200 && !nlohmann::json::parse(answer->body)["seatTypes"].empty();
  });
  if (!shown)
    throw std::runtime_error("the published conference " + conference.slug + " was not shown within 30 s");
  return conference;
}

} // namespace contoso::testing
