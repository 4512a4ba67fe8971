#include "persistence/pg/read_models_handlers.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/discounts/promo_code.hpp"
#include "domain/management/conference.hpp"
#include "domain/payments/payment.hpp"
#include "domain/registration/order.hpp"
#include "domain/registration/seat_assignments.hpp"
#include "domain/registration/seats_availability.hpp"

namespace contoso::persistence::pg {

namespace {

namespace conference = management::conference;
namespace order = registration::order;
namespace seats_availability = registration::seats_availability;
namespace seat_assignments = registration::seat_assignments;
namespace payment = payments::payment;
namespace promo_code = discounts::promo_code;

constexpr std::string_view read_model_tables[] = {
  "rm_conferences", "rm_seat_types",  "rm_orders",      "rm_order_lines",
  "rm_seat_assignments", "rm_payments", "rm_promo_codes", "rm_promo_code_uses",
};

template <class Variant, std::size_t... I>
bool names_alternative(std::string_view type, std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, Variant>::type == type) || ...);
}

/// The event as an alternative of `Variant`, nullopt when it is none of them; throws when it is one but
/// cannot be read (a missing field, a wrong type, an old schema version). Events reach the projections
/// upcast already (the subscription does it once for every subscriber).
template <class Variant>
std::optional<Variant> decode_if_known(const recorded_event& recorded) {
  if (!names_alternative<Variant>(recorded.event.type, std::make_index_sequence<std::variant_size_v<Variant>>{}))
    return std::nullopt;
  auto decoded = decode<Variant>(recorded.event);
  if (!decoded.ok())
    throw std::runtime_error(decoded.error().message);
  return std::move(decoded).value();
}

/// The aggregate id of a `<category>-<id>` stream.
std::string aggregate_id(const std::string& stream_id) {
  return stream_id.substr(stream_category(stream_id).size() + 1);
}

template <class... Handlers>
struct overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
overloaded(Handlers...) -> overloaded<Handlers...>;

std::string text(std::int64_t number) { return std::to_string(number); }
std::string text(money amount) { return std::to_string(amount.cents()); }
std::string text(const date& day) { return format_date(day); }

// ---- conferences: rm_conferences, rm_seat_types

void adjust_remaining(connection& conn, const table_set& t, const std::string& conference_id,
                      const std::vector<registration::seat_quantity>& deltas) {
  if (deltas.empty())
    return;
  conn.exec(t("INSERT INTO {rm_seat_types} AS s (seat_type_id, conference_id, remaining)"
              " SELECT d->>'seatType', $1, (d->>'quantity')::integer FROM jsonb_array_elements($2::jsonb) AS d"
              " ON CONFLICT (seat_type_id) DO UPDATE SET remaining = s.remaining + excluded.remaining"),
            {conference_id, nlohmann::json(deltas).dump()});
}

void save_seat_type(connection& conn, const table_set& t, const recorded_event& recorded,
                    const std::string& conference_id, const std::string& seat_type_id, const std::string& name,
                    const std::string& description, money price) {
  conn.exec(t("INSERT INTO {rm_seat_types} AS s"
              " (seat_type_id, conference_id, name, description, price_cents, created_order)"
              " VALUES ($1, $2, $3, $4, $5, $6)"
              " ON CONFLICT (seat_type_id) DO UPDATE"
              " SET name = excluded.name, description = excluded.description, price_cents = excluded.price_cents,"
              " created_order = CASE WHEN s.created_order = 0 THEN excluded.created_order ELSE s.created_order END"),
            {seat_type_id, conference_id, name, description, text(price), text(recorded.position)});
}

void save_details(connection& conn, const table_set& t, const std::string& conference_id,
                  const conference::conference_details& d) {
  conn.exec(t("UPDATE {rm_conferences} SET name = $2, description = $3, location = $4, tagline = $5,"
              " twitter_search = $6, start_date = $7::date, end_date = $8::date WHERE conference_id = $1"),
            {conference_id, d.name, d.description, d.location, d.tagline, d.twitter_search, text(d.start_date),
             text(d.end_date)});
}

