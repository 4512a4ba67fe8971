// The read models over real PostgreSQL: domain events are appended with the real event store, read
// back in the global order, applied to the projections, then queried as the HTTP layer will.
#include <map>

#include "domain/discounts/promo_code.hpp"
#include "domain/ids.hpp"
#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"
#include "persistence/pg/read_models.hpp"
#include "tests/persistence/stores.hpp"

using namespace contoso;
using namespace contoso::persistence;
namespace conference = contoso::management::conference;
namespace order = contoso::registration::order;
namespace availability = contoso::registration::seats_availability;
namespace assignments = contoso::registration::seat_assignments;
namespace payment = contoso::payments::payment;
namespace promo = contoso::discounts::promo_code;
using registration::order_line;
using registration::seat_quantity;

namespace {

const char* const every_projection[] = {"conferences", "orders", "payments", "promo_codes"};

/// A migrated database with a conference `c` (slug DevCon) and two published seat types.
struct read_models_fixture {
  testing::scratch_stores stores;
  pg::read_model_projections& projections = stores.projections;
  pg::read_model_queries queries{stores.db};
  std::map<std::string, std::int64_t> versions;

  const std::string conference_id = random_uuid();
  const std::string general = random_uuid();
  const std::string workshop = random_uuid();
  const instant expiry = instant(std::chrono::milliseconds(1'800'000'000'000));

  /// Appends events to a stream with the real store, after what the stream already holds.
  template <class Event>
  void append(const std::string& stream, std::vector<Event> events) {
    std::vector<new_event> batch;
    for (const auto& event : events)
      batch.push_back(new_event{encode(event), {}, ""});
    auto appended = stores.events.append(stream, versions[stream], std::move(batch), "");
    REQUIRE(appended.ok());
    REQUIRE(appended.value().what == append_result::appended);
    versions[stream] = appended.value().version;
  }

  std::vector<recorded_event> log() {
    auto all = stores.events.read_all({}, 100000);
    REQUIRE(all.ok());
    return all.value();
  }

  /// Applies the whole log to every projection.
  void project() {
    const auto events = log();
    for (const char* name : every_projection)
      REQUIRE(projections.apply(name, events).ok());
  }

  void publish_conference(int general_quota = 10) {
    conference::conference_details details{"DevCon", "Talks", "Lisbon", "Code", "#devcon",
                                           parse_date("2026-12-01").value(), parse_date("2026-12-03").value()};
    append<conference::event>(
      "conference-" + conference_id,
      {conference::conference_created{conference_id, "DevCon", details, {"Olga Owner", "olga@example.com"}, "ABC123"},
       conference::seat_created{conference_id, general, "General", "All talks", general_quota,
                                money::from_cents(19900), 1},
       conference::seat_created{conference_id, workshop, "Workshop", "Hands on", 5, money::from_cents(5000), 1},
       conference::conference_published{conference_id}});
    change_quotas({{general, general_quota}, {workshop, 5}}, {{general, general_quota}, {workshop, 5}});
  }

  void change_quotas(std::vector<availability::seat_quota> quotas, std::vector<seat_quantity> deltas) {
    append<availability::event>("seats_availability-" + conference_id,
                                {availability::available_seats_changed{std::move(deltas), std::move(quotas)}});
  }

  void reserve(const std::string& order_id, std::vector<seat_quantity> held, std::vector<seat_quantity> deltas) {
    append<availability::event>("seats_availability-" + conference_id,
                                {availability::seats_reserved{order_id, std::move(held), std::move(deltas)}});
  }

  /// An order placed for `seats` and priced at the seat types' prices.
  std::string place_order(std::vector<seat_quantity> seats, std::vector<order_line> lines, money total) {
    const auto order_id = random_uuid();
    append<order::event>("order-" + order_id,
                         {order::order_placed{conference_id, seats, expiry, "XYZ789", std::nullopt},
                          order::order_totals_calculated{std::move(lines), money{}, total, total == money{}}});
    return order_id;
  }

