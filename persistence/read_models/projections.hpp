#pragma once
/// The read models' writing side: each projection follows the global order of events into its own
/// tables, and saves how far it got in the same transaction as what it wrote.
///
/// - `apply` skips events at or before the projection's cursor, so a batch applied twice, or an older
///   batch after a newer one, changes nothing. Event types a projection does not read only move its
///   cursor on.
/// - A batch is all or nothing: when a handler fails on an event (a malformed event, a failed
///   statement), nothing of the batch is written, the cursor stays, and the error names the event's
///   position. Applying a batch of one event isolates a poison message.
/// - A rebuild replays the log into fresh shadow tables while the live ones keep answering; the swap
///   replaces them, and the cursor, in one transaction, so a reader never sees an empty or half table.

#include <string>
#include <vector>

#include "persistence/event_store.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence::read_models {

/// The projection names: `conferences`, `orders`, `payments`, `promo_codes`.
namespace projection_names {
inline constexpr const char* conferences = "conferences";
inline constexpr const char* orders = "orders";
inline constexpr const char* payments = "payments";
inline constexpr const char* promo_codes = "promo_codes";
} // namespace projection_names

/// Where a projection stands (for `/api/admin/projections`).
struct projection_status {
  std::string name;
  global_cursor cursor;         ///< of the last event applied to the live tables
  bool rebuilding = false;      ///< a rebuild into shadow tables is under way
  global_cursor rebuild_cursor; ///< of the last event applied to the shadow tables, while rebuilding
};

/// Applies events to the read models and rebuilds them. An unknown projection name is a persistence_error.
class projections {
public:
  virtual ~projections() = default;

  /// Every projection, by name.
  virtual result<std::vector<projection_status>> list() = 0;

  /// Applies `events` (in the global order) to the projection's live tables, after its cursor.
  virtual result<void> apply(const std::string& name, const std::vector<recorded_event>& events) = 0;

  /// Starts (or restarts) a rebuild: fresh empty shadow tables and a shadow cursor at the start.
  virtual result<void> begin_rebuild(const std::string& name) = 0;
  /// Like `apply`, into the shadow tables of the rebuild under way.
  virtual result<void> apply_rebuild(const std::string& name, const std::vector<recorded_event>& events) = 0;
  /// Swaps the shadow tables in, with their cursor, once they have caught up with the live ones;
  /// false (nothing changed) while they are still behind: apply more, then finish again.
  virtual result<bool> finish_rebuild(const std::string& name) = 0;
};

} // namespace contoso::persistence::read_models