void project_conferences(connection& conn, const table_set& t, const recorded_event& recorded) {
  if (auto management_event = decode_if_known<conference::event>(recorded)) {
    std::visit(
      overloaded{
        [&](const conference::conference_created& e) {
          const auto& d = e.details;
          conn.exec(t("INSERT INTO {rm_conferences} (conference_id, slug, name, description, location, tagline,"
                      " twitter_search, start_date, end_date, owner_name, owner_email)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10, $11)"),
                    {e.conference_id, e.slug, d.name, d.description, d.location, d.tagline, d.twitter_search,
                     text(d.start_date), text(d.end_date), e.owner.name, e.owner.email});
        },
        [&](const conference::conference_updated& e) { save_details(conn, t, e.conference_id, e.details); },
        [&](const conference::conference_published& e) {
          conn.exec(t("UPDATE {rm_conferences} SET is_published = true WHERE conference_id = $1"), {e.conference_id});
        },
        [&](const conference::conference_unpublished& e) {
          conn.exec(t("UPDATE {rm_conferences} SET is_published = false WHERE conference_id = $1"),
                    {e.conference_id});
        },
        [&](const conference::seat_created& e) {
          save_seat_type(conn, t, recorded, e.conference_id, e.seat_type_id, e.name, e.description, e.price);
        },
        [&](const conference::seat_updated& e) {
          save_seat_type(conn, t, recorded, e.conference_id, e.seat_type_id, e.name, e.description, e.price);
        },
        // Drafts are management's own: registrants see a seat type once it is published.
        [](const conference::draft_seat_type_saved&) {},
        [](const conference::draft_seat_type_deleted&) {},
      },
      *management_event);
  } else if (auto availability_event = decode_if_known<seats_availability::event>(recorded)) {
    const auto conference_id = aggregate_id(recorded.stream_id);
    std::visit(overloaded{
                 [&](const seats_availability::available_seats_changed& e) {
                   for (const auto& quota : e.quotas)
                     conn.exec(t("INSERT INTO {rm_seat_types} AS s (seat_type_id, conference_id, quota)"
                                 " VALUES ($1, $2, $3) ON CONFLICT (seat_type_id) DO UPDATE SET quota = excluded.quota"),
                               {quota.seat_type_id, conference_id, text(quota.quota)});
                   adjust_remaining(conn, t, conference_id, e.seats);
                 },
                 [&](const seats_availability::seats_reserved& e) {
                   adjust_remaining(conn, t, conference_id, e.available_seats_changed);
                 },
                 [&](const seats_availability::seats_reservation_cancelled& e) {
                   adjust_remaining(conn, t, conference_id, e.available_seats_changed);
                 },
                 // Committing turns held seats into sold ones: remaining does not change.
                 [](const seats_availability::seats_reservation_committed&) {},
               },
               *availability_event);
  }
}

// ---- orders: rm_orders, rm_order_lines, rm_seat_assignments

/// The order's lines become one per seat type in `seats` with quantity > 0, in that order; prices
/// follow in the OrderTotalsCalculated that comes with them.
void replace_lines(connection& conn, const table_set& t, const std::string& order_id,
                   const std::vector<registration::seat_quantity>& seats) {
  conn.exec(t("DELETE FROM {rm_order_lines} WHERE order_id = $1"), {order_id});
  conn.exec(t("INSERT INTO {rm_order_lines} (order_id, line, seat_type_id, requested)"
              " SELECT $1, s.ordinality, s.value->>'seatType', (s.value->>'quantity')::integer"
              " FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS s WHERE (s.value->>'quantity')::integer > 0"),
            {order_id, nlohmann::json(seats).dump()});
}

void mark_reserved(connection& conn, const table_set& t, const std::string& order_id, const char* status,
                   const std::vector<registration::seat_quantity>& seats) {
  conn.exec(t("UPDATE {rm_order_lines} AS l SET reserved = coalesce("
              "(SELECT sum((s->>'quantity')::integer) FROM jsonb_array_elements($2::jsonb) AS s"
              " WHERE s->>'seatType' = l.seat_type_id), 0) WHERE order_id = $1"),
            {order_id, nlohmann::json(seats).dump()});
  conn.exec(t("UPDATE {rm_orders} SET status = $2, reservation_answered = true WHERE order_id = $1"),
            {order_id, std::string(status)});
}

void set_order_status(connection& conn, const table_set& t, const std::string& order_id, const char* status) {
  conn.exec(t("UPDATE {rm_orders} SET status = $2 WHERE order_id = $1"), {order_id, std::string(status)});
}

