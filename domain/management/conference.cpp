#include "domain/management/conference.hpp"

#include <algorithm>
#include <optional>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "domain/validation.hpp"

namespace contoso::management::conference {

bool is_published(publication p) { return p == publication::published; }
bool was_ever_published(publication p) { return p == publication::published || p == publication::unpublished; }

// ---- JSON

namespace {

constexpr std::pair<publication, std::string_view> publication_names[] = {
  {publication::none, "none"},
  {publication::never_published, "neverPublished"},
  {publication::published, "published"},
  {publication::unpublished, "unpublished"},
};

std::string_view name_of(publication p) {
  for (const auto& [candidate, name] : publication_names)
    if (candidate == p)
      return name;
  return "none";
}

publication publication_from(const std::string& text) {
  for (const auto& [candidate, name] : publication_names)
    if (name == text)
      return candidate;
  throw nlohmann::json::type_error::create(302, "unknown publication state '" + text + "'", nullptr);
}

void put_details(nlohmann::json& j, const conference_details& d) {
  j["name"] = d.name;
  j["description"] = d.description;
  j["location"] = d.location;
  j["tagline"] = d.tagline;
  j["twitterSearch"] = d.twitter_search;
  j["startDate"] = d.start_date;
  j["endDate"] = d.end_date;
}

conference_details get_details(const nlohmann::json& j) {
  conference_details d;
  j.at("name").get_to(d.name);
  j.at("description").get_to(d.description);
  j.at("location").get_to(d.location);
  j.at("tagline").get_to(d.tagline);
  j.at("twitterSearch").get_to(d.twitter_search);
  j.at("startDate").get_to(d.start_date);
  j.at("endDate").get_to(d.end_date);
  return d;
}

template <class Seat>
void put_seat(nlohmann::json& j, const Seat& s) {
  j = {{"conferenceId", s.conference_id}, {"seatTypeId", s.seat_type_id}, {"name", s.name},
       {"description", s.description},    {"quantity", s.quantity},       {"price", s.price},
       {"revision", s.revision}};
}

template <class Seat>
void get_seat(const nlohmann::json& j, Seat& s) {
  j.at("conferenceId").get_to(s.conference_id);
  j.at("seatTypeId").get_to(s.seat_type_id);
  j.at("name").get_to(s.name);
  j.at("description").get_to(s.description);
  j.at("quantity").get_to(s.quantity);
  j.at("price").get_to(s.price);
  j.at("revision").get_to(s.revision);
}

template <class SeatCommand>
void put_seat_command(nlohmann::json& j, const SeatCommand& c) {
  j = {{"seatTypeId", c.seat_type_id}, {"name", c.name}, {"description", c.description},
       {"quantity", c.quantity},       {"price", c.price}};
}

template <class SeatCommand>
void get_seat_command(const nlohmann::json& j, SeatCommand& c) {
  j.at("seatTypeId").get_to(c.seat_type_id);
  j.at("name").get_to(c.name);
  j.at("description").get_to(c.description);
  j.at("quantity").get_to(c.quantity);
  j.at("price").get_to(c.price);
}

} // namespace

void to_json(nlohmann::json& j, const owner_details& o) { j = {{"name", o.name}, {"email", o.email}}; }
void from_json(const nlohmann::json& j, owner_details& o) {
  j.at("name").get_to(o.name);
  j.at("email").get_to(o.email);
}

void to_json(nlohmann::json& j, const seat_type& s) {
  j = {{"id", s.id},           {"name", s.name},   {"description", s.description},
       {"quantity", s.quantity}, {"price", s.price}, {"revision", s.revision}};
}
void from_json(const nlohmann::json& j, seat_type& s) {
  j.at("id").get_to(s.id);
  j.at("name").get_to(s.name);
  j.at("description").get_to(s.description);
  j.at("quantity").get_to(s.quantity);
  j.at("price").get_to(s.price);
  j.at("revision").get_to(s.revision);
}

void to_json(nlohmann::json& j, const state& s) {
  j = {{"phase", name_of(s.phase)}, {"conferenceId", s.conference_id}, {"slug", s.slug},
       {"owner", s.owner},          {"accessCode", s.access_code},     {"seatTypes", s.seat_types}};
  put_details(j, s.details);
}
void from_json(const nlohmann::json& j, state& s) {
  s.phase = publication_from(j.at("phase").get<std::string>());
  j.at("conferenceId").get_to(s.conference_id);
  j.at("slug").get_to(s.slug);
  s.details = get_details(j);
  j.at("owner").get_to(s.owner);
  j.at("accessCode").get_to(s.access_code);
  j.at("seatTypes").get_to(s.seat_types);
}

void to_json(nlohmann::json& j, const create_conference& c) {
  j = {{"conferenceId", c.conference_id},
       {"name", c.name},
       {"description", c.description},
       {"location", c.location},
       {"tagline", c.tagline},
       {"twitterSearch", c.twitter_search},
       {"slug", c.slug},
       {"startDate", c.start_date},
       {"endDate", c.end_date},
       {"owner", {{"name", c.owner_name}, {"email", c.owner_email}}}};
}
void from_json(const nlohmann::json& j, create_conference& c) {
  j.at("conferenceId").get_to(c.conference_id);
  j.at("name").get_to(c.name);
  j.at("description").get_to(c.description);
  j.at("location").get_to(c.location);
  j.at("tagline").get_to(c.tagline);
  j.at("twitterSearch").get_to(c.twitter_search);
  j.at("slug").get_to(c.slug);
  j.at("startDate").get_to(c.start_date);
  j.at("endDate").get_to(c.end_date);
  j.at("owner").at("name").get_to(c.owner_name);
  j.at("owner").at("email").get_to(c.owner_email);
}

void to_json(nlohmann::json& j, const update_conference& c) {
  j = {{"name", c.name},
       {"description", c.description},
       {"location", c.location},
       {"tagline", c.tagline},
       {"twitterSearch", c.twitter_search},
       {"startDate", c.start_date},
       {"endDate", c.end_date}};
}
void from_json(const nlohmann::json& j, update_conference& c) {
  j.at("name").get_to(c.name);
  j.at("description").get_to(c.description);
  j.at("location").get_to(c.location);
  j.at("tagline").get_to(c.tagline);
  j.at("twitterSearch").get_to(c.twitter_search);
  j.at("startDate").get_to(c.start_date);
  j.at("endDate").get_to(c.end_date);
}

void to_json(nlohmann::json& j, const publish_conference&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, publish_conference&) {}
void to_json(nlohmann::json& j, const unpublish_conference&) { j = nlohmann::json::object(); }
void from_json(const nlohmann::json&, unpublish_conference&) {}

void to_json(nlohmann::json& j, const create_seat_type& c) { put_seat_command(j, c); }
void from_json(const nlohmann::json& j, create_seat_type& c) { get_seat_command(j, c); }
void to_json(nlohmann::json& j, const update_seat_type& c) { put_seat_command(j, c); }
void from_json(const nlohmann::json& j, update_seat_type& c) { get_seat_command(j, c); }
void to_json(nlohmann::json& j, const delete_seat_type& c) { j = {{"seatTypeId", c.seat_type_id}}; }
void from_json(const nlohmann::json& j, delete_seat_type& c) { j.at("seatTypeId").get_to(c.seat_type_id); }

void to_json(nlohmann::json& j, const conference_created& e) {
  j = {{"conferenceId", e.conference_id}, {"slug", e.slug}, {"owner", e.owner}, {"accessCode", e.access_code}};
  put_details(j, e.details);
}
void from_json(const nlohmann::json& j, conference_created& e) {
  j.at("conferenceId").get_to(e.conference_id);
  j.at("slug").get_to(e.slug);
  e.details = get_details(j);
  j.at("owner").get_to(e.owner);
  j.at("accessCode").get_to(e.access_code);
}

void to_json(nlohmann::json& j, const conference_updated& e) {
  j = {{"conferenceId", e.conference_id}};
  put_details(j, e.details);
}
void from_json(const nlohmann::json& j, conference_updated& e) {
  j.at("conferenceId").get_to(e.conference_id);
  e.details = get_details(j);
}

void to_json(nlohmann::json& j, const conference_published& e) { j = {{"conferenceId", e.conference_id}}; }
void from_json(const nlohmann::json& j, conference_published& e) { j.at("conferenceId").get_to(e.conference_id); }
void to_json(nlohmann::json& j, const conference_unpublished& e) { j = {{"conferenceId", e.conference_id}}; }
void from_json(const nlohmann::json& j, conference_unpublished& e) { j.at("conferenceId").get_to(e.conference_id); }

void to_json(nlohmann::json& j, const seat_created& e) { put_seat(j, e); }
void from_json(const nlohmann::json& j, seat_created& e) { get_seat(j, e); }
void to_json(nlohmann::json& j, const seat_updated& e) { put_seat(j, e); }
void from_json(const nlohmann::json& j, seat_updated& e) { get_seat(j, e); }

void to_json(nlohmann::json& j, const draft_seat_type_saved& e) { put_seat_command(j, e); }
void from_json(const nlohmann::json& j, draft_seat_type_saved& e) { get_seat_command(j, e); }
void to_json(nlohmann::json& j, const draft_seat_type_deleted& e) { j = {{"seatTypeId", e.seat_type_id}}; }
void from_json(const nlohmann::json& j, draft_seat_type_deleted& e) { j.at("seatTypeId").get_to(e.seat_type_id); }

// ---- decide

namespace {

rejection not_found() { return reject(error_code::not_found, "The conference does not exist."); }
rejection seat_type_not_found() { return reject(error_code::not_found, "The seat type does not exist."); }

const seat_type* find_seat_type(const state& current, const std::string& id) {
  auto found = std::find_if(current.seat_types.begin(), current.seat_types.end(),
                            [&](const seat_type& s) { return s.id == id; });
  return found == current.seat_types.end() ? nullptr : &*found;
}

std::optional<date> checked_date(validator& check, const std::string& field, const std::string& display,
                                 const std::string& text) {
  check.required(field, display, text);
  auto day = parse_date(text);
  check.check(day.has_value(), field, "The " + display + " field is not a valid date.");
  return day;
}

/// The editable fields, or the reasons they are not acceptable (in `check`).
conference_details checked_details(validator& check, const update_conference& in) {
  check.required("name", "Name", in.name)
    .max_length("name", "Name", in.name, 200)
    .required("description", "Description", in.description)
    .max_length("description", "Description", in.description, 4000)
    .required("location", "Location", in.location)
    .max_length("location", "Location", in.location, 200)
    .max_length("tagline", "Tagline", in.tagline, 200)
    .max_length("twitterSearch", "TwitterSearch", in.twitter_search, 200);
  auto start = checked_date(check, "startDate", "StartDate", in.start_date);
  auto end = checked_date(check, "endDate", "EndDate", in.end_date);
  if (start && end)
    check.check(*start <= *end, "endDate", "The EndDate must not be before the StartDate.");
  return conference_details{in.name,     in.description,          in.location,          in.tagline,
                            in.twitter_search, start.value_or(date{}), end.value_or(date{})};
}

template <class SeatCommand>
void check_seat_type(validator& check, const SeatCommand& in) {
  check.required("name", "Name", in.name)
    .length_between("name", "Name", in.name, 2, 70)
    .max_length("description", "Description", in.description, 250)
    .in_range("quantity", "Quantity", in.quantity, 0, 100000)
    .check(in.price >= money{} && in.price <= money::from_cents(5000000), "price",
           "The field Price must be between 0 and 50000.");
}

template <class SeatCommand>
bool same_seat_type(const seat_type& existing, const SeatCommand& in) {
  return existing.name == in.name && existing.description == in.description && existing.quantity == in.quantity
         && existing.price == in.price;
}

outcome<std::vector<event>> decide_create_conference(const state& current, const create_conference& cmd,
                                                     const context& ctx) {
  validator check;
  auto details = checked_details(check, update_conference{cmd.name, cmd.description, cmd.location, cmd.tagline,
                                                          cmd.twitter_search, cmd.start_date, cmd.end_date});
  check.required("slug", "Slug", cmd.slug)
    .check(cmd.slug.empty() || is_valid_slug(cmd.slug), "slug",
           "The field Slug must match the regular expression '^[A-Za-z0-9_]+$'.")
    .required("owner.name", "OwnerName", cmd.owner_name)
    .max_length("owner.name", "OwnerName", cmd.owner_name, 200)
    .required("owner.email", "OwnerEmail", cmd.owner_email)
    .email("owner.email", "OwnerEmail", cmd.owner_email);
  if (!check.empty())
    return check.to_rejection();
  if (current.phase != publication::none) {
    if (current.slug == cmd.slug && current.details == details
        && current.owner == owner_details{cmd.owner_name, cmd.owner_email})
      return std::vector<event>{};
    return reject(error_code::bad_request, "The conference already exists.");
  }
  return std::vector<event>{conference_created{cmd.conference_id, cmd.slug, details,
                                               {cmd.owner_name, cmd.owner_email}, ctx.new_access_code()}};
}

outcome<std::vector<event>> decide_update_conference(const state& current, const update_conference& cmd) {
  if (current.phase == publication::none)
    return not_found();
  validator check;
  auto details = checked_details(check, cmd);
  if (!check.empty())
    return check.to_rejection();
  if (details == current.details)
    return std::vector<event>{};
  return std::vector<event>{conference_updated{current.conference_id, details}};
}

outcome<std::vector<event>> decide_publish_conference(const state& current) {
  switch (current.phase) {
  case publication::none:
    return not_found();
  case publication::published:
    return std::vector<event>{};
  case publication::unpublished:
    return std::vector<event>{conference_published{current.conference_id}};
  case publication::never_published:
    break;
  }
  std::vector<event> first;
  for (const auto& seat : current.seat_types)
    first.push_back(seat_created{current.conference_id, seat.id, seat.name, seat.description, seat.quantity,
                                 seat.price, seat.revision + 1});
  first.push_back(conference_published{current.conference_id});
  return first;
}

outcome<std::vector<event>> decide_unpublish_conference(const state& current) {
  if (current.phase == publication::none)
    return not_found();
  if (!is_published(current.phase))
    return std::vector<event>{};
  return std::vector<event>{conference_unpublished{current.conference_id}};
}

outcome<std::vector<event>> decide_create_seat_type(const state& current, const create_seat_type& cmd) {
  if (current.phase == publication::none)
    return not_found();
  validator check;
  check_seat_type(check, cmd);
  if (!check.empty())
    return check.to_rejection();
  if (const auto* existing = find_seat_type(current, cmd.seat_type_id)) {
    if (same_seat_type(*existing, cmd))
      return std::vector<event>{};
    return reject(error_code::bad_request, "A seat type with this id already exists.");
  }
  if (!was_ever_published(current.phase))
    return std::vector<event>{draft_seat_type_saved{cmd.seat_type_id, cmd.name, cmd.description, cmd.quantity, cmd.price}};
  return std::vector<event>{
    seat_created{current.conference_id, cmd.seat_type_id, cmd.name, cmd.description, cmd.quantity, cmd.price, 1}};
}

outcome<std::vector<event>> decide_update_seat_type(const state& current, const update_seat_type& cmd) {
  if (current.phase == publication::none)
    return not_found();
  const auto* existing = find_seat_type(current, cmd.seat_type_id);
  if (!existing)
    return seat_type_not_found();
  validator check;
  check_seat_type(check, cmd);
  if (!check.empty())
    return check.to_rejection();
  if (same_seat_type(*existing, cmd))
    return std::vector<event>{};
  if (!was_ever_published(current.phase))
    return std::vector<event>{draft_seat_type_saved{cmd.seat_type_id, cmd.name, cmd.description, cmd.quantity, cmd.price}};
  return std::vector<event>{seat_updated{current.conference_id, cmd.seat_type_id, cmd.name, cmd.description,
                                         cmd.quantity, cmd.price, existing->revision + 1}};
}

outcome<std::vector<event>> decide_delete_seat_type(const state& current, const delete_seat_type& cmd) {
  if (current.phase == publication::none)
    return not_found();
  if (!find_seat_type(current, cmd.seat_type_id))
    return seat_type_not_found();
  if (was_ever_published(current.phase))
    return reject(error_code::conference_was_published,
                  "Seat types cannot be deleted once the conference has been published.");
  return std::vector<event>{draft_seat_type_deleted{cmd.seat_type_id}};
}

void save_seat_type(state& current, seat_type saved) {
  auto found = std::find_if(current.seat_types.begin(), current.seat_types.end(),
                            [&](const seat_type& s) { return s.id == saved.id; });
  if (found == current.seat_types.end())
    current.seat_types.push_back(std::move(saved));
  else
    *found = std::move(saved);
}

} // namespace

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, create_conference>)
        return decide_create_conference(current, c, ctx);
      else if constexpr (std::is_same_v<type, update_conference>)
        return decide_update_conference(current, c);
      else if constexpr (std::is_same_v<type, publish_conference>)
        return decide_publish_conference(current);
      else if constexpr (std::is_same_v<type, unpublish_conference>)
        return decide_unpublish_conference(current);
      else if constexpr (std::is_same_v<type, create_seat_type>)
        return decide_create_seat_type(current, c);
      else if constexpr (std::is_same_v<type, update_seat_type>)
        return decide_update_seat_type(current, c);
      else
        return decide_delete_seat_type(current, c);
    },
    cmd);
}