  read_models::order_view order_of(const std::string& order_id) {
    auto found = queries.order(order_id);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    return *found.value();
  }

  read_models::seat_type_view seat_type(const std::string& id) {
    auto found = queries.conference_by_slug("devcon");
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    for (const auto& seat_type : found.value()->seat_types)
      if (seat_type.id == id)
        return seat_type;
    FAIL("no seat type " << id);
    return {};
  }

  std::vector<std::string> owner_order_ids() {
    auto found = queries.owner_orders(conference_id);
    REQUIRE(found.ok());
    std::vector<std::string> ids;
    for (const auto& listed : found.value())
      ids.push_back(listed.order_id);
    return ids;
  }

  read_models::projection_status status_of(const std::string& name) {
    auto all = projections.list();
    REQUIRE(all.ok());
    for (const auto& status : all.value())
      if (status.name == name)
        return status;
    FAIL("no projection " << name);
    return {};
  }
};

order_line line(const std::string& seat_type, const std::string& name, int quantity, std::int64_t unit_cents) {
  return order_line{seat_type, name, quantity, money::from_cents(unit_cents), money::from_cents(unit_cents * quantity)};
}

} // namespace

TEST_CASE("read models: a paid order shows its lines, registrant, payment, seats and place in the owner's list",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference();
  const auto order_id = given.place_order({{given.general, 2}}, {line(given.general, "General", 2, 19900)},
                                          money::from_cents(39800));
  given.reserve(order_id, {{given.general, 2}}, {{given.general, -2}});
  const auto payment_id = random_uuid();
  const auto assignments_id = assignments::id_for_order(order_id);
  given.append<order::event>("order-" + order_id,
                             {order::order_reservation_completed{given.expiry, {{given.general, 2}}},
                              order::order_registrant_assigned{"Ada", "Lovelace", "Ada@Example.com"}});
  given.append<payment::event>("payment-" + payment_id,
                               {payment::payment_initiated{order_id, given.conference_id, "DevCon seats",
                                                           money::from_cents(39800)},
                                payment::payment_completed{order_id, given.conference_id, money::from_cents(39800)}});
  given.append<order::event>("order-" + order_id, {order::order_confirmed{}});
  given.append<assignments::event>(
    "seat_assignments-" + assignments_id,
    {assignments::seat_assignments_created{order_id, {{0, given.general}, {1, given.general}}},
     assignments::seat_assigned{1, given.general, {"Alan", "Turing", "alan@example.com"}}});

  given.project();

  SECTION("the order view") {
    auto view = given.order_of(order_id);
    CHECK(view.conference_id == given.conference_id);
    CHECK(view.conference_slug == "DevCon");
    CHECK(view.status == "confirmed");
    CHECK(view.version == 5);
    CHECK(view.access_code == "XYZ789");
    REQUIRE(view.lines.size() == 1);
    CHECK(view.lines[0].seat_type_name == "General");
    CHECK(view.lines[0].requested == 2);
    CHECK(view.lines[0].reserved == 2);
    CHECK(view.lines[0].unit_price == money::from_cents(19900));
    CHECK(view.lines[0].line_total == money::from_cents(39800));
    CHECK(view.total == money::from_cents(39800));
    CHECK_FALSE(view.is_free_of_charge);
    CHECK(view.reservation_expires_at == given.expiry);
    REQUIRE(view.registrant.has_value());
    CHECK(view.registrant->email == "Ada@Example.com");
    CHECK(view.payment_id == payment_id);
    CHECK(view.assignments_id == assignments_id);
  }
  SECTION("the lookup by email in any case and the exact access code") {
    auto found = given.queries.find_order("ada@EXAMPLE.com", "XYZ789");
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->order_id == order_id);
    CHECK(found.value()->conference_slug == "DevCon");
    auto wrong_code = given.queries.find_order("ada@example.com", "xyz789");
    REQUIRE(wrong_code.ok());
    CHECK_FALSE(wrong_code.value().has_value());
  }
  SECTION("the seat assignments, with seat-type names") {
    auto found = given.queries.seat_assignments(order_id);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    const auto& seats = found.value()->seats;
    CHECK(found.value()->assignments_id == assignments_id);
    REQUIRE(seats.size() == 2);
    CHECK(seats[0].seat_type_name == "General");
    CHECK_FALSE(seats[0].attendee.has_value());
    REQUIRE(seats[1].attendee.has_value());
    CHECK(seats[1].attendee->email == "alan@example.com");
  }
  SECTION("the payment") {
    auto found = given.queries.payment(payment_id);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->order_id == order_id);
    CHECK(found.value()->amount == money::from_cents(39800));
    CHECK(found.value()->status == "completed");
  }
  SECTION("the owner's list shows it paid, with its registrant and attendees") {
    auto found = given.queries.owner_orders(given.conference_id);
    REQUIRE(found.ok());
    REQUIRE(found.value().size() == 1);
    const auto& listed = found.value()[0];
    CHECK(listed.status == "paid");
    CHECK(listed.total == money::from_cents(39800));
    REQUIRE(listed.registrant.has_value());
    CHECK(listed.registrant->last_name == "Lovelace");
    REQUIRE(listed.seats.size() == 2);
    CHECK(listed.seats[1].attendee->first_name == "Alan");
  }
  SECTION("the conference shows the seats left and is listed as published") {
    CHECK(given.seat_type(given.general).available == 8);
    CHECK(given.seat_type(given.general).price == money::from_cents(19900));
    auto published = given.queries.published_conferences();
    REQUIRE(published.ok());
    REQUIRE(published.value().size() == 1);
    CHECK(published.value()[0].slug == "DevCon");
    auto prices = given.queries.seat_type_prices(given.conference_id);
    REQUIRE(prices.ok());
    CHECK(prices.value().size() == 2);
  }
}