void project_order_event(connection& conn, const table_set& t, const recorded_event& recorded,
                         const order::event& event) {
  const auto order_id = aggregate_id(recorded.stream_id);
  std::visit(
    overloaded{
      [&](const order::order_placed& e) {
        conn.exec(t("INSERT INTO {rm_orders} (order_id, conference_id, status, version, access_code, promo_code,"
                    " reservation_expires_ms) VALUES ($1, $2, 'pending', $3, $4, $5, $6)"),
                  {order_id, e.conference_id, text(recorded.version), e.access_code,
                   e.promo ? param(e.promo->code) : param(),
                   text(static_cast<std::int64_t>(e.reservation_auto_expiration.time_since_epoch().count()))});
        replace_lines(conn, t, order_id, e.seats);
      },
      [&](const order::order_updated& e) {
        set_order_status(conn, t, order_id, "pending");
        replace_lines(conn, t, order_id, e.seats);
      },
      [&](const order::order_partially_reserved& e) {
        mark_reserved(conn, t, order_id, "partiallyReserved", e.seats);
      },
      [&](const order::order_reservation_completed& e) { mark_reserved(conn, t, order_id, "reserved", e.seats); },
      [&](const order::order_totals_calculated& e) {
        conn.exec(t("UPDATE {rm_order_lines} AS l SET seat_type_name = p->>'seatTypeName',"
                    " unit_price_cents = round((p->>'unitPrice')::numeric * 100)::bigint,"
                    " line_total_cents = round((p->>'lineTotal')::numeric * 100)::bigint"
                    " FROM jsonb_array_elements($2::jsonb) AS p WHERE l.order_id = $1 AND l.seat_type_id = p->>'seatType'"),
                  {order_id, nlohmann::json(e.lines).dump()});
        conn.exec(t("UPDATE {rm_orders} SET discount_cents = $2, total_cents = $3, is_free_of_charge = $4"
                    " WHERE order_id = $1"),
                  {order_id, text(e.discount), text(e.total), std::string(e.is_free_of_charge ? "true" : "false")});
      },
      [&](const order::order_registrant_assigned& e) {
        conn.exec(t("UPDATE {rm_orders} SET first_name = $2, last_name = $3, email = $4 WHERE order_id = $1"),
                  {order_id, e.first_name, e.last_name, e.email});
      },
      [&](const order::order_confirmed&) { set_order_status(conn, t, order_id, "confirmed"); },
      [&](const order::order_expired&) {
        // No reservation outcome ever reached the order: the process refused it outright (API.md §7).
        conn.exec(t("UPDATE {rm_orders} SET status = CASE WHEN reservation_answered THEN 'expired' ELSE 'rejected' END"
                    " WHERE order_id = $1"),
                  {order_id});
      },
      [&](const order::order_flagged_for_attention&) { set_order_status(conn, t, order_id, "attention"); },
      // The order links its payment once the payment exists (PaymentInitiated, below).
      [&](const order::order_payment_started&) {},
    },
    event);
  conn.exec(t("UPDATE {rm_orders} SET version = $2 WHERE order_id = $1"), {order_id, text(recorded.version)});
}

void set_attendee(connection& conn, const table_set& t, const std::string& assignments_id, int position,
                  const std::optional<seat_assignments::attendee>& attendee) {
  conn.exec(t("UPDATE {rm_seat_assignments} SET first_name = $3, last_name = $4, email = $5"
              " WHERE assignments_id = $1 AND position = $2"),
            {assignments_id, text(position), attendee ? param(attendee->first_name) : param(),
             attendee ? param(attendee->last_name) : param(), attendee ? param(attendee->email) : param()});
}

void project_orders(connection& conn, const table_set& t, const recorded_event& recorded) {
  if (auto order_event = decode_if_known<order::event>(recorded)) {
    project_order_event(conn, t, recorded, *order_event);
  } else if (auto assignments_event = decode_if_known<seat_assignments::event>(recorded)) {
    const auto assignments_id = aggregate_id(recorded.stream_id);
    std::visit(
      overloaded{
        [&](const seat_assignments::seat_assignments_created& e) {
          conn.exec(t("INSERT INTO {rm_seat_assignments} (assignments_id, order_id, position, seat_type_id)"
                      " SELECT $1, $2, (s->>'position')::integer, s->>'seatType' FROM jsonb_array_elements($3::jsonb) AS s"),
                    {assignments_id, e.order_id, nlohmann::json(e.seats).dump()});
          conn.exec(t("UPDATE {rm_orders} SET assignments_id = $2 WHERE order_id = $1"), {e.order_id, assignments_id});
        },
        [&](const seat_assignments::seat_assigned& e) { set_attendee(conn, t, assignments_id, e.position, e.attendee); },
        [&](const seat_assignments::seat_unassigned& e) {
          set_attendee(conn, t, assignments_id, e.position, std::nullopt);
        },
        [&](const seat_assignments::seat_assignment_updated& e) {
          set_attendee(conn, t, assignments_id, e.position, e.attendee);
        },
      },
      *assignments_event);
  } else if (auto payment_event = decode_if_known<payment::event>(recorded)) {
    // The latest payment started for the order is the one the order shows.
    if (const auto* initiated = std::get_if<payment::payment_initiated>(&*payment_event))
      conn.exec(t("UPDATE {rm_orders} SET payment_id = $2 WHERE order_id = $1"),
                {initiated->order_id, aggregate_id(recorded.stream_id)});
  }
}

