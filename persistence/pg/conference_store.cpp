#include "persistence/pg/conference_store.hpp"

#include "persistence/pg/event_statements.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace conference = management::conference;

namespace {

// Seat types travel as one JSON array, so a conference is one row to read and one statement to write.
constexpr const char* conference_columns =
  "c.id, c.slug, c.name, c.description, c.location, c.tagline, c.twitter_search,"
  " to_char(c.start_date, 'YYYY-MM-DD'), to_char(c.end_date, 'YYYY-MM-DD'), c.owner_name, c.owner_email,"
  " c.access_code, c.is_published, c.was_ever_published, c.version,"
  " coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'description', s.description,"
  " 'quantity', s.quantity, 'price_cents', s.price_cents, 'revision', s.revision) ORDER BY s.position)"
  " FROM seat_types s WHERE s.conference_id = c.id), '[]')::text";

conference::publication phase_of(bool published, bool ever_published) {
  if (published)
    return conference::publication::published;
  return ever_published ? conference::publication::unpublished : conference::publication::never_published;
}

std::optional<stored_conference> first_conference(const rows& found) {
  if (found.size() == 0)
    return std::nullopt;
  auto flag = [&](int column) { return found.text(0, column) == "t"; };
  stored_conference stored;
  auto& state = stored.state;
  state.conference_id = found.text(0, 0);
  state.slug = found.text(0, 1);
  state.details = conference::conference_details{found.text(0, 2), found.text(0, 3), found.text(0, 4),
                                                 found.text(0, 5), found.text(0, 6),
                                                 parse_date(found.text(0, 7)).value(),
                                                 parse_date(found.text(0, 8)).value()};
  state.owner = conference::owner_details{found.text(0, 9), found.text(0, 10)};
  state.access_code = found.text(0, 11);
  state.phase = phase_of(flag(12), flag(13));
  stored.version = found.int64(0, 14);
  for (const auto& seat : found.json(0, 15))
    state.seat_types.push_back(conference::seat_type{
      seat.at("id").get<std::string>(), seat.at("name").get<std::string>(), seat.at("description").get<std::string>(),
      seat.at("quantity").get<int>(), money::from_cents(seat.at("price_cents").get<std::int64_t>()),
      seat.at("revision").get<std::int64_t>()});
  return stored;
}

void write_conference_row(connection& conn, const conference::state& after, const std::string& conference_id,
                          std::int64_t version) {
  const auto& details = after.details;
  conn.exec("INSERT INTO conferences (id, slug, name, description, location, tagline, twitter_search, start_date,"
            " end_date, owner_name, owner_email, access_code, is_published, was_ever_published, version)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10, $11, $12, $13::boolean, $14::boolean, $15)"
            " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name,"
            " description = excluded.description, location = excluded.location, tagline = excluded.tagline,"
            " twitter_search = excluded.twitter_search, start_date = excluded.start_date,"
            " end_date = excluded.end_date, owner_name = excluded.owner_name, owner_email = excluded.owner_email,"
            " access_code = excluded.access_code, is_published = excluded.is_published,"
            " was_ever_published = excluded.was_ever_published, version = excluded.version",
            {conference_id, after.slug, details.name, details.description, details.location, details.tagline,
             details.twitter_search, format_date(details.start_date), format_date(details.end_date),
             after.owner.name, after.owner.email, after.access_code,
             std::string(conference::is_published(after.phase) ? "true" : "false"),
             std::string(conference::was_ever_published(after.phase) ? "true" : "false"), std::to_string(version)});
}

void replace_seat_type_rows(connection& conn, const conference::state& after, const std::string& conference_id) {
  auto seats = nlohmann::json::array();
  for (const auto& seat : after.seat_types)
    seats.push_back({{"id", seat.id},
                     {"name", seat.name},
                     {"description", seat.description},
                     {"quantity", seat.quantity},
                     {"price_cents", seat.price.cents()},
                     {"revision", seat.revision}});
  conn.exec("DELETE FROM seat_types WHERE conference_id = $1", {conference_id});
  conn.exec("INSERT INTO seat_types (id, conference_id, position, name, description, quantity, price_cents, revision)"
            " SELECT item.value->>'id', $1, item.ordinality, item.value->>'name', item.value->>'description',"
            " (item.value->>'quantity')::integer, (item.value->>'price_cents')::bigint,"
            " (item.value->>'revision')::bigint"
            " FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS item",
            {conference_id, seats.dump()});
}

} // namespace

result<conference_save_result> conference_store::save(const conference::state& after, std::int64_t expected_version,
                                                       std::vector<new_event> events, const std::string& command_id,
                                                       const std::string& conference_id) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("BEGIN");
    append_result appended;
    try {
      appended = append_events(conn, conference_stream(conference_id), expected_version, std::move(events),
                               command_id);
    } catch (const sql_error& error) {
      if (error.state() != sqlstate::unique_violation)
        throw;
      // Another writer appended to the stream between the version check and the insert.
      conn.exec("ROLLBACK");
      return conference_save_result{conference_save_result::conflict, expected_version, {}};
    }
    if (appended.what != append_result::appended) {
      conn.exec("ROLLBACK");
      return conference_save_result::of(std::move(appended));
    }
    try {
      write_conference_row(conn, after, conference_id, appended.version);
    } catch (const sql_error& error) {
      // The id is an upsert, so the slug index is the only unique constraint this row can violate.
      if (error.state() != sqlstate::unique_violation)
        throw;
      conn.exec("ROLLBACK");
      return conference_save_result{conference_save_result::slug_taken, expected_version, {}};
    }
    replace_seat_type_rows(conn, after, conference_id);
    conn.exec("COMMIT");
    return conference_save_result::of(std::move(appended));
  });
}

result<std::optional<stored_conference>> conference_store::find(const std::string& conference_id) {
  return db_.connections().run([&](connection& conn) {
    return first_conference(
      conn.exec(std::string("SELECT ") + conference_columns + " FROM conferences c WHERE c.id = $1", {conference_id}));
  });
}

result<std::optional<stored_conference>> conference_store::find_by_slug(const std::string& slug) {
  return db_.connections().run([&](connection& conn) {
    return first_conference(conn.exec(std::string("SELECT ") + conference_columns
                                        + " FROM conferences c WHERE lower(c.slug) = lower($1)",
                                      {slug}));
  });
}

result<std::vector<std::string>> conference_store::find_by_owner(const std::string& email,
                                                                 const std::string& access_code) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec("SELECT id FROM conferences WHERE lower(owner_email) = lower($1) AND access_code = $2"
                           " ORDER BY id COLLATE \"C\"",
                           {email, access_code});
    std::vector<std::string> ids;
    for (int row = 0; row < found.size(); ++row)
      ids.push_back(found.text(row, 0));
    return ids;
  });
}

} // namespace contoso::persistence::pg