TEST_CASE("read models: seats left are the quota less what is held and sold, never below zero",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference(10);
  const auto first = random_uuid();
  const auto second = random_uuid();

  given.reserve(first, {{given.general, 4}}, {{given.general, -4}});
  given.project();
  CHECK(given.seat_type(given.general).available == 6);

  given.append<availability::event>("seats_availability-" + given.conference_id,
                                    {availability::seats_reservation_cancelled{first, {{given.general, 4}}}});
  given.project();
  CHECK(given.seat_type(given.general).available == 10);

  given.reserve(second, {{given.general, 6}}, {{given.general, -6}});
  given.change_quotas({{given.general, 3, 2}}, {{given.general, -7}});
  given.project();
  CHECK(given.seat_type(given.general).quota == 3);
  CHECK(given.seat_type(given.general).available == 0);

  given.change_quotas({{given.general, 12, 3}}, {{given.general, 9}});
  given.project();
  CHECK(given.seat_type(given.general).quota == 12);
  CHECK(given.seat_type(given.general).available == 6);
}

TEST_CASE("read models: a partial reservation shows requested and reserved per line, priced by what was reserved",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference();
  const auto order_id = given.place_order(
    {{given.general, 3}, {given.workshop, 2}},
    {line(given.general, "General", 3, 19900), line(given.workshop, "Workshop", 2, 5000)}, money::from_cents(69700));
  given.project();
  CHECK(given.order_of(order_id).status == "pending");
  CHECK_FALSE(given.order_of(order_id).lines[0].reserved.has_value());

  given.append<order::event>(
    "order-" + order_id,
    {order::order_partially_reserved{given.expiry, {{given.general, 1}}},
     order::order_totals_calculated{{line(given.general, "General", 1, 19900), line(given.workshop, "Workshop", 0, 5000)},
                                    money{},
                                    money::from_cents(19900),
                                    false}});
  given.project();

  auto view = given.order_of(order_id);
  CHECK(view.status == "partiallyReserved");
  REQUIRE(view.lines.size() == 2);
  CHECK(view.lines[0].requested == 3);
  CHECK(view.lines[0].reserved == 1);
  CHECK(view.lines[0].line_total == money::from_cents(19900));
  CHECK(view.lines[1].requested == 2);
  CHECK(view.lines[1].reserved == 0);
  CHECK(view.lines[1].line_total == money{});
  CHECK(view.total == money::from_cents(19900));
}