state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, conference_created>) {
        current.phase = publication::never_published;
        current.conference_id = e.conference_id;
        current.slug = e.slug;
        current.details = e.details;
        current.owner = e.owner;
        current.access_code = e.access_code;
      } else if constexpr (std::is_same_v<type, conference_updated>) {
        current.details = e.details;
      } else if constexpr (std::is_same_v<type, conference_published>) {
        current.phase = publication::published;
      } else if constexpr (std::is_same_v<type, conference_unpublished>) {
        current.phase = publication::unpublished;
      } else if constexpr (std::is_same_v<type, seat_created> || std::is_same_v<type, seat_updated>) {
        save_seat_type(current, {e.seat_type_id, e.name, e.description, e.quantity, e.price, e.revision});
      } else if constexpr (std::is_same_v<type, draft_seat_type_saved>) {
        save_seat_type(current, {e.seat_type_id, e.name, e.description, e.quantity, e.price, 0});
      } else {
        current.seat_types.erase(std::remove_if(current.seat_types.begin(), current.seat_types.end(),
                                                [&](const seat_type& s) { return s.id == e.seat_type_id; }),
                                 current.seat_types.end());
      }
    },
    happened);
  return current;
}

std::string published_source_id(const event& happened, const std::string& conference_id) {
  if (const auto* created = std::get_if<seat_created>(&happened))
    return created->seat_type_id;
  if (const auto* updated = std::get_if<seat_updated>(&happened))
    return updated->seat_type_id;
  return conference_id;
}

} // namespace contoso::management::conference
