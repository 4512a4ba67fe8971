#pragma once
/// Dead letters: events a subscription's handler kept failing on. The subscription moves such an event
/// here and goes on instead of blocking (DESIGN.md); an operator lists them and asks for a retry, and
/// the entry is removed once the retry succeeded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence {

/// An event a handler gave up on.
struct dead_letter {
  std::string subscription;
  recorded_event message; ///< the event as read from the global order, kept whole for the retry
  std::string error;      ///< the handler's last failure, for people
  int attempts = 0;
};

/// Whether a dead letter waits for someone, or was handed out for a retry that has not reported back.
enum class dead_letter_status { dead, retrying };

/// A dead letter as stored.
struct dead_letter_entry {
  std::int64_t id = 0; ///< increasing: a later entry has a larger id
  dead_letter letter;
  dead_letter_status status = dead_letter_status::dead;
  instant recorded_at; ///< when it was added
};

/// Adds, lists, hands out for retry and removes dead letters.
class dead_letter_store {
public:
  virtual ~dead_letter_store() = default;

  /// Stores the dead letter (status `dead`) and answers its id.
  virtual result<std::int64_t> add(const dead_letter& letter) = 0;
  /// Up to `limit` entries, newest first.
  virtual result<std::vector<dead_letter_entry>> list(std::size_t limit) = 0;
  /// Marks the entry `retrying` and answers it (again, if it was already retrying: that retry may
  /// have died with its process); nullopt for an unknown id.
  virtual result<std::optional<dead_letter_entry>> take_for_retry(std::int64_t id) = 0;
  /// Removes the entry once its retry succeeded; false when there was none with that id.
  virtual result<bool> remove(std::int64_t id) = 0;
};

} // namespace contoso::persistence