TEST_CASE("read models: expired and rejected orders drop out of the owner's list, attention stays",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference();
  const std::vector<order_line> lines{line(given.general, "General", 1, 19900)};
  const auto expired = given.place_order({{given.general, 1}}, lines, money::from_cents(19900));
  const auto rejected = given.place_order({{given.general, 1}}, lines, money::from_cents(19900));
  const auto attention = given.place_order({{given.general, 1}}, lines, money::from_cents(19900));
  const auto pending = given.place_order({{given.general, 1}}, lines, money::from_cents(19900));
  const auto updated = given.place_order({{given.general, 1}}, lines, money::from_cents(19900));
  given.append<order::event>("order-" + expired, {order::order_reservation_completed{given.expiry, {{given.general, 1}}},
                                                  order::order_expired{}});
  given.append<order::event>("order-" + rejected, {order::order_expired{}});
  // Pending again after a seat update, but it did hold seats once: expired, not rejected.
  given.append<order::event>("order-" + updated,
                             {order::order_reservation_completed{given.expiry, {{given.general, 1}}},
                              order::order_updated{{{given.general, 2}}},
                              order::order_totals_calculated{{line(given.general, "General", 2, 19900)}, money{},
                                                             money::from_cents(39800), false},
                              order::order_expired{}});
  given.append<order::event>("order-" + attention,
                             {order::order_reservation_completed{given.expiry, {{given.general, 1}}},
                              order::order_expired{}, order::order_flagged_for_attention{"seats gone"}});
  given.project();

  CHECK(given.order_of(expired).status == "expired");
  CHECK(given.order_of(rejected).status == "rejected");
  CHECK(given.order_of(updated).status == "expired");
  CHECK(given.order_of(attention).status == "attention");
  auto listed = given.owner_order_ids();
  std::sort(listed.begin(), listed.end());
  std::vector<std::string> expected{attention, pending};
  std::sort(expected.begin(), expected.end());
  CHECK(listed == expected);
}

TEST_CASE("read models: applying the same batch again, or an older one after a newer, changes nothing",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference(10);
  given.reserve(random_uuid(), {{given.general, 4}}, {{given.general, -4}});
  const auto older = given.log();
  given.reserve(random_uuid(), {{given.general, 1}}, {{given.general, -1}});
  const auto newer = given.log();

  REQUIRE(given.projections.apply("conferences", newer).ok());
  const auto cursor = given.status_of("conferences").cursor;
  CHECK(cursor == newer.back().cursor());
  CHECK(given.seat_type(given.general).available == 5);

  REQUIRE(given.projections.apply("conferences", newer).ok());
  REQUIRE(given.projections.apply("conferences", older).ok());
  CHECK(given.seat_type(given.general).available == 5);
  CHECK(given.status_of("conferences").cursor == cursor);
}

TEST_CASE("read models: promo-code usage counts held and used uses per code", "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference();
  const auto stream = "promo_code-" + promo::stream_id(given.conference_id, "EARLY");
  const auto confirmed = random_uuid();
  const auto placed = random_uuid();
  const auto expired = random_uuid();
  given.append<promo::event>(
    stream, {promo::promo_code_created{given.conference_id,
                                       {"EARLY", registration::percent_off{10}, {given.general}}, 5},
             promo::promo_code_use_held{confirmed}, promo::promo_code_use_held{placed},
             promo::promo_code_use_held{expired}, promo::promo_code_use_committed{confirmed},
             promo::promo_code_use_released{expired}});
  given.project();

  auto codes = given.queries.promo_codes(given.conference_id);
  REQUIRE(codes.ok());
  REQUIRE(codes.value().size() == 1);
  const auto& code = codes.value()[0];
  CHECK(code.terms.code == "EARLY");
  CHECK(std::get<registration::percent_off>(code.terms.reduction).percent == 10);
  CHECK(code.terms.seat_type_ids == std::vector<std::string>{given.general});
  CHECK(code.max_uses == 5);
  CHECK(code.held == 1);
  CHECK(code.used == 1);
}

