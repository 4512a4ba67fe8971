#pragma once
/// Conference Management's store. The context is CRUD: a conference and its seat types are rows, read
/// directly by the management pages and the owner's login. Each change is saved with the integration
/// events it caused, in one transaction, as the conference's stream `conference-<id>`, so neither the
/// rows nor the events can be lost without the other.
///
/// - The stream's version is the conference's management `version`; `save` names the version it
///   read (0 for a new conference), like `event_store::append`.
/// - Slugs are unique regardless of case (a unique index on lower(slug)): a save that would make a
///   second conference with the same slug is `slug_taken` and writes nothing, events included.
/// - A command id already in the stream is `duplicate`, answered with the events stored then.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/management/conference.hpp"
#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// The id of a conference's stream: `conference-<conference_id>`.
std::string conference_stream(const std::string& conference_id);

/// A conference as stored: the domain's state (id, slug, details, owner, access code, publishing
/// state, seat types in creation order) and the stream's version.
struct stored_conference {
  management::conference::state state;
  std::int64_t version = 0;
};

/// What a save did.
struct conference_save_result {
  enum status {
    appended,   ///< the events and the rows were written
    conflict,   ///< the stream was not at the expected version: nothing written
    duplicate,  ///< the command id was saved before: nothing written
    slug_taken, ///< another conference has this slug, in any case: nothing written
  };
  status what = appended;
  /// appended: the version now; duplicate: the last version that command produced; conflict: the
  /// stream's version as last seen; slug_taken: the expected version.
  std::int64_t version = 0;
  /// appended: the events written; duplicate: the events written for that command before.
  std::vector<recorded_event> events;

  /// The same outcome as the append of the conference's events.
  static conference_save_result of(append_result appended);
};

/// Saves conferences with their events, and finds them by id, slug or owner.
class conference_store {
public:
  virtual ~conference_store() = default;

  /// In one transaction: appends `events` to `conference_stream(conference_id)` (expected_version,
  /// command_id as in `event_store::append`), then writes the conference row and replaces its seat
  /// type rows with `after`, the state those events lead to (`after.conference_id` is conference_id).
  virtual result<conference_save_result> save(const management::conference::state& after,
                                              std::int64_t expected_version, std::vector<new_event> events,
                                              const std::string& command_id, const std::string& conference_id) = 0;

  /// The conference, or nullopt when there is none with that id.
  virtual result<std::optional<stored_conference>> find(const std::string& conference_id) = 0;

  /// The conference whose slug equals `slug` ignoring case, or nullopt.
  virtual result<std::optional<stored_conference>> find_by_slug(const std::string& slug) = 0;

  /// Ids of the conferences whose owner email equals `email` ignoring case and whose access code is
  /// exactly `access_code` (owners log in with these; one owner may have several), by id.
  virtual result<std::vector<std::string>> find_by_owner(const std::string& email,
                                                         const std::string& access_code) = 0;
};

} // namespace contoso::persistence
