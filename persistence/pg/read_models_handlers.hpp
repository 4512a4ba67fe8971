#pragma once
/// Inside pg/: what each projection is made of. Its tables (a fixed list: the only table names that
/// ever reach SQL text) and the handler that applies one event to them, live or shadow.

#include <string>
#include <string_view>
#include <vector>

#include "persistence/event_store.hpp"
#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

/// The tables one apply writes: the live ones, or a rebuild's shadow ones (`<table>_rebuild`).
class table_set {
public:
  explicit table_set(bool shadow) : shadow_(shadow) {}

  /// `sql` with each `{rm_...}` replaced by that table's live or shadow name; throws
  /// std::logic_error for a name that is not one of the read-model tables.
  std::string operator()(std::string_view sql) const;

  /// The live or shadow name of `table`, one of the read-model tables.
  std::string name(std::string_view table) const;

private:
  bool shadow_;
};

/// Applies one event to a projection's tables; throws (sql_error, or std::exception for an event it
/// cannot read). Event types the projection does not read change nothing.
using event_handler = void (*)(connection& conn, const table_set& tables, const recorded_event& event);

struct projection_definition {
  std::string_view name;
  std::vector<std::string_view> tables;
  event_handler handle;
};

/// Every projection; nullptr for an unknown name.
const projection_definition* find_projection(std::string_view name);
/// Every projection, in a fixed order.
const std::vector<projection_definition>& all_projections();

} // namespace contoso::persistence::pg
