#pragma once
/// The Conference (Conference Management): a business customer's conference and its seat types. The
/// context is CRUD; this decider holds its rules and produces the integration events that the CRUD
/// change is written with, in one transaction, as the conference's stream.
///
/// Invariants:
/// - Name, description and location are required; name, location, tagline and twitterSearch are at most
///   200 code points, description at most 4000. The slug matches `^[A-Za-z0-9_]+$` and never changes
///   (its uniqueness across conferences is the store's unique index: `slug_taken`). Dates are real days
///   and the end is not before the start. The owner's name and a valid email are required and never change.
/// - A conference is created unpublished. Editing it never changes its publishing state. Once published
///   it counts as ever published, even after it is unpublished.
/// - Seat types: name 2–70 code points, description at most 250, quantity 0–100000, price 0–50000.
/// - Registration learns about seat types only from the first publish on: the first publish emits
///   `SeatCreated` for every existing seat type, then `ConferencePublished`; after that, creating or
///   editing a seat type emits `SeatCreated` / `SeatUpdated` with the seat type's full state (absolute
///   quantity), the conference id and a per-seat-type `revision` (1 for `SeatCreated`, then +1 per
///   `SeatUpdated`), which SeatsAvailability uses to ignore repeats. Before the first publish, seat type
///   changes are recorded as management-only `DraftSeatTypeSaved` / `DraftSeatTypeDeleted` events,
///   which registration ignores.
/// - A seat type can be deleted only while the conference was never published (`conference_was_published`).
/// - Repeating a change that is already made (publish a published conference, the same edit) emits nothing.

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/money.hpp"
#include "domain/outcome.hpp"
#include "domain/time.hpp"

namespace contoso::management::conference {
using contoso::operator==;
using contoso::operator!=;

/// `never_published`, `published`, `unpublished` give the contract's `isPublished` and `wasEverPublished`.
enum class publication { none, never_published, published, unpublished };

bool is_published(publication p);
bool was_ever_published(publication p);

/// The fields an owner may edit.
struct conference_details {
  std::string name;
  std::string description;
  std::string location;
  std::string tagline;
  std::string twitter_search;
  date start_date;
  date end_date;

  auto tie() const { return std::tie(name, description, location, tagline, twitter_search, start_date, end_date); }
};

struct owner_details {
  std::string name;
  std::string email;

  auto tie() const { return std::tie(name, email); }
};
void to_json(nlohmann::json& j, const owner_details& o);
void from_json(const nlohmann::json& j, owner_details& o);

struct seat_type {
  std::string id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;
  std::int64_t revision = 0; ///< of the last SeatCreated/SeatUpdated; 0 while registration has not seen it

  auto tie() const { return std::tie(id, name, description, quantity, price, revision); }
};
void to_json(nlohmann::json& j, const seat_type& s);
void from_json(const nlohmann::json& j, seat_type& s);

struct state {
  publication phase = publication::none;
  std::string conference_id;
  std::string slug;
  conference_details details;
  owner_details owner;
  std::string access_code;
  std::vector<seat_type> seat_types;

  auto tie() const { return std::tie(phase, conference_id, slug, details, owner, access_code, seat_types); }
};
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

// ---- commands (dates as received, `YYYY-MM-DD`: an impossible day is a validation failure)

struct create_conference {
  static constexpr std::string_view type = "CreateConference";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::string name;
  std::string description;
  std::string location;
  std::string tagline;
  std::string twitter_search;
  std::string slug;
  std::string start_date;
  std::string end_date;
  std::string owner_name;
  std::string owner_email;

  auto tie() const {
    return std::tie(conference_id, name, description, location, tagline, twitter_search, slug, start_date, end_date,
                    owner_name, owner_email);
  }
};
void to_json(nlohmann::json& j, const create_conference& c);
void from_json(const nlohmann::json& j, create_conference& c);

struct update_conference {
  static constexpr std::string_view type = "UpdateConference";
  static constexpr int schema_version = 1;
  std::string name;
  std::string description;
  std::string location;
  std::string tagline;
  std::string twitter_search;
  std::string start_date;
  std::string end_date;

  auto tie() const { return std::tie(name, description, location, tagline, twitter_search, start_date, end_date); }
};
void to_json(nlohmann::json& j, const update_conference& c);
void from_json(const nlohmann::json& j, update_conference& c);

struct publish_conference {
  static constexpr std::string_view type = "PublishConference";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const publish_conference& c);
void from_json(const nlohmann::json& j, publish_conference& c);

struct unpublish_conference {
  static constexpr std::string_view type = "UnpublishConference";
  static constexpr int schema_version = 1;
  auto tie() const { return std::tie(); }
};
void to_json(nlohmann::json& j, const unpublish_conference& c);
void from_json(const nlohmann::json& j, unpublish_conference& c);

struct create_seat_type {
  static constexpr std::string_view type = "CreateSeatType";
  static constexpr int schema_version = 1;
  std::string seat_type_id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;

  auto tie() const { return std::tie(seat_type_id, name, description, quantity, price); }
};
void to_json(nlohmann::json& j, const create_seat_type& c);
void from_json(const nlohmann::json& j, create_seat_type& c);

struct update_seat_type {
  static constexpr std::string_view type = "UpdateSeatType";
  static constexpr int schema_version = 1;
  std::string seat_type_id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;