TEST_CASE("read models: a rebuild fills shadow tables while the live ones answer, then swaps them in",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference();
  const auto order_id = given.place_order({{given.general, 2}}, {line(given.general, "General", 2, 19900)},
                                          money::from_cents(39800));
  given.reserve(order_id, {{given.general, 2}}, {{given.general, -2}});
  given.append<order::event>("order-" + order_id,
                             {order::order_reservation_completed{given.expiry, {{given.general, 2}}}});
  given.project();
  const auto before_order = given.order_of(order_id);
  const auto before_seats = given.seat_type(given.general);
  const auto events = given.log();

  for (const char* name : {"conferences", "orders"}) {
    REQUIRE(given.projections.begin_rebuild(name).ok());
    CHECK(given.status_of(name).rebuilding);
  }
  // Half-way through the replay the live tables still answer in full, and the swap waits.
  const std::vector<recorded_event> first_half(events.begin(), events.begin() + 3);
  REQUIRE(given.projections.apply_rebuild("conferences", first_half).ok());
  CHECK(given.seat_type(given.general).available == before_seats.available);
  auto too_early = given.projections.finish_rebuild("conferences");
  REQUIRE(too_early.ok());
  CHECK_FALSE(too_early.value());

  for (const char* name : {"conferences", "orders"}) {
    REQUIRE(given.projections.apply_rebuild(name, events).ok());
    auto swapped = given.projections.finish_rebuild(name);
    REQUIRE(swapped.ok());
    CHECK(swapped.value());
    CHECK_FALSE(given.status_of(name).rebuilding);
    CHECK(given.status_of(name).cursor == events.back().cursor());
  }

  const auto after_order = given.order_of(order_id);
  CHECK(after_order.status == before_order.status);
  CHECK(after_order.version == before_order.version);
  CHECK(after_order.total == before_order.total);
  REQUIRE(after_order.lines.size() == before_order.lines.size());
  CHECK(after_order.lines[0].reserved == before_order.lines[0].reserved);
  CHECK(given.seat_type(given.general).available == before_seats.available);
  CHECK(given.seat_type(given.general).quota == before_seats.quota);

  SECTION("and a second rebuild works on the swapped tables") {
    REQUIRE(given.projections.begin_rebuild("conferences").ok());
    REQUIRE(given.projections.apply_rebuild("conferences", events).ok());
    REQUIRE(given.projections.finish_rebuild("conferences").ok());
    CHECK(given.seat_type(given.general).available == before_seats.available);
  }
}

TEST_CASE("read models: a poison event rolls back its whole batch and leaves the cursor",
          "[persistence][read_models]") {
  read_models_fixture given;
  given.publish_conference(10);
  given.project();
  const auto cursor = given.status_of("conferences").cursor;
  given.reserve(random_uuid(), {{given.general, 4}}, {{given.general, -4}});
  REQUIRE(given.stores.events
            .append("seats_availability-" + given.conference_id, given.versions["seats_availability-" + given.conference_id],
                    {new_event{stored_event{"SeatsReserved", 1, {{"reservationId", 42}}}, {}, ""}}, "")
            .ok());
  const auto events = given.log();

  auto applied = given.projections.apply("conferences", events);
  REQUIRE_FALSE(applied.ok());
  CHECK_THAT(applied.error().message, Catch::Contains("position " + std::to_string(events.back().position)));
  CHECK(given.status_of("conferences").cursor == cursor);
  CHECK(given.seat_type(given.general).available == 10);

  SECTION("one event at a time isolates it: the good one applies, the poison one alone fails") {
    REQUIRE(given.projections.apply("conferences", {events[events.size() - 2]}).ok());
    CHECK(given.seat_type(given.general).available == 6);
    CHECK_FALSE(given.projections.apply("conferences", {events.back()}).ok());
    CHECK(given.status_of("conferences").cursor == events[events.size() - 2].cursor());
  }
}
