#pragma once
/// Figures about the event log in PostgreSQL (tables `events`, `dead_letters`).

#include "persistence/database.hpp"
#include "persistence/log_statistics.hpp"

namespace contoso::persistence::pg {

/// log_statistics over tables `events` and `dead_letters`.
class log_statistics : public persistence::log_statistics {
public:
  /// Uses `db`'s connections; `db` must outlive this object.
  explicit log_statistics(database& db) : db_(db) {}

  result<std::int64_t> events_after(std::int64_t position) override;
  result<std::int64_t> dead_letters() override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