  auto tie() const { return std::tie(seat_type_id, name, description, quantity, price); }
};
void to_json(nlohmann::json& j, const update_seat_type& c);
void from_json(const nlohmann::json& j, update_seat_type& c);

struct delete_seat_type {
  static constexpr std::string_view type = "DeleteSeatType";
  static constexpr int schema_version = 1;
  std::string seat_type_id;

  auto tie() const { return std::tie(seat_type_id); }
};
void to_json(nlohmann::json& j, const delete_seat_type& c);
void from_json(const nlohmann::json& j, delete_seat_type& c);

using command = std::variant<create_conference, update_conference, publish_conference, unpublish_conference,
                             create_seat_type, update_seat_type, delete_seat_type>;

// ---- events

/// The conference's full state at creation (unpublished).
struct conference_created {
  static constexpr std::string_view type = "ConferenceCreated";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::string slug;
  conference_details details;
  owner_details owner;
  std::string access_code;

  auto tie() const { return std::tie(conference_id, slug, details, owner, access_code); }
};
/// `{conferenceId, slug, name, description, location, tagline, twitterSearch, startDate, endDate, owner: {name, email}, accessCode}`
void to_json(nlohmann::json& j, const conference_created& e);
void from_json(const nlohmann::json& j, conference_created& e);

/// The editable fields after an edit.
struct conference_updated {
  static constexpr std::string_view type = "ConferenceUpdated";
  static constexpr int schema_version = 1;
  std::string conference_id;
  conference_details details;

  auto tie() const { return std::tie(conference_id, details); }
};
void to_json(nlohmann::json& j, const conference_updated& e);
void from_json(const nlohmann::json& j, conference_updated& e);

struct conference_published {
  static constexpr std::string_view type = "ConferencePublished";
  static constexpr int schema_version = 1;
  std::string conference_id;
  auto tie() const { return std::tie(conference_id); }
};
void to_json(nlohmann::json& j, const conference_published& e);
void from_json(const nlohmann::json& j, conference_published& e);

struct conference_unpublished {
  static constexpr std::string_view type = "ConferenceUnpublished";
  static constexpr int schema_version = 1;
  std::string conference_id;
  auto tie() const { return std::tie(conference_id); }
};
void to_json(nlohmann::json& j, const conference_unpublished& e);
void from_json(const nlohmann::json& j, conference_unpublished& e);

/// A seat type's full state as registration sees it:
/// `{conferenceId, seatTypeId, name, description, quantity, price, revision}`.
struct seat_created {
  static constexpr std::string_view type = "SeatCreated";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::string seat_type_id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(conference_id, seat_type_id, name, description, quantity, price, revision); }
};
void to_json(nlohmann::json& j, const seat_created& e);
void from_json(const nlohmann::json& j, seat_created& e);

/// Same shape as `seat_created`, with the next revision.
struct seat_updated {
  static constexpr std::string_view type = "SeatUpdated";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::string seat_type_id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;
  std::int64_t revision = 0;

  auto tie() const { return std::tie(conference_id, seat_type_id, name, description, quantity, price, revision); }
};
void to_json(nlohmann::json& j, const seat_updated& e);
void from_json(const nlohmann::json& j, seat_updated& e);

/// Management-only: a seat type created or edited before the first publish.
struct draft_seat_type_saved {
  static constexpr std::string_view type = "DraftSeatTypeSaved";
  static constexpr int schema_version = 1;
  std::string seat_type_id;
  std::string name;
  std::string description;
  int quantity = 0;
  money price;

  auto tie() const { return std::tie(seat_type_id, name, description, quantity, price); }
};
void to_json(nlohmann::json& j, const draft_seat_type_saved& e);
void from_json(const nlohmann::json& j, draft_seat_type_saved& e);

/// Management-only: a seat type deleted before the first publish.
struct draft_seat_type_deleted {
  static constexpr std::string_view type = "DraftSeatTypeDeleted";
  static constexpr int schema_version = 1;
  std::string seat_type_id;

  auto tie() const { return std::tie(seat_type_id); }
};
void to_json(nlohmann::json& j, const draft_seat_type_deleted& e);
void from_json(const nlohmann::json& j, draft_seat_type_deleted& e);

using event = std::variant<conference_created, conference_updated, conference_published, conference_unpublished,
                           seat_created, seat_updated, draft_seat_type_saved, draft_seat_type_deleted>;

/// The events `cmd` causes given `current` (none when it is already satisfied), or why it is refused.
outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
/// `current` after `happened`.
state evolve(state current, const event& happened);

/// The id `happened` is published under (API §7 "Message log"): the seat type's id for `SeatCreated` and
/// `SeatUpdated`, which the original's seat-type entity raised; `conference_id` for the others.
std::string published_source_id(const event& happened, const std::string& conference_id);

struct decider {
  using state = conference::state;
  using command = conference::command;
  using event = conference::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return conference::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return conference::evolve(std::move(s), e); }
};

} // namespace contoso::management::conference
