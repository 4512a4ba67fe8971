#pragma once
/// A conference published through the actors, and the helpers the flow tests order and look with.

#include <string>

#include "domain/management/conference.hpp"
#include "domain/registration/order.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace contoso::testing {

struct published_conference {
  std::string id = random_uuid();
  std::string slug = "conf_" + random_access_code();
  std::string full = random_uuid();
  std::string free = random_uuid();
};

/// A published conference with a paid seat type ("Full", `full_seats` at 100) and a free one
/// ("Student", `free_seats`), once the seats are available to order.
inline published_conference publish(runtime_fixture& given, int full_seats = 4, int free_seats = 10) {
  using actors::aggregate_kind;
  using actors::command_reply;
  published_conference conference;
  management::conference::create_conference create{conference.id, "Contoso Days", "Talks", "Redmond", "", "",
                                                   conference.slug, "2027-05-01", "2027-05-03", "Ann Owner",
                                                   "ann@example.com"};
  REQUIRE(given.send(aggregate_kind::conference, conference.id, create).status == command_reply::accepted);
  REQUIRE(given
            .send(aggregate_kind::conference, conference.id,
                  management::conference::create_seat_type{conference.full, "Full", "All days", full_seats,
                                                           money::from_cents(10000)})
            .status
          == command_reply::accepted);
  REQUIRE(given
            .send(aggregate_kind::conference, conference.id,
                  management::conference::create_seat_type{conference.free, "Student", "Free", free_seats, money{}})
            .status
          == command_reply::accepted);
  REQUIRE(given.send(aggregate_kind::conference, conference.id, management::conference::publish_conference{}).status
          == command_reply::accepted);
  REQUIRE(runtime_fixture::eventually([&] {
    auto view = given.views.conference_by_slug(conference.slug);
    return view.ok() && view.value() && view.value()->seat_types.size() == 2
           && view.value()->seat_types[0].available + view.value()->seat_types[1].available
                == full_seats + free_seats;
  }));
  return conference;
}

/// The command placing order `order_id` for `seats` seats of `seat_type`.
inline registration::order::register_to_conference place(const published_conference& conference,
                                                         const std::string& order_id, const std::string& seat_type,
                                                         int seats) {
  return {order_id,
          conference.id,
          {{seat_type, seats}},
          {{conference.full, "Full", money::from_cents(10000)}, {conference.free, "Student", money{}}},
          {}};
}

/// Whether the order's read model eventually shows `status`.
inline bool order_status_is(runtime_fixture& given, const std::string& order_id, const std::string& status) {
  return runtime_fixture::eventually([&] {
    auto view = given.views.order(order_id);
    return view.ok() && view.value() && view.value()->status == status;
  });
}

/// The seats of `seat_type` the conference read model shows as available.
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

/// How many events of `type` the store holds.
inline std::int64_t events_of_type(runtime_fixture& given, const std::string& type) {
  return given.scalar("SELECT count(*) FROM events WHERE type = $1", {type});
}

} // namespace contoso::testing
