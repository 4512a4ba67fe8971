#pragma once
/// Controls for the registration tests through the actor runtime: a published conference, order
/// placements, payments, and the waits and counts the tests check with.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace contoso::testing {

struct published_conference {
  std::string id = random_uuid();
  std::string slug = "conf_" + random_access_code();
  std::string full = random_uuid();
  std::string free = random_uuid();
  int full_quota = 4;
};

/// A published conference with a paid seat type ("Full", `full_quota` seats at 100) and a free one
/// ("Student", `free_quota` seats), once the conferences read model shows both.
inline published_conference publish(runtime_fixture& given, int full_quota = 4, int free_quota = 10) {
  using actors::aggregate_kind;
  using actors::command_reply;
  published_conference conference;
  conference.full_quota = full_quota;
  management::conference::create_conference create{conference.id, "Contoso Days", "Talks", "Redmond", "", "",
                                                   conference.slug, "2027-05-01", "2027-05-03", "Ann Owner",
                                                   "ann@example.com"};
  REQUIRE(given.send(aggregate_kind::conference, conference.id, create).status == command_reply::accepted);
  REQUIRE(given
            .send(aggregate_kind::conference, conference.id,
                  management::conference::create_seat_type{conference.full, "Full", "All days", full_quota,
                                                           money::from_cents(10000)})
            .status
          == command_reply::accepted);
  REQUIRE(given
            .send(aggregate_kind::conference, conference.id,
                  management::conference::create_seat_type{conference.free, "Student", "Free", free_quota, money{}})
            .status
          == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::conference, conference.id, management::conference::publish_conference{}).status
          == command_reply::accepted);
  REQUIRE(eventually([&] {
    auto view = given.views.conference_by_slug(conference.slug);
    return view.ok() && view.value() && view.value()->seat_types.size() == 2
           && view.value()->seat_types[0].available + view.value()->seat_types[1].available
                == full_quota + free_quota;
  }));
  return conference;
}

/// Places order `order_id` for `seats` of `seat_type`, priced with the conference's prices.
inline registration::order::register_to_conference
place(const published_conference& conference, const std::string& order_id, const std::string& seat_type, int seats,
      std::optional<registration::promo_terms> promo = std::nullopt) {
  return {order_id,
          conference.id,
          {{seat_type, seats}},
          {{conference.full, "Full", money::from_cents(10000)}, {conference.free, "Student", money{}}},
          std::move(promo)};
}

/// Starts payment `payment_id` of `amount` for the order; answers the payment aggregate's reply status.
inline std::int32_t initiate_payment(runtime_fixture& given, const published_conference& conference,
                                     const std::string& order_id, const std::string& payment_id, money amount) {
  return given
    .send(actors::aggregate_kind::payment, payment_id,
          payments::payment::initiate_third_party_processor_payment{payment_id, order_id, conference.id, "seats",
                                                                    amount})
    .status;
}

/// The processor accepts payment `payment_id`; answers the payment aggregate's reply status.
inline std::int32_t complete_payment(runtime_fixture& given, const std::string& payment_id) {
  return given
    .send(actors::aggregate_kind::payment, payment_id,
          payments::payment::complete_third_party_processor_payment{payment_id})
    .status;
}

/// Whether the orders read model shows the order with `status` (waiting for it).
inline bool order_status_is(runtime_fixture& given, const std::string& order_id, const std::string& status) {
  return eventually([&] {
    auto view = given.views.order(order_id);
    return view.ok() && view.value() && view.value()->status == status;
  });
}

/// The seats of `seat_type` the conferences read model shows as available.
inline int available(runtime_fixture& given, const published_conference& conference, const std::string& seat_type) {
  auto view = given.views.conference_by_slug(conference.slug);
  REQUIRE(view.ok());
  REQUIRE(view.value());
  for (const auto& type : view.value()->seat_types)
    if (type.id == seat_type)
      return type.available;
  FAIL("no seat type " << seat_type);
  return -1;
}

inline std::int64_t events_of_type(runtime_fixture& given, const std::string& type) {
  return given.scalar("SELECT count(*) FROM events WHERE type = $1", {type});
}

/// The conference's SeatsAvailability as its actor accounts for it (`{seatTypes, pending}`).
inline nlohmann::json seats_availability(runtime_fixture& given, const published_conference& conference) {
  auto inspected = given.runtime->inspect(actors::aggregate_kind::seats_availability, conference.id);
  REQUIRE(inspected);
  return (*inspected)["state"];
}

/// Settings for expiry tests: seats held 2 s, released 1 s later; deadlines and subscriptions looked at
/// every 100 ms.
inline actors::runtime_settings short_expiry() {
  actors::runtime_settings settings;
  settings.policy.reservation_timeout = std::chrono::seconds(2);
  settings.policy.release_buffer = std::chrono::seconds(1);
  settings.subscription_poll = std::chrono::milliseconds(100);
  return settings;
}

/// Stops the node's runtime and starts a new one on the same database with `settings`.
inline void restart(runtime_fixture& given, actors::runtime_settings settings) {
  given.runtime.reset();
  given.runtime = std::make_unique<actors::runtime>(given.stores.bundle(), std::move(settings));
}

} // namespace contoso::testing
