#pragma once
/// Figures about the event log for operators (API §5 `GET /api/admin/projections`, `/metrics`).

#include <cstdint>

#include "persistence/result.hpp"

namespace contoso::persistence {

/// Counts over the event log and the dead letters.
class log_statistics {
public:
  virtual ~log_statistics() = default;

  /// How many events have a position after `position`: a follower's lag when it stands there.
  virtual result<std::int64_t> events_after(std::int64_t position) = 0;
  /// How many dead letters wait for an operator (or for a retry under way).
  virtual result<std::int64_t> dead_letters() = 0;
};

} // namespace contoso::persistence
