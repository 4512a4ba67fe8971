#pragma once
/// The event store: append-only streams of events, one per aggregate instance, and the global order
/// that subscriptions follow.
///
/// - A stream's versions run 1, 2, 3, ... without gaps. `append` names the version it expects the
///   stream to have (0 for a new stream); any other current version is a `conflict` and writes nothing.
/// - The command id is stored with the events it produced. Appending again for a command id that
///   this stream already holds writes nothing and answers `duplicate` with the events stored then.
/// - `read_all` follows the global order by (tx, position), and only as far as every earlier
///   transaction has finished, so a follower never skips an event that commits late.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/time.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// A place in the global order: the writing transaction and the event's position. `{}` is the start.
struct global_cursor {
  std::uint64_t tx = 0;
  std::int64_t position = 0;

  auto tie() const { return std::tie(tx, position); }
  bool operator==(const global_cursor& other) const { return tie() == other.tie(); }
  bool operator!=(const global_cursor& other) const { return tie() != other.tie(); }
  bool operator<(const global_cursor& other) const { return tie() < other.tie(); }
};

/// An event to append.
struct new_event {
  stored_event event;
  nlohmann::json metadata = nlohmann::json::object(); ///< e.g. contoso::metadata as JSON
  std::string event_id; ///< a UUID; the store makes one when empty
  /// The command that produced it, when one append carries the events of several commands (an
  /// actor's group commit); empty: the append's own command id.
  std::string command_id{};
};

/// An event as the store holds it.
struct recorded_event {
  std::string stream_id;
  std::int64_t version = 0;  ///< 1-based, per stream
  std::int64_t position = 0; ///< global, increasing with each write (not with each commit)
  std::uint64_t tx = 0;      ///< the transaction that wrote it
  std::string event_id;
  stored_event event;
  nlohmann::json metadata;
  std::string command_id; ///< empty when appended without one
  instant recorded_at;

  /// Where a follower of the global order stands after reading this event.
  global_cursor cursor() const { return {tx, position}; }
};

/// What an append did.
struct append_result {
  enum status {
    appended,  ///< the events were written
    conflict,  ///< the stream was not at the expected version (another writer): nothing written
    duplicate, ///< this command id was appended to this stream before: nothing written
  };
  status what = appended;
  /// appended: the stream's version now; duplicate: the last version that command produced;
  /// conflict: the stream's version as last seen (a hint only: it may move on).
  std::int64_t version = 0;
  /// appended: the events written; duplicate: the events written for that command before.
  std::vector<recorded_event> events;
};

/// The category of a stream id `<category>-<uuid>` (the part before the first `-`): the stream type.
std::string_view stream_category(std::string_view stream_id);

/// Appends to streams and reads them, one by one or in the global order.
class event_store {
public:
  virtual ~event_store() = default;

  /// The stream's events with version >= from_version, oldest first (empty for an unknown stream).
  virtual result<std::vector<recorded_event>> read_stream(const std::string& stream_id,
                                                          std::int64_t from_version = 1) = 0;

  /// Appends `events` atomically as versions expected_version + 1, ... (see the rules above). With
  /// an empty `command_id` there is no duplicate detection. Appending no events writes nothing; it
  /// answers appended when the stream is at expected_version, else conflict.
  virtual result<append_result> append(const std::string& stream_id, std::int64_t expected_version,
                                       std::vector<new_event> events, const std::string& command_id) = 0;

  /// Up to `limit` events after `after` in the global order, among those no running transaction
  /// could still precede; continue from the last one's cursor().
  virtual result<std::vector<recorded_event>> read_all(global_cursor after, std::size_t limit) = 0;

  /// The events of this stream that any of `command_ids` produced, in version order: how an actor
  /// learns, in one call, which commands of a batch it handled before (their events are the answer).
  virtual result<std::vector<recorded_event>> read_commands(const std::string& stream_id,
                                                            const std::vector<std::string>& command_ids) = 0;
};

} // namespace contoso::persistence
