#include <nlohmann/json.hpp>

#include "persistence/pg/pool.hpp"
#include "persistence/pg/read_models.hpp"

namespace contoso::persistence::pg {

namespace read_models = persistence::read_models;

namespace {

date date_at(const rows& found, int row, int column) { return parse_date(found.text(row, column)).value_or(date{}); }
money money_at(const rows& found, int row, int column) { return money::from_cents(found.int64(row, column)); }
int int_at(const rows& found, int row, int column) { return static_cast<int>(found.int64(row, column)); }
std::optional<std::string> optional_text(const rows& found, int row, int column) {
  if (found.is_null(row, column))
    return std::nullopt;
  return found.text(row, column);
}
/// A person from three columns (first, last, email); nullopt when the email is NULL.
std::optional<read_models::person> person_at(const rows& found, int row, int column) {
  if (found.is_null(row, column + 2))
    return std::nullopt;
  return read_models::person{found.text(row, column), found.text(row, column + 1), found.text(row, column + 2)};
}

/// The seats of one seat assignments, with the seat-type names the order priced with.
std::vector<read_models::seat_view> seats_of(connection& conn, const std::string& assignments_id) {
  auto found = conn.exec("SELECT a.position, a.seat_type_id, coalesce(l.seat_type_name, ''), a.first_name,"
                         " a.last_name, a.email FROM rm_seat_assignments AS a"
                         " LEFT JOIN rm_order_lines AS l ON l.order_id = a.order_id AND l.seat_type_id = a.seat_type_id"
                         " WHERE a.assignments_id = $1 ORDER BY a.position",
                         {assignments_id});
  std::vector<read_models::seat_view> seats;
  for (int row = 0; row < found.size(); ++row)
    seats.push_back({int_at(found, row, 0), found.text(row, 1), found.text(row, 2), person_at(found, row, 3)});
  return seats;
}

} // namespace

result<std::vector<read_models::conference_summary>> read_model_queries::published_conferences() {
  return db_.connections().run([](connection& conn) {
    auto found = conn.exec("SELECT conference_id, slug, name, tagline, location, start_date::text, end_date::text"
                           " FROM rm_conferences WHERE is_published ORDER BY start_date, slug");
    std::vector<read_models::conference_summary> conferences;
    for (int row = 0; row < found.size(); ++row)
      conferences.push_back({found.text(row, 0), found.text(row, 1), found.text(row, 2), found.text(row, 3),
                             found.text(row, 4), date_at(found, row, 5), date_at(found, row, 6)});
    return conferences;
  });
}

result<std::optional<read_models::conference_view>> read_model_queries::conference_by_slug(const std::string& slug) {
  return db_.connections().run([&](connection& conn) -> std::optional<read_models::conference_view> {
    auto found = conn.exec("SELECT conference_id, slug, name, description, location, tagline, twitter_search,"
                           " start_date::text, end_date::text, owner_name, owner_email, is_published"
                           " FROM rm_conferences WHERE lower(slug) = lower($1)",
                           {slug});
    if (found.size() == 0)
      return std::nullopt;
    read_models::conference_view view{found.text(0, 0),      found.text(0, 1),       found.text(0, 2),
                                      found.text(0, 3),      found.text(0, 4),       found.text(0, 5),
                                      found.text(0, 6),      date_at(found, 0, 7),   date_at(found, 0, 8),
                                      found.text(0, 9),      found.text(0, 10),      found.text(0, 11) == "t",
                                      {}};
    auto seat_types = conn.exec("SELECT seat_type_id, name, description, price_cents, quota, greatest(0, remaining)"
                                " FROM rm_seat_types WHERE conference_id = $1 ORDER BY created_order, seat_type_id",
                                {view.id});
    for (int row = 0; row < seat_types.size(); ++row)
      view.seat_types.push_back({seat_types.text(row, 0), seat_types.text(row, 1), seat_types.text(row, 2),
                                 money_at(seat_types, row, 3), int_at(seat_types, row, 4), int_at(seat_types, row, 5)});
    return view;
  });
}

result<std::vector<registration::seat_type_price>> read_model_queries::seat_type_prices(
  const std::string& conference_id) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec("SELECT seat_type_id, name, price_cents FROM rm_seat_types WHERE conference_id = $1"
                           " ORDER BY created_order, seat_type_id",
                           {conference_id});
    std::vector<registration::seat_type_price> prices;
    for (int row = 0; row < found.size(); ++row)
      prices.push_back({found.text(row, 0), found.text(row, 1), money_at(found, row, 2)});
    return prices;
  });
}

result<std::vector<read_models::promo_code_view>> read_model_queries::promo_codes(const std::string& conference_id) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec(
      "SELECT p.code, p.percent_off, p.amount_off_cents, p.seat_type_ids::text, p.max_uses,"
      " count(*) FILTER (WHERE u.state = 'held'), count(*) FILTER (WHERE u.state = 'used')"
      " FROM rm_promo_codes AS p LEFT JOIN rm_promo_code_uses AS u ON u.promo_code_id = p.promo_code_id"
      " WHERE p.conference_id = $1 GROUP BY p.promo_code_id ORDER BY p.code",
      {conference_id});
    std::vector<read_models::promo_code_view> codes;
    for (int row = 0; row < found.size(); ++row) {
      read_models::promo_code_view code;
      code.terms.code = found.text(row, 0);
      if (!found.is_null(row, 1))
        code.terms.reduction = registration::percent_off{int_at(found, row, 1)};
      else
        code.terms.reduction = registration::amount_off{money_at(found, row, 2)};
      code.terms.seat_type_ids = found.json(row, 3).get<std::vector<std::string>>();
      if (!found.is_null(row, 4))
        code.max_uses = int_at(found, row, 4);
      code.held = int_at(found, row, 5);
      code.used = int_at(found, row, 6);
      codes.push_back(std::move(code));
    }
    return codes;
  });
}