// ---- payments: rm_payments

void project_payments(connection& conn, const table_set& t, const recorded_event& recorded) {
  auto event = decode_if_known<payment::event>(recorded);
  if (!event)
    return;
  const auto payment_id = aggregate_id(recorded.stream_id);
  std::visit(overloaded{
               [&](const payment::payment_initiated& e) {
                 conn.exec(t("INSERT INTO {rm_payments} (payment_id, order_id, conference_id, amount_cents, description,"
                             " status) VALUES ($1, $2, $3, $4, $5, 'initiated')"),
                           {payment_id, e.order_id, e.conference_id, text(e.amount), e.description});
               },
               [&](const payment::payment_completed&) {
                 conn.exec(t("UPDATE {rm_payments} SET status = 'completed' WHERE payment_id = $1"), {payment_id});
               },
               [&](const payment::payment_rejected&) {
                 conn.exec(t("UPDATE {rm_payments} SET status = 'rejected' WHERE payment_id = $1"), {payment_id});
               },
             },
             *event);
}

// ---- promo codes: rm_promo_codes, rm_promo_code_uses

void project_promo_codes(connection& conn, const table_set& t, const recorded_event& recorded) {
  auto event = decode_if_known<promo_code::event>(recorded);
  if (!event)
    return;
  const auto promo_code_id = aggregate_id(recorded.stream_id);
  std::visit(
    overloaded{
      [&](const promo_code::promo_code_created& e) {
        const auto* percent = std::get_if<registration::percent_off>(&e.terms.reduction);
        const auto* amount = std::get_if<registration::amount_off>(&e.terms.reduction);
        conn.exec(t("INSERT INTO {rm_promo_codes} (promo_code_id, conference_id, code, percent_off, amount_off_cents,"
                    " seat_type_ids, max_uses) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)"),
                  {promo_code_id, e.conference_id, e.terms.code, percent ? param(text(percent->percent)) : param(),
                   amount ? param(text(amount->per_seat)) : param(), nlohmann::json(e.terms.seat_type_ids).dump(),
                   e.max_uses ? param(text(*e.max_uses)) : param()});
      },
      [&](const promo_code::promo_code_use_held& e) {
        conn.exec(t("INSERT INTO {rm_promo_code_uses} (promo_code_id, order_id, state) VALUES ($1, $2, 'held')"
                    " ON CONFLICT DO NOTHING"),
                  {promo_code_id, e.order_id});
      },
      // A use committed without a hold (seats re-acquired after expiry) still counts.
      [&](const promo_code::promo_code_use_committed& e) {
        conn.exec(t("INSERT INTO {rm_promo_code_uses} (promo_code_id, order_id, state) VALUES ($1, $2, 'used')"
                    " ON CONFLICT (promo_code_id, order_id) DO UPDATE SET state = 'used'"),
                  {promo_code_id, e.order_id});
      },
      [&](const promo_code::promo_code_use_released& e) {
        conn.exec(t("DELETE FROM {rm_promo_code_uses} WHERE promo_code_id = $1 AND order_id = $2 AND state = 'held'"),
                  {promo_code_id, e.order_id});
      },
    },
    *event);
}

} // namespace

std::string table_set::name(std::string_view table) const {
  if (std::find(std::begin(read_model_tables), std::end(read_model_tables), table) == std::end(read_model_tables))
    throw std::logic_error("not a read-model table: " + std::string(table));
  return std::string(table) + (shadow_ ? "_rebuild" : "");
}

std::string table_set::operator()(std::string_view sql) const {
  std::string out;
  std::size_t from = 0;
  for (auto open = sql.find('{'); open != std::string_view::npos; open = sql.find('{', from)) {
    const auto close = sql.find('}', open);
    if (close == std::string_view::npos)
      throw std::logic_error("unclosed table placeholder in: " + std::string(sql));
    out.append(sql.substr(from, open - from));
    out += name(sql.substr(open + 1, close - open - 1));
    from = close + 1;
  }
  out.append(sql.substr(from));
  return out;
}

const std::vector<projection_definition>& all_projections() {
  static const std::vector<projection_definition> definitions = {
    {"conferences", {"rm_conferences", "rm_seat_types"}, project_conferences},
    {"orders", {"rm_orders", "rm_order_lines", "rm_seat_assignments"}, project_orders},
    {"payments", {"rm_payments"}, project_payments},
    {"promo_codes", {"rm_promo_codes", "rm_promo_code_uses"}, project_promo_codes},
  };
  return definitions;
}

const projection_definition* find_projection(std::string_view name) {
  for (const auto& definition : all_projections())
    if (definition.name == name)
      return &definition;
  return nullptr;
}

} // namespace contoso::persistence::pg
