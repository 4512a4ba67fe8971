#pragma once
/// The schema migrations compiled into this binary from `persistence/sql/NNN_<what>.sql`, in number
/// order. The server never reads the source tree at run time.

#include <string_view>
#include <vector>

namespace contoso::persistence::pg {

/// One numbered SQL script.
struct migration {
  int number;
  std::string_view name; ///< the file name without `.sql`, e.g. `001_events`
  std::string_view sql;
};

/// Every migration, in ascending number order.
const std::vector<migration>& migrations();

} // namespace contoso::persistence::pg