result<std::optional<read_models::order_view>> read_model_queries::order(const std::string& order_id) {
  return db_.connections().run([&](connection& conn) -> std::optional<read_models::order_view> {
    auto found = conn.exec(
      "SELECT o.order_id, o.conference_id, coalesce(c.slug, ''), o.status, o.version, o.access_code, o.promo_code,"
      " o.discount_cents, o.total_cents, o.is_free_of_charge, o.reservation_expires_ms, o.first_name, o.last_name,"
      " o.email, o.payment_id, o.assignments_id"
      " FROM rm_orders AS o LEFT JOIN rm_conferences AS c ON c.conference_id = o.conference_id"
      " WHERE o.order_id = $1",
      {order_id});
    if (found.size() == 0)
      return std::nullopt;
    read_models::order_view view;
    view.order_id = found.text(0, 0);
    view.conference_id = found.text(0, 1);
    view.conference_slug = found.text(0, 2);
    view.status = found.text(0, 3);
    view.version = found.int64(0, 4);
    view.access_code = found.text(0, 5);
    view.promo_code = optional_text(found, 0, 6);
    view.discount = money_at(found, 0, 7);
    view.total = money_at(found, 0, 8);
    view.is_free_of_charge = found.text(0, 9) == "t";
    view.reservation_expires_at = instant(std::chrono::milliseconds(found.int64(0, 10)));
    view.registrant = person_at(found, 0, 11);
    view.payment_id = optional_text(found, 0, 14);
    view.assignments_id = optional_text(found, 0, 15);
    auto lines = conn.exec("SELECT seat_type_id, seat_type_name, requested, reserved, unit_price_cents, line_total_cents"
                           " FROM rm_order_lines WHERE order_id = $1 ORDER BY line",
                           {order_id});
    for (int row = 0; row < lines.size(); ++row)
      view.lines.push_back({lines.text(row, 0), lines.text(row, 1), int_at(lines, row, 2),
                            lines.is_null(row, 3) ? std::nullopt : std::optional<int>(int_at(lines, row, 3)),
                            money_at(lines, row, 4), money_at(lines, row, 5)});
    return view;
  });
}

result<std::optional<read_models::order_reference>> read_model_queries::find_order(const std::string& email,
                                                                                   const std::string& access_code) {
  return db_.connections().run([&](connection& conn) -> std::optional<read_models::order_reference> {
    auto found = conn.exec("SELECT o.order_id, coalesce(c.slug, '') FROM rm_orders AS o"
                           " LEFT JOIN rm_conferences AS c ON c.conference_id = o.conference_id"
                           " WHERE lower(o.email) = lower($1) AND o.access_code = $2 ORDER BY o.order_id LIMIT 1",
                           {email, access_code});
    if (found.size() == 0)
      return std::nullopt;
    return read_models::order_reference{found.text(0, 0), found.text(0, 1)};
  });
}

result<std::optional<read_models::seat_assignments_view>> read_model_queries::seat_assignments(
  const std::string& order_id) {
  return db_.connections().run([&](connection& conn) -> std::optional<read_models::seat_assignments_view> {
    auto found = conn.exec("SELECT assignments_id FROM rm_orders WHERE order_id = $1 AND assignments_id IS NOT NULL",
                           {order_id});
    if (found.size() == 0)
      return std::nullopt;
    const auto assignments_id = found.text(0, 0);
    return read_models::seat_assignments_view{assignments_id, order_id, seats_of(conn, assignments_id)};
  });
}

result<std::optional<read_models::payment_view>> read_model_queries::payment(const std::string& payment_id) {
  return db_.connections().run([&](connection& conn) -> std::optional<read_models::payment_view> {
    auto found = conn.exec("SELECT payment_id, order_id, conference_id, amount_cents, description, status"
                           " FROM rm_payments WHERE payment_id = $1",
                           {payment_id});
    if (found.size() == 0)
      return std::nullopt;
    return read_models::payment_view{found.text(0, 0), found.text(0, 1), found.text(0, 2),
                                     money_at(found, 0, 3), found.text(0, 4), found.text(0, 5)};
  });
}

result<std::vector<read_models::owner_order_view>> read_model_queries::owner_orders(const std::string& conference_id) {
  return db_.connections().run([&](connection& conn) {
    // The owner's statuses (API.md §3): anything not yet confirmed is pending.
    auto found = conn.exec("SELECT order_id, access_code,"
                           " CASE status WHEN 'confirmed' THEN 'paid' WHEN 'attention' THEN 'attention'"
                           " ELSE 'pending' END,"
                           " total_cents, first_name, last_name, email, assignments_id FROM rm_orders"
                           " WHERE conference_id = $1 AND status NOT IN ('expired', 'rejected') ORDER BY order_id",
                           {conference_id});
    std::vector<read_models::owner_order_view> orders;
    for (int row = 0; row < found.size(); ++row) {
      read_models::owner_order_view view{found.text(row, 0),       found.text(row, 1), found.text(row, 2),
                                         money_at(found, row, 3), person_at(found, row, 4), {}};
      if (!found.is_null(row, 7))
        view.seats = seats_of(conn, found.text(row, 7));
      orders.push_back(std::move(view));
    }
    return orders;
  });
}

} // namespace contoso::persistence::pg
